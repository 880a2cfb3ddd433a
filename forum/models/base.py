"""Column helpers shared by every model, and what an id can be."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

# Ids are 32-bit integers in every database the forum runs on; a bigger number is no id at all.
MAX_ID = 2**31 - 1


def database_id(value: int) -> int | None:
    """The value if a row could have it as its id, else None (so the database never overflows)."""
    return value if 1 <= value <= MAX_ID else None


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A DateTime stored as UTC that always comes back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


class Listed:
    """Columns of a place members find by its slug and see listed in order: a board or a room."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    slug: Mapped[str] = mapped_column(String(64), unique=True, sort_order=-1)
    name: Mapped[str] = mapped_column(String(100), sort_order=-1)
    description: Mapped[str] = mapped_column(String(500), default="", sort_order=-1)
    position: Mapped[int] = mapped_column(default=0)
