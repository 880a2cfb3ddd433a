"""Chat rooms: finding them, meeting timetables, and what moderators do to a room."""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import ChatMessage, Role, Room, RoomMute, User
from forum.models.base import utcnow
from forum.permissions import can_moderate_room, has_role
from forum.services import Forbidden, NotFound, ValidationError, live
from forum.services.accounts.handles import find_user
from forum.visibility import can_view_room, visible_rooms

SLOW_MODE_MAX = 300
MUTE_MAX_MINUTES = 7 * 24 * 60
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Slot:
    """One weekly meeting time, in UTC."""

    weekday: int
    start: str  # "HH:MM"
    minutes: int

    def describe(self) -> str:
        """E.g. "Wednesday 19:00-20:00 UTC"."""
        hour, minute = map(int, self.start.split(":"))
        end = (datetime(2000, 1, 1, hour, minute) + timedelta(minutes=self.minutes)).strftime("%H:%M")
        return f"{WEEKDAYS[self.weekday]} {self.start}-{end} UTC"


def list_rooms(viewer: User | None) -> list[Room]:
    """The rooms the viewer may see, in the order the forum lists them."""
    return list(db.session.scalars(select(Room).where(visible_rooms(viewer))
                                   .order_by(Room.position, Room.id)))


def _room_by_slug(slug) -> Room | None:
    if not isinstance(slug, str) or not slug:
        raise ValidationError("Please name a room.", "room", "unknown_room")
    return db.session.scalar(select(Room).where(Room.slug == slug))


def get_room_or_404(slug, viewer: User | None) -> Room:
    """The room with this slug if the viewer may see it; NotFound otherwise, alike for both
    (a slug that isn't text is a ValidationError)."""
    room = _room_by_slug(slug)
    if room is None or not can_view_room(viewer, room):
        raise NotFound()
    return room


def timetable(room: Room) -> list[Slot]:
    """The room's weekly meeting slots (empty for a room open all day)."""
    return [Slot(int(s["weekday"]), s["start"], int(s["minutes"]))
            for s in json.loads(room.schedule_json or "[]")]


def _occurrences(slot: Slot, now: datetime):
    """This week's and next week's start of a slot, as aware datetimes."""
    hour, minute = map(int, slot.start.split(":"))
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)
    for week in (-1, 0, 1):
        yield monday + timedelta(days=slot.weekday + 7 * week, hours=hour, minutes=minute)


def meeting_in_session(room: Room, now: datetime | None = None) -> bool:
    """True for an open room, or a meeting room during one of its slots."""
    if room.kind != "meeting":
        return True
    now = now or utcnow()
    return any(start <= now < start + timedelta(minutes=slot.minutes)
               for slot in timetable(room) for start in _occurrences(slot, now))


def next_meeting(room: Room, now: datetime | None = None) -> datetime | None:
    """When the room's next meeting starts (None for an open room)."""
    now = now or utcnow()
    starts = [start for slot in timetable(room) for start in _occurrences(slot, now) if start > now]
    return min(starts) if starts else None


def active_mute(room: Room, user: User) -> RoomMute | None:
    """The member's mute in this room, if one is still running."""
    return db.session.scalar(select(RoomMute).where(
        RoomMute.room_id == room.id, RoomMute.user_id == user.id, RoomMute.until > utcnow())
        .order_by(RoomMute.until.desc()).limit(1))


def _check_moderator(room: Room, actor: User) -> None:
    if not can_moderate_room(actor, room):
        raise Forbidden("Only moderators and this meeting's facilitators can do that.")


def _whole_number(value, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"'{field}' must be a whole number from {low} to {high}.", field)
    return value


def room_state(room: Room) -> dict:
    """What every member in the room should know about it right now."""
    upcoming = next_meeting(room)
    return {"room": room.slug, "locked": room.locked, "slow_mode_seconds": room.slow_mode_seconds,
            "in_session": meeting_in_session(room),
            "next_meeting": upcoming.isoformat() if upcoming and room.kind == "meeting" else None}


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


def mute_member(room: Room, actor: User, target: User, minutes) -> RoomMute:
    """Stop a member sending in this room for a while; they are told at once."""
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
    live.emit_on_commit("message_removed", {"id": message.id, "room": message.room.slug},
                        to=live.room_channel(message.room.slug))


def room_json(room: Room) -> dict:
    """A room as the API lists it."""
    upcoming = next_meeting(room)
    return {"slug": room.slug, "name": room.name, "description": room.description,
            "kind": room.kind, "locked": room.locked, "slow_mode_seconds": room.slow_mode_seconds,
            "timetable": [slot.describe() for slot in timetable(room)],
            "facilitators": [f.handle for f in room.facilitators],
            "in_session": meeting_in_session(room),
            "next_meeting": upcoming.isoformat() if upcoming else None}


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
