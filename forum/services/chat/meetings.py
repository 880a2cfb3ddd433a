"""Meeting rooms' weekly timetables: when a meeting is in session, and when the next one starts.
All times are UTC; an open room (kind "open") is always in session."""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from forum.models import Room
from forum.models.base import utcnow

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
