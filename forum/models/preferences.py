"""A member's own settings, one row each: which country's crisis lines they see.

Later settings (folded or hidden content-warning categories, a theme) become columns of this
same row, so GET and PUT /me/preferences keep reading and writing one place.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow


class MemberPreferences(db.Model):
    """What a member chose for themselves; a missing row means every default."""

    __tablename__ = "member_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    # ISO 3166-1 alpha-2, chosen by the member; never guessed from an address.
    country: Mapped[str | None] = mapped_column(String(2))
    # The member page lists recent posts only if the member asks: an activity trail can
    # identify someone, so it is off by default.
    show_recent_posts: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Content-warning category ids (services.recovery.warnings): None means the default (every
    # category folded, none hidden).
    folded_warnings: Mapped[list | None] = mapped_column(JSON)
    hidden_warnings: Mapped[list | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
