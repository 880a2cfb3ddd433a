"""Following, support reactions, and which posts have been announced to the people they concern.

- A follow row keeps a member's choice about a thread or board: `following` False means they
  stopped, so replying again does not quietly follow it once more.
- A reaction is one of a small fixed set, at most one of each kind per member per post.
- A post is announced (followers and mentioned members told, open thread pages updated) once,
  when it first becomes visible to everyone: held posts wait until a moderator publishes them,
  and edits or a later restore never announce again.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow

REACTION_KINDS = ("me-too", "strength", "congrats")


class ThreadFollow(db.Model):
    """A member's choice to hear about new replies in a thread (or to stop hearing)."""

    __tablename__ = "thread_follows"
    __table_args__ = (Index("ix_thread_follows_thread", "thread_id", "following"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           primary_key=True)
    following: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BoardFollow(db.Model):
    """A member's choice to hear about every new thread and reply in a board."""

    __tablename__ = "board_follows"
    __table_args__ = (Index("ix_board_follows_board", "board_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"),
                                          primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PostReaction(db.Model):
    """One member's support reaction to one post ("me-too", "strength" or "congrats")."""

    __tablename__ = "post_reactions"
    # One of each kind per member per post, also under a race (the database refuses the second).
    __table_args__ = (UniqueConstraint("post_id", "user_id", "kind",
                                       name="uq_post_reactions_post_member_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PostAnnouncement(db.Model):
    """The post was announced once it was visible: it never is again."""

    __tablename__ = "post_announcements"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
