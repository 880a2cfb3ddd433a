"""What is new across the boards: each board's counts and latest thread for the home page, and
/latest, every thread the viewer may see by last activity.

Both ask forum/visibility.py in SQL, so a hidden, held or restricted thread or post is never in
a count or a list. A thread's `last_activity_at` and `reply_count` are kept by
services.boards.posting as replies arrive and go; the index ix_threads_activity
(last_activity_at, id) serves /latest in order without sorting the table.
"""
import math
from dataclasses import dataclass
from types import SimpleNamespace
from datetime import datetime

from sqlalchemy import bindparam, func, select, tuple_

from forum.extensions import db
from forum.models import Thread, User
from forum.services.boards.reading import (Page, built, run, unread_of_rows, viewer_key,
                                           viewer_shape)
from forum.services.boards.rows import listed_threads, with_boards
from forum.services.freshness import THREAD_SET, remembered
from forum.services.recovery.mutes import not_muted
from forum.visibility import visible_threads

LATEST_PER_PAGE = 25
LATEST_MAX_PAGES = 200  # 5,000 threads back; older ones are on their boards


@dataclass
class BoardActivity:
    """A board's counts and its most recently active thread, as the viewer may see them."""

    threads: int = 0
    posts: int = 0
    latest_id: int | None = None
    latest_title: str | None = None
    latest_at: datetime | None = None


def board_activity(viewer: User | None) -> dict[int, BoardActivity]:
    """Every board's activity in two queries for the whole page (never one per board, and
    never a pass over every post): the counts by board, then each board's latest thread. A
    thread counts its opening post and its reply_count, which posting and moderation keep to
    the published replies that stand."""
    seen = visible_threads(viewer)
    counts = db.session.execute(
        select(Thread.board_id, func.count(Thread.id), func.sum(Thread.reply_count + 1),
               func.max(Thread.last_activity_at)).where(seen).group_by(Thread.board_id)).all()
    activity = {board_id: BoardActivity(threads, int(posts or 0))
                for board_id, threads, posts, _ in counts}
    newest = [(board_id, latest) for board_id, _, _, latest in counts if latest is not None]
    if newest:  # ix_threads_board_activity finds each (board, time) pair directly
        for thread in db.session.scalars(
                select(Thread).where(seen, tuple_(Thread.board_id, Thread.last_activity_at)
                                     .in_(newest)).order_by(Thread.id)):
            found = activity[thread.board_id]
            found.latest_id, found.latest_title = thread.id, thread.title
            found.latest_at = thread.last_activity_at
    return activity


class _ByActivity:
    """Thread, as visibility.visible_threads reads it, but with board_id as an expression
    (board_id + 0): SQLite would otherwise answer the filter "board in the visible boards" from
    ix_threads_board_activity and then sort every thread; this way it walks ix_threads_activity
    newest first and stops after one page. Any other column is Thread's own."""

    board_id = Thread.board_id + 0

    def __getattr__(self, name):
        return getattr(Thread, name)


def _latest_reads(viewer: User | None) -> SimpleNamespace:
    """/latest's statements for this viewer (built once: see reading.built): the capped count
    and a page, most recent activity first, with each thread's board (what a row shows besides
    the thread's own columns; not its author)."""
    query = select(Thread).where(visible_threads(viewer, _ByActivity()), not_muted(viewer))
    return SimpleNamespace(
        count=select(func.count()).select_from(query.with_only_columns(Thread.id).limit(
            LATEST_PER_PAGE * LATEST_MAX_PAGES).subquery()),
        page=with_boards(query, *unread_of_rows(viewer))
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(bindparam("limit")).offset(bindparam("offset")))


def list_latest(viewer: User | None, page: int) -> Page:
    """Threads across every board the viewer may see and did not mute, most recent activity
    first."""
    reads = built(("latest", *viewer_shape(viewer)), lambda: _latest_reads(viewer))
    # Which threads there are, not their activity: a reply leaves the count standing.
    total = remembered(("latest-threads", viewer_key(viewer)), lambda: run(
        reads.count).scalar(), scopes=(THREAD_SET,))
    pages = max(1, math.ceil(total / LATEST_PER_PAGE))
    page = max(1, min(page, pages))
    rows = run(reads.page, {"limit": LATEST_PER_PAGE,
                            "offset": (page - 1) * LATEST_PER_PAGE}).all()
    return Page(listed_threads(rows), page, pages)
