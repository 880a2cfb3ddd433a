"""Review items: one per piece of content, opened by holds, crisis language and flags, and
re-opened rather than duplicated. Each keeps a snapshot of the content as it was reported."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (ChatMessage, ConversationMessage, ModerationEvent, ModerationItem, Post,
                          PostStatus, Thread, User)
from forum.models.base import database_id, utcnow
from forum.permissions import can_moderate
from forum.services import Forbidden, NotFound, live

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
    announce_queue_counts()
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


def queue_counts() -> dict:
    """How many items wait for review, and how many of them are urgent."""
    pending = select(func.count(ModerationItem.id)).where(ModerationItem.status == "pending")
    return {"pending": db.session.scalar(pending),
            "urgent": db.session.scalar(pending.where(ModerationItem.priority == URGENT))}


def watch_queue(viewer: User) -> dict:
    """The counts for a moderator's live queue page (Forbidden for anyone else)."""
    if not can_moderate(viewer):
        raise Forbidden("The review queue is for moderators.")
    return queue_counts()


def announce_queue_counts() -> None:
    """Once the transaction commits, every moderator's open queue page shows the new counts."""
    live.emit_on_commit("queue_count", queue_counts, to=live.MODERATORS, key="queue_count")


def get_item_or_404(item_id, viewer: User) -> ModerationItem:
    """A review item, for moderators only (everyone else gets NotFound)."""
    known = isinstance(item_id, int) and not isinstance(item_id, bool) and database_id(item_id)
    item = db.session.get(ModerationItem, item_id) if known else None
    if item is None or not can_moderate(viewer):
        raise NotFound()
    return item


def record_room_removal(message: ChatMessage, actor: User) -> None:
    """Log a removal made in a chat room by a moderator or facilitator (the caller commits)."""
    item = needs_review("message", message, [], FLAGGED, "room_removal", actor)
    item.status, item.resolved_at, item.resolved_by_id = "resolved", utcnow(), actor.id
    item.resolution = "remove"
    db.session.add(ModerationEvent(item_id=item.id, actor_id=actor.id, kind="remove",
                                   note="removed in the chat room"))
