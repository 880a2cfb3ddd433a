"""Peer mentoring: what a mentor offers, members' requests for a mentor, and the private
conversation of a mentor and a mentee (the only private messaging there is)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import UTCDateTime, utcnow


class MentorProfile(db.Model):
    """What a mentor offers, in their words, and how many mentees they take at once."""

    __tablename__ = "mentor_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    offer: Mapped[str] = mapped_column(String(1000), default="")
    max_mentees: Mapped[int] = mapped_column(default=2)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MentorRequest(db.Model):
    """A member asks for a mentor: open until one mentor accepts it (or the member withdraws).
    A member has at most one open request (a partial unique index)."""

    __tablename__ = "mentor_requests"
    __table_args__ = (Index("uq_mentor_requests_open", "member_id", unique=True,
                            sqlite_where=text("status = 'open'"),
                            postgresql_where=text("status = 'open'")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|accepted|withdrawn
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Conversation(db.Model):
    """The private conversation of a mentor and their mentee; either may end it. A member has
    at most one conversation not ended as a mentee (a partial unique index)."""

    __tablename__ = "mentor_conversations"
    __table_args__ = (Index("uq_mentor_conversations_active_mentee", "mentee_id", unique=True,
                            sqlite_where=text("ended_at IS NULL"),
                            postgresql_where=text("ended_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    mentee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentor_requests.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentor: Mapped[User | None] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[User | None] = relationship(foreign_keys=[mentee_id])


class ConversationMessage(db.Model):
    """A message of a mentor conversation: screened like chat; moderators see it only once one
    of the pair reports it (reported_at)."""

    __tablename__ = "mentor_messages"
    __table_args__ = (Index("ix_mentor_messages_conversation_id", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_conversations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # published, or hidden once a moderator removed it after a report.
    status: Mapped[str] = mapped_column(String(16), default="published")

    conversation: Mapped[Conversation] = relationship()
    author: Mapped[User | None] = relationship()
