"""What members have read, and the full-text index over thread titles and post bodies.

Read state is one row per member and thread: the newest post id the member has seen there.
Unread counts compare post ids with it, so reading never writes a row per post.

The search index is kept by the database itself, so every write path (a new post, an edit, a
removal, an erased account, a retitled thread) keeps it in step without remembering to:
- SQLite: FTS5 tables over posts.body_source and threads.title ("external content" tables that
  store only the index), filled and mended by triggers;
- PostgreSQL: GIN indexes over to_tsvector('english', ...) of the same columns.
Visibility is never part of the index: searches join the rows and apply forum/visibility.py.
"""
from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, event, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.models.boards import Post, Thread

SEARCH_CONFIG = "'english'::regconfig"  # PostgreSQL's text-search configuration, as a constant
# SQLite FTS5 tables and the shadow tables FTS5 makes for them: the schema checks skip these.
SQLITE_SEARCH_TABLES = ("posts_fts", "threads_fts")
_FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


def is_search_table(name: str | None) -> bool:
    """True for the SQLite full-text tables (and their shadow tables), which no model declares."""
    return bool(name) and any(name == t or name in {t + s for s in _FTS_SHADOWS}
                              for t in SQLITE_SEARCH_TABLES)


class ThreadRead(db.Model):
    """How far a member has read a thread: the newest post id they have been shown."""

    __tablename__ = "thread_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    last_post_id: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def tsvector(column):
    """to_tsvector over a column, spelled exactly as the GIN indexes are (so they are used)."""
    return func.to_tsvector(literal_column(SEARCH_CONFIG), column)


# /latest across every board, newest activity first (keyset-friendly: last_activity_at, id).
Index("ix_threads_activity", Thread.last_activity_at, Thread.id)
Index("ix_posts_author", Post.author_id, Post.id)
# Expression indexes name their table (_table): SQLAlchemy cannot find it through the function.
Index("ix_posts_search", tsvector(Post.__table__.c.body_source), postgresql_using="gin",
      _table=Post.__table__).ddl_if(dialect="postgresql")
Index("ix_threads_search", tsvector(Thread.__table__.c.title), postgresql_using="gin",
      _table=Thread.__table__).ddl_if(dialect="postgresql")


def _fts_ddl(name: str, table: str, column: str) -> list[str]:
    """An FTS5 index over one text column of a table, and the triggers that keep it in step."""
    insert = f"INSERT INTO {name}(rowid, {column}) VALUES (new.id, new.{column});"
    delete = f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


SQLITE_SEARCH_DDL = {"posts": _fts_ddl("posts_fts", "posts", "body_source"),
                     "threads": _fts_ddl("threads_fts", "threads", "title")}

# db.create_all() (tests, a fresh instance) builds the SQLite index with its table; the
# migration writes the same statements.
for _table, _model in (("posts", Post), ("threads", Thread)):
    for _statement in SQLITE_SEARCH_DDL[_table]:
        event.listen(_model.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
    event.listen(_model.__table__, "before_drop", DDL(
        f"DROP TABLE IF EXISTS {_table}_fts").execute_if(dialect="sqlite"))
