"""Reading the boards: boards, thread lists by last activity and threads as reply trees, page
by page. Every loader takes the viewer and asks forum/visibility.py what they may see."""
import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import bindparam, exists, func, or_, select, true
from sqlalchemy.orm import aliased, joinedload

from forum.config import THREADS_PER_PAGE, TOP_LEVEL_POSTS_PER_PAGE
from forum.extensions import db
from forum.models import Board, Post, PostStatus, Thread, User
from forum.models.base import database_id
from forum.permissions import can_moderate, is_member
from forum.services import NotFound
from forum.services.boards import viewer_state
from forum.services.boards.cooked import refresh_stale
from forum.services.boards.rows import (BOARD_BY_SLUG, THREAD_BY_ID, BoardRow, PostRow,
                                        ThreadRow, board_row, board_threads, post_rows,
                                        posts_of_roots, thread_row, with_authors)
from forum.services.freshness import THREAD_SET, board_scope, remembered, thread_scope
from forum.services.recovery.mutes import thread_not_muted
from forum.visibility import (can_view_board, can_view_post, can_view_thread, status_lets_see,
                              status_visible, visible_boards)

MAX_PAGE = 1_000_000  # a page number past this is the last page anyway
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")
# What the thread page shows of a post's author; anything else would be loaded one by one.
AUTHOR_COLUMNS = (User.id, User.handle, User.role)
# Loader options and an alias made once: building them per request costs more than the query.
_SEEN = aliased(Post, name="seen")
_THREAD_AUTHOR = joinedload(Thread.author).load_only(*AUTHOR_COLUMNS)
_THREAD_WITH = (joinedload(Thread.board), _THREAD_AUTHOR)
_BOARD_BY_SLUG = select(Board).where(Board.slug == bindparam("slug"))
_THREAD_BY_ID = select(Thread).where(Thread.id == bindparam("thread_id")).options(*_THREAD_WITH)


STATEMENTS_MAX = 2048  # statements built for one viewer's reads (a few KB each)
_statements: OrderedDict = OrderedDict()
_statements_lock = threading.Lock()


def built(key: tuple, make):
    """Statements made once per key and kept (LRU): building a statement costs more than
    running it. The key names everything the statements were built from (the viewer's id
    and what they may see: viewer_shape); the rest (a board, a page) are bound parameters."""
    with _statements_lock:
        found = _statements.get(key)
        if found is not None:
            _statements.move_to_end(key)
            return found
    found = make()
    with _statements_lock:
        _statements[key] = found
        while len(_statements) > STATEMENTS_MAX:
            _statements.popitem(last=False)
    return found


def run(statement, params: dict | None = None):
    """A prebuilt read of plain columns (the statements above and rows.py's), run on the
    session's own connection, so within its transaction, as Session.execute would run it, and
    with the same rows; but without the ORM's work around each statement (its compile state,
    its events, its result setup), which cost twice what SQLite takes to answer a thread
    page's statement. Changes pending in the session are flushed first, as its autoflush
    would."""
    session = db.session()
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    return session.connection().execute(statement, params)


def viewer_shape(viewer: User | None) -> tuple:
    """What visibility's and mutes' where-clauses are built from about a viewer: whether they
    are a member, who, and whether they moderate."""
    member = is_member(viewer)
    return (member, viewer.id if member else None, can_moderate(viewer))


@dataclass
class PostNode:
    """A post in the reply tree; `post` is None for a reply's parent the viewer may not see."""

    post: Post | None
    post_id: int
    children: list["PostNode"] = field(default_factory=list)


@dataclass
class Page:
    """One page of results with the page number and how many pages there are."""

    items: list
    page: int
    pages: int


