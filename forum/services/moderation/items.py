"""Review items: one per piece of content, opened by holds, crisis language and flags, and
re-opened rather than duplicated. Each keeps a snapshot of the content as it was reported."""
from dataclasses import dataclass
from functools import partial

from sqlalchemy import func, or_, select, true

from forum.extensions import db
from forum.models import (ChatMessage, ConversationMessage, ModerationEvent, ModerationItem, Post,
                          PostStatus, Space, SpaceMember, Thread, User)
from forum.models.base import database_id, utcnow
from forum.permissions import can_moderate
from forum.services import Forbidden, NotFound, live
from forum.visibility import SPACE_MODERATOR, can_review, can_view_item, visible_items

URGENT, HELD, FLAGGED = 0, 1, 2
TARGET_TYPES = ("thread", "post", "message")
REMOVALS = ("remove", "remove_thread")  # the resolutions an author may appeal


def opening_post(thread: Thread) -> Post | None:
    """The first post of a thread."""
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id).order_by(Post.id).limit(1))


def load_target(target_type: str, target_id: int):
    """The thread, post or chat message an item is about (None if it no longer exists)."""
    model = {"thread": Thread, "post": Post, "message": ChatMessage,
             "conversation": ConversationMessage}[target_type]  # a mentor conversation's
    return db.session.get(model, target_id)


def target_of(content) -> tuple[str, object]:
    """The review target for content: an opening post is reviewed as its whole thread."""
    if isinstance(content, ChatMessage):
        return "message", content
    if isinstance(content, Thread):
        return "thread", content
    opener = opening_post(content.thread)
    return ("thread", content.thread) if opener is not None and opener.id == content.id \
        else ("post", content)


def snapshot(target_type: str, target) -> dict:
    """The content as it is now, kept on the item so edits and deletion cannot erase it."""
    if target_type == "message":
        return {"body_html": target.body_html, "body_source": target.body_source,
                "room": target.room.slug, "taken_at": utcnow().isoformat()}
    post = opening_post(target) if target_type == "thread" else target
    shot = {"body_html": post.body_html, "body_source": post.body_source,
            "content_warning": post.content_warning, "thread_id": post.thread_id,
            "post_id": post.id, "taken_at": utcnow().isoformat()}
    if target_type == "thread":
        shot["title"] = target.title
    return shot


def _place(target_type: str, target) -> dict:
    if target_type == "message":
        return {"room_id": target.room_id, "board_id": None}
    thread = target if target_type == "thread" else target.thread
    return {"board_id": thread.board_id, "room_id": None}


def needs_review(target_type: str, target, reasons: list[str], priority: int,
                 kind: str, actor: User | None = None, note: str | None = None) -> ModerationItem:
    """Open the target's item, or re-open it, adding reasons; the caller commits."""
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.target_type == target_type, ModerationItem.target_id == target.id))
    if item is None:
        item = ModerationItem(target_type=target_type, target_id=target.id, reasons=[],
                              author_id=target.author_id, priority=priority,
                              snapshot=snapshot(target_type, target), **_place(target_type, target))
        db.session.add(item)
    elif item.status != "pending":
        item.status, item.opened_at, item.resolution = "pending", utcnow(), None
        item.priority, item.snapshot = priority, snapshot(target_type, target)
        item.version += 1
    item.priority = min(item.priority, priority)
    item.reasons = list(dict.fromkeys([*item.reasons, *reasons]))
    db.session.flush()
    for reason in reasons or [None]:
        db.session.add(ModerationEvent(item_id=item.id, actor_id=actor.id if actor else None,
                                       kind=kind, boundary=reason, note=note))
    announce_queue_counts(item)
    return item


def set_visibility(target_type: str, target, status: str) -> None:
    """Publish, hold or hide content; a thread and its opening post move together. A reply
    that becomes seen or unseen moves its thread's reply_count with it, so counts never
    include what readers cannot see."""
    if target_type == "post":
        _recount_reply(target, status)
    target.status = status
    if target_type == "thread":
        opener = opening_post(target)
        if opener is not None:
            opener.status = status


