"""Private notifications to one member: replies, holds, removals, outcomes of their reports."""
from sqlalchemy import func, select, update

from forum.extensions import db
from forum.models import Notification, Post, User
from forum.models.base import database_id, utcnow
from forum.services import NotFound, live
from forum.services.recovery.mutes import muted_for_notice
from forum.services.search.excerpts import plain_text
from forum.services.shapes import notice_json
from forum.visibility import can_view_post, visible_notifications


def notify(user_id: int | None, kind: str, message: str, **data) -> Notification | None:
    """Add a notification for a member; once the caller commits, their open pages hear of it.
    Activity in a thread or board the member muted stays silent (None)."""
    if user_id is None or muted_for_notice(user_id, kind, data):
        return None
    note = Notification(user_id=user_id, kind=kind, message=message, data=data)
    db.session.add(note)
    live.emit_on_commit("notice", lambda: notice_json(note), to=live.member_channel(user_id))
    announce_unread_count(user_id)
    return note


def announce_unread_count(user_id: int) -> None:
    """Once the transaction commits, the member's open pages show their new unread count (the
    header's number); several changes in one transaction send the latest count once."""
    live.emit_on_commit("notification_count", lambda: {"unread": _unread(user_id)},
                        to=live.member_channel(user_id), key=f"notification_count:{user_id}")


def _unread(user_id: int) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


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
    announce_unread_count(user.id)
    db.session.commit()


EXCERPT_CHARS = 140


def open_notification(member: User, note_id: int) -> Notification:
    """The member's own notification, now marked read (NotFound for anyone else's)."""
    note = db.session.get(Notification, note_id) if database_id(note_id) else None
    if note is None or note.user_id != member.id:
        raise NotFound()
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
    return note


def reply_excerpts(member: User, notes: list[Notification]) -> dict[int, str]:
    """A short plain-text excerpt of each reply these notifications are about, read from the
    reply as it stands now (one query): an edit shows, and a reply since removed, hidden or
    erased has none."""
    wanted = {n.id: (n.data or {}).get("post_id") for n in notes if n.kind == "reply"}
    ids = [i for i in wanted.values() if isinstance(i, int) and database_id(i)]
    posts = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(ids)))} \
        if ids else {}
    excerpts = {}
    for note_id, post_id in wanted.items():
        post = posts.get(post_id)
        if post is not None and not post.is_removed and can_view_post(member, post):
            text = plain_text(post.body_html)
            excerpts[note_id] = text if len(text) <= EXCERPT_CHARS else \
                text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    return excerpts
