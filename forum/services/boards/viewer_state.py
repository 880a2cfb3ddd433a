"""What one member set about one thread or board, asked in one query for its page: where they
stopped reading (read_state), whether they follow it (following), whether they muted it or its
board (recovery.mutes), and for a list of threads how many posts of each they have not read.
Each answer is the same as those modules' own question's."""
from dataclasses import dataclass

from sqlalchemy import bindparam, exists, func, or_, select

from forum.extensions import db
from forum.models import (Board, BoardFollow, BoardMute, Post, Thread, ThreadFollow,
                          ThreadMute, ThreadRead, User)
from forum.permissions import is_member
from forum.visibility import status_visible


@dataclass(frozen=True)
class ThreadState:
    """read_state.last_read, following.is_following_thread and mutes.is_thread_muted."""

    last_read: int | None
    following: bool
    muted: bool


NOBODY = ThreadState(None, False, False)
_MEMBER, _THREAD, _BOARD = bindparam("member"), bindparam("thread"), bindparam("board")
# Built once: making the statement costs more than running it.
_STATE = select(
    select(ThreadRead.last_post_id)
    .where(ThreadRead.user_id == _MEMBER, ThreadRead.thread_id == _THREAD).scalar_subquery(),
    select(ThreadFollow.following)
    .where(ThreadFollow.user_id == _MEMBER, ThreadFollow.thread_id == _THREAD).scalar_subquery(),
    exists().where(ThreadMute.user_id == _MEMBER, ThreadMute.thread_id == _THREAD),
    exists().where(BoardMute.user_id == _MEMBER, BoardMute.board_id == _BOARD))


# The same answers as columns of a statement that reads the thread itself (correlated to its
# `threads` row; the member bound as "member"): a thread page reads its thread and the
# member's state for it in one statement (reading.thread_row_and_state_or_404).
THREAD_STATE_COLUMNS = (
    select(ThreadRead.last_post_id)
    .where(ThreadRead.user_id == _MEMBER, ThreadRead.thread_id == Thread.id).scalar_subquery(),
    select(ThreadFollow.following)
    .where(ThreadFollow.user_id == _MEMBER, ThreadFollow.thread_id == Thread.id)
    .scalar_subquery(),
    exists().where(ThreadMute.user_id == _MEMBER, ThreadMute.thread_id == Thread.id),
    exists().where(BoardMute.user_id == _MEMBER, BoardMute.board_id == Thread.board_id))


def unread_post_terms(member: User) -> tuple:
    """SQL: a post of a thread the member may see is unread for them when, besides being newer
    than where they stopped (the caller joins that), they may see it, it is not removed and it
    is not their own."""
    return (status_visible(member, Post), Post.removed_at.is_(None),
            or_(Post.author_id.is_(None), Post.author_id != member.id))


def unread_column(member: User):
    """SQL: how many posts of the row's thread (correlated to its `threads` row, which the
    list has already found the member may see) the member has not read, as
    read_state.unread_counts counts them; 0 for a thread they never opened or read to the end.
    A board page and /latest read it in their threads' own statement."""
    return select(func.count(Post.id)).select_from(ThreadRead).join(
        Post, (Post.thread_id == ThreadRead.thread_id) & (Post.id > ThreadRead.last_post_id)) \
        .where(ThreadRead.user_id == member.id, ThreadRead.thread_id == Thread.id,
               *unread_post_terms(member)).scalar_subquery()


def thread_state_of(last_read, following, thread_muted, board_muted) -> ThreadState:
    """THREAD_STATE_COLUMNS' values as a ThreadState."""
    return ThreadState(last_read, bool(following), bool(thread_muted or board_muted))


def thread_state(member: User | None, thread: Thread) -> ThreadState:
    """The member's own state for the thread (nothing for a visitor)."""
    if not is_member(member):
        return NOBODY
    last_read, following, thread_muted, board_muted = db.session.execute(_STATE, {
        "member": member.id, "thread": thread.id, "board": thread.board_id}).one()
    return ThreadState(last_read, bool(following), bool(thread_muted or board_muted))


@dataclass(frozen=True)
class BoardState:
    """following.is_following_board and mutes.is_board_muted."""

    following: bool
    muted: bool


NO_BOARD_STATE = BoardState(False, False)
_BOARD_STATE = select(
    exists().where(BoardFollow.user_id == _MEMBER, BoardFollow.board_id == _BOARD),
    exists().where(BoardMute.user_id == _MEMBER, BoardMute.board_id == _BOARD))


# The same two answers as columns of a statement that reads the board itself (correlated to
# its `boards` row; the member bound as "member"): a board page reads its board and the
# member's state for it in one statement (reading.board_row_and_state_or_404).
BOARD_STATE_COLUMNS = (
    exists().where(BoardFollow.user_id == _MEMBER, BoardFollow.board_id == Board.id),
    exists().where(BoardMute.user_id == _MEMBER, BoardMute.board_id == Board.id))


def board_state_of(following, muted) -> BoardState:
    """BOARD_STATE_COLUMNS' values as a BoardState."""
    return BoardState(bool(following), bool(muted))


def board_state(member: User | None, board: Board) -> BoardState:
    """The member's own state for the board (nothing for a visitor)."""
    if not is_member(member):
        return NO_BOARD_STATE
    following, muted = db.session.execute(_BOARD_STATE, {"member": member.id,
                                                         "board": board.id}).one()
    return BoardState(bool(following), bool(muted))
