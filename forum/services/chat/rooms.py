"""Chat rooms: finding them, and what moderators and facilitators do to a room."""
from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import ChatMessage, Role, Room, RoomMute, Space, User
from forum.models.base import utcnow
from forum.permissions import can_enter_room, can_moderate_room, has_role
from forum.services import Forbidden, NotFound, ValidationError, live
from forum.services.accounts.handles import find_user
from forum.services.chat.limits import check_join_rate
from forum.services.chat.presence_updates import presence_updates
from forum.services.freshness import remembered, remembered_for_access
from forum.services.presence import presence
from forum.services.shapes import removed_message_json, room_state
from forum.visibility import can_view_room, visible_rooms

SLOW_MODE_MAX = 300
MUTE_MAX_MINUTES = 7 * 24 * 60


def list_rooms(viewer: User | None) -> list[Room]:
    """The rooms the viewer may see, in the order the forum lists them."""
    return list(db.session.scalars(select(Room).where(visible_rooms(viewer))
                                   .order_by(Room.position, Room.id)))


def _room_by_slug(slug) -> Room | None:
    if not isinstance(slug, str) or not slug:
        raise ValidationError("Please name a room.", "room", "unknown_room")
    return db.session.scalar(select(Room).where(Room.slug == slug))


# Asked by every chat event: built once (bound parameters), so each call only runs them.
_ROOM_AND_SPACE = select(Room, Space).outerjoin(Space, Space.room_id == Room.id).where(
    Room.slug == bindparam("slug")).options(selectinload(Room.facilitators))
_LAST_MUTE = select(func.max(RoomMute.until)).where(
    RoomMute.room_id == bindparam("room_id"), RoomMute.user_id == bindparam("user_id"))


def get_room_or_404(slug, viewer: User | None, attach: bool = True) -> Room:
    """The room with this slug if the viewer may see it; NotFound otherwise, alike for both
    (a slug that isn't text is a ValidationError). Every chat event asks it, so the room, its
    facilitators and its space are read once per freshness generation (any write to a room, a
    space or a member starts a new one) and put into each event's session without a query
    (attach=False: the held room itself, to read, never to change: see current_member)."""
    if not isinstance(slug, str) or not slug:
        raise ValidationError("Please name a room.", "room", "unknown_room")
    found = remembered(("chat-room", slug), lambda: _read_room(slug))
    if found is None or not can_view_room(viewer, *found):
        raise NotFound()
    return db.session.merge(found[0], load=False) if attach else found[0]


def _read_room(slug: str) -> tuple[Room, Space | None] | None:
    """The room (its facilitators loaded) and its space, read in a session of their own and
    detached from it, so that they can be held: never changed while held (a writer changes the
    copy merged into its own session), never expired by the event's commit."""
    with db.session.session_factory() as own:
        found = own.execute(_ROOM_AND_SPACE, {"slug": slug}).first()
        return None if found is None else (found.Room, found.Space)


def check_entry(room: Room, member: User) -> None:
    """Refuse a member who may not enter the room (Forbidden) or who moves between rooms too
    fast (ChatRefused rate_limited)."""
    if not can_enter_room(member, room):
        raise Forbidden("You can't enter this room.")
    check_join_rate(member)


def arrive(room: Room, member: User, sid: str) -> list[str]:
    """This connection is in the room now: answer who is present (the joining member's one
    snapshot); the others hear of the arrival in the room's next coalesced update."""
    presence().join(room.slug, sid, member.id, member.handle)
    presence_updates().note(room.slug, member.handle, joined=True)
    return presence().present(room.slug)


def depart(slug: str, sid: str) -> None:
    """This connection left the room; the others hear of it in the room's next update."""
    handle = presence().leave(slug, sid)
    if handle is not None:
        presence_updates().note(slug, handle, joined=False)


def muted_until(room: Room, user: User):
    """When the member's mute in this room ends, if one is still running, else None. The end
    of their latest mute is read once while their access number stands (a new mute bumps it)."""
    until = remembered_for_access(user.id, ("chat-mute", room.id), lambda: db.session.scalar(
        _LAST_MUTE, {"room_id": room.id, "user_id": user.id}))
    return until if until is not None and until > utcnow() else None


def _check_moderator(room: Room, actor: User) -> None:
    if not can_moderate_room(actor, room):
        raise Forbidden("Only moderators and this meeting's facilitators can do that.")


def _whole_number(value, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"'{field}' must be a whole number from {low} to {high}.", field)
    return value


def _announce_state(room: Room) -> None:
    live.emit_on_commit("room_state", room_state(room), to=live.room_channel(room.slug))


def set_slow_mode(room: Room, actor: User, seconds) -> Room:
    """Let each member send one message per `seconds` in the room (0 turns it off); every open
    window in the room hears of it."""
    _check_moderator(room, actor)
    room.slow_mode_seconds = _whole_number(seconds, "seconds", 0, SLOW_MODE_MAX)
    _announce_state(room)
    db.session.commit()
    return room


def set_locked(room: Room, actor: User, locked) -> Room:
    """Lock the room (only moderators and facilitators may send) or open it again; every open
    window in the room hears of it."""
    _check_moderator(room, actor)
    if not isinstance(locked, bool):
        raise ValidationError("'locked' must be true or false.", "locked")
    room.locked = locked
    _announce_state(room)
    db.session.commit()
    return room


def mute_member(room: Room, actor: User, handle, minutes) -> RoomMute:
    """Stop a member (by handle) sending in this room for a while; they are told at once."""
    target = find_user(handle)
    if target is None:
        raise NotFound()
    _check_moderator(room, actor)
    minutes = _whole_number(minutes, "minutes", 1, MUTE_MAX_MINUTES)
    if can_moderate_room(target, room):
        raise Forbidden("Moderators and facilitators can't be muted in their room.")
    mute = RoomMute(room_id=room.id, user_id=target.id, created_by_id=actor.id,
                    until=utcnow() + timedelta(minutes=minutes))
    db.session.add(mute)
    live.emit_on_commit("notice", {"code": "muted", "message": f"A moderator muted you in "
                                   f"{room.name} until {mute.until:%H:%M} UTC.",
                                   "room": room.slug, "until": mute.until.isoformat()},
                        to=live.member_channel(target.id))
    db.session.commit()
    return mute


def announce_removal(message: ChatMessage) -> None:
    """Once the transaction commits, the message disappears from every open window in its room."""
    live.emit_on_commit("message_removed", removed_message_json(message),
                        to=live.room_channel(message.room.slug))


def set_facilitator(slug: str, handle: str, facilitates: bool = True) -> Room:
    """Name a peer mentor as a facilitator of a meeting room, or stop them facilitating it (the
    command line's operator, who sees every room)."""
    room = _room_by_slug(slug)
    if room is None:
        raise NotFound()
    member = find_user(handle)
    if member is None:
        raise ValidationError(f"No member has the handle {handle!r}.", "handle")
    if facilitates and not has_role(member, Role.MENTOR):
        raise ValidationError("Facilitators are peer mentors: give the member the mentor role "
                              "first (forum users set-role HANDLE mentor).", "handle")
    if facilitates and member not in room.facilitators:
        room.facilitators.append(member)
    elif not facilitates and member in room.facilitators:
        room.facilitators.remove(member)
    db.session.commit()
    return room
