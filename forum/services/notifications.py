"""Private notifications to one member: replies, holds, removals, outcomes of their reports."""
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import Notification, User
from forum.models.base import utcnow
from forum.services import live
from forum.services.shapes import notice_json
from forum.visibility import visible_notifications


def notify(user_id: int | None, kind: str, message: str, **data) -> Notification | None:
    """Add a notification for a member; once the caller commits, their open pages hear of it."""
    if user_id is None:
        return None
    note = Notification(user_id=user_id, kind=kind, message=message, data=data)
    db.session.add(note)
    live.emit_on_commit("notice", lambda: notice_json(note), to=live.member_channel(user_id))
    return note


def unread_count(user: User) -> int:
    """How many of the member's notifications are unread."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None),
        visible_notifications(user)))


def notifications_for(user: User, limit: int = 100) -> list[Notification]:
    """The member's notifications, newest first."""
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                              visible_notifications(user))
                                   .order_by(Notification.id.desc()).limit(limit)))


def mark_all_read(user: User) -> None:
    """Mark every notification of the member as read."""
    db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                  Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
