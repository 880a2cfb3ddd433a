"""Recovery tools and personal boundaries: a member's recovery date, their daily check-ins (one
shared thread a day), and the threads and boards they muted."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow


class RecoveryRecord(db.Model):
    """A member's recovery date, private unless they show the badge. `days_before` keeps the
    days of earlier streaks, so starting again never erases the total."""

    __tablename__ = "recovery_records"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    streak_start: Mapped[date] = mapped_column(Date)
    days_before: Mapped[int] = mapped_column(default=0)
    # An IANA zone name ("Europe/London"): the member's day turns at their own midnight.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    show_badge: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CheckinDay(db.Model):
    """The one check-in thread of a calendar day; the unique day keeps two processes from
    opening two."""

    __tablename__ = "checkin_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Checkin(db.Model):
    """One member's "staying sober today" on one of their days, and the post it made."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThreadMute(db.Model):
    """A member no longer wants to hear from this thread."""

    __tablename__ = "thread_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BoardMute(db.Model):
    """A member no longer wants to hear from this board."""

    __tablename__ = "board_mutes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"),
                                          primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
