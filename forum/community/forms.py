"""Forms for the community pages: the member-page setting."""
from wtforms import BooleanField, SubmitField

from forum.forms import ForumForm


class MemberPageForm(ForumForm):
    """Whether the member page lists the member's recent posts."""

    show_recent_posts = BooleanField("Show my recent posts on my member page")
    submit = SubmitField("Save")