def parse_page(value) -> int:
    """A 1-based page number from a query string; anything odd means page 1."""
    try:
        return max(1, min(int(value), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def list_boards(viewer: User | None) -> list[Board]:
    """The boards the viewer may see, in the forum's order."""
    return list(db.session.scalars(select(Board).where(visible_boards(viewer))
                                   .order_by(Board.position, Board.id)))


def get_board_or_404(slug, viewer: User | None) -> Board:
    """The board with this slug if the viewer may see it; NotFound otherwise, alike for both."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise NotFound()  # nothing else can be a slug; odd text never reaches the database
    board = db.session.scalar(_BOARD_BY_SLUG, {"slug": slug})
    if board is None or not can_view_board(viewer, board):
        raise NotFound()
    return board


def board_row_or_404(slug, viewer: User | None) -> BoardRow:
    """get_board_or_404 for a page that only reads the board: a BoardRow (rows.py), no ORM
    object."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise NotFound()
    board = board_row(run(BOARD_BY_SLUG, {"slug": slug}).first())
    if board is None or not can_view_board(viewer, board):
        raise NotFound()
    return board


_BOARD_AND_STATE = BOARD_BY_SLUG.add_columns(*viewer_state.BOARD_STATE_COLUMNS)


def board_row_and_state_or_404(slug, viewer: User | None) -> tuple[BoardRow,
                                                                   viewer_state.BoardState]:
    """board_row_or_404 with the member's own state for the board (viewer_state.board_state:
    following it, muting it) read in the same statement; a visitor's is nothing."""
    if not is_member(viewer):
        return board_row_or_404(slug, viewer), viewer_state.NO_BOARD_STATE
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise NotFound()
    row = run(_BOARD_AND_STATE, {"slug": slug, "member": viewer.id}).first()
    board = board_row(row)
    if board is None or not can_view_board(viewer, board):
        raise NotFound()
    return board, viewer_state.board_state_of(*row[-2:])


def board_scopes(slug) -> tuple:
    """The freshness scopes of a board's page, by slug (the board's id remembered until the
    forum-wide generation moves, as a board's change does); none for a slug no board has."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return ()
    board_id = remembered(("board-id", slug), lambda: db.session.scalar(
        select(Board.id).where(Board.slug == slug)))
    return () if board_id is None else (board_scope(board_id),)


def get_thread_or_404(thread_id: int, viewer: User | None) -> Thread:
    """The thread if it exists and the viewer may see it; NotFound otherwise, alike for both."""
    thread = db.session.scalar(_THREAD_BY_ID, {"thread_id": thread_id}) \
        if database_id(thread_id) else None
    if thread is None or not can_view_thread(viewer, thread):
        raise NotFound()
    return thread


def thread_row_or_404(thread_id: int, viewer: User | None) -> ThreadRow:
    """get_thread_or_404 for a page that only reads the thread: a ThreadRow (rows.py), with
    its board and author, in one statement and without ORM objects."""
    thread = thread_row(run(THREAD_BY_ID, {"thread_id": thread_id}).first()) \
        if database_id(thread_id) else None
    if thread is None or not can_view_thread(viewer, thread):
        raise NotFound()
    return thread


_THREAD_AND_STATE = THREAD_BY_ID.add_columns(*viewer_state.THREAD_STATE_COLUMNS)


def thread_row_and_state_or_404(thread_id: int, viewer: User | None) -> tuple[
        ThreadRow, viewer_state.ThreadState]:
    """thread_row_or_404 with the member's own state for the thread (viewer_state.thread_state:
    where they stopped reading, following it, muting it or its board) read in the same
    statement; a visitor's is nothing."""
    if not is_member(viewer):
        return thread_row_or_404(thread_id, viewer), viewer_state.NOBODY
    row = run(_THREAD_AND_STATE, {"thread_id": thread_id, "member": viewer.id}).first() \
        if database_id(thread_id) else None
    thread = thread_row(row)
    if thread is None or not can_view_thread(viewer, thread):
        raise NotFound()
    return thread, viewer_state.thread_state_of(*row[-4:])


def get_post_or_404(post_id: int, viewer: User | None) -> Post:
    """The post if it exists and the viewer may see it; NotFound otherwise, alike for both."""
    post = db.session.get(Post, post_id) if database_id(post_id) else None
    if post is None or not can_view_post(viewer, post):
        raise NotFound()
    return post


def list_threads(board: Board | BoardRow, viewer: User | None, page: int) -> Page:
    """The board's threads the viewer may see and did not mute, most recent activity first.
    The board is one the viewer sees (loaded through get_board_or_404 or board_row_or_404), so
    each thread's own status is what decides (visibility.status_visible: visible_threads
    without asking again whether the board is seen).

    The number of threads is counted once while the set of threads stands (services.freshness'
    THREAD_SET: until a thread is made, deleted or its status changes, or the forum-wide
    generation moves; a reply, which changes the board's order, leaves it standing) for
    each viewer_key, not on every page; a page past the middle is read from the oldest end,
    so the last page costs what the first does."""
    reads = built(("board-threads", *viewer_shape(viewer)), lambda: _board_reads(viewer))
    params = {"board_id": board.id}
    total = remembered(("board-threads", board.id, viewer_key(viewer)), lambda: run(
        reads.count, params).scalar(), scopes=(THREAD_SET,))
    pages = max(1, math.ceil(total / THREADS_PER_PAGE))
    page = min(page, pages)
    rows = _page_rows(reads, total, page, THREADS_PER_PAGE, params, run)
    return Page(board_threads(rows, board), page, pages)


def _board_reads(viewer: User | None) -> SimpleNamespace:
    """A board's threads the viewer may see and did not mute (the board a parameter): their
    count, and a page from either end, most recent activity first."""
    query = select(Thread).where(Thread.board_id == bindparam("board_id"),
                                 status_visible(viewer, Thread), thread_not_muted(viewer))
    limit, offset = bindparam("limit"), bindparam("offset")
    rows = with_authors(query, *unread_of_rows(viewer))
    return SimpleNamespace(
        count=select(func.count()).select_from(query.with_only_columns(Thread.id).subquery()),
        forward=rows.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(limit).offset(offset),
        backward=rows.order_by(Thread.last_activity_at.asc(), Thread.id.asc())
        .limit(limit).offset(offset))


def unread_of_rows(viewer: User | None) -> tuple:
    """A member's unread count as a column of a list of threads (ThreadRow.unread); none for a
    visitor."""
    return (viewer_state.unread_column(viewer),) if is_member(viewer) else ()


def _page_rows(reads, total: int, page: int, per_page: int, params: dict, run=None) -> list:
    """Rows of one page of `total` rows, with prebuilt statements (reads.forward, and
    reads.backward in the reverse order, with limit and offset parameters): by OFFSET from
    the start in the first half, and from the end (the rows then put back) in the second, so
    no page walks more than half the rows and the last page walks none. `run` runs a
    statement (db.session.scalars, or execute for rows of several columns)."""
    run = run or db.session.scalars
    start = (page - 1) * per_page
    if start <= total // 2:
        return list(run(reads.forward, {**params, "limit": per_page, "offset": start}))
    end = min(total, start + per_page)
    rows = list(run(reads.backward, {**params, "limit": end - start, "offset": total - end}))
    return rows[::-1]


def thread_page(thread: Thread | ThreadRow, viewer: User | None, page: int) -> Page:
    """One page of the thread: up to 20 top-level posts, each with its whole reply tree, as
    PostRows (services.boards.rows: with their authors and reactions).

    A top-level post counts when the viewer may see it or a reply under it, so hidden posts
    neither leave gaps in a page nor show in the number of pages. The opening post always holds
    its place (a placeholder when a moderator removed it), so the conversation reads on.
    The count is remembered until the thread's scope moves (services.freshness), per viewer_key.
    The statements are built once (_TOP_LEVEL_READS), one set per kind of viewer; the page's
    posts are read in one statement with the ids of their top-level posts as a subquery.
    """
    reads = _TOP_LEVEL_READS[_viewer_kind(viewer)]
    params = {"thread_id": thread.id, "viewer_id": viewer.id if is_member(viewer) else None}
    asked, counted = page, []

    def count() -> int:
        # Not remembered, on the first page: its posts come with the count, in one statement
        # (other pages read their posts from the nearer end once the count is known).
        if asked != 1:
            return run(reads.count, params).scalar()
        rows = run(reads.counted, {**params, "limit": TOP_LEVEL_POSTS_PER_PAGE,
                                   "offset": 0}).all()
        if not rows:  # nothing to show: counted on its own
            return run(reads.count, params).scalar()
        counted.append(rows)
        return rows[0][-1]
    total = remembered(("thread-top-level", thread.id, viewer_key(viewer)), count,
                       scopes=(thread_scope(thread.id),))
    pages = max(1, math.ceil(total / TOP_LEVEL_POSTS_PER_PAGE))
    page = min(page, pages)
    posts = post_rows(counted[0] if counted else _page_posts(reads, total, page, params))
    refresh_stale(posts)
    # The opening post is the thread's first top-level post, always counted: first on page 1
    # (a reply's id is above its top-level post's, so it is the page's first row).
    opener_id = posts[0].id if page == 1 and posts else None
    return Page(_build_tree(posts, viewer, opener_id), page, pages)


def _page_posts(reads, total: int, page: int, params: dict) -> list:
    """The rows of one page's posts when the count is known: its top-level ids by OFFSET from
    the start in the first half, from the end in the second (as _page_rows)."""
    per_page = TOP_LEVEL_POSTS_PER_PAGE
    start = (page - 1) * per_page
    if start <= total // 2:
        return run(reads.forward, {**params, "limit": per_page, "offset": start}).all()
    end = min(total, start + per_page)
    return run(reads.backward, {**params, "limit": end - start,
                                "offset": total - end}).all()


def viewer_key(viewer: User | None):
    """What a remembered count depends on about the viewer: signed-out readers all see the same,
    a signed-in member their own (their held posts, a moderator's wider view, later the
    restricted spaces they belong to), so each member has their own."""
    return "public" if viewer is None else ("member", viewer.id)


def _top_level(thread_id: int, viewer: User | None):
    """Top-level posts the viewer sees, or sees a reply under, and the opening post. The thread
    itself is visible (it was loaded through get_thread_or_404), so each post's own status is
    what decides. (A top-level post is its own root, so "sees it" is already among "sees a
    post under it"; asked first, it spares the database a look under every post it sees.)"""
    seen = _SEEN
    opener = select(func.min(Post.id)).where(
        Post.thread_id == thread_id, Post.parent_id.is_(None)).scalar_subquery()
    return select(Post.id).where(
        Post.thread_id == thread_id, Post.parent_id.is_(None),
        or_(Post.id == opener, status_visible(viewer, Post),
            exists().where(seen.root_id == Post.id, status_visible(viewer, seen))))


def _viewer_kind(viewer: User | None) -> str:
    """Which of _TOP_LEVEL_READS fits the viewer (as status_visible decides)."""
    return "moderator" if can_moderate(viewer) else "member" if is_member(viewer) else "public"


@dataclass(frozen=True)
class _TopLevelReads:
    """A thread's top-level posts as one kind of viewer sees them (_top_level, the thread and
    the viewer as parameters): their count, and a page's posts (rows.post_rows) under a page of
    them taken from either end."""

    count: object
    forward: object
    backward: object
    counted: object  # the first page's posts, each row with the count of them all (one statement)


def _top_level_reads(kind: str) -> _TopLevelReads:
    seen = _SEEN

    def visible(post):
        return {"public": post.status == PostStatus.PUBLISHED.value,
                "member": or_(post.status == PostStatus.PUBLISHED.value,
                              post.author_id == bindparam("viewer_id")),
                "moderator": true()}[kind]
    thread_id = bindparam("thread_id")
    opener = select(func.min(Post.id)).where(
        Post.thread_id == thread_id, Post.parent_id.is_(None)).scalar_subquery()
    # The post's own status first, as in _top_level: most top-level posts are seen themselves.
    top_level = select(Post.id).where(
        Post.thread_id == thread_id, Post.parent_id.is_(None),
        or_(Post.id == opener, visible(Post),
            exists().where(seen.root_id == Post.id, visible(seen))))
    limit, offset = bindparam("limit"), bindparam("offset")
    forward = top_level.order_by(Post.id.asc()).limit(limit).offset(offset).correlate(None)
    backward = top_level.order_by(Post.id.desc()).limit(limit).offset(offset).correlate(None)
    count = select(func.count()).select_from(top_level.subquery())
    return _TopLevelReads(
        count, posts_of_roots(forward), posts_of_roots(backward),
        # The first page's posts, each with the count of them all (counted once by the database).
        posts_of_roots(forward, count.scalar_subquery()))


# Built once: making these statements costs more than running them.
_TOP_LEVEL_READS = {kind: _top_level_reads(kind) for kind in ("public", "member", "moderator")}


def _build_tree(posts: list[PostRow], viewer: User | None, opener_id: int | None) -> list[PostNode]:
    """The page's posts as a tree, a placeholder for each the viewer may not see. They are all
    of one thread the viewer sees (thread_page's, loaded through get_thread_or_404), so each
    post's own status decides (status_lets_see: can_view_post without asking the thread and its
    board again for every post)."""
    nodes = {p.id: PostNode(p if status_lets_see(viewer, p) else None, p.id) for p in posts}
    roots: list[PostNode] = []
    for post in posts:
        parent = nodes.get(post.parent_id) if post.parent_id else None
        (parent.children if parent else roots).append(nodes[post.id])
    return [node for node in roots if _has_visible(node) or node.post_id == opener_id]


def _has_visible(node: PostNode) -> bool:
    """Keep a node the viewer can see, or an unseen one that a visible reply hangs under."""
    node.children = [child for child in node.children if _has_visible(child)]
    return node.post is not None or bool(node.children)


def flatten(nodes: list[PostNode]) -> list[PostRow]:
    """The visible posts of a tree in reading order."""
    out: list[PostRow] = []
    for node in nodes:
        if node.post is not None:
            out.append(node.post)
        out.extend(flatten(node.children))
    return out



def page_of_post(post: Post, viewer: User | None) -> int:
    """The page of its thread that shows this post to the viewer (counted as thread_page does)."""
    top_level = _top_level(post.thread_id, viewer).where(Post.id < post.root_id)
    before = db.session.scalar(select(func.count()).select_from(top_level.subquery()))
    return before // TOP_LEVEL_POSTS_PER_PAGE + 1
