"""Reading the moderation records: the queue with filters, an item in full, the log, and the
public transparency summary (acts without content or names)."""
import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Text, bindparam, cast, func, select, tuple_
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models.base import MAX_ID
from forum.models import Board, Flag, ModerationEvent, ModerationItem, Room
from forum.services import Forbidden, ValidationError
from forum.services.shapes import ACT_KINDS, event_json, iso, item_json
from forum.visibility import can_review, visible_items

SANCTION_KINDS = ("remove", "remove_thread", "warn", "mute", "suspend", "ban")


def _require_reviewer(viewer) -> None:
    if not can_review(viewer):
        raise Forbidden("The review queue is for moderators.")


QUEUE_LANES = {0: "urgent", 1: "held", 2: "flagged"}  # ModerationItem.priority
REASON_LENGTH_MAX = 64


@dataclass(frozen=True)
class QueuePage:
    """One page of the filtered queue, where the next page starts (or None) and the counts per
    lane of the whole filtered queue."""

    items: list
    next: str | None
    counts: dict


def queue(viewer, status="pending", reason=None, board=None, room=None, limit=100) -> list:
    """The first `limit` items of the filtered queue (queue_page for paging and counts)."""
    return queue_page(viewer, status, reason, board, room, limit=limit).items


def queue_page(viewer, status="pending", reason=None, board=None, room=None, cursor=None,
               limit=100) -> QueuePage:
    """Items to review, urgent first, then held, then flagged, oldest first within each.

    Every filter is applied in SQL, so every item is reachable, and pages follow each other by
    keyset (the last item's priority, opened time and id, in `cursor`), so a page deep in a
    long queue costs what the first does, on the queue index (status, priority, opened_at).
    A space's own moderator finds only their spaces' items (visibility.visible_items), and the
    counts are of those only."""
    _require_reviewer(viewer)
    filtered = _filtered_queue(status, reason, board, room).where(visible_items(viewer))
    key = (ModerationItem.priority, ModerationItem.opened_at, ModerationItem.id)
    page = filtered
    if cursor:
        after = _read_cursor(cursor)
        page = page.where(tuple_(*key) > tuple_(*[bindparam(None, value, type_=column.type)
                                                  for column, value in zip(key, after)]))
    found = db.session.scalars(page.order_by(*key).limit(limit + 1).options(
        selectinload(ModerationItem.author),
        selectinload(ModerationItem.events).selectinload(ModerationEvent.actor))).all()
    more = len(found) > limit
    found = found[:limit]
    return QueuePage(found, _cursor(found[-1]) if more else None, _lane_counts(filtered))


def _filtered_queue(status, reason, board, room):
    """SELECT of the items the filters name (ValidationError for a filter that cannot be)."""
    if status not in ("pending", "resolved"):
        raise ValidationError("status is 'pending' or 'resolved'.", "status")
    query = select(ModerationItem).where(ModerationItem.status == status)
    if reason:
        if not isinstance(reason, str) or len(reason) > REASON_LENGTH_MAX or '"' in reason \
                or not reason.isprintable():
            raise ValidationError("reason is a boundary's id, e.g. 'sourcing'.", "reason")
        # reasons is a JSON list of ids: its text holds "id" in quotes exactly when it has id.
        query = query.where(cast(ModerationItem.reasons, Text).contains(f'"{reason}"',
                                                                        autoescape=True))
    if board:
        query = query.where(ModerationItem.board_id == select(Board.id).where(
            Board.slug == board).scalar_subquery())
    if room:
        query = query.where(ModerationItem.room_id == select(Room.id).where(
            Room.slug == room).scalar_subquery())
    return query


def _lane_counts(filtered) -> dict:
    """{"urgent", "held", "flagged"}: exact counts over the whole filtered queue; and
    "check_in", those of the held lane that are a crisis check-in (published, and counted in
    "held" too, as the lane's items are sorted with the held posts)."""
    crisis = cast(ModerationItem.reasons, Text).contains('"crisis"')
    lanes = filtered.with_only_columns(ModerationItem.priority, crisis, func.count()).group_by(
        ModerationItem.priority, crisis).order_by(None)
    counts = dict.fromkeys([*QUEUE_LANES.values(), "check_in"], 0)
    for priority, for_crisis, count in db.session.execute(lanes):
        lane = QUEUE_LANES.get(priority, "flagged")
        counts[lane] += count
        if lane == "held" and for_crisis:
            counts["check_in"] += count
    return counts


