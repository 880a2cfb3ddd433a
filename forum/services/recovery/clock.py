"""What time it is, and which day it is for a member.

The clock is injectable: an app configured with CLOCK (a function answering an aware datetime)
uses it instead of the machine's, so tests freeze "now" rather than sleep.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_app_context

from forum.models.base import utcnow
from forum.services import ValidationError

DEFAULT_ZONE = "UTC"


def now() -> datetime:
    """The current time, timezone-aware: the app's CLOCK if it has one, else the machine's."""
    clock = current_app.config.get("CLOCK") if has_app_context() else None
    return clock() if clock is not None else utcnow()


def check_time_zone(value) -> str:
    """An IANA time zone name ("Europe/London"), or a ValidationError."""
    if not isinstance(value, str) or not value or len(value) > 64 or \
            value not in _zone_names():
        raise ValidationError("Choose a time zone by its name, such as Europe/London or "
                              "America/Chicago.", "time_zone", "unknown_time_zone")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("That time zone isn't one we know.", "time_zone",
                              "unknown_time_zone") from None
    return value


def _zone_names() -> set[str]:
    """Every IANA zone name this machine knows (read once)."""
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


_ZONES: set[str] = set()


def zone_names() -> list[str]:
    """The zone names, sorted, for a form's choices."""
    return sorted(_zone_names())


def today_in(zone: str, at: datetime | None = None) -> date:
    """The calendar date in this zone at that moment (now by default): the day turns at the
    zone's own midnight."""
    return (at or now()).astimezone(ZoneInfo(zone)).date()
