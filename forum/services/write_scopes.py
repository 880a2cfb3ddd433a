"""Which freshness scopes a written row changes (services.freshness): a post its thread, its
thread's board and CONTENT; a thread itself, its board and CONTENT (and THREAD_SET when it is
new, deleted or its status changed); a reaction its post's thread. None when the write cannot
be placed exactly (an attribute not loaded, a post or a thread moved elsewhere, a row whose
thread is gone): the caller then bumps the forum-wide number, which every stamp holds.

Table names only, no models: freshness is imported by the models' own modules' users early on.
"""
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

CONTENT = "content"  # any thread or post: /latest, the home page, search
# Which threads there are and whether they show: a thread made, deleted, or its status
# changed (a thread moved to another board bumps the forum-wide number). What counts of
# threads depend on (a board's, /latest's), which a reply leaves unchanged.
THREAD_SET = "thread-set"
THREAD_BUCKETS = 65_536  # thread scopes: bounded room, in Redis and in each process
_BOARD_OF_THREAD = text("SELECT board_id FROM threads WHERE id = :id")
_THREAD_OF_POST = text("SELECT thread_id FROM posts WHERE id = :id")


def thread_scope(thread_id: int) -> str:
    """The scope of a thread's row, its posts and their reactions."""
    return f"thread:{thread_id % THREAD_BUCKETS}"


def board_scope(board_id: int) -> str:
    """The scope of a board's threads' rows and their posts."""
    return f"board:{board_id}"


def scopes_written(session: Session, obj) -> set[str] | None:
    """The scopes a flushed post, thread or reaction row changes, or None (see the module)."""
    from forum.models import Post, Thread
    state = inspect(obj)
    table = obj.__tablename__
    if table == "post_reactions":
        post_id = _steady(state, "post_id")
        thread_id = None if post_id is None else \
            _column_of(session, Post, post_id, "thread_id", _THREAD_OF_POST)
        return None if thread_id is None else {thread_scope(thread_id)}
    thread_id = _steady(state, "thread_id") if table == "posts" else state.dict.get("id")
    if thread_id is None:
        return None
    board_id = _steady(state, "board_id") if table == "threads" else \
        _column_of(session, Thread, thread_id, "board_id", _BOARD_OF_THREAD)
    if board_id is None:
        return None
    scopes = {thread_scope(thread_id), board_scope(board_id), CONTENT}
    if table == "threads" and (obj in session.new or obj in session.deleted or
                               "status" not in state.dict or
                               state.attrs["status"].history.has_changes()):
        scopes.add(THREAD_SET)
    return scopes


def _steady(state, name: str):
    """The attribute's value if loaded and not moved from another value in this flush."""
    if name not in state.dict:
        return None
    moved_from = state.attrs[name].history.deleted
    if moved_from and list(moved_from) != [state.dict[name]]:
        return None  # moved: the place it left changed too
    return state.dict[name]


def _column_of(session: Session, model, row_id: int, name: str, query):
    """A column of a row, from the session's copy when it has one, else read in the session's
    transaction (a plain statement on its connection: no ORM events)."""
    found = session.identity_map.get(session.identity_key(model, row_id))
    if found is not None and found.__dict__.get(name) is not None:
        return found.__dict__[name]
    return session.connection().scalar(query, {"id": row_id})
