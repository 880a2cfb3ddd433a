"""What can stop a member sending in chat before the text is read: the per-member rate limits
on sending and joining, and a room's slow mode."""
from datetime import timedelta

from flask import current_app
from limits import parse
from sqlalchemy import select

from forum.extensions import db
from forum.models import ChatMessage, Room, User
from forum.models.base import utcnow
from forum.outages import DegradingLimiter, redis_outage
from forum.permissions import can_moderate_room
from forum.services import ValidationError


class ChatRefused(ValidationError):
    """A message that may not be sent now; `extra` says when it may (retry_after, until)."""

    def __init__(self, message: str, code: str, **extra):
        super().__init__(message, "body", code)
        self.extra = extra


def _rate_limiter():
    """The per-app moving-window limiter for chat, on the rate-limit storage; while Redis is
    away it counts in this process's memory (forum/outages.py)."""
    ext = current_app.extensions
    if "forum_chat_limiter" not in ext:
        ext["forum_chat_limiter"] = DegradingLimiter(
            current_app.config["RATELIMIT_STORAGE_URI"], redis_outage(current_app),
            **current_app.config.get("RATELIMIT_STORAGE_OPTIONS", {}))
    return ext["forum_chat_limiter"]


def _wait_for(member: User, setting: str, action: str) -> int | None:
    """Count one `action` of the member against the configured limit; the seconds until they
    may again when it is reached, else None."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return None
    count, seconds = current_app.config[setting]
    limit = parse(f"{count} per {seconds} seconds")
    limiter = _rate_limiter()
    key = (current_app.config["REDIS_KEY_PREFIX"], action, str(member.id))
    if limiter.hit(limit, *key):
        return None
    reset_at = limiter.get_window_stats(limit, *key).reset_time
    return max(1, round(reset_at - utcnow().timestamp()))


def check_send_rate(member: User) -> None:
    """A member sends at most CHAT_SEND_LIMIT messages a window, checked before the text is read."""
    wait = _wait_for(member, "CHAT_SEND_LIMIT", "chat-send")
    if wait is not None:
        raise ChatRefused(f"You're sending quickly. You can send again in {wait} seconds.",
                          "rate_limited", retry_after=wait)


def check_join_rate(member: User) -> None:
    """Joining is limited per member too: every join is broadcast to the room (presence)."""
    wait = _wait_for(member, "CHAT_JOIN_LIMIT", "chat-join")
    if wait is not None:
        raise ChatRefused(f"You're moving between rooms quickly. You can join again in {wait} "
                          "seconds.", "rate_limited", retry_after=wait)


def check_slow_mode(room: Room, member: User) -> None:
    """In slow mode a member waits between messages (moderators and facilitators never do)."""
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
