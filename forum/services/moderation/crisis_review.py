"""Crisis items in the review queue: one card per person, how long each has waited, whether a
moderator has reached out, and (for the public transparency page) how fast the first
moderator answered, with no content and no names."""
from datetime import timedelta
from statistics import median

from sqlalchemy import select

from forum.extensions import db
from forum.models import ModerationEvent, ModerationItem
from forum.services.moderation.items import URGENT
from forum.services.moderation.records import ACT_KINDS
from forum.services.shapes import REACHED_OUT
from forum.visibility import visible_items

GROUP_WINDOW = timedelta(minutes=30)  # urgent items from one member this close form one card
RESPONSE_KINDS = (*ACT_KINDS, REACHED_OUT)
RAISING_KINDS = ("rule", "flagged")  # how a crisis reaches the queue: screening, or a flag


def _chains(items: list[ModerationItem]) -> list[list[ModerationItem]]:
    """Urgent items of one author, oldest first, cut wherever GROUP_WINDOW passes between two."""
    chains: list[list[ModerationItem]] = []
    for item in sorted(items, key=lambda i: (i.opened_at, i.id)):
        if chains and item.opened_at - chains[-1][-1].opened_at <= GROUP_WINDOW:
            chains[-1].append(item)
        else:
            chains.append([item])
    return chains


def urgent_group(item: ModerationItem, viewer) -> list[ModerationItem]:
    """The pending urgent items shown on one card with this one (itself included), among those
    the viewer may see (a space's moderator's card holds only their spaces' items)."""
    if item.priority != URGENT or item.status != "pending" or item.author_id is None:
        return [item]
    siblings = db.session.scalars(select(ModerationItem).where(
        ModerationItem.author_id == item.author_id, ModerationItem.status == "pending",
        ModerationItem.priority == URGENT, visible_items(viewer))).all()
    for chain in _chains(list(siblings)):
        if item in chain:
            return chain
    return [item]


def group_queue(items: list[ModerationItem]) -> list[list[ModerationItem]]:
    """The queue as cards, in queue order: pending urgent items of one member within
    GROUP_WINDOW of each other share a card; everything else is a card of its own."""
    by_author: dict[int, list[ModerationItem]] = {}
    for item in items:
        if item.priority == URGENT and item.status == "pending" and item.author_id is not None:
            by_author.setdefault(item.author_id, []).append(item)
    chain_of = {item.id: chain for chains in map(_chains, by_author.values())
                for chain in chains for item in chain}
    cards, placed = [], set()
    for item in items:
        if item.id in placed:
            continue
        chain = chain_of.get(item.id, [item])
        placed.update(i.id for i in chain)
        cards.append(chain)
    return cards


def crisis_response_times() -> list[dict]:
    """By month a crisis was raised: how many crisis items, how many a moderator answered,
    and the median minutes to that first answer (an act or a check-in)."""
    raised = dict(db.session.execute(
        select(ModerationEvent.item_id, db.func.min(ModerationEvent.created_at))
        .where(ModerationEvent.boundary == "crisis", ModerationEvent.kind.in_(RAISING_KINDS))
        .group_by(ModerationEvent.item_id)).all())
    responses: dict[int, list] = {}
    for item_id, at in db.session.execute(
            select(ModerationEvent.item_id, ModerationEvent.created_at)
            .where(ModerationEvent.item_id.in_(list(raised)), ModerationEvent.kind.in_(RESPONSE_KINDS),
                   ModerationEvent.actor_id.is_not(None))):
        responses.setdefault(item_id, []).append(at)
    months: dict[str, list] = {}
    for item_id, at in raised.items():
        later = [r for r in responses.get(item_id, []) if r >= at]
        waits = months.setdefault(f"{at:%Y-%m}", [])
        waits.append((min(later) - at).total_seconds() / 60 if later else None)
    return [_month_row(month, waits) for month, waits in sorted(months.items(), reverse=True)]


def _month_row(month: str, waits: list) -> dict:
    answered = [w for w in waits if w is not None]
    return {"month": month, "crisis_items": len(waits), "answered": len(answered),
            "median_minutes_to_first_response": round(median(answered), 1) if answered else None}
