"""Forms for writing in the boards: a new thread, a reply, an edit and a removal.

Length and content rules live in services.boards.posting (shared with the API); these forms carry the
fields, their help text and the CSRF token.
"""
from wtforms import HiddenField, StringField, SubmitField, TextAreaField

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.forms import ForumForm

BODY_HELP = (f"Up to {POST_MAX:,} characters. You can use Markdown: *italic*, **bold**, "
             "lists and links. Please leave out anything that could identify you or anyone else.")
WARNING_HELP = (f"Optional, up to {CONTENT_WARNING_MAX} characters, e.g. \"describes use\" or "
                "\"grief\". Your post is then shown folded until a reader chooses to open it.")


class ThreadForm(ForumForm):
    """A title and the opening post."""

    title = StringField("Title", render_kw={"required": True},
                        description=f"Up to {TITLE_MAX} characters.")
    body = TextAreaField("Your post", render_kw={"required": True, "rows": 10},
                         description=BODY_HELP)
    content_warning = StringField("Content warning", description=WARNING_HELP)
    submit = SubmitField("Start the thread")


class ReplyForm(ForumForm):
    """A reply to the thread, or to one post of it (parent_id)."""

    parent_id = HiddenField()
    body = TextAreaField("Your reply", render_kw={"required": True, "rows": 6},
                         description=BODY_HELP)
    content_warning = StringField("Content warning", description=WARNING_HELP)
    submit = SubmitField("Post reply")


class EditForm(ForumForm):
    """A new text for one's own post."""

    body = TextAreaField("Your post", render_kw={"required": True, "rows": 10},
                         description=BODY_HELP)
    content_warning = StringField("Content warning", description=WARNING_HELP)
    submit = SubmitField("Save changes")


class RemoveForm(ForumForm):
    """A confirmation, with its CSRF token, that the author wants the post removed."""

    submit = SubmitField("Yes, remove my post")
