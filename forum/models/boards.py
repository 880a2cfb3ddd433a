"""Boards, threads and posts. A thread's posts form a tree; every post knows its top-level root."""
import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.base import Listed, UTCDateTime, utcnow
from forum.sanitize import POST_RENDERER_VERSION


class PostStatus(str, enum.Enum):
    """Who may see a post: everyone, or only its author and moderators."""

    PUBLISHED = "published"
    PENDING = "pending"  # held for a moderator to review
    HIDDEN = "hidden"  # hidden by flags or a moderator until reviewed


class Board(Listed, db.Model):
    """A space for one way of recovering, or one kind of conversation."""

    __tablename__ = "boards"


class Thread(db.Model):
    """A conversation in a board, opened by its first post."""

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_board_activity", "board_id", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=PostStatus.PUBLISHED.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reply_count: Mapped[int] = mapped_column(default=0)
    locked: Mapped[bool] = mapped_column(default=False)

    board: Mapped[Board] = relationship()
    author: Mapped[User | None] = relationship()


class Post(db.Model):
    """One post: Markdown source and the sanitised HTML made from it, stored side by side."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_thread_top_level", "thread_id", "parent_id", "id"),
        Index("ix_posts_root", "root_id", "id"),
        Index("ix_posts_thread_post", "thread_id", "id"),  # a thread's first post, at any size
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    # The top-level post this one hangs under (itself when top-level): one query loads a page.
    root_id: Mapped[int | None] = mapped_column()
    depth: Mapped[int] = mapped_column(default=0)
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    # The renderer version body_html was made with (sanitize.POST_RENDERER_VERSION); None for
    # rows from before the column. Older HTML is made again when a page shows the post.
    body_html_version: Mapped[int | None] = mapped_column(default=POST_RENDERER_VERSION)
    content_warning: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default=PostStatus.PUBLISHED.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship()

    @property
    def is_removed(self) -> bool:
        """True once the author has removed the post; a placeholder keeps its place."""
        return self.removed_at is not None


@event.listens_for(Post.body_html, "set")
def _html_made_now(post: Post, _value, _old, _initiator) -> None:
    """Whoever sets a post's HTML made it with today's renderer (posting, editing, moderation)."""
    post.body_html_version = POST_RENDERER_VERSION
