"""Why a member's own held posts are held, in plain words, so the "Held" badge beside each post
can say it (to its author only; moderators read the reasons in the queue)."""
from sqlalchemy import or_, select

from forum.extensions import db
from forum.models import ModerationItem, Post, PostStatus, Thread, User
from forum.permissions import is_author
from forum.services.moderation.items import opening_post

# Each boundary id a hold can carry, as its author should read it: what the check saw, not an
# accusation. Anything else falls back to a general sentence.
HOLD_WORDS = {
    "identifying-info": "it seems to include contact details or something that could identify "
                        "someone, which we keep off the forum to protect everyone",
    "promotion": "it has a link or contact details, and new members' links are looked at first",
    "sourcing": "it might be about getting, selling or trading substances",
    "graphic-use": "it may describe use in detail and might need a content warning",
    "harassment": "it might read as harsh towards someone",
    "romantic-contact": "it might read as a personal approach to another member",
    "program-respect": "it might read as dismissive of someone's path to recovery",
    "medical-advice": "it may read as medical advice",
}
GENERAL = "something in it asked for a second look"


def hold_reason_words(reasons: list[str]) -> str:
    """The first reason a hold names, in plain words."""
    return next((HOLD_WORDS[r] for r in reasons if r in HOLD_WORDS), GENERAL)


def own_hold_reasons(thread: Thread, posts: list[Post], viewer: User | None) -> dict[int, str]:
    """For the viewer's own held posts on a page: {post id: why it is held, in plain words}."""
    own = [p for p in posts if p.status == PostStatus.PENDING.value and is_author(viewer, p)]
    if not own:
        return {}
    opener = opening_post(thread)  # an opening post is reviewed as its whole thread
    items = db.session.scalars(select(ModerationItem).where(
        ModerationItem.status == "pending", or_(
            (ModerationItem.target_type == "post") & ModerationItem.target_id.in_([p.id for p in own]),
            (ModerationItem.target_type == "thread") & (ModerationItem.target_id == thread.id))))
    found = {(i.target_type, i.target_id): i.reasons or [] for i in items}
    keys = {p.id: ("thread", thread.id) if p.id == opener.id else ("post", p.id) for p in own}
    return {post_id: hold_reason_words(found.get(key, [])) for post_id, key in keys.items()}
