"""Muted threads and boards: a personal boundary. A muted thread, or any thread of a muted
board, stops producing notifications for the member and drops out of their thread lists.

not_muted(viewer) is a where-clause over Thread (or an alias of it) that any thread list
composes, like the visible_* filters: select(Thread).where(visible_threads(v), not_muted(v)).
Muting something the member cannot see is NotFound, exactly as if it did not exist (the
callers load it through the visibility-checking loaders first).
"""
from sqlalchemy import ColumnElement, delete, exists, select, true
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Board, BoardMute, Thread, ThreadMute, User
from forum.permissions import is_member

# Notifications about other members' activity in a thread; what moderators decided about one's
# own posts, crisis care and check-ins always arrive, muted or not.
MUTABLE_KINDS = frozenset({"reply", "mention", "followed_reply", "new_thread"})


def not_muted(viewer: User | None, thread=Thread) -> ColumnElement[bool]:
    """SQL: the thread is neither muted by the viewer nor in a board they muted (always true
    for visitors)."""
    if not is_member(viewer):
        return true()
    return ~or_muted(viewer.id, thread)


def thread_not_muted(viewer: User | None, thread=Thread) -> ColumnElement[bool]:
    """SQL: the viewer did not mute this thread itself (for a board's own page, which a member
    who muted the whole board still chose to open)."""
    if not is_member(viewer):
        return true()
    return ~exists().where(ThreadMute.user_id == viewer.id, ThreadMute.thread_id == thread.id)


def is_thread_muted(member: User | None, thread: Thread) -> bool:
    """Whether the member muted this thread or its board."""
    if not is_member(member):
        return False
    return db.session.scalar(select(Thread.id).where(Thread.id == thread.id,
                                                     ~not_muted(member))) is not None


def is_board_muted(member: User | None, board: Board) -> bool:
    """Whether the member muted this board."""
    return is_member(member) and db.session.get(BoardMute, (member.id, board.id)) is not None


def muted_for_notice(user_id: int, kind: str, data: dict) -> bool:
    """Whether a notification of this kind about this thread should stay silent for the member
    (they muted the thread or its board)."""
    thread_id = data.get("thread_id")
    if kind not in MUTABLE_KINDS or not isinstance(thread_id, int):
        return False
    query = select(Thread.id).where(Thread.id == thread_id, or_muted(user_id))
    return db.session.scalar(query) is not None


def or_muted(user_id: int, thread=Thread) -> ColumnElement[bool]:
    """SQL: the member (by id) muted the thread or its board."""
    return exists().where(ThreadMute.user_id == user_id, ThreadMute.thread_id == thread.id) | \
        exists().where(BoardMute.user_id == user_id, BoardMute.board_id == thread.board_id)


def _insert(row) -> None:
    """Add a mute; already there (or added by a second request at the same moment) is fine."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def mute_thread(member: User, thread: Thread) -> None:
    """Mute a thread the member can see (load it with get_thread_or_404 first)."""
    if db.session.get(ThreadMute, (member.id, thread.id)) is None:
        _insert(ThreadMute(user_id=member.id, thread_id=thread.id))


def unmute_thread(member: User, thread: Thread) -> None:
    """Hear from the thread again (not muted is fine)."""
    db.session.execute(delete(ThreadMute).where(ThreadMute.user_id == member.id,
                                                ThreadMute.thread_id == thread.id))
    db.session.commit()


def mute_board(member: User, board: Board) -> None:
    """Mute a board the member can see (load it with get_board_or_404 first)."""
    if db.session.get(BoardMute, (member.id, board.id)) is None:
        _insert(BoardMute(user_id=member.id, board_id=board.id))


def unmute_board(member: User, board: Board) -> None:
    """Hear from the board again."""
    db.session.execute(delete(BoardMute).where(BoardMute.user_id == member.id,
                                               BoardMute.board_id == board.id))
    db.session.commit()


def mutes_of(member: User) -> dict:
    """What the member muted, for their export and their settings page."""
    threads = db.session.execute(select(Thread.id, Thread.title).join(
        ThreadMute, ThreadMute.thread_id == Thread.id).where(ThreadMute.user_id == member.id)
        .order_by(Thread.id))
    boards = db.session.scalars(select(Board.slug).join(BoardMute, BoardMute.board_id == Board.id)
                                .where(BoardMute.user_id == member.id).order_by(Board.slug))
    return {"threads": [{"id": i, "title": t} for i, t in threads], "boards": list(boards)}
