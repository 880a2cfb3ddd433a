"""What members see of moderation on their own content: unread notifications, and removals
they may appeal."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ModerationItem, Notification, PostStatus
from forum.permissions import is_author
from forum.services import NotFound
from forum.models.base import database_id
from forum.services.moderation.items import TARGET_TYPES, load_target, target_of


def unread_count(user) -> int:
    """How many of the member's notifications are unread."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def removal_item(content) -> ModerationItem | None:
    """The review item of content a moderator removed (or whose removal is under appeal)."""
    target_type, target = target_of(content)
    item = db.session.scalar(select(ModerationItem).where(
        ModerationItem.target_type == target_type, ModerationItem.target_id == target.id))
    if item is None:
        return None
    return item if item.resolution in ("remove", "remove_thread") or item.appealed else None


def removal_of(post, viewer) -> ModerationItem | None:
    """For the author only: the removal of their hidden post, to explain it and offer an appeal."""
    if post.status != PostStatus.HIDDEN.value or not is_author(viewer, post):
        return None
    return removal_item(post)


def own_content_or_404(kind, content_id, member):
    """The member's own thread, post or chat message, for an appeal; NotFound otherwise."""
    found = load_target(kind, content_id) \
        if kind in TARGET_TYPES and database_id(content_id) else None
    if found is None or found.author_id is None or found.author_id != member.id:
        raise NotFound()
    return found
