"""A member's recovery date: the current streak, the total days in recovery (earlier streaks
kept when they start again), milestones and the opt-in badge.

Days are counted in the member's own time zone, so a day turns at their midnight: on the
recovery date itself the streak is 0 days, the next morning 1 day. Starting again adds the
streak so far to `days_before` and starts the streak on the new date, quietly.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import RecoveryRecord, User
from forum.services import Conflict, ValidationError
from forum.services.freshness import remembered
from forum.services.recovery.clock import DEFAULT_ZONE, check_time_zone, today_in

EARLIEST = date(1900, 1, 1)
MILESTONE_DAYS = (1, 7, 30, 60, 90, 180)  # then 1 year, and every year after
RESTARTED = ("Starting again takes courage, and you're not starting from nothing: your {total} "
             "in recovery stay with you. Your new streak begins {when}. Be kind to yourself "
             "today.")


@dataclass(frozen=True)
class Milestone:
    """A day worth celebrating: its label ("30 days", "2 years") and date."""

    label: str
    on: date
    days: int


@dataclass(frozen=True)
class Recovery:
    """Where a member is today: their streak, their total and what comes next."""

    start: date
    streak_days: int
    total_days: int
    show_badge: bool
    time_zone: str
    today: date
    next_milestone: Milestone
    milestone_today: Milestone | None


def plural(count: int, word: str) -> str:
    """'1 day', '2 days'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def anniversary(start: date, years: int) -> date:
    """The date `years` years after start; a 29 February start has its anniversary on the 28th
    in years without one."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)


def milestones_from(start: date):
    """Every milestone of a streak that began on `start`, in order (an endless generator)."""
    for days in MILESTONE_DAYS:
        yield Milestone(plural(days, "day"), start + timedelta(days=days), days)
    years = 1
    while True:
        on = anniversary(start, years)
        yield Milestone(plural(years, "year"), on, (on - start).days)
        years += 1


def milestone_on(start: date, today: date) -> Milestone | None:
    """The milestone falling on today, if one does."""
    for milestone in milestones_from(start):
        if milestone.on >= today:
            return milestone if milestone.on == today else None
    return None  # pragma: no cover (the generator is endless)


def next_milestone(start: date, today: date) -> Milestone:
    """The first milestone after today."""
    return next(m for m in milestones_from(start) if m.on > today)


def whole_years(start: date, today: date) -> int:
    """How many anniversaries have come by today."""
    years = 0
    while anniversary(start, years + 1) <= today:
        years += 1
    return years


def record_of(member: User) -> RecoveryRecord | None:
    """The member's recovery record, or None if they never set a date."""
    return db.session.get(RecoveryRecord, member.id)


def recovery_of(member: User) -> Recovery | None:
    """Where the member is today, or None without a recovery date."""
    record = record_of(member)
    return _summary(record) if record is not None else None


def _summary(record: RecoveryRecord) -> Recovery:
    today = today_in(record.time_zone)
    start = min(record.streak_start, today)  # a zone moved west can put "today" before it
    streak = (today - start).days
    return Recovery(start, streak, record.days_before + streak, record.show_badge,
                    record.time_zone, today, next_milestone(start, today),
                    milestone_on(start, today))


def check_date(value, today: date, field: str = "date") -> date:
    """A date from a member: YYYY-MM-DD, not before 1900 and not after today."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValidationError("Please give the date as YYYY-MM-DD, for example 2024-03-01.",
                              field, "invalid_date")
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        raise ValidationError("That isn't a date on the calendar.", field,
                              "invalid_date") from None
    if chosen < EARLIEST:
        raise ValidationError("Please choose a date from 1900 on.", field, "invalid_date")
    if chosen > today:
        raise ValidationError("Your recovery date can be today or a day before, not one still "
                              "to come.", field, "future_date")
    return chosen


def _check_badge(value) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("'show_badge' is true or false.", "show_badge")
    return value


def set_recovery(member: User, data: dict) -> Recovery:
    """Set or change the recovery date ("date", always sent), whether the badge shows
    ("show_badge", unchanged when left out) and the member's time zone ("time_zone", unchanged
    when left out; UTC at first). Changing the date corrects the current streak; the days of
    earlier streaks stay."""
    record = record_of(member)
    zone = check_time_zone(data["time_zone"]) if data.get("time_zone") is not None else \
        (record.time_zone if record else DEFAULT_ZONE)
    if data.get("date") is None:
        raise ValidationError("Please give your recovery date (YYYY-MM-DD).", "date", "required")
    start = check_date(data["date"], today_in(zone))
    badge = _check_badge(data["show_badge"]) if data.get("show_badge") is not None else None
    if record is None:
        record = RecoveryRecord(user_id=member.id, streak_start=start, days_before=0,
                                time_zone=zone, show_badge=bool(badge))
        db.session.add(record)
    else:
        record.time_zone, record.streak_start = zone, start
        record.show_badge = record.show_badge if badge is None else badge
    db.session.commit()
    return _summary(record)


def start_again(member: User, value=None) -> tuple[Recovery, str]:
    """A quiet new start after a slip: the streak begins again on `value` (today by default)
    and its days so far join the total. Answers the new summary and a kind word."""
    record = record_of(member)
    if record is None:
        raise Conflict("You haven't set a recovery date yet, so there is nothing to start "
                       "again. You can set one whenever you're ready.", "no_recovery_date")
    today = today_in(record.time_zone)
    start = min(record.streak_start, today)
    new_start = check_date(value, today) if value is not None else today
    if new_start < start:
        raise ValidationError(f"Your current streak began on {start.isoformat()}; the new start "
                              "can be that day or later.", "date", "before_streak")
    record.days_before += (new_start - start).days
    record.streak_start = new_start
    db.session.commit()
    summary = _summary(record)
    when = "today" if new_start == today else f"on {new_start.isoformat()}"
    return summary, RESTARTED.format(total=plural(summary.total_days, "day"), when=when)


def forget_recovery(member: User) -> None:
    """Remove the member's recovery date altogether (their choice)."""
    record = record_of(member)
    if record is not None:
        db.session.delete(record)
        db.session.commit()


def badge_text(summary: Recovery) -> str | None:
    """"90 days" or "2 years" for a streak; None before its first full day."""
    years = whole_years(summary.start, summary.today)
    if years:
        return plural(years, "year")
    return plural(summary.streak_days, "day") if summary.streak_days else None


def recovery_badge(user: User | None) -> str | None:
    """The badge beside a member's handle, only if they chose to show it."""
    if user is None or getattr(user, "id", None) is None:
        return None
    record = db.session.get(RecoveryRecord, user.id)
    if record is None or not record.show_badge:
        return None
    return badge_text(_summary(record))


def badges_for(user_ids) -> dict[int, str]:
    """The shown badges of many members in one query: {user_id: "90 days"}. Remembered until
    the forum-wide generation moves (a recovery record is a shown table) and at most
    freshness.MEMO_SECONDS, so a badge's new day shows within a minute, as the thread page's
    shared list of posts (pagecache.shared_fragment) already does."""
    ids = frozenset(i for i in user_ids if i is not None)
    if not ids:
        return {}
    return dict(remembered(("badges", ids), lambda: _badges_now(ids)))


def _badges_now(ids) -> tuple:
    records = db.session.scalars(select(RecoveryRecord).where(
        RecoveryRecord.user_id.in_(ids), RecoveryRecord.show_badge.is_(True)))
    badges = ((r.user_id, badge_text(_summary(r))) for r in records)
    return tuple((user_id, text) for user_id, text in badges if text)
