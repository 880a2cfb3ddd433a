"""A member's own data: everything they wrote and set, as one document (export_member), and the
end of their account (delete_account), after which "deleted member" stands where the handle was.

Deleting the users row does most of the work through the foreign keys: recovery codes, tokens,
sessions, blocks, room mutes, facilitator places, the member's notifications, preferences,
recovery date, check-in calendar, muted and followed threads and boards and the reactions they
gave go with it (CASCADE); a
check-in's post is a post like any other. Posts, threads, chat messages, flags and moderation
records stay, pointing at no one (SET NULL). What no foreign key reaches is text the forum wrote about others that names the
member ("SamRiver replied in ..."), and notes people typed (a flag's note, a moderator's note);
_scrub_handle rewrites those. Moderation items keep their snapshot of reported content and
their history of acts, so moderators keep what they need, without the handle.
"""
import re

from sqlalchemy import String, cast, func, select

from forum.extensions import db
from forum.models import (ApiToken, AuthSession, Block, Board, BoardFollow, ChatMessage, Flag,
                          ModerationEvent, Notification, Post, PostReaction, PostStatus, Thread,
                          ThreadFollow, ThreadRead, User)
from forum.models.base import utcnow
from forum.services import ValidationError
from forum.services.accounts.members import authenticate, unused_recovery_codes
from forum.services.accounts.preferences import preferences_of
from forum.services.accounts.profiles import shows_recent_posts
from forum.services.accounts.sessions import end_all_sessions
from forum.services.chat.rooms import announce_removal
from forum.services.moderation.items import opening_post
from forum.services.recovery.checkins import calendar_of
from forum.services.recovery.dates import record_of
from forum.services.recovery.mutes import mutes_of
from forum.services.shapes import DELETED_MEMBER, iso
from forum.services.spaces.privacy import erase_conversation_messages, forget_mentoring, \
    mentoring_export

ERASED_TITLE = "A conversation started by a deleted member"
_HANDLE_CHARS = "A-Za-z0-9_-"


def export_member(user: User) -> dict:
    """Everything the member wrote and set, as plain JSON-ready data (never a secret's hash)."""
    return {
        "exported_at": iso(utcnow()),
        "account": _account(user),
        "threads": [_thread(t) for t in _rows(Thread, Thread.author_id == user.id)],
        "posts": [_post(p) for p in _rows(Post, Post.author_id == user.id)],
        "chat_messages": [_message(m) for m in
                          _rows(ChatMessage, ChatMessage.author_id == user.id)],
        "flags": [_flag(f) for f in _rows(Flag, Flag.reporter_id == user.id)],
        "moderation_history": [_event(e) for e in
                               _rows(ModerationEvent, ModerationEvent.actor_id == user.id)],
        "blocks": _blocks(user),
        "notifications": [_notification(n) for n in
                          _rows(Notification, Notification.user_id == user.id)],
        "sessions": [_session(s) for s in _rows(AuthSession, AuthSession.user_id == user.id)],
        "preferences": preferences_of(user),
        "reading": _reading(user),
        "recovery": _recovery(user),
        "checkins": [{"date": c.day.isoformat(), "note": c.note, "post_id": c.post_id,
                      "created_at": iso(c.created_at)} for c in calendar_of(user)],
        "mutes": mutes_of(user),
        "follows": _follows(user),
        "reactions": _reactions(user),
        **mentoring_export(user),
    }


def _recovery(user: User) -> dict | None:
    """The recovery date as stored (the days before the current streak included)."""
    record = record_of(user)
    if record is None:
        return None
    return {"streak_start": record.streak_start.isoformat(), "days_before": record.days_before,
            "time_zone": record.time_zone, "show_badge": record.show_badge,
            "updated_at": iso(record.updated_at)}


def _rows(model, condition) -> list:
    return list(db.session.scalars(select(model).where(condition).order_by(model.id)))


def _account(user: User) -> dict:
    tokens = db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == user.id))
    return {"handle": user.handle, "role": user.role, "created_at": iso(user.created_at),
            "muted_until": iso(user.muted_until),
            "suspended_until": iso(user.suspended_until), "banned_at": iso(user.banned_at),
            "recovery_codes_left": unused_recovery_codes(user), "api_tokens": tokens}


def _thread(thread: Thread) -> dict:
    return {"id": thread.id, "board": thread.board.slug, "title": thread.title,
            "status": thread.status, "locked": thread.locked,
            "created_at": iso(thread.created_at)}


