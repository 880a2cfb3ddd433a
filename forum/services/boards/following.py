"""Following threads and boards: who hears of new posts.

Members follow the threads they start or reply to, unless they stopped following that thread
(the row stays, `following` False, so replying again does not follow it behind their back).
Following a board means hearing of every new thread and reply in it. Following, like reading,
needs the thread or board to be visible: the loaders answer NotFound alike for hidden and
missing ones.
"""
from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, BoardFollow, Thread, ThreadFollow, User
from forum.permissions import is_member
from forum.services import Forbidden


def _check_member(member: User | None) -> None:
    if not is_member(member):
        raise Forbidden("Please sign in to follow.")


def follow_thread(thread: Thread, member: User) -> None:
    """Follow a thread the member can see (loaded with get_thread_or_404); twice is a no-op."""
    _check_member(member)
    _set_thread_follow(thread.id, member.id, True)
    db.session.commit()


def unfollow_thread(thread: Thread, member: User) -> None:
    """Stop following a thread; remembered, so replying later does not follow it again."""
    _check_member(member)
    _set_thread_follow(thread.id, member.id, False)
    db.session.commit()


def follow_by_default(thread: Thread, member: User) -> None:
    """Follow a thread one starts or replies to, unless one stopped following it (the caller
    commits)."""
    if db.session.get(ThreadFollow, (member.id, thread.id)) is None:
        db.session.add(ThreadFollow(user_id=member.id, thread_id=thread.id, following=True))


def _set_thread_follow(thread_id: int, user_id: int, following: bool) -> None:
    row = db.session.get(ThreadFollow, (user_id, thread_id))
    if row is None:
        db.session.add(ThreadFollow(user_id=user_id, thread_id=thread_id, following=following))
    else:
        row.following = following


def follow_board(board: Board, member: User) -> None:
    """Follow a board the member can see (loaded with get_board_or_404); twice is a no-op."""
    _check_member(member)
    if db.session.get(BoardFollow, (member.id, board.id)) is None:
        db.session.add(BoardFollow(user_id=member.id, board_id=board.id))
    db.session.commit()


def unfollow_board(board: Board, member: User) -> None:
    """Stop following a board; not following it is not an error."""
    _check_member(member)
    row = db.session.get(BoardFollow, (member.id, board.id))
    if row is not None:
        db.session.delete(row)
    db.session.commit()


def is_following_thread(thread: Thread, member: User | None) -> bool:
    """True if the member follows the thread."""
    if not is_member(member):
        return False
    row = db.session.get(ThreadFollow, (member.id, thread.id))
    return row is not None and row.following


def is_following_board(board: Board, member: User | None) -> bool:
    """True if the member follows the board."""
    return is_member(member) and db.session.get(BoardFollow, (member.id, board.id)) is not None


def followers_of(thread: Thread) -> list[User]:
    """Members who should hear of a new post in the thread: its followers and its board's,
    except those who stopped following this very thread. Who may see the post is the caller's
    question (announce.py asks visibility)."""
    stopped = select(ThreadFollow.user_id).where(ThreadFollow.thread_id == thread.id,
                                                 ThreadFollow.following.is_(False))
    of_thread = select(ThreadFollow.user_id).where(ThreadFollow.thread_id == thread.id,
                                                   ThreadFollow.following.is_(True))
    of_board = select(BoardFollow.user_id).where(BoardFollow.board_id == thread.board_id,
                                                 BoardFollow.user_id.not_in(stopped))
    return list(db.session.scalars(select(User).where(
        User.id.in_(of_thread.union(of_board))).order_by(User.id)))
