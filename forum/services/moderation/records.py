"""Reading the moderation records: the queue with filters, an item in full, the log, and the
public transparency summary (acts without content or names)."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board, Flag, ModerationEvent, ModerationItem, Room
from forum.permissions import can_moderate
from forum.services import Forbidden, ValidationError
from forum.services.shapes import event_json, iso, item_json

ACT_KINDS = ("approve", "remove", "remove_thread", "edit_and_approve", "add_warning",
             "lock_thread", "warn", "mute", "suspend", "ban")
SANCTION_KINDS = ("remove", "remove_thread", "warn", "mute", "suspend", "ban")


def _require_moderator(viewer) -> None:
    if not can_moderate(viewer):
        raise Forbidden("The review queue is for moderators.")


def queue(viewer, status="pending", reason=None, board=None, room=None, limit=100) -> list:
    """Items to review, urgent first, then held, then flagged, oldest first within each."""
    _require_moderator(viewer)
    if status not in ("pending", "resolved"):
        raise ValidationError("status is 'pending' or 'resolved'.", "status")
    query = select(ModerationItem).where(ModerationItem.status == status)
    if board:
        query = query.join(Board, Board.id == ModerationItem.board_id).where(Board.slug == board)
    if room:
        query = query.join(Room, Room.id == ModerationItem.room_id).where(Room.slug == room)
    items = db.session.scalars(query.order_by(ModerationItem.priority, ModerationItem.opened_at,
                                              ModerationItem.id).limit(500)).all()
    if reason:
        items = [item for item in items if reason in item.reasons]
    return items[:limit]


def author_history(item: ModerationItem) -> list[dict]:
    """What moderators did before about this author's content (most recent first)."""
    if item.author_id is None:
        return []
    rows = db.session.execute(
        select(ModerationEvent.kind, ModerationEvent.boundary, ModerationEvent.created_at)
        .join(ModerationItem, ModerationItem.id == ModerationEvent.item_id)
        .where(ModerationItem.author_id == item.author_id, ModerationItem.id != item.id,
               ModerationEvent.kind.in_(SANCTION_KINDS))
        .order_by(ModerationEvent.id.desc()).limit(20))
    return [{"action": kind, "boundary": boundary, "at": iso(at)} for kind, boundary, at in rows]


def item_card(item: ModerationItem) -> dict:
    """An item in full as moderators see it: its snapshot, flags, history and the author's past."""
    flags = db.session.scalars(select(Flag).where(Flag.item_id == item.id).order_by(Flag.id))
    return item_json(item, list(flags), author_history(item))


def moderation_log(viewer, limit: int = 200) -> list[dict]:
    """Every act of a moderator, newest first, with the moderator, boundary and reason."""
    _require_moderator(viewer)
    events = db.session.scalars(select(ModerationEvent).where(
        ModerationEvent.kind.in_(ACT_KINDS)).order_by(ModerationEvent.id.desc()).limit(limit))
    return [{**event_json(e), "item_id": e.item_id,
             "target": {"type": e.item.target_type, "id": e.item.target_id}} for e in events]


def transparency() -> list[dict]:
    """Counts of moderators' acts by month, act and boundary: no content, no names."""
    month = func.substr(func.cast(ModerationEvent.created_at, db.String), 1, 7)
    rows = db.session.execute(
        select(month, ModerationEvent.kind, ModerationEvent.boundary, func.count())
        .where(ModerationEvent.kind.in_(ACT_KINDS))
        .group_by(month, ModerationEvent.kind, ModerationEvent.boundary)
        .order_by(month.desc(), ModerationEvent.kind))
    return [{"month": m, "action": kind, "boundary": boundary, "count": count}
            for m, kind, boundary, count in rows]
