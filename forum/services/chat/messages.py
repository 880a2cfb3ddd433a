"""Chat messages: check, store, and tell the room once stored; history, catch-up, removal and
flags."""
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import ChatMessage, Room, User
from forum.models.base import utcnow
from forum.models.base import MAX_ID
from forum.normalize import clean_stored
from forum.permissions import can_enter_room, can_moderate_room, can_post, is_sanctioned
from forum.sanitize import render_message
from forum.services import Forbidden, NotFound, ValidationError, live
from forum.services.chat.limits import ChatRefused, check_send_rate, check_slow_mode
from forum.services.chat.encoded import Encoded
from forum.services.chat.meetings import meeting_in_session, next_meeting
from forum.services.chat.rooms import announce_removal, muted_until
from forum.services.crisis import remember_crisis
from forum.services.freshness import CHAT, bump, note_write, remembered
from forum.services.moderation.flags import flag_content
from forum.services.moderation.items import needs_review, record_room_removal
from forum.services.presence import presence
from forum.services.screening.assess import (LINES_BEFORE, LINES_WITHIN, Assessment, assess,
                                             assess_with_lines_before)
from forum.services.screening.verdicts import findings_note, review_priority
from forum.services.shapes import message_row_json, notice_json
from forum.visibility import blocked_with, can_view_message, visible_messages

MESSAGE_MAX = 2_000
HISTORY_LIMIT = 50
HISTORY_MAX = 200


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
    until = muted_until(room, member)
    if until is not None:
        raise ChatRefused(f"You are muted in this room until {until:%H:%M} UTC.", "muted",
                          until=until.isoformat())
    check_send_rate(member)  # before any work on the text, so a flood is refused cheaply
    if not isinstance(body, str) or not body.strip():
        raise ValidationError("Please write a message first.", "body", "required")
    if len(body) > MESSAGE_MAX:
        raise ValidationError(f"A message can be at most {MESSAGE_MAX:,} characters.", "body",
                              "too_long")
    as_written = render_message(body)  # the screening reads its links; usually also stored
    verdict = assess(body, member, channel="message", rendered_html=as_written)
    if verdict.crisis_lean:
        assess_with_lines_before(verdict, _lines_before(room, member), body)
    if verdict.refuse is not None:
        raise ChatRefused(verdict.refuse.explanation, "refused", boundary=verdict.refuse.boundary)
    check_slow_mode(room, member)
    text = clean_stored((verdict.masked_text or body).replace("\x00", ""))
    html = as_written if text == body else render_message(text)
    if not html:
        raise ValidationError("Please write a message first.", "body", "required")
    return text, html, verdict


def _lines_before(room: Room, member: User) -> list[str]:
    """The member's few last lines in the room, sent in the last minutes and not removed,
    oldest first (read only for a line that leans towards a crisis: one statement)."""
    rows = db.session.scalars(
        select(ChatMessage.body_source)
        .where(ChatMessage.room_id == room.id, ChatMessage.author_id == member.id,
               ChatMessage.created_at >= utcnow() - LINES_WITHIN,
               ChatMessage.removed_at.is_(None))
        .order_by(ChatMessage.id.desc()).limit(LINES_BEFORE)).all()
    return list(reversed(rows))


@dataclass(frozen=True)
class Sent:
    """A stored message as the room heard it (MESSAGE), and what its author must see now
    (crisis help, masked details)."""

    message: dict
    notice: dict | None


MASKED = {"code": "masked", "message": "We hid contact details in your message: contact stays "
          "on the forum, for everyone's safety."}


def send_message(room: Room, member: User, body) -> Sent:
    """Store a message; once committed the room hears it (never before). Crisis language is
    sent like any message, and the author is answered with resources. The room and the member
    are only read (their columns, the room's facilitators), so they may be detached readings
    held between events."""
    text, html, verdict = check_send(room, member, body)
    if verdict.reasons() or verdict.crisis:
        return _send_with_care(room, member, text, html, verdict)
    # The usual message (nothing for the moderators, no help to offer): stored and committed
    # in one statement on a connection of its own, past the session's unit of work and its
    # commit hooks, then heard by the room; its author is answered with the same MESSAGE.
    stored = _store_committed(room, member, text, html)
    shown = message_row_json(stored, room.slug)
    live.emit_committed("message", shown, to=live.room_channel(room.slug),
                        skip_sids=presence().sids_of(room.slug, _blocks_of(member)))
    if verdict.masked_text is not None:
        live.emit_committed("notice", MASKED, to=live.member_channel(member.id))
        return Sent(shown, MASKED)
    return Sent(shown, None)


def _send_with_care(room: Room, member: User, text: str, html: str,
                    verdict: Assessment) -> Sent:
    """A message the rules have something to say about: stored in the session's transaction
    with its review item or the author's crisis help, so that all of it commits together.
    The member and room may be held readings (chat/identity.py): the session gets its copies."""
    room, member = db.session.merge(room, load=False), db.session.merge(member, load=False)
    stored = _store(room, member, text, html)
    # The room and the author's answer share one MESSAGE, made from what was written: nothing
    # is read back, before the commit or after it.
    shown = message_row_json(stored, room.slug)
    live.emit_on_commit("message", shown, to=live.room_channel(room.slug),
                        skip_sids=presence().sids_of(room.slug, _blocks_of(member)))
    care = _review(stored.id, member, verdict)
    if care is None and verdict.masked_text is not None:
        live.emit_on_commit("notice", MASKED, to=live.member_channel(member.id))
    db.session.commit()
    if care is not None:  # the crisis help, read back with its id after the commit
        return Sent(shown, notice_json(care))
    return Sent(shown, MASKED if verdict.masked_text is not None else None)


