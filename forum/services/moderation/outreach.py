"""Moderators reaching the person: a private, warm check-in from an urgent crisis item.

The member finds it as a notification and as a banner on their next page until they read
it. The item, and every urgent item grouped with it, records "reached out" in its history,
which is also the first response the transparency page times.
"""
import re

from sqlalchemy import select

from forum.extensions import db
from forum.models import ModerationEvent, ModerationItem, Notification, User
from forum.models.base import database_id, utcnow
from forum.services import Forbidden, NotFound, ValidationError
from forum.services.moderation.crisis_review import REACHED_OUT, urgent_group
from forum.services.moderation.items import URGENT
from forum.services.notifications import notify
from forum.visibility import can_view_item

KIND = "check_in"
MESSAGE_MAX = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TEMPLATE = ("Hi {handle}, this is {moderator}, one of the moderators here. I read what you "
            "wrote and wanted to check in with you. How are you doing right now? You don't "
            "have to reply, but you're not on your own: I'm around, and the people on the lines "
            "under \"Need help now?\" at the top of every page are there any hour.")


def check_in_text(handle: str | None, moderator: User) -> str:
    """The warm message a moderator starts from, and can change before sending."""
    return TEMPLATE.format(handle=handle or "there", moderator=moderator.handle)


def check_check_in(item: ModerationItem, moderator: User, message) -> tuple[User, str]:
    """Everything that can refuse a check-in; answers the member it goes to and the text."""
    if not can_view_item(moderator, item):
        raise Forbidden("Only moderators can send a check-in.")
    if item.priority != URGENT or "crisis" not in (item.reasons or []):
        raise ValidationError("A check-in is sent from an urgent crisis item.", "item",
                              "not_urgent")
    author = db.session.get(User, item.author_id) if item.author_id is not None else None
    if author is None:
        raise ValidationError("This member deleted their account, so a message can't reach "
                              "them. Nothing was sent.", "message", "member_gone")
    text = _CONTROL.sub("", message).strip() if isinstance(message, str) else ""
    if not text:
        raise ValidationError("Write the message to send (the suggested words are fine).",
                              "message", "required")
    if len(text) > MESSAGE_MAX:
        raise ValidationError(f"A check-in can be at most {MESSAGE_MAX:,} characters (this one "
                              f"has {len(text):,}).", "message", "too_long")
    return author, text


def send_check_in(item: ModerationItem, moderator: User, message) -> Notification:
    """Send the member a private check-in and mark the item (and its group) reached out."""
    author, text = check_check_in(item, moderator, message)
    note = notify(author.id, KIND, text, from_handle=moderator.handle)
    for grouped in urgent_group(item, moderator):
        db.session.add(ModerationEvent(item_id=grouped.id, actor_id=moderator.id,
                                       kind=REACHED_OUT, note=text))
    db.session.commit()
    return note


def unread_check_ins(viewer) -> list[Notification]:
    """The check-ins a member has not read yet, newest first (the banner on every page)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == viewer.id, Notification.kind == KIND,
        Notification.read_at.is_(None)).order_by(Notification.id.desc()).limit(3)))


def mark_check_in_read(member: User, note_id) -> Notification:
    """The member has read a check-in: the banner goes, the notification stays."""
    known = isinstance(note_id, int) and not isinstance(note_id, bool) and database_id(note_id)
    note = db.session.get(Notification, note_id) if known else None
    if note is None or note.user_id != member.id or note.kind != KIND:
        raise NotFound()
    note.read_at = note.read_at or utcnow()
    db.session.commit()
    return note