def _post(post: Post) -> dict:
    return {"id": post.id, "thread_id": post.thread_id, "parent_id": post.parent_id,
            "body_source": post.body_source, "body_html": post.body_html,
            "content_warning": post.content_warning, "status": post.status,
            "created_at": iso(post.created_at), "edited_at": iso(post.edited_at),
            "removed_at": iso(post.removed_at)}


def _message(message: ChatMessage) -> dict:
    return {"id": message.id, "room": message.room.slug, "body_source": message.body_source,
            "body_html": message.body_html, "status": message.status,
            "created_at": iso(message.created_at), "removed_at": iso(message.removed_at)}


def _flag(flag: Flag) -> dict:
    return {"target": {"type": flag.target_type, "id": flag.target_id}, "reason": flag.reason,
            "note": flag.note, "created_at": iso(flag.created_at)}


def _event(event: ModerationEvent) -> dict:
    return {"item_id": event.item_id, "kind": event.kind, "boundary": event.boundary,
            "note": event.note, "created_at": iso(event.created_at)}


def _follows(user: User) -> list[dict]:
    """The threads and boards the member follows, or stopped following."""
    threads = db.session.execute(select(ThreadFollow).where(ThreadFollow.user_id == user.id)
                                 .order_by(ThreadFollow.thread_id)).scalars()
    boards = db.session.execute(select(Board.slug, BoardFollow.created_at)
                                .join(BoardFollow, BoardFollow.board_id == Board.id)
                                .where(BoardFollow.user_id == user.id).order_by(Board.slug))
    return [{"thread_id": row.thread_id, "following": row.following,
             "created_at": iso(row.created_at)} for row in threads] + \
        [{"board": slug, "following": True, "created_at": iso(created)} for slug, created in boards]


def _reactions(user: User) -> list[dict]:
    """The support reactions the member gave."""
    return [{"post_id": r.post_id, "kind": r.kind, "created_at": iso(r.created_at)}
            for r in _rows(PostReaction, PostReaction.user_id == user.id)]


def _blocks(user: User) -> list[dict]:
    rows = db.session.execute(select(User.handle, Block.created_at)
                              .join(Block, Block.blocked_id == User.id)
                              .where(Block.blocker_id == user.id).order_by(User.handle))
    return [{"handle": handle, "created_at": iso(created)} for handle, created in rows]


def _notification(note: Notification) -> dict:
    return {"kind": note.kind, "message": note.message, "data": note.data,
            "created_at": iso(note.created_at), "read_at": iso(note.read_at),
            "dismissed_at": iso(note.dismissed_at)}


def _reading(user: User) -> dict:
    """The member-page choice, and how far the member read each thread."""
    reads = db.session.scalars(select(ThreadRead).where(ThreadRead.user_id == user.id)
                               .order_by(ThreadRead.thread_id))
    return {"show_recent_posts": shows_recent_posts(user),
            "threads_read": [{"thread_id": r.thread_id, "last_post_id": r.last_post_id,
                              "read_at": iso(r.read_at)} for r in reads]}


def _session(row: AuthSession) -> dict:
    return {"label": row.label, "created_at": iso(row.created_at),
            "last_seen_at": iso(row.last_seen_at), "ended_at": iso(row.ended_at)}


def content_counts(user: User) -> dict[str, int]:
    """How many threads, posts and chat messages the member wrote (for the deletion page)."""
    def count(model, condition) -> int:
        return db.session.scalar(select(func.count(model.id)).where(condition))
    return {"threads": count(Thread, Thread.author_id == user.id),
            "posts": count(Post, (Post.author_id == user.id) & Post.removed_at.is_(None)),
            "messages": count(ChatMessage, (ChatMessage.author_id == user.id)
                              & ChatMessage.removed_at.is_(None))}


def check_deletion(user: User, password, erase_content) -> None:
    """Everything that can refuse a deletion: the password, and a yes-or-no erase choice."""
    if not isinstance(erase_content, bool):
        raise ValidationError("'erase_content' is true or false.", "erase_content")
    if not isinstance(password, str) or not password:
        raise ValidationError("Please give your password.", "password", "required")
    if authenticate(user.handle, password) is None:
        raise ValidationError("That is not your password.", "password", "wrong_password")


def delete_account(user: User, password, erase_content: bool = False) -> None:
    """Delete the member for good after checking the password; with erase_content, their posts
    and chat messages are erased too (replies keep their place in the tree)."""
    check_deletion(user, password, erase_content)
    if erase_content:
        _erase_content(user)
    forget_mentoring(user)
    _scrub_handle(user)
    end_all_sessions(user)  # closes the member's open chat connections after the commit
    db.session.delete(user)
    db.session.commit()
    db.session.expire_all()


