"""A thread page's thread and posts as plain rows: only the columns the page shows, each post
with its author and its support reactions (the counts and the viewer's own) read in the posts'
own statement, the thread with its board and author in one.

Loading fifty posts and their authors as ORM objects cost more than running the statement, and
the reactions were a statement of their own; the thread's three objects cost as much as its
statement. A PostRow answers the attributes a page, the API's post_json and the permission
predicates read of a Post (`is_removed` too), a ThreadRow those of a Thread; neither is in any
session, so nothing a page does to them is ever written.
"""
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from forum.models import REACTION_KINDS, Board, Post, PostReaction, Thread, User
from forum.services.boards.reactions import Reactions

# The columns a page reads of a post, in PostRow's order; the author's after them.
_POST_COLUMNS = (Post.id, Post.thread_id, Post.author_id, Post.parent_id, Post.root_id,
                 Post.depth, Post.body_html, Post.body_html_version, Post.content_warning,
                 Post.status, Post.created_at, Post.edited_at, Post.removed_at)
_AUTHOR_COLUMNS = (User.id, User.handle, User.role)
_MINE = "*"  # marks a reaction the viewer gave (kinds are letters and hyphens)


class AuthorRow:
    """What a page shows of a post's author."""

    __slots__ = ("id", "handle", "role")

    def __init__(self, user_id: int, handle: str, role: str):
        self.id, self.handle, self.role = user_id, handle, role


class PostRow:
    """A post as a thread page reads it (the Post attributes it uses), with its reactions."""

    __slots__ = tuple(column.key for column in _POST_COLUMNS) + ("author", "reactions")

    def __init__(self, row):
        # Unpacked in one statement (in _POST_COLUMNS' order, then the author's and the
        # reactions given): a third of the time of setting each by name.
        (self.id, self.thread_id, self.author_id, self.parent_id, self.root_id, self.depth,
         self.body_html, self.body_html_version, self.content_warning, self.status,
         self.created_at, self.edited_at, self.removed_at, author_id, handle, role,
         given) = row[:_GIVEN_AT + 1]
        self.author = None if author_id is None else AuthorRow(author_id, handle, role)
        self.reactions = _reactions(given)

    @property
    def is_removed(self) -> bool:
        """True once the author has removed the post; a placeholder keeps its place."""
        return self.removed_at is not None

    def __repr__(self) -> str:
        return f"<PostRow {self.id}>"


_GIVEN_AT = len(_POST_COLUMNS) + len(_AUTHOR_COLUMNS)


def _reactions(given: str | None) -> Reactions:
    """Reactions as services.boards.reactions.reactions_for gives them (kinds given at least
    once in REACTION_KINDS order, the viewer's own in the same order), from _given's column."""
    if not given:
        return Reactions({}, [])
    counts, mine = {}, set()
    for item in given.split(","):
        kind = item.rstrip(_MINE)
        counts[kind] = counts.get(kind, 0) + 1
        if item != kind:
            mine.add(kind)
    return Reactions({kind: counts[kind] for kind in REACTION_KINDS if kind in counts},
                     [kind for kind in REACTION_KINDS if kind in mine])


def _given():
    """A post's reactions in one column: each one's kind, marked when the viewer (bound as
    viewer_id; None for a visitor) gave it, joined by commas; None for a post without any.
    One look at the reactions' index a post, where a count per kind looked once each."""
    marked = PostReaction.kind + case((PostReaction.user_id == bindparam("viewer_id"), _MINE),
                                      else_="")
    return select(func.aggregate_strings(marked, ",")).where(
        PostReaction.post_id == Post.id).scalar_subquery()


def posts_of_roots(roots, *extra) -> Select:
    """A statement of the posts (with authors and reactions) under the given top-level posts
    (`roots`: a subquery of their ids, not correlated to the posts read), in id order;
    `extra` columns follow a PostRow's."""
    return select(*_POST_COLUMNS, *_AUTHOR_COLUMNS, _given(), *extra) \
        .outerjoin(User, User.id == Post.author_id) \
        .where(Post.root_id.in_(roots)).order_by(Post.id)


def post_rows(rows) -> list[PostRow]:
    """The statement's rows as PostRows."""
    return [PostRow(row) for row in rows]


def reactions_of(posts: list[PostRow]) -> dict[int, Reactions]:
    """{post id: its Reactions} for rows read with them (reactions.reactions_for's answer)."""
    return {post.id: post.reactions for post in posts}


_THREAD_COLUMNS = (Thread.id, Thread.board_id, Thread.author_id, Thread.title, Thread.status,
                   Thread.created_at, Thread.last_activity_at, Thread.reply_count, Thread.locked)
_BOARD_KEYS = ("id", "slug", "name", "description", "position")
# Aliases for the joins of a list of threads: its where-clause asks subqueries of boards (which
# the reader may see), which a join of the table itself would correlate away.
_LISTED_BOARD = aliased(Board, name="listed_board")
_LISTED_AUTHOR = aliased(User, name="listed_author")
_THREAD_WIDTH = len(_THREAD_COLUMNS)
_BOARD_WIDTH = len(_BOARD_KEYS)


