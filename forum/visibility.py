"""Who may see what: each question asked once in Python, of a row already loaded, and once in
SQL, of a query, side by side so the two cannot drift apart.

- Boards and chat rooms: every one is visible, except those of a restricted space (models.spaces),
  which only its members (its own moderators among them) and the forum's moderators see; to
  everyone else the space and everything in it do not exist. Everything below follows.
- Threads and posts: published ones to whoever sees their board; held (pending) or hidden ones
  only to their author and moderators. A post also needs its thread to be visible.
- Chat messages: published and not removed, in a room the viewer sees, and never written by a
  member the viewer blocked or who blocked the viewer.
- Review items (the moderation queue): every item to the forum's moderators; to a space's own
  moderators, the items about content in a space they moderate (its board's threads and posts,
  its room's messages) and nothing else; to everyone else, none. A reported mentor-conversation
  message lies in no space, so only the forum's moderators see it.

The SQL side is where-clauses over a model or an alias of it, so a list, a page of a thread or a
search composes them: select(Post).where(visible_posts(viewer)). Loaders that take the viewer
(services.boards.reading, services.chat.rooms, services.chat.messages) answer NotFound alike for
hidden and missing rows, so nothing leaks that hidden content exists.
"""
from sqlalchemy import ColumnElement, bindparam, event, exists, false, or_, select, true, union
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.models import (Block, Board, ChatMessage, ModerationItem, Notification, Post,
                          PostStatus, Room, Space, SpaceMember, Thread, User)
from forum.permissions import can_moderate, is_author, is_member
from forum.services import freshness

PUBLISHED = PostStatus.PUBLISHED.value


# --- boards and rooms --------------------------------------------------------------------------

def _space_ids_of(viewer: User | None):
    """SQL: the ids of the spaces the viewer belongs to (as a member or the space's moderator)."""
    return select(SpaceMember.space_id).where(SpaceMember.user_id == viewer.id)


def in_space(viewer: User | None, space: Space | None) -> bool:
    """True if there is no space (the place is open to all), or the viewer may see it: one of
    its members or moderators, or a moderator of the forum."""
    if space is None or can_moderate(viewer):
        return True
    return is_member(viewer) and db.session.get(SpaceMember, (space.id, viewer.id)) is not None


def _space_seen(viewer: User | None, column, space_column) -> ColumnElement[bool]:
    """SQL: the board or room id in `column` is not a space's, or is one of the viewer's."""
    if can_moderate(viewer):
        return true()
    restricted = select(space_column).where(space_column.is_not(None))
    if not is_member(viewer):
        return column.not_in(restricted)
    mine = select(space_column).where(Space.id.in_(_space_ids_of(viewer)))
    return or_(column.not_in(restricted), column.in_(mine))


_SPACES_SEEN = "forum_space_of_board"  # session.info: board id -> its Space or None
_SPACE_OF_BOARD = select(Space).where(Space.board_id == bindparam("board_id"))  # built once


def _space_of_board(board_id: int) -> Space | None:
    """The space a board belongs to, asked once per transaction (a thread page checks each of
    its posts' board, which is one board): the answer is forgotten at every commit and rollback."""
    known = db.session.info.setdefault(_SPACES_SEEN, {})
    if board_id not in known:
        known[board_id] = db.session.scalar(_SPACE_OF_BOARD, {"board_id": board_id})
    return known[board_id]


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_spaces(session, *_args) -> None:
    session.info.pop(_SPACES_SEEN, None)


def _space_id_of_board(board_id: int) -> int | None:
    """The id of the space a board belongs to (None: it is open to all), remembered in this
    process until the forum-wide generation moves (services.freshness: any write to spaces,
    their members or boards moves it) and at most a minute; asked of the database when this
    transaction wrote something not committed yet."""
    if freshness.session_wrote(db.session):
        space = _space_of_board(board_id)
        return None if space is None else space.id
    return freshness.remembered(("space-of-board", board_id), lambda: db.session.scalar(
        _SPACE_ID_OF_BOARD, {"board_id": board_id}))


_SPACE_ID_OF_BOARD = select(Space.id).where(Space.board_id == bindparam("board_id"))