def _cursor(item: ModerationItem) -> str:
    """Where the page after this item starts: an opaque, URL-safe string."""
    raw = json.dumps([item.priority, item.opened_at.isoformat(), item.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _read_cursor(cursor) -> tuple:
    """(priority, opened_at, id) from a cursor; ValidationError for one this never gave."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        priority, opened, item_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        opened_at = datetime.fromisoformat(opened)
        if opened_at.tzinfo is None:
            raise ValueError(cursor)
        opened_at = opened_at.astimezone(timezone.utc)
        if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_ID
                   for n in (priority, item_id)):
            raise ValueError(cursor)
    except (ValueError, TypeError, OverflowError, UnicodeError, binascii.Error):
        raise ValidationError("cursor is the \"next\" of a previous page.", "cursor") from None
    return priority, opened_at, item_id


def author_history(item: ModerationItem, viewer) -> list[dict]:
    """What moderators did before about this author's content (most recent first), among the
    items the viewer may see (a space's moderator learns nothing of other places)."""
    if item.author_id is None:
        return []
    rows = db.session.execute(
        select(ModerationEvent.kind, ModerationEvent.boundary, ModerationEvent.created_at)
        .join(ModerationItem, ModerationItem.id == ModerationEvent.item_id)
        .where(ModerationItem.author_id == item.author_id, ModerationItem.id != item.id,
               ModerationEvent.kind.in_(SANCTION_KINDS), visible_items(viewer))
        .order_by(ModerationEvent.id.desc()).limit(20))
    return [{"action": kind, "boundary": boundary, "at": iso(at)} for kind, boundary, at in rows]


def item_card(item: ModerationItem, viewer) -> dict:
    """An item in full as moderators see it: its snapshot, flags, history and the author's past."""
    flags = db.session.scalars(select(Flag).where(Flag.item_id == item.id).order_by(Flag.id))
    return item_json(item, list(flags), author_history(item, viewer))


def item_cards(items: list[ModerationItem], viewer) -> list[dict]:
    """item_card for each of a page of items, in a few queries for the whole page (flags and
    the authors' past read once for all of them, not once an item)."""
    ids = [item.id for item in items]
    flags: dict[int, list[Flag]] = {}
    for flag in db.session.scalars(select(Flag).where(Flag.item_id.in_(ids)).order_by(Flag.id)):
        flags.setdefault(flag.item_id, []).append(flag)
    authors = {item.author_id for item in items if item.author_id is not None}
    past: dict[int, list] = {}
    if authors:
        rows = db.session.execute(
            select(ModerationItem.author_id, ModerationItem.id, ModerationEvent.kind,
                   ModerationEvent.boundary, ModerationEvent.created_at)
            .join(ModerationItem, ModerationItem.id == ModerationEvent.item_id)
            .where(ModerationItem.author_id.in_(authors),
                   ModerationEvent.kind.in_(SANCTION_KINDS), visible_items(viewer))
            .order_by(ModerationEvent.id.desc()))
        for row in rows:
            past.setdefault(row.author_id, []).append(row)
    return [item_json(item, flags.get(item.id, []), _history_of(item, past)) for item in items]


def _history_of(item: ModerationItem, past: dict) -> list[dict]:
    """author_history(item), from the page's rows."""
    if item.author_id is None:
        return []
    rows = [row for row in past.get(item.author_id, []) if row.id != item.id][:20]
    return [{"action": row.kind, "boundary": row.boundary, "at": iso(row.created_at)}
            for row in rows]


def moderation_log(viewer, limit: int = 200) -> list[dict]:
    """Every act of a moderator, newest first, with the moderator, boundary and reason (a
    space's own moderator: the acts on their spaces' items)."""
    _require_reviewer(viewer)
    events = db.session.scalars(select(ModerationEvent).join(
        ModerationItem, ModerationItem.id == ModerationEvent.item_id).where(
        ModerationEvent.kind.in_(ACT_KINDS), visible_items(viewer)).order_by(ModerationEvent.id.desc()).limit(limit))
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
