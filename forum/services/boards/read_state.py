"""How far each member has read each thread: one row per member and thread holding the newest
post id they have been shown (never a row per post), upserted when they open a thread page.

A post is unread for a member when it is newer than that id, visible to them
(forum/visibility.py), not removed, and not their own. Threads a member never opened are not
"unread": /unread lists the conversations they have been part of.
"""
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import Post, Thread, ThreadRead, User
from forum.models.base import utcnow
from forum.permissions import is_member
from forum.services.boards.reading import built, run, viewer_shape
from forum.services.boards.viewer_state import unread_post_terms
from forum.services.freshness import remembered_for_member, thread_scope
from forum.services.recovery.mutes import not_muted
from forum.visibility import visible_posts, visible_threads

UNREAD_LIMIT = 100  # threads on /unread, most recent activity first


def last_read(member: User | None, thread: Thread) -> int | None:
    """The newest post id the member has been shown in the thread, or None if never opened."""
    if not is_member(member):
        return None
    return db.session.scalar(select(ThreadRead.last_post_id).where(
        ThreadRead.user_id == member.id, ThreadRead.thread_id == thread.id))


def mark_read(member: User | None, thread: Thread, post_ids: list[int],
              known: int | None = None) -> None:
    """Remember that the member has been shown these posts (an upsert that never goes back:
    opening an earlier page does not make later posts unread again). `known` is last_read as
    the caller already read it: nothing is written when the page holds nothing newer."""
    newest = max(post_ids, default=0)
    if not is_member(member) or (known is not None and known >= newest):
        return
    dialect = db.engine.dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(ThreadRead).values(
        user_id=member.id, thread_id=thread.id, last_post_id=newest, read_at=utcnow())
    larger = func.greatest if dialect == "postgresql" else func.max
    db.session.execute(insert.on_conflict_do_update(
        index_elements=[ThreadRead.user_id, ThreadRead.thread_id],
        set_={"last_post_id": larger(ThreadRead.last_post_id, insert.excluded.last_post_id),
              "read_at": insert.excluded.read_at}))
    db.session.commit()


def _unread_posts(member: User):
    """SQL: posts the member has not been shown, in threads they opened, that they may see."""
    # visible_posts spelled as joins from the member's own read rows: an IN list of every
    # visible thread would cost more than the few threads a member has read.
    return (select(Post.thread_id, func.count(Post.id).label("unread"))
            .select_from(ThreadRead)
            .join(Thread, Thread.id == ThreadRead.thread_id)
            .join(Post, (Post.thread_id == ThreadRead.thread_id)
                  & (Post.id > ThreadRead.last_post_id))
            .where(ThreadRead.user_id == member.id, visible_threads(member),
                   *unread_post_terms(member))
            .group_by(Post.thread_id))


def unread_counts(member: User | None, thread_ids: list[int]) -> dict[int, int]:
    """How many unread posts each of these threads holds for the member (threads they never
    opened, or have read to the end, are left out). Remembered until a post, a visibility or
    the member's own read markers change (freshness.remembered_for_member)."""
    if not is_member(member) or not thread_ids:
        return {}
    counts = built(("unread-counts", *viewer_shape(member)), lambda: _unread_posts(member)
                   .where(Post.thread_id.in_(bindparam("threads", expanding=True))))
    return remembered_for_member(member.id, ("unread-counts", tuple(thread_ids)), lambda: dict(
        run(counts, {"threads": thread_ids}).all()),
        reads=True, scopes=tuple(sorted({thread_scope(t) for t in thread_ids})))


def unread_of(threads) -> dict[int, int]:
    """unread_counts' answer for ThreadRows read with their unread counts (a board's and
    /latest's, viewer_state.unread_column): threads with none are left out."""
    return {thread.id: thread.unread for thread in threads if thread.unread}


def list_unread(member: User) -> list[tuple[Thread, int]]:
    """The threads the member opened that have posts they have not read, with how many,
    most recent activity first."""
    counts = _unread_posts(member).subquery()
    rows = db.session.execute(
        select(Thread, counts.c.unread).join(counts, counts.c.thread_id == Thread.id)
        .where(visible_threads(member), not_muted(member)).options(selectinload(Thread.board))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(UNREAD_LIMIT))
    return [(thread, unread) for thread, unread in rows]


def first_unread(member: User | None, thread: Thread) -> Post | None:
    """The first post of the thread the member has not read yet, or None."""
    seen = last_read(member, thread)
    if seen is None:
        return None
    return db.session.scalar(
        select(Post).where(Post.thread_id == thread.id, Post.id > seen, visible_posts(member),
                           Post.removed_at.is_(None),
                           or_(Post.author_id.is_(None), Post.author_id != member.id))
        .order_by(Post.id).limit(1))
