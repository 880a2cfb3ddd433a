"""Moderation: boundary rules, flags, one review item per target with its history, and the
notifications that tell members what happened."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import UTCDateTime, utcnow


class Rule(db.Model):
    """A boundary rule checked on submit: a pattern, the boundary it protects, and its action."""

    __tablename__ = "moderation_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    boundary: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    pattern: Mapped[str] = mapped_column(Text)  # a regular expression, matched case-insensitively
    # For posts and threads: hold | require_warning | refuse | report | crisis
    action: Mapped[str] = mapped_column(String(16))
    # For chat messages, which cannot wait for review: mask | refuse | report | crisis | none
    chat_action: Mapped[str] = mapped_column(String(16), default="report")
    new_accounts_only: Mapped[bool] = mapped_column(default=False)
    enabled: Mapped[bool] = mapped_column(default=True)
    explanation: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)


class ModerationItem(db.Model):
    """One review item per piece of content: re-opened, never duplicated."""

    __tablename__ = "moderation_items"
    __table_args__ = (UniqueConstraint("target_type", "target_id"),
                      Index("ix_moderation_items_queue", "status", "priority", "opened_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(16))  # thread | post | message
    target_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | resolved
    priority: Mapped[int] = mapped_column(default=2)  # 0 urgent (crisis), 1 held, 2 flagged
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("chat_rooms.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(32))
    resolution_boundary: Mapped[str | None] = mapped_column(String(32))
    # An appeal is decided by someone other than the moderator who removed the content.
    excluded_moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    appealed: Mapped[bool] = mapped_column(default=False)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    events: Mapped[list["ModerationEvent"]] = relationship(
        back_populates="item", order_by="ModerationEvent.id")


class ModerationEvent(db.Model):
    """An append-only line of an item's history: a flag, a hold, an act, an appeal."""

    __tablename__ = "moderation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"),
                                         index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    boundary: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[ModerationItem] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Flag(db.Model):
    """A member's report of a thread, post or chat message: one per member per target."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("target_type", "target_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column()
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                    index=True)
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))
    item_id: Mapped[int] = mapped_column(ForeignKey("moderation_items.id", ondelete="CASCADE"),
                                         index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Notification(db.Model):
    """A private message from the forum to one member: a reply, a hold, a removal, an outcome."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(1000))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Crisis help stays beside the post or in the chat stream until the member puts it away.
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
