"""Moderation as the author of the content sees it: the removals of their own content, explained
where the content stood, and their one appeal of each, decided by a different moderator."""
from sqlalchemy import or_, select

from forum.extensions import db
from forum.models import ModerationEvent, ModerationItem, Post, PostStatus, Thread, User
from forum.models.base import database_id, utcnow
from forum.permissions import is_author
from forum.services import Conflict, NotFound, ValidationError
from forum.services.moderation.items import (REMOVALS, TARGET_TYPES, announce_queue_counts,
                                             load_target, opening_post, target_of)


def removal_item(content) -> ModerationItem | None:
    """The review item of content a moderator removed (or whose removal is under appeal)."""
    target_type, target = target_of(content)
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.target_type == target_type, ModerationItem.target_id == target.id))
    return item if item is not None and (item.resolution in REMOVALS or item.appealed) else None


def thread_removal(thread: Thread) -> ModerationItem | None:
    """The removal that hid a thread, if a moderator removed it (its page says why to those who
    still see it: its author and moderators)."""
    if thread.status != PostStatus.HIDDEN.value:
        return None
    # The thread page reads its thread as a plain row (boards.rows.ThreadRow): the review
    # target is the thread itself.
    return removal_item(thread if isinstance(thread, Thread) else db.session.get(Thread, thread.id))


def post_removals(thread: Thread, posts: list[Post], viewer: User | None) -> dict:
    """For the viewer's own hidden posts on a page of one thread: {post id: the removal}, so each
    can be explained and appealed where it stood; loaded at once for the page."""
    own = [p for p in posts if p.status == PostStatus.HIDDEN.value and is_author(viewer, p)]
    if not own:
        return {}
    opener = opening_post(thread)  # an opening post is reviewed as its whole thread
    items = db.session.scalars(select(ModerationItem).where(or_(
        (ModerationItem.target_type == "post") & ModerationItem.target_id.in_([p.id for p in own]),
        (ModerationItem.target_type == "thread") & (ModerationItem.target_id == thread.id))))
    found = {(i.target_type, i.target_id): i for i in items
             if i.resolution in REMOVALS or i.appealed}
    keys = {p.id: ("thread", thread.id) if p.id == opener.id else ("post", p.id) for p in own}
    return {post_id: found[key] for post_id, key in keys.items() if key in found}


def own_content_or_404(kind, content_id, member: User):
    """The member's own thread, post or chat message; NotFound otherwise."""
    known = kind in TARGET_TYPES and isinstance(content_id, int) and \
        not isinstance(content_id, bool) and database_id(content_id)
    found = load_target(kind, content_id) if known else None
    if found is None or found.author_id is None or found.author_id != member.id:
        raise NotFound()
    return found


def appealable_or_404(kind, content_id, member: User) -> tuple[object, ModerationItem]:
    """The member's own removed content with its removal, for the appeal page; NotFound else."""
    content = own_content_or_404(kind, content_id, member)
    item = removal_item(content)
    if item is None:
        raise NotFound()
    return content, item


def appeal(content, member: User, note=None) -> ModerationItem:
    """The author asks once for a removal to be looked at again, by a different moderator."""
    target_type, target = target_of(content)
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.target_type == target_type, ModerationItem.target_id == target.id))
    if item is None or item.author_id != member.id:
        raise NotFound()
    if item.appealed:
        raise Conflict("You have already appealed this decision.", "already_appealed")
    if item.resolution not in REMOVALS:
        raise NotFound()
    if note is not None and (not isinstance(note, str) or len(note) > 1000):
        raise ValidationError("A note is text of at most 1,000 characters.", "note")
    item.appealed, item.excluded_moderator_id = True, item.resolved_by_id
    item.status, item.opened_at, item.resolution, item.version = "pending", utcnow(), None, \
        item.version + 1
    item.priority = min(item.priority, 1)
    db.session.add(ModerationEvent(item_id=item.id, actor_id=member.id, kind="appealed", note=note))
    announce_queue_counts(item)
    db.session.commit()
    return item
