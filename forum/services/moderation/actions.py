"""What moderators do to a review item: a whitelist of actions, each in one transaction.

Two moderators acting on one item at once: the item's version is bumped by a conditional
UPDATE, so exactly one of them wins and the other is told (Conflict).
"""
import re
from datetime import timedelta

from sqlalchemy import select, update

from forum.config import CONTENT_WARNING_MAX
from forum.extensions import db
from forum.models import Flag, ModerationEvent, ModerationItem, PostStatus, User
from forum.models.base import utcnow
from forum.normalize import clean_stored
from forum.permissions import ACCOUNT_SANCTIONS, can_moderate, can_sanction_accounts
from forum.resources import boundary_ids
from forum.services import Conflict, Forbidden, NotFound, ValidationError
from forum.services.accounts.members import revoke_everything
from forum.services.boards.announce import announce_post
from forum.services.boards.drafts import check_draft
from forum.services.chat.rooms import announce_removal
from forum.services.moderation.items import (REMOVALS, announce_queue_counts, load_target,
                                             opening_post, set_visibility)
from forum.services.moderation.thread_removal import impact, tell_repliers
from forum.services.notifications import notify
from forum.visibility import can_view_item

RESOLVING = {"approve", "remove", "remove_thread", "edit_and_approve"}
ACTIONS = ("approve", "remove", "remove_thread", "edit_and_approve", "add_warning", "lock_thread",
           "warn", "mute", "suspend", "ban")