def _recount_reply(post: Post, status: str) -> None:
    """Keep thread.reply_count to the published replies that still stand."""
    was = post.status == PostStatus.PUBLISHED.value
    now = status == PostStatus.PUBLISHED.value
    if post.removed_at is None and was != now:
        thread = post.thread
        thread.reply_count = max(0, thread.reply_count + (1 if now else -1))


def queue_counts(viewer: User) -> dict:
    """How many items wait for this reviewer, and how many of them are urgent (a space's
    moderator counts only their spaces' items)."""
    return _counts(visible_items(viewer))


def _counts(where) -> dict:
    pending = select(func.count(ModerationItem.id)).where(ModerationItem.status == "pending",
                                                          where)
    return {"pending": db.session.scalar(pending),
            "urgent": db.session.scalar(pending.where(ModerationItem.priority == URGENT))}


def _all_counts() -> dict:
    """The whole queue's counts, for the forum's moderators."""
    return _counts(true())


@dataclass(frozen=True)
class Watch:
    """Where a reviewer's open queue page hears of changes, and the counts it starts from."""

    channel: str
    counts: dict


def watch_queue(viewer: User) -> Watch:
    """The live counts for a reviewer's queue page (Forbidden for anyone else): the forum's
    moderators share one channel; a space's moderator hears on their own, counts of only
    what they may see."""
    if not can_review(viewer):
        raise Forbidden("The review queue is for moderators.")
    channel = live.MODERATORS if can_moderate(viewer) else live.reviewer_channel(viewer.id)
    return Watch(channel, queue_counts(viewer))


def announce_queue_counts(item: ModerationItem | None) -> None:
    """Once the transaction commits, every open queue page that may see this item shows its
    new counts: the forum's moderators', and those of the item's space's own moderators."""
    live.emit_on_commit("queue_count", _all_counts, to=live.MODERATORS, key="queue_count")
    for user_id in _space_reviewer_ids(item):
        live.emit_on_commit("queue_count", partial(_counts_of, user_id),
                            to=live.reviewer_channel(user_id), key=f"queue_count:{user_id}")


def _space_reviewer_ids(item: ModerationItem | None) -> list[int]:
    """The own moderators of the space the item's content lies in (none outside spaces)."""
    places = [] if item is None else \
        [column == value for column, value in ((Space.board_id, item.board_id),
                                               (Space.room_id, item.room_id)) if value is not None]
    if not places:
        return []
    return list(db.session.scalars(select(SpaceMember.user_id).join(
        Space, Space.id == SpaceMember.space_id).where(or_(*places),
                                                      SpaceMember.role == SPACE_MODERATOR)))


def _counts_of(user_id: int) -> dict:
    """queue_counts for a reviewer named by id (a queued payload, read just before commit)."""
    viewer = db.session.get(User, user_id)
    return queue_counts(viewer) if viewer is not None else {"pending": 0, "urgent": 0}


def get_item_or_404(item_id, viewer: User) -> ModerationItem:
    """A review item, for those who may see it (visibility.can_view_item); NotFound for
    everyone else, alike with an item that does not exist."""
    known = isinstance(item_id, int) and not isinstance(item_id, bool) and database_id(item_id)
    item = db.session.get(ModerationItem, item_id) if known else None
    if item is None or not can_view_item(viewer, item):
        raise NotFound()
    return item


def record_room_removal(message: ChatMessage, actor: User) -> None:
    """Log a removal made in a chat room by a moderator or facilitator (the caller commits)."""
    item = needs_review("message", message, [], FLAGGED, "room_removal", actor)
    item.status, item.resolved_at, item.resolved_by_id = "resolved", utcnow(), actor.id
    item.resolution = "remove"
    db.session.add(ModerationEvent(item_id=item.id, actor_id=actor.id, kind="remove",
                                   note="removed in the chat room"))
