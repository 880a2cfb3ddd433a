"""Forms for writing in the boards: a new thread, a reply, an edit and a removal.

Length and content rules live in services.boards.posting (shared with the API); these forms carry the
fields, their help text and the CSRF token.
"""
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.forms import ForumForm, SelectChoice
from forum.services.recovery.warnings import CATEGORIES, category_of, warning_words

BODY_HELP = (f"Up to {POST_MAX:,} characters. You can use Markdown: *italic*, **bold**, "
             "lists and links. Please leave out anything that could identify you or anyone else.")
WARNING_HELP = (f"Optional, up to {CONTENT_WARNING_MAX} characters. Used instead of the "
                "category above when you write something here.")
CATEGORY_HELP = ("If your post touches on something hard, pick what it is about. Readers see the "
                 "warning first and choose whether to open it.")


class WarningFields(ForumForm):
    """A content warning: a category picked from the list, or the author's own words."""

    content_warning_category = SelectField(
        "Content warning", description=CATEGORY_HELP, validate_choice=False,
        choices=[SelectChoice(value, label) for value, label in (("", "None"), *CATEGORIES)])
    content_warning = StringField("Or a warning in your own words", description=WARNING_HELP)

    def warning(self) -> str | None:
        """The warning the author chose: their own words, else the category's label."""
        return warning_words(self.content_warning_category.data, self.content_warning.data)

    def show_warning(self, words: str | None) -> None:
        """Fill the fields from a stored warning: a category's label picks it, other words stay
        as written."""
        category = category_of(words)
        if category is not None and category != "other" or words == "Other":
            self.content_warning_category.data, self.content_warning.data = category, ""
        else:
            self.content_warning_category.data, self.content_warning.data = "", words or ""


class ThreadForm(WarningFields):
    """A title and the opening post."""

    title = StringField("Title", render_kw={"required": True},
                        description=f"Up to {TITLE_MAX} characters.")
    body = TextAreaField("Your post", render_kw={"required": True, "rows": 10},
                         description=BODY_HELP)
    submit = SubmitField("Start the thread")


class ReplyForm(WarningFields):
    """A reply to the thread, or to one post of it (parent_id)."""

    parent_id = HiddenField()
    body = TextAreaField("Your reply", render_kw={"required": True, "rows": 6},
                         description=BODY_HELP)
    submit = SubmitField("Post reply")


class EditForm(WarningFields):
    """A new text for one's own post."""

    body = TextAreaField("Your post", render_kw={"required": True, "rows": 10},
                         description=BODY_HELP)
    submit = SubmitField("Save changes")


class RemoveForm(ForumForm):
    """A confirmation, with its CSRF token, that the author wants the post removed."""

    submit = SubmitField("Yes, remove my post")
