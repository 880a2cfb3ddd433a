"""Restricted spaces (a board, and optionally its chat room, for its members only), their
members and moderators, and members' requests to join."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import UTCDateTime, utcnow
from forum.models.boards import Board
from forum.models.chat import Room


class Space(db.Model):
    """A restricted board (and room): to everyone but its members and moderators it does not
    exist. Its slug, name and description are the board's."""

    __tablename__ = "spaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), unique=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("chat_rooms.id", ondelete="SET NULL"),
                                                unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    board: Mapped[Board] = relationship()
    room: Mapped[Room | None] = relationship()


class SpaceMember(db.Model):
    """A member of a space; `role` is "member" or "moderator" (the space's own moderators)."""

    __tablename__ = "space_members"

    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), default="member")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JoinRequest(db.Model):
    """A member's request to join a space: pending, then approved or declined with a reason.
    A member has at most one pending request per space (a partial unique index)."""

    __tablename__ = "space_join_requests"
    __table_args__ = (Index("uq_space_join_requests_pending", "space_id", "user_id", unique=True,
                            sqlite_where=text("status = 'pending'"),
                            postgresql_where=text("status = 'pending'")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    space: Mapped[Space] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