def _erase_content(user: User) -> None:
    """Blank the member's posts and chat messages and retitle their threads; open chat windows
    drop the erased messages once this is committed."""
    now = utcnow()
    for post in _rows(Post, Post.author_id == user.id):
        _erase_post(post, now)
    for thread in _rows(Thread, Thread.author_id == user.id):
        _retitle(thread)
    for message in _rows(ChatMessage, ChatMessage.author_id == user.id):
        if message.removed_at is None:
            announce_removal(message)
        message.body_source, message.body_html = "", ""
        message.removed_at = message.removed_at or now
    erase_conversation_messages(user)


def _erase_post(post: Post, now) -> None:
    """As the author's own removal does: the text goes, a placeholder keeps its place."""
    counted = post.removed_at is None and post.status == PostStatus.PUBLISHED.value
    if counted and post.id != getattr(opening_post(post.thread), "id", None):
        post.thread.reply_count = max(0, post.thread.reply_count - 1)
    post.body_source, post.body_html, post.content_warning = "", "", None
    post.removed_at = post.removed_at or now


def _retitle(thread: Thread) -> None:
    """A new title for the member's thread, also in the reply notices that quoted the old one."""
    old = thread.title
    thread.title = ERASED_TITLE
    for note in _containing(Notification, Notification.message, f'"{old}"'):
        if (note.data or {}).get("thread_id") == thread.id:
            note.message = note.message.replace(f'"{old}"', f'"{ERASED_TITLE}"')


def _scrub_handle(user: User) -> None:
    """Take the handle out of what is kept about others: the forum's notices to them, and the
    notes members and moderators typed on flags and in moderation histories."""
    handle = user.handle
    for note in _containing(Notification, Notification.message, handle):
        if note.user_id != user.id:  # the member's own notices go with the account
            note.message = _notice_without_handle(note, handle)
    for note in _containing(Notification, cast(Notification.data, String), handle):
        if note.user_id != user.id:
            note.data = _without_handle_in(note.data, handle)
    for event in _containing(ModerationEvent, ModerationEvent.note, handle):
        event.note = _without_handle(event.note, handle)
    for flag in _containing(Flag, Flag.note, handle):
        flag.note = _without_handle(flag.note, handle)
    _unlink_mentions(user)


# Notices that name the member who acted at their very start, and what follows the handle.
_NAMED_FIRST = {"reply": " replied in ", "mention": " mentioned you in ",
                "followed_reply": " replied in ", "new_thread": " started "}


def _notice_without_handle(note: Notification, handle: str) -> str:
    """A reply notice names the replier only at its start (the thread title after it is the
    thread author's words, and a handle can be an everyday word); other notices quote a
    moderator's note, where the handle may stand anywhere."""
    if note.kind not in _NAMED_FIRST:
        return _without_handle(note.message, handle)
    named, rest = note.message[:len(handle)], note.message[len(handle):]
    if named.lower() == handle.lower() and rest.startswith(_NAMED_FIRST[note.kind]):
        return f"A {DELETED_MEMBER}{rest}"
    return note.message


def _unlink_mentions(user: User) -> None:
    """Others' posts that mention the member keep their words, without a link to a page that
    is gone."""
    link = f'<a href="/members/{user.handle}" class="mention">'
    for post in _containing(Post, Post.body_html, link):
        post.body_html = re.sub(re.escape(link) + r"(@[A-Za-z0-9_-]+)</a>", r"\1",
                                post.body_html)


def _containing(model, column, text: str) -> list:
    """Rows whose column holds the text, whatever its case (the caller looks closer)."""
    return list(db.session.scalars(select(model).where(
        func.lower(column).contains(text.lower(), autoescape=True))))


def _without_handle(text: str, handle: str) -> str:
    """The text with the handle, as a whole word in any case, replaced by "deleted member"."""
    pattern = re.compile(rf"(?<![{_HANDLE_CHARS}]){re.escape(handle)}(?![{_HANDLE_CHARS}])",
                         re.IGNORECASE)
    return pattern.sub(lambda m: f"{'A' if m.start() == 0 else 'a'} {DELETED_MEMBER}", text)


def _without_handle_in(value, handle: str):
    """The same through a JSON value: every string inside it, at any depth."""
    if isinstance(value, str):
        return _without_handle(value, handle)
    if isinstance(value, list):
        return [_without_handle_in(item, handle) for item in value]
    if isinstance(value, dict):
        return {key: _without_handle_in(item, handle) for key, item in value.items()}
    return value