class _Stored(NamedTuple):
    """A message just written, as message_row_json reads it."""

    id: int
    handle: str
    body_html: str
    created_at: datetime


_MESSAGES = ChatMessage.__table__
# Built once, run on the session's own connection (inside its transaction, committed with it)
# past the ORM: a row nobody reads back needs no unit of work.
_INSERT = insert(_MESSAGES).values(
    room_id=bindparam("room_id"), author_id=bindparam("author_id"),
    body_source=bindparam("body_source"), body_html=bindparam("body_html"),
    created_at=bindparam("created_at")).returning(_MESSAGES.c.id)


def _store(room: Room, member: User, text: str, html: str) -> _Stored:
    """Insert the message with one prebuilt statement; freshness is told of the write to
    chat_messages (the room's shared history is read again)."""
    created_at = utcnow()
    message_id = db.session.connection().execute(_INSERT, {
        "room_id": room.id, "author_id": member.id, "body_source": text, "body_html": html,
        "created_at": created_at}).scalar_one()
    note_write(db.session, _MESSAGES.name)
    return _Stored(message_id, member.handle, html, created_at)


def _store_committed(room: Room, member: User, text: str, html: str) -> _Stored:
    """Insert the message and commit it at once, on a connection of its own (the engine's:
    the same statement, events and cooperative waits as the session's, without its unit of
    work); then freshness is told of the write to chat_messages (the room's shared history is
    read again), as a session's commit would tell it."""
    created_at = utcnow()
    with db.engine.begin() as connection:
        message_id = connection.execute(_INSERT, {
            "room_id": room.id, "author_id": member.id, "body_source": text, "body_html": html,
            "created_at": created_at}).scalar_one()
    bump(CHAT)
    return _Stored(message_id, member.handle, html, created_at)


def _review(message_id: int, member: User, verdict: Assessment):
    """Open the review item the verdict asks for; keep crisis help for the author (its card
    stays in their stream until dismissed). Answers that help, or None."""
    message = db.session.get(ChatMessage, message_id)
    if verdict.reasons():
        item = needs_review("message", message, verdict.reasons(), review_priority(verdict),
                            "rule", note=findings_note(verdict))
        item.snapshot = {**item.snapshot, "screening": [f.as_json() for f in verdict.findings],
                         "crisis_tier": verdict.crisis_tier}
    return remember_crisis(member, "message", message, verdict) if verdict.crisis else None


def _blocks_of(member: User) -> frozenset[int]:
    """blocked_with, read once per freshness generation (a block is a write that starts one):
    every message and every join asks it."""
    return remembered(("chat-blocks", member.id), lambda: frozenset(blocked_with(member)))


def _visible_messages(room: Room, viewer: User):
    # Authors in one query beside the messages (not one each as message_json reads them); the
    # room is the one in hand, already in the session.
    return (select(ChatMessage).where(ChatMessage.room_id == room.id, visible_messages(viewer))
            .options(selectinload(ChatMessage.author)))


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


def history_json(room: Room, viewer: User) -> list[dict]:
    """The latest HISTORY_LIMIT messages as MESSAGE objects, oldest first (what every join
    answers: the cost of joining a busy room). The room's list is read once and shared by every
    member who joins until a message is written (sent, removed, hidden; the CHAT generation) or
    anything shown changes (a handle); a member with blocks gets their own reading. The caller
    may see the room (get_room_or_404), so every member without blocks sees the same list."""
    if _blocks_of(viewer):
        return _history_json(room, viewer)
    return list(remembered(("chat-history", room.id), lambda: _history_json(room, viewer),
                           topic=CHAT))


def history_encoded(room: Room, viewer: User) -> Encoded:
    """history_json encoded for the socket once: shared, like the list, by every member without
    blocks who joins until the next chat message is written."""
    if _blocks_of(viewer):
        return Encoded(_history_json(room, viewer))
    return remembered(("chat-history-encoded", room.id),
                      lambda: Encoded(history_json(room, viewer)), topic=CHAT)


def _history_json(room: Room, viewer: User) -> list[dict]:
    """The latest messages the viewer may see, in one narrow query."""
    rows = db.session.execute(
        select(ChatMessage.id, User.handle, ChatMessage.body_html, ChatMessage.created_at)
        .outerjoin(User, User.id == ChatMessage.author_id)
        .where(ChatMessage.room_id == room.id, visible_messages(viewer))
        .order_by(ChatMessage.id.desc()).limit(HISTORY_LIMIT)).all()
    return [message_row_json(row, room.slug) for row in reversed(rows)]


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
    if message is None or not can_view_message(viewer, message):
        raise NotFound()
    return message


def remove_message(message: ChatMessage, actor: User) -> ChatMessage:
    """A moderator or facilitator removes a message; it disappears from every open client."""
    if not can_moderate_room(actor, message.room):
        raise Forbidden("Only moderators and this meeting's facilitators can remove messages.")
    message.removed_at, message.removed_by_id = utcnow(), actor.id
    record_room_removal(message, actor)
    announce_removal(message)
    db.session.commit()
    return message


def flag_message(message: ChatMessage, reporter: User, reason, note=None):
    """Report a message to the moderators' queue, keeping a snapshot of it as it is now."""
    return flag_content(message, reporter, reason, note)
