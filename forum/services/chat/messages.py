"""Chat messages: check, store, then broadcast; history, catch-up, removal and flags."""
from datetime import timedelta

from flask import current_app
from limits import parse
from sqlalchemy import or_, select

from forum.extensions import db, socketio
from forum.models import Block, ChatMessage, Room, User
from forum.models.base import utcnow
from forum.normalize import clean_stored
from forum.outages import DegradingLimiter, redis_outage
from forum.permissions import can_enter_room, can_moderate_room, can_post, is_sanctioned
from forum.sanitize import render_message
from forum.services import Forbidden, NotFound, ValidationError
from forum.services.boards.reading import MAX_ID
from forum.services.chat.rooms import active_mute, meeting_in_session, next_meeting
from forum.services.crisis import notice_of, remember_crisis
from forum.services.moderation.flags import flag_content
from forum.services.moderation.items import (broadcast_queue_count, needs_review,
                                             record_room_removal)
from forum.services.notifications import announce
from forum.services.presence import presence
from forum.services.screening.assess import Assessment, assess
from forum.services.screening.verdicts import findings_note, review_priority

NAMESPACE = "/chat"
MESSAGE_MAX = 2_000
HISTORY_LIMIT = 50
HISTORY_MAX = 200


class ChatRefused(ValidationError):
    """A message that may not be sent now; `extra` says when it may (retry_after, until)."""

    def __init__(self, message: str, code: str, **extra):
        super().__init__(message, "body", code)
        self.extra = extra


def room_channel(room: Room) -> str:
    """The Socket.IO room every member present in a chat room is in."""
    return f"room:{room.slug}"


def message_json(message: ChatMessage) -> dict:
    """A message as the contract's MESSAGE object."""
    author = message.author
    return {"id": message.id, "room": message.room.slug,
            "author": {"handle": author.handle if author else "deleted member"},
            "body_html": message.body_html,
            "created_at": message.created_at.isoformat().replace("+00:00", "Z")}


def _rate_limiter():
    """The per-app moving-window limiter for chat, on the rate-limit storage; while Redis is
    away it counts in this process's memory (forum/outages.py)."""
    ext = current_app.extensions
    if "forum_chat_limiter" not in ext:
        ext["forum_chat_limiter"] = DegradingLimiter(
            current_app.config["RATELIMIT_STORAGE_URI"], redis_outage(current_app),
            **current_app.config.get("RATELIMIT_STORAGE_OPTIONS", {}))
    return ext["forum_chat_limiter"]


def _check_rate(member: User) -> None:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    count, seconds = current_app.config["CHAT_SEND_LIMIT"]
    limit = parse(f"{count} per {seconds} seconds")
    limiter = _rate_limiter()
    key = (current_app.config["REDIS_KEY_PREFIX"], "chat-send", str(member.id))
    if not limiter.hit(limit, *key):
        reset_at = limiter.get_window_stats(limit, *key).reset_time
        wait = max(1, round(reset_at - utcnow().timestamp()))
        raise ChatRefused(f"You're sending quickly. You can send again in {wait} seconds.",
                          "rate_limited", retry_after=wait)