class BoardRow:
    """A thread's board as a page shows it."""

    __slots__ = _BOARD_KEYS

    def __init__(self, values):
        # In _BOARD_KEYS' order, unpacked in one statement (as PostRow's).
        self.id, self.slug, self.name, self.description, self.position = values[:_BOARD_WIDTH]


class ThreadRow:
    """A thread as a page reads it (the Thread attributes it uses), with its board and, when
    read (not on /latest, which never shows it), its author: asking for an author that was
    not read is an AttributeError, never a "deleted member". `unread`: how many of its posts
    the member reading the list has not read (viewer_state.unread_column), None when none or
    not read."""

    __slots__ = tuple(column.key for column in _THREAD_COLUMNS) + ("board", "author", "unread")

    def __init__(self, values, board, author=..., unread: int | None = None):
        # In _THREAD_COLUMNS' order, unpacked in one statement (as PostRow's).
        (self.id, self.board_id, self.author_id, self.title, self.status, self.created_at,
         self.last_activity_at, self.reply_count, self.locked) = values[:_THREAD_WIDTH]
        self.board = board
        if author is not ...:
            self.author = author
        self.unread = unread or None

    def __repr__(self) -> str:
        return f"<ThreadRow {self.id}>"


_THREAD_NAMES = tuple(column.key for column in _THREAD_COLUMNS)


def board_values(board: BoardRow) -> tuple:
    """Everything a BoardRow holds, as a key of what a page drawing it shows."""
    return tuple(getattr(board, name) for name in _BOARD_KEYS)


def thread_values(thread: ThreadRow) -> tuple:
    """Everything a ThreadRow holds (its board, its author when read), as a key of what a page
    drawing it shows."""
    author = getattr(thread, "author", ...)
    return (tuple(getattr(thread, name) for name in _THREAD_NAMES), board_values(thread.board),
            author if author is ... or author is None else (author.id, author.handle, author.role))


def _author(values) -> AuthorRow | None:
    return None if values[0] is None else AuthorRow(*values)


def _board_columns(board) -> tuple:
    return tuple(getattr(board, key) for key in _BOARD_KEYS)


BOARD_BY_SLUG = select(*_board_columns(Board)).where(Board.slug == bindparam("slug"))


def board_row(row) -> BoardRow | None:
    """BOARD_BY_SLUG's row (or None) as a BoardRow."""
    return None if row is None else BoardRow(row)


THREAD_BY_ID = select(*_THREAD_COLUMNS, *_board_columns(Board), *_AUTHOR_COLUMNS) \
    .join(Board, Board.id == Thread.board_id).outerjoin(User, User.id == Thread.author_id) \
    .where(Thread.id == bindparam("thread_id"))


def thread_row(row) -> ThreadRow | None:
    """THREAD_BY_ID's row (or None) as a ThreadRow."""
    if row is None:
        return None
    at = _THREAD_WIDTH + _BOARD_WIDTH
    return ThreadRow(row, BoardRow(row[_THREAD_WIDTH:at]), _author(row[at:at + 3]))


def with_authors(threads: Select, *extra) -> Select:
    """A board's list of threads (a select of Thread with its where-clause) as rows of the
    thread's columns and its author's (board_threads reads them); `extra`: the member's
    unread count (viewer_state.unread_column), when a member reads the list."""
    author = _LISTED_AUTHOR
    return threads.with_only_columns(*_THREAD_COLUMNS, author.id, author.handle, author.role,
                                     *extra).outerjoin(author, author.id == Thread.author_id)


_UNREAD_ON_BOARD = _THREAD_WIDTH + 3
_UNREAD_LISTED = _THREAD_WIDTH + _BOARD_WIDTH


def board_threads(rows, board) -> list[ThreadRow]:
    """with_authors' rows as ThreadRows of this board."""
    at = _UNREAD_ON_BOARD
    return [ThreadRow(row, board, _author(row[_THREAD_WIDTH:at]),
                      row[at] if len(row) > at else None) for row in rows]


def with_boards(threads: Select, *extra) -> Select:
    """A list of threads across boards (a select of Thread with its where-clause) as rows of
    the thread's columns and its board's (listed_threads reads them); `extra` as with_authors'."""
    board = _LISTED_BOARD
    return threads.with_only_columns(*_THREAD_COLUMNS, *_board_columns(board), *extra) \
        .outerjoin(board, board.id == Thread.board_id)


def listed_threads(rows) -> list[ThreadRow]:
    """with_boards' rows as ThreadRows (their authors not read)."""
    at = _UNREAD_LISTED
    return [ThreadRow(row, BoardRow(row[_THREAD_WIDTH:at]), unread=row[at] if len(row) > at
                      else None) for row in rows]
