"""Live chat: rooms (open all day, or scheduled meetings), their messages and mutes."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import Listed, UTCDateTime, utcnow


class Room(Listed, db.Model):
    """A chat room. A meeting room has a timetable and is read-only outside it."""

    __tablename__ = "chat_rooms"

    kind: Mapped[str] = mapped_column(String(16), default="open")  # "open" or "meeting"
    # JSON list of {"weekday": 0-6 (Monday 0), "start": "HH:MM", "minutes": N}, in UTC.
    schedule_json: Mapped[str] = mapped_column(Text, default="[]")
    locked: Mapped[bool] = mapped_column(default=False)
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)

    facilitators: Mapped[list[User]] = relationship(secondary="chat_room_facilitators")


class RoomFacilitator(db.Model):
    """A peer mentor who facilitates a meeting room."""

    __tablename__ = "chat_room_facilitators"

    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"),
                                         primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)


class ChatMessage(db.Model):
    """A message in a room: Markdown source and its sanitised HTML."""

    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_room_id_id", "room_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # published, or hidden by flags until a moderator decides; removal sets removed_at.
    status: Mapped[str] = mapped_column(String(16), default="published")
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    room: Mapped[Room] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class RoomMute(db.Model):
    """A member muted in one room until a time."""

    __tablename__ = "chat_room_mutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
