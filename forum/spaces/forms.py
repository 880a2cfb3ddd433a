"""Forms of the spaces and mentoring pages; lengths and screening are the services' to decide."""
from wtforms import IntegerField, SubmitField, TextAreaField
from wtforms.validators import Optional

from forum.forms import ForumForm
from forum.services.spaces.conversations import MESSAGE_MAX
from forum.services.spaces.mentoring import MENTEES_MAX, MENTEES_MIN, NOTE_MAX, OFFER_MAX
from forum.services.spaces.spaces import REASON_MAX


class JoinForm(ForumForm):
    """A short note to a space's moderators."""

    note = TextAreaField("A short note for the space's moderators", render_kw={"rows": 3},
                         description=f"Up to {NOTE_MAX} characters: why this space would help "
                                     "you. Please leave out anything that could identify you.")
    submit = SubmitField("Ask to join")


class ButtonForm(ForumForm):
    """A form that is only a button (leave, accept, end, report)."""

    submit = SubmitField("Confirm")


class DecisionForm(ForumForm):
    """Approve or decline a join request, with a reason the member sees."""

    reason = TextAreaField("Reason (the member sees it)", render_kw={"rows": 2},
                           description=f"Optional, up to {REASON_MAX} characters.")
    approve = SubmitField("Approve")
    decline = SubmitField("Decline")


class MentorRequestForm(ForumForm):
    """A member asks for a peer mentor."""

    note = TextAreaField("What you are looking for", render_kw={"rows": 4},
                         description=f"Up to {NOTE_MAX} characters: your path, languages, the "
                                     "times that suit you. Mentors see this note, not your "
                                     "handle, until one of them accepts.")
    submit = SubmitField("Ask for a mentor")


class MentorProfileForm(ForumForm):
    """What a mentor offers, and how many mentees they take at once."""

    offer = TextAreaField("What you offer", render_kw={"rows": 4},
                          description=f"Up to {OFFER_MAX:,} characters, in your words: paths, "
                                      "languages, hours.")
    max_mentees = IntegerField("How many mentees at once", validators=[Optional()],
                               description=f"From {MENTEES_MIN} to {MENTEES_MAX}.")
    submit = SubmitField("Save my mentor profile")


class MessageForm(ForumForm):
    """A message in a mentor conversation."""

    body = TextAreaField("Your message", render_kw={"rows": 4},
                         description=f"Up to {MESSAGE_MAX:,} characters. Contact details are "
                                     "hidden: contact stays on the forum.")
    submit = SubmitField("Send")