def can_view_board(viewer: User | None, board: Board) -> bool:
    """Every board, except a restricted space's, which its members and moderators see."""
    space_id = _space_id_of_board(board.id)
    if space_id is None or can_moderate(viewer):
        return True
    return is_member(viewer) and db.session.get(SpaceMember, (space_id, viewer.id)) is not None


def visible_boards(viewer: User | None, board=Board) -> ColumnElement[bool]:
    """SQL twin of can_view_board."""
    return _space_seen(viewer, board.id, Space.board_id)


_UNREAD = object()  # can_view_room: the caller did not read the room's space


def can_view_room(viewer: User | None, room: Room, space: Space | None = _UNREAD) -> bool:
    """Every chat room is listed (entering one is permissions.can_enter_room), except a
    restricted space's room, which only the space's members and moderators see. `space` is
    the room's space (None: it has none) when the caller read it with the room."""
    if space is _UNREAD:
        space = db.session.scalar(select(Space).where(Space.room_id == room.id))
    return in_space(viewer, space)


def visible_rooms(viewer: User | None, room=Room) -> ColumnElement[bool]:
    """SQL twin of can_view_room."""
    return _space_seen(viewer, room.id, Space.room_id)


# --- threads and posts -------------------------------------------------------------------------

def status_lets_see(viewer: User | None, item: Thread | Post) -> bool:
    """The row's own status lets the viewer see it (Python twin of status_visible): for a post
    of a thread already known to be visible, this is can_view_post without asking again."""
    return item.status == PUBLISHED or is_author(viewer, item) or can_moderate(viewer)


_status_lets_see = status_lets_see


def status_visible(viewer: User | None, entity) -> ColumnElement[bool]:
    """SQL: the row's own status lets the viewer see it (a Thread or Post, or an alias): published,
    or the viewer's own, or the viewer moderates."""
    if can_moderate(viewer):
        return true()
    seen = entity.status == PUBLISHED
    return or_(seen, entity.author_id == viewer.id) if is_member(viewer) else seen


def can_view_thread(viewer: User | None, thread: Thread) -> bool:
    """Published threads to everyone who sees their board; held or hidden ones only to their
    author and moderators."""
    return _status_lets_see(viewer, thread) and can_view_board(viewer, thread.board)


def visible_threads(viewer: User | None, thread=Thread) -> ColumnElement[bool]:
    """SQL twin of can_view_thread."""
    boards = select(Board.id).where(visible_boards(viewer))
    return status_visible(viewer, thread) & thread.board_id.in_(boards)


def can_view_post(viewer: User | None, post: Post) -> bool:
    """A post of a visible thread, published, or the viewer's own, or the viewer moderates."""
    return can_view_thread(viewer, post.thread) and _status_lets_see(viewer, post)


def visible_posts(viewer: User | None, post=Post) -> ColumnElement[bool]:
    """SQL twin of can_view_post."""
    threads = select(Thread.id).where(visible_threads(viewer))
    return status_visible(viewer, post) & post.thread_id.in_(threads)


# --- chat messages -----------------------------------------------------------------------------

_BLOCKS_OF = select(Block.blocker_id, Block.blocked_id).where(
    or_(Block.blocker_id == bindparam("member_id"), Block.blocked_id == bindparam("member_id")))


def blocked_with(member: User | None) -> set[int]:
    """Ids of members who blocked this member, or whom this member blocked (asked on every chat
    message: the statement is built once)."""
    if not is_member(member):
        return set()
    rows = db.session.execute(_BLOCKS_OF, {"member_id": member.id})
    return {a if b == member.id else b for a, b in rows}


def _blocked_ids(member: User):
    """SQL: the ids blocked_with answers."""
    return union(select(Block.blocked_id).where(Block.blocker_id == member.id),
                 select(Block.blocker_id).where(Block.blocked_id == member.id))


def can_view_message(viewer: User | None, message: ChatMessage) -> bool:
    """Published, not removed, in a visible room, and not from someone blocked either way."""
    return message.removed_at is None and message.status == PUBLISHED and \
        can_view_room(viewer, message.room) and \
        (message.author_id is None or message.author_id not in blocked_with(viewer))