def check_join_rate(member: User) -> None:
    """Joining is limited per member too: every join is broadcast to the room (presence)."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    count, seconds = current_app.config["CHAT_JOIN_LIMIT"]
    limit = parse(f"{count} per {seconds} seconds")
    limiter = _rate_limiter()
    key = (current_app.config["REDIS_KEY_PREFIX"], "chat-join", str(member.id))
    if not limiter.hit(limit, *key):
        reset_at = limiter.get_window_stats(limit, *key).reset_time
        wait = max(1, round(reset_at - utcnow().timestamp()))
        raise ChatRefused(f"You're moving between rooms quickly. You can join again in {wait} "
                          "seconds.", "rate_limited", retry_after=wait)


def _check_slow_mode(room: Room, member: User) -> None:
    if room.slow_mode_seconds <= 0 or can_moderate_room(member, room):
        return
    last = db.session.scalar(select(ChatMessage.created_at).where(
        ChatMessage.room_id == room.id, ChatMessage.author_id == member.id)
        .order_by(ChatMessage.id.desc()).limit(1))
    if last is not None:
        wait = (last + timedelta(seconds=room.slow_mode_seconds) - utcnow()).total_seconds()
        if wait > 0:
            wait = max(1, round(wait))
            raise ChatRefused(f"Slow mode is on in this room: you can send again in {wait} "
                              "seconds.", "slow_mode", retry_after=wait)


def check_send(room: Room, member: User, body) -> tuple[str, str, Assessment]:
    """Everything that can refuse a message, in the order a member would want to hear it;
    answers the text to store (identifying details masked), its HTML, and the rules' verdict."""
    if not can_enter_room(member, room):
        raise Forbidden("Please log in to chat.")
    if is_sanctioned(member) or not can_post(member):
        raise ChatRefused("Your account can't send messages right now.", "sanctioned")
    if room.locked and not can_moderate_room(member, room):
        raise ChatRefused("This room is locked for now.", "room_locked")
    if not meeting_in_session(room) and not can_moderate_room(member, room):
        upcoming = next_meeting(room)
        raise ChatRefused("This meeting isn't in session. It opens again at "
                          f"{upcoming:%A %H:%M} UTC." if upcoming else
                          "This meeting isn't in session.", "room_closed",
                          opens_at=upcoming.isoformat() if upcoming else None)
    mute = active_mute(room, member)
    if mute is not None:
        raise ChatRefused(f"You are muted in this room until {mute.until:%H:%M} UTC.", "muted",
                          until=mute.until.isoformat())
    _check_rate(member)  # before any work on the text, so a flood is refused cheaply
    if not isinstance(body, str) or not body.strip():
        raise ValidationError("Please write a message first.", "body", "required")
    if len(body) > MESSAGE_MAX:
        raise ValidationError(f"A message can be at most {MESSAGE_MAX:,} characters.", "body",
                              "too_long")
    verdict = assess(body, member, channel="message")
    if verdict.refuse is not None:
        raise ChatRefused(verdict.refuse.explanation, "refused", boundary=verdict.refuse.boundary)
    _check_slow_mode(room, member)
    text = clean_stored((verdict.masked_text or body).replace("\x00", ""))
    html = render_message(text)
    if not html:
        raise ValidationError("Please write a message first.", "body", "required")
    return text, html, verdict


def send_message(room: Room, member: User, body) -> tuple[ChatMessage, dict | None]:
    """Store a message, then broadcast it to the room (after the commit, never before).
    Crisis language is sent like any message, and the author is answered with resources."""
    text, html, verdict = check_send(room, member, body)
    message = ChatMessage(room_id=room.id, author_id=member.id, body_source=text, body_html=html)
    db.session.add(message)
    db.session.flush()
    item = care = None
    if verdict.reasons():
        item = needs_review("message", message, verdict.reasons(), review_priority(verdict),
                            "rule", note=findings_note(verdict))
        item.snapshot = {**item.snapshot, "screening": [f.as_json() for f in verdict.findings],
                         "crisis_tier": verdict.crisis_tier}
    if verdict.crisis:  # kept, so the card stays in the author's stream until dismissed
        care = remember_crisis(member, "message", message, verdict)
    db.session.commit()
    socketio.emit("message", message_json(message), to=room_channel(room), namespace=NAMESPACE,
                  skip_sid=presence().sids_of(room.slug, blocked_with(member)) or None)
    notice = None
    if care is not None:
        notice = notice_of(care)
        announce([care])
    elif verdict.masked_text is not None:
        notice = {"code": "masked", "message": "We hid contact details in your message: contact "
                  "stays on the forum, for everyone's safety."}
        notify_member(member, **notice)
    if item is not None:
        broadcast_queue_count()
    return message, notice


