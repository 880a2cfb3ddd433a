"""Reading the moderation records: the queue with filters, an item in full, the log, and the
public transparency summary (acts without content or names)."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board, Flag, ModerationEvent, ModerationItem, Room
from forum.models.base import utcnow
from forum.permissions import can_moderate
from forum.services import Forbidden, ValidationError

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
    return [{"action": kind, "boundary": boundary, "at": _iso(at)} for kind, boundary, at in rows]


def _waited(item: ModerationItem) -> int | None:
    """Seconds a pending item has waited since it was opened (None once decided)."""
    if item.status != "pending":
        return None
    return max(0, int((utcnow() - item.opened_at).total_seconds()))


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def item_json(item: ModerationItem, full: bool = True) -> dict:
    """An item as moderators see it (contract: id, priority, reasons, target, snapshot...)."""
    data = {"id": item.id, "priority": ["urgent", "held", "flagged"][item.priority],
            "priority_rank": item.priority, "reasons": item.reasons, "status": item.status,
            "target": {"type": item.target_type, "id": item.target_id},
            "snapshot": item.snapshot, "version": item.version, "appealed": item.appealed,
            "author": {"handle": item.author.handle if item.author else "deleted member"},
            "created_at": _iso(item.created_at), "opened_at": _iso(item.opened_at),
            "resolution": item.resolution, "waited_seconds": _waited(item),
            "reached_out": any(e.kind == "reached_out" and e.created_at >= item.opened_at
                               for e in item.events)}
    if full:
        flags = db.session.scalars(select(Flag).where(Flag.item_id == item.id).order_by(Flag.id))
        data["flags"] = [{"reason": f.reason, "note": f.note, "at": _iso(f.created_at)}
                         for f in flags]
        data["history"] = [event_json(e) for e in item.events]
        data["author_history"] = author_history(item)
    return data


def event_json(event: ModerationEvent) -> dict:
    """One line of history, naming the moderator (moderators only ever see this)."""
    actor = event.actor
    return {"kind": event.kind, "boundary": event.boundary, "note": event.note,
            "by": actor.handle if actor is not None and can_moderate(actor) else None,
            "at": _iso(event.created_at)}


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