def visible_messages(viewer: User | None, message=ChatMessage) -> ColumnElement[bool]:
    """SQL twin of can_view_message."""
    rooms = select(Room.id).where(visible_rooms(viewer))
    shown = message.removed_at.is_(None) & (message.status == PUBLISHED) & \
        message.room_id.in_(rooms)
    if not is_member(viewer):
        return shown
    return shown & or_(message.author_id.is_(None), message.author_id.not_in(_blocked_ids(viewer)))


# --- notifications -----------------------------------------------------------------------------

def can_view_notification(viewer: User | None, note: Notification) -> bool:
    """A notification about a thread or a room the viewer no longer sees (a space they left)
    is not shown: the place does not exist for them any more."""
    data = note.data or {}
    thread_id, room = data.get("thread_id"), data.get("room")
    if isinstance(thread_id, int):
        thread = db.session.get(Thread, thread_id)
        if thread is not None and not can_view_board(viewer, thread.board):
            return False
    if isinstance(room, str):
        found = db.session.scalar(select(Room).where(Room.slug == room))
        if found is not None and not can_view_room(viewer, found):
            return False
    return True


def visible_notifications(viewer: User | None, note=Notification) -> ColumnElement[bool]:
    """SQL twin of can_view_notification."""
    if can_moderate(viewer):
        return true()
    thread_id = note.data["thread_id"].as_integer()
    room = note.data["room"].as_string()
    hidden_threads = select(Thread.id).where(Thread.board_id.not_in(
        select(Board.id).where(visible_boards(viewer))))
    hidden_rooms = select(Room.slug).where(Room.id.not_in(
        select(Room.id).where(visible_rooms(viewer))))
    return or_(thread_id.is_(None), thread_id.not_in(hidden_threads)) & \
        or_(room.is_(None), room.not_in(hidden_rooms))


# --- review items ------------------------------------------------------------------------------

SPACE_MODERATOR = "moderator"  # SpaceMember.role of a space's own moderators


def _moderated_space_ids(viewer: User):
    """SQL: the ids of the spaces the viewer moderates as the space's own moderator."""
    return select(SpaceMember.space_id).where(SpaceMember.user_id == viewer.id,
                                              SpaceMember.role == SPACE_MODERATOR)


def moderates_space(viewer: User | None, space: Space) -> bool:
    """The forum's moderators, and the space's own moderators: they decide its join requests
    and work its review items."""
    if can_moderate(viewer):
        return True
    place = db.session.get(SpaceMember, (space.id, viewer.id)) if is_member(viewer) else None
    return place is not None and place.role == SPACE_MODERATOR


def can_review(viewer: User | None) -> bool:
    """The review queue opens to the forum's moderators and to any space's own moderators
    (who find in it only their spaces' items: can_view_item)."""
    if can_moderate(viewer):
        return True
    return is_member(viewer) and bool(db.session.scalar(select(exists(
        _moderated_space_ids(viewer)))))


def _spaces_of_item(item: ModerationItem) -> list[Space]:
    """The space the item's content lies in, by its board or its room (none for content
    outside every space, and for a mentor conversation's message, which has neither)."""
    found = [_space_of_board(item.board_id)] if item.board_id is not None else []
    if item.room_id is not None:
        found.append(db.session.scalar(select(Space).where(Space.room_id == item.room_id)))
    return [space for space in found if space is not None]


def can_view_item(viewer: User | None, item: ModerationItem) -> bool:
    """Every review item to the forum's moderators; an item about content in a space to that
    space's own moderators; none to anyone else."""
    if can_moderate(viewer):
        return True
    return is_member(viewer) and any(moderates_space(viewer, space)
                                     for space in _spaces_of_item(item))


def visible_items(viewer: User | None, item=ModerationItem) -> ColumnElement[bool]:
    """SQL twin of can_view_item."""
    if can_moderate(viewer):
        return true()
    if not is_member(viewer):
        return false()
    mine = Space.id.in_(_moderated_space_ids(viewer))
    return or_(item.board_id.in_(select(Space.board_id).where(mine)),
               item.room_id.in_(select(Space.room_id).where(mine, Space.room_id.is_not(None))))