_DURATION = re.compile(r"^(\d{1,4})\s*([mhd])$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}
MAX_DURATION = timedelta(days=365)


def parse_duration(value) -> timedelta:
    """A duration as minutes (a number) or "30m", "12h", "7d"; at most a year."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        minutes = value
    else:
        match = _DURATION.match(value.strip().lower()) if isinstance(value, str) else None
        if match is None:
            raise ValidationError("Give a duration like 30m, 12h or 7d.", "duration")
        minutes = int(match.group(1)) * _UNIT_MINUTES[match.group(2)]
    if minutes <= 0 or timedelta(minutes=minutes) > MAX_DURATION:
        raise ValidationError("A duration is from one minute to a year.", "duration")
    return timedelta(minutes=minutes)


def _check(item: ModerationItem, moderator: User, action, version, reason) -> None:
    if not can_view_item(moderator, item):
        raise Forbidden("Only moderators can act on the review queue.")
    if action not in ACTIONS:
        raise ValidationError(f"Unknown action. Actions are: {', '.join(ACTIONS)}.", "action",
                              "unknown_action")
    if action in ACCOUNT_SANCTIONS and not can_sanction_accounts(moderator):
        raise Forbidden("Muting, suspending and banning reach the whole forum, so the forum's "
                        "moderators decide them. You can remove the content or warn its author.")
    if item.status != "pending":
        raise Conflict("This item was already closed by a moderator.", "item_closed")
    if version is not None and version != item.version:
        raise Conflict("Someone else acted on this item first. Please look again.", "stale")
    if item.excluded_moderator_id == moderator.id:
        raise Forbidden("This is an appeal of your own decision: another moderator decides it.")
    if action in REMOVALS and reason not in boundary_ids():
        raise ValidationError("Name the boundary the content crossed.", "reason",
                              "unknown_reason")
    if reason is not None and reason not in boundary_ids() + ["other"]:
        raise ValidationError("Unknown boundary.", "reason", "unknown_reason")


def act(item: ModerationItem, moderator: User, action, *, reason=None, note=None, duration=None,
        version=None, body=None, content_warning=None) -> ModerationItem:
    """Perform one whitelisted action on an item, with a reason, in one transaction."""
    _check(item, moderator, action, version, reason)
    if note is not None and (not isinstance(note, str) or len(note) > 1000):
        raise ValidationError("A note is text of at most 1,000 characters.", "note")
    target = load_target(item.target_type, item.target_id)
    if target is None:
        raise NotFound()
    effect = _EFFECTS[action]
    prepared = effect.prepare(body=body, content_warning=content_warning, duration=duration)
    _claim(item)
    try:
        effect.apply(item, target, moderator, reason, note, prepared)
    except (ValidationError, Forbidden):
        db.session.rollback()  # refused half-way: the item stays as it was, version and all
        raise
    db.session.add(ModerationEvent(item_id=item.id, actor_id=moderator.id, kind=action,
                                   boundary=reason, note=note))
    if action in RESOLVING:
        item.status, item.resolved_at, item.resolved_by_id = "resolved", utcnow(), moderator.id
        item.resolution, item.resolution_boundary = action, reason
        _tell_reporters(item, action)
    announce_queue_counts(item)
    db.session.commit()
    return item


def _claim(item: ModerationItem) -> None:
    """Bump the item's version unless someone else did first (Conflict): of two moderators
    acting at once, exactly one wins."""
    won = db.session.execute(
        update(ModerationItem).where(ModerationItem.id == item.id,
                                     ModerationItem.version == item.version,
                                     ModerationItem.status == "pending")
        .values(version=ModerationItem.version + 1).execution_options(synchronize_session=False))
    if won.rowcount != 1:
        db.session.rollback()
        raise Conflict("Someone else acted on this item first. Please look again.", "stale")
    db.session.refresh(item)


def _tell_reporters(item: ModerationItem, action: str) -> None:
    outcome = ("A moderator looked at what you reported and removed it. Thank you for helping "
               "keep the community safe." if action in REMOVALS else
               "A moderator looked at what you reported and decided it can stay. Thank you for "
               "telling us.")
    for flag in db.session.scalars(select(Flag).where(Flag.item_id == item.id,
                                                      Flag.outcome_sent_at.is_(None))):
        flag.outcome_sent_at = utcnow()
        notify(flag.reporter_id, "report_outcome", outcome, outcome=action,
               target={"type": item.target_type, "id": item.target_id})


class _Effect:
    """One action: check its own input first (prepare), then change things (apply)."""

    def prepare(self, **_input):
        return None

    def apply(self, item, target, moderator, reason, note, prepared) -> None:
        raise NotImplementedError


class _Approve(_Effect):
    def apply(self, item, target, moderator, reason, note, prepared):
        was_unseen = target.status != PostStatus.PUBLISHED.value
        set_visibility(item.target_type, target, PostStatus.PUBLISHED.value)
        if item.target_type in ("thread", "post"):  # not chat, nor a mentor conversation
            announce_post(_post_of(item, target))  # a held post's followers hear of it now
        if item.appealed:
            notify(item.author_id, "appeal_upheld", "A moderator looked at your appeal and "
                   "restored your content: everyone can see it again.", target=_ref(item))
        elif was_unseen:
            notify(item.author_id, "approved", "A moderator approved your content: everyone can "
                   "see it now.", target=_ref(item))


class _Remove(_Effect):
    def apply(self, item, target, moderator, reason, note, prepared):
        if item.target_type == "message":
            target.removed_at, target.removed_by_id = utcnow(), moderator.id
            announce_removal(target)
        elif item.target_type == "thread":
            # The opening post goes, the conversation stays: the thread is readable again (flags
            # may have hidden it) with a placeholder where the opening post was.
            set_visibility("thread", target, PostStatus.PUBLISHED.value)
            opening_post(target).status = PostStatus.HIDDEN.value
        else:
            # "hidden" to everyone but the author and moderators; the item records the removal.
            set_visibility(item.target_type, target, PostStatus.HIDDEN.value)
        _removal_notice(item, reason, note)


class _RemoveThread(_Effect):
    """The whole thread, every reply with it: its repliers are told it was not about them."""

    def apply(self, item, target, moderator, reason, note, prepared):
        if item.target_type != "thread":
            raise ValidationError("Removing a whole thread is for an opening post's item; "
                                  "remove this post on its own instead.", "action")
        found = impact(target)
        set_visibility("thread", target, PostStatus.HIDDEN.value)
        _removal_notice(item, reason, note, whole_thread=True)
        tell_repliers(target, found, reason)


def _removal_notice(item, reason, note, whole_thread: bool = False) -> None:
    what = "your thread, with its replies," if whole_thread else "your content"
    why = f" Note from the moderator: {note}" if note else ""
    notify(item.author_id, "removed", f"A moderator removed {what} because it crossed the "
           f"boundary '{reason}'.{why} You can appeal this once.", boundary=reason,
           reason=note, target=_ref(item), item_id=item.id)


class _EditAndApprove(_Effect):
    def prepare(self, body=None, content_warning=None, **_):
        return check_draft(body, content_warning)

    def apply(self, item, target, moderator, reason, note, draft):
        post = _post_of(item, target)
        post.body_source, post.body_html = draft.body_source, draft.body_html
        post.content_warning, post.edited_at = draft.content_warning, utcnow()
        set_visibility(item.target_type, target, PostStatus.PUBLISHED.value)
        announce_post(post)
        notify(item.author_id, "edited", "A moderator edited your post and published it."
               + (f" Note: {note}" if note else ""), boundary=reason, target=_ref(item))


class _AddWarning(_Effect):
    def prepare(self, content_warning=None, **_):
        if isinstance(content_warning, str) and len(content_warning) > CONTENT_WARNING_MAX:
            content_warning = ""  # the length as sent is what the API description limits
        warning = " ".join(clean_stored(content_warning).split()) \
            if isinstance(content_warning, str) else ""
        if not warning:
            raise ValidationError("Write the content warning (up to 100 characters).",
                                  "content_warning")
        return warning

    def apply(self, item, target, moderator, reason, note, warning):
        _post_of(item, target).content_warning = warning
        notify(item.author_id, "content_warning", f"A moderator added the content warning "
               f"'{warning}' to your post, so others can choose whether to read it.",
               target=_ref(item))


class _LockThread(_Effect):
    def apply(self, item, target, moderator, reason, note, prepared):
        if item.target_type in ("message", "conversation"):
            raise ValidationError("Messages have no thread to lock.", "action")
        thread = target if item.target_type == "thread" else target.thread
        thread.locked = True


class _Sanction(_Effect):
    """warn, mute, suspend and ban: steps up the ladder for the content's author."""

    def __init__(self, kind: str, timed: bool):
        self.kind, self.timed = kind, timed

    def prepare(self, duration=None, **_):
        return parse_duration(duration) if self.timed else None

    def apply(self, item, target, moderator, reason, note, length):
        author = db.session.get(User, item.author_id) if item.author_id else None
        if author is None:
            raise ValidationError("The author's account no longer exists.", "action")
        if can_moderate(author):
            raise Forbidden("Moderators are not sanctioned from the queue; talk to an admin.")
        until = utcnow() + length if length else None
        if self.kind == "mute":
            author.muted_until = until
        elif self.kind == "suspend":
            author.suspended_until = until
            revoke_everything(author)
        elif self.kind == "ban":
            author.banned_at = utcnow()
            revoke_everything(author)
        notify(author.id, self.kind, _sanction_message(self.kind, reason, note, until),
               boundary=reason, until=until.isoformat() if until else None)


def _sanction_message(kind, reason, note, until) -> str:
    about = f" (boundary: {reason})" if reason else ""
    why = f" Note from the moderator: {note}" if note else ""
    when = f" until {until:%Y-%m-%d %H:%M} UTC" if until else ""
    return {"warn": f"A moderator is warning you about your content{about}.{why}",
            "mute": f"You can't post or chat{when}{about}.{why}",
            "suspend": f"Your account is suspended{when}{about}: you can read, but not post, "
                       f"flag or chat.{why}",
            "ban": f"Your account is banned{about}.{why}"}[kind]


def _post_of(item, target):
    if item.target_type in ("message", "conversation"):
        raise ValidationError("That action is for posts and threads.", "action")
    return opening_post(target) if item.target_type == "thread" else target


def _ref(item) -> dict:
    return {"type": item.target_type, "id": item.target_id}


_EFFECTS = {"approve": _Approve(), "remove": _Remove(), "remove_thread": _RemoveThread(),
            "edit_and_approve": _EditAndApprove(),
            "add_warning": _AddWarning(), "lock_thread": _LockThread(),
            "warn": _Sanction("warn", False), "mute": _Sanction("mute", True),
            "suspend": _Sanction("suspend", True), "ban": _Sanction("ban", False)}