def blocked_with(member: User) -> set[int]:
    """Ids of members who blocked this member, or whom this member blocked."""
    rows = db.session.execute(select(Block.blocker_id, Block.blocked_id).where(
        or_(Block.blocker_id == member.id, Block.blocked_id == member.id)))
    return {a if b == member.id else b for a, b in rows}


def _visible_messages(room: Room, viewer: User):
    query = select(ChatMessage).where(ChatMessage.room_id == room.id,
                                      ChatMessage.removed_at.is_(None),
                                      ChatMessage.status == "published")
    hidden = blocked_with(viewer)
    if hidden:
        query = query.where(or_(ChatMessage.author_id.is_(None),
                                ChatMessage.author_id.not_in(hidden)))
    return query


def _check_id(value, field: str, lowest: int = 1) -> int | None:
    """A message id from a payload: a whole number a row could have (from `lowest`, which is 0
    for "after": nothing seen yet), so the database is never asked about 2**70."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= MAX_ID:
        raise ValidationError(f"'{field}' must be a message id: a whole number from {lowest} "
                              f"to {MAX_ID}.", field)
    return value


def history(room: Room, viewer: User, before=None, limit=HISTORY_LIMIT) -> list[ChatMessage]:
    """The latest messages (before an id, for scrolling back), oldest first."""
    before = _check_id(before, "before")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= HISTORY_MAX:
        raise ValidationError(f"'limit' must be from 1 to {HISTORY_MAX}.", "limit")
    query = _visible_messages(room, viewer)
    if before is not None:
        query = query.where(ChatMessage.id < before)
    rows = db.session.scalars(query.order_by(ChatMessage.id.desc()).limit(limit)).all()
    return list(reversed(rows))


def catch_up(room: Room, viewer: User, after) -> list[ChatMessage]:
    """Every message after an id (a reconnecting member's gap), oldest first."""
    after = _check_id(after, "after", lowest=0)
    if after is None:
        raise ValidationError("'after' must be the id of the last message you saw.", "after")
    query = _visible_messages(room, viewer).where(ChatMessage.id > after)
    return list(db.session.scalars(query.order_by(ChatMessage.id).limit(1000)))


def get_message_or_404(message_id, viewer: User) -> ChatMessage:
    """A message the viewer may see (not removed, not from a blocked member), else NotFound."""
    message_id = _check_id(message_id, "id")
    message = db.session.get(ChatMessage, message_id) if message_id is not None else None
    if message is None or message.removed_at is not None or message.status != "published" or \
            message.author_id in blocked_with(viewer):
        raise NotFound()
    return message


def remove_message(message: ChatMessage, actor: User) -> ChatMessage:
    """A moderator or facilitator removes a message; it disappears from every open client."""
    if not can_moderate_room(actor, message.room):
        raise Forbidden("Only moderators and this meeting's facilitators can remove messages.")
    message.removed_at, message.removed_by_id = utcnow(), actor.id
    record_room_removal(message, actor)
    db.session.commit()
    socketio.emit("message_removed", {"id": message.id, "room": message.room.slug},
                  to=room_channel(message.room), namespace=NAMESPACE)
    return message


def flag_message(message: ChatMessage, reporter: User, reason, note=None):
    """Report a message to the moderators' queue, keeping a snapshot of it as it is now."""
    return flag_content(message, reporter, reason, note)


def room_state(room: Room) -> dict:
    """What every member in the room should know about it right now."""
    upcoming = next_meeting(room)
    return {"room": room.slug, "locked": room.locked, "slow_mode_seconds": room.slow_mode_seconds,
            "in_session": meeting_in_session(room),
            "next_meeting": upcoming.isoformat() if upcoming and room.kind == "meeting" else None}


def broadcast_room_state(room: Room) -> None:
    """Tell every open client in the room about a lock or slow-mode change."""
    socketio.emit("room_state", room_state(room), to=room_channel(room), namespace=NAMESPACE)


def notify_member(user: User, code: str, message: str, **extra) -> None:
    """A private notice to every open connection of one member."""
    socketio.emit("notice", {"code": code, "message": message, **extra}, to=f"user:{user.id}",
                  namespace=NAMESPACE)
