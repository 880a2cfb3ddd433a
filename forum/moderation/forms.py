"""Forms for the moderation pages: queue filters, one act on a review item, the boundary
rules, and a member's flag or appeal.

What is allowed (reasons, actions, durations, rule patterns) is the services' to decide, so the
pages and the API agree; these forms carry the fields, their labels and the CSRF token.
"""
from wtforms import (BooleanField, HiddenField, IntegerField, SelectField, StringField,
                     SubmitField, TextAreaField)
from wtforms.validators import InputRequired, Optional

from forum.forms import ForumForm, SelectChoice
from forum.resources import boundaries
from forum.services.screening.assess import CHAT_ACTIONS, POST_ACTIONS

POST_ACTION_LABELS = {"hold": "Hold for review", "require_warning": "Require a content warning",
                      "refuse": "Refuse", "report": "Report to moderators only",
                      "crisis": "Crisis: publish, show help, urgent item"}
CHAT_ACTION_LABELS = {"mask": "Mask the matching words", "refuse": "Refuse",
                      "report": "Report to moderators only",
                      "crisis": "Crisis: show help, urgent item", "none": "Nothing in chat"}
ACTION_LABELS = {"approve": "Approve", "remove": "Remove",
                 "remove_thread": "Remove the whole thread", "edit_and_approve": "Edit and approve",
                 "add_warning": "Add a content warning", "lock_thread": "Lock the thread",
                 "warn": "Warn the author", "mute": "Mute the author",
                 "suspend": "Suspend the author", "ban": "Ban the author"}
ACTION_HINTS = {
    "approve": "Approve: it stays up, or is published if it was held or hidden",
    "remove": "Remove: hide it from everyone and tell the author which boundary it crossed "
              "(an opening post goes alone: its replies stay, under a placeholder)",
    "remove_thread": "Remove the whole thread with every reply: you are shown how many "
                     "replies by how many members go with it, and they are told",
    "edit_and_approve": "Edit the text, then publish it",
    "add_warning": "Add a content warning, so readers can choose",
    "lock_thread": "Lock the thread: no new replies", "warn": "Warn the author",
    "mute": "Mute the author: no posting or chat for a while",
    "suspend": "Suspend the author: they can read, but not post, flag or chat, for a while",
    "ban": "Ban the author: for good"}
EVENT_LABELS = {**ACTION_LABELS, "flagged": "Flagged by a member",
                "rule": "Caught by a boundary rule", "hidden": "Hidden",
                "appealed": "Appealed by the author", "room_removal": "Removed in the chat room",
                "reached_out": "Reached out to the member"}


def options(pairs) -> list:
    """(value, label) pairs as select options."""
    return [SelectChoice(value, label) for value, label in pairs]


def boundary_choices(other: bool = True, blank: str | None = None) -> list[tuple[str, str]]:
    """The boundaries as select options: (id, "name (id)")."""
    choices = [("", blank)] if blank else []
    choices += [(b["id"], f"{b['name']} ({b['id']})") for b in boundaries()]
    return choices + ([("other", "Something else (other)")] if other else [])


class QueueFilterForm(ForumForm):
    """The queue's filters, sent by GET so a filtered queue has its own address."""

    class Meta:
        csrf = False

    status = SelectField("Status", choices=options([("pending", "Waiting for review"),
                                                    ("resolved", "Already decided")]),
                         default="pending")
    reason = SelectField("Reason", validate_choice=False)
    board = SelectField("Board", validate_choice=False)
    room = SelectField("Chat room", validate_choice=False)
    submit = SubmitField("Show")

    def fill(self, boards, rooms) -> "QueueFilterForm":
        """Offer every boundary, board and room, each with "any"."""
        self.reason.choices = options(boundary_choices(blank="Any reason"))
        self.board.choices = options([("", "Any board")] + [(b.slug, b.name) for b in boards])
        self.room.choices = options([("", "Any room")] + [(r.slug, r.name) for r in rooms])
        return self

    def values(self) -> dict:
        """The filters as the queue service takes them (None for "any")."""
        return {"status": self.status.data or "pending", "reason": self.reason.data or None,
                "board": self.board.data or None, "room": self.room.data or None}


class ActionForm(ForumForm):
    """One act on one review item; the item's version guards against two moderators at once."""

    action = HiddenField(validators=[InputRequired("Choose an action.")])
    version = IntegerField(validators=[InputRequired(
        "This form is out of date. Please reload the queue and try again.")])
    reason = StringField("Boundary", validators=[Optional()])
    note = TextAreaField("Note", validators=[Optional()])
    duration = StringField("For how long", validators=[Optional()])
    body = TextAreaField("Text to publish", validators=[Optional()])
    content_warning = StringField("Content warning", validators=[Optional()])
    # remove_thread asks first: the page shows what goes with the thread, then this is "yes".
    confirm = HiddenField()

    def arguments(self) -> dict:
        """Keyword arguments for moderation_actions.act (empty fields left out)."""
        named = ("reason", "note", "duration", "body", "content_warning")
        return {"version": self.version.data,
                **{name: self[name].data for name in named if self[name].data}}


class FlagForm(ForumForm):
    """A member tells the moderators about a post."""

    reason = SelectField("Which boundary does it cross?", validate_choice=False,
                         validators=[InputRequired("Please choose a reason.")])
    note = TextAreaField("Anything the moderators should know?", render_kw={"rows": 3,
                                                                            "maxlength": 500},
                         description="Optional, up to 500 characters. Only moderators see it.")
    submit = SubmitField("Send to the moderators")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = options(boundary_choices(blank="Choose a reason"))


class AppealForm(ForumForm):
    """The author asks, once, for a removal to be looked at again."""

    note = TextAreaField("Why should it be looked at again?", render_kw={"rows": 3,
                                                                         "maxlength": 1000},
                         description="Optional, up to 1,000 characters. A different moderator "
                                     "reads it.")
    submit = SubmitField("Appeal this once")


class RuleForm(ForumForm):
    """A boundary rule as an admin writes it."""

    boundary = SelectField("Boundary", validate_choice=False)
    name = StringField("Name", render_kw={"required": True, "maxlength": 100})
    pattern = TextAreaField("Pattern", render_kw={"required": True, "rows": 3,
                                                  "spellcheck": "false"},
                            description="A regular expression, matched without regard to case. "
                                        "Help numbers and help links are never matched.")
    action = SelectField("In posts and threads", validate_choice=False,
                         choices=options((a, POST_ACTION_LABELS[a]) for a in POST_ACTIONS))
    chat_action = SelectField("In chat", validate_choice=False,
                              choices=options((a, CHAT_ACTION_LABELS[a]) for a in CHAT_ACTIONS))
    explanation = TextAreaField("What the member is told", render_kw={"rows": 2,
                                                                      "maxlength": 500},
                                description="Plain and kind, up to 500 characters.")
    enabled = BooleanField("In force")
    new_accounts_only = BooleanField("Only for new accounts")
    submit = SubmitField("Save the rule")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.boundary.choices = options(boundary_choices(other=False))

    def fields(self) -> dict:
        """The rule's fields for services.moderation.rule_admin."""
        return {name: self[name].data for name in ("boundary", "name", "pattern", "action",
                                                   "chat_action", "explanation", "enabled",
                                                   "new_accounts_only")}


class ReadAllForm(ForumForm):
    """Mark every notification read (a POST with its CSRF token)."""

    submit = SubmitField("Mark all as read")
