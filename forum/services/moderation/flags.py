"""Flags: members report content to the moderators; enough weight hides it until a moderator
decides (never content with an open crisis item, and never for crisis or medical advice)."""
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Flag, ModerationEvent, ModerationItem, Post, PostStatus, Role, User
from forum.models.base import utcnow
from forum.permissions import can_flag, has_role, is_author
from forum.resources import boundary_ids
from forum.services import ValidationError
from forum.services.chat.rooms import announce_removal
from forum.services.moderation.items import (FLAGGED, URGENT, needs_review, set_visibility,
                                             target_of)
from forum.services.notifications import notify

HIDE_AFTER_FLAGS = 3
LIGHT_FLAG = 0.5  # a flag from a day-old account, or one with no standing post
NEW_REPORTER_AGE = timedelta(days=1)
NEVER_HIDE = {"crisis", "medical-advice"}


def check_flag(target_type: str, target, reporter: User, reason, note) -> None:
    """Everything that can refuse a flag."""
    if not can_flag(reporter):
        raise ValidationError("Your account can't flag content right now.", "reason", "sanctioned")
    if reason not in boundary_ids() + ["other"]:
        raise ValidationError("Please choose a reason from the community boundaries, or 'other'.",
                              "reason", "unknown_reason")
    if note is not None and (not isinstance(note, str) or len(note) > 500):
        raise ValidationError("A note is text of at most 500 characters.", "note")
    if is_author(reporter, target):
        raise ValidationError("You can't flag your own post or message.", "target", "own_content")


def flag_content(content, reporter: User, reason, note=None) -> Flag:
    """Report content to the moderators; enough flags hide it until a moderator decides."""
    target_type, target = target_of(content)
    check_flag(target_type, target, reporter, reason, note)
    urgent = reason == "crisis"
    item = needs_review(target_type, target, [reason], URGENT if urgent else FLAGGED, "flagged",
                        reporter, note)
    flag = Flag(target_type=target_type, target_id=target.id, reporter_id=reporter.id,
                reason=reason, note=note, item_id=item.id)
    db.session.add(flag)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ValidationError("You have already flagged this.", "target", "already_flagged") from None
    if _hide_if_flagged_enough(target_type, target, item):
        notify(target.author_id, "hidden", "Some of your content is hidden until a moderator "
               "looks at it, because members flagged it.",
               target={"type": target_type, "id": target.id})
        if target_type == "message":
            announce_removal(target)
    db.session.commit()
    return flag


def has_open_crisis(item: ModerationItem) -> bool:
    """True while the item, as opened now, carries crisis: from the screening or a crisis flag."""
    return db.session.scalar(select(func.count(ModerationEvent.id)).where(
        ModerationEvent.item_id == item.id, ModerationEvent.boundary == "crisis",
        ModerationEvent.created_at >= item.opened_at)) > 0


def flag_weight(reporter: User | None) -> float:
    """How much one member's flag counts toward hiding: a peer mentor's hides at once; an
    account younger than a day, or with no post that stands, counts for half."""
    if reporter is None:
        return LIGHT_FLAG
    if has_role(reporter, Role.MENTOR):
        return float(HIDE_AFTER_FLAGS)
    if utcnow() - reporter.created_at < NEW_REPORTER_AGE:
        return LIGHT_FLAG
    standing = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == reporter.id, Post.status == PostStatus.PUBLISHED.value,
        Post.removed_at.is_(None)))
    return 1.0 if standing else LIGHT_FLAG


def _hide_if_flagged_enough(target_type: str, target, item: ModerationItem) -> bool:
    """Hide content once its flags weigh enough; never while it has an open crisis item (a
    moderator still can act on it)."""
    if target.status != PostStatus.PUBLISHED.value or has_open_crisis(item):
        return False
    flags = db.session.scalars(select(Flag).where(
        Flag.item_id == item.id, Flag.reason.not_in(NEVER_HIDE),
        Flag.created_at >= item.opened_at)).all()
    reporters = {f.reporter_id for f in flags}
    weight = sum(flag_weight(db.session.get(User, uid) if uid else None) for uid in reporters)
    if weight >= HIDE_AFTER_FLAGS:
        set_visibility(target_type, target, PostStatus.HIDDEN.value)
        db.session.add(ModerationEvent(item_id=item.id, kind="hidden", note="hidden by flags"))
        return True
    return False
