"""Restricted spaces: listing the ones a member may ask to join, join requests and their
decisions by the space's moderators (or the forum's), leaving, and making spaces (admins).

What a space hides, and from whom, is forum/visibility.py's; this module only changes who
belongs. Deciding a request is a conditional UPDATE (WHERE status = 'pending'), so two
moderators deciding at once cannot both win.
"""
import re
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Board, JoinRequest, Room, Space, SpaceMember, User
from forum.models.base import database_id, utcnow
from forum.normalize import clean_stored
from forum.permissions import can_moderate, is_member
from forum.extensions import socketio
from forum.services import Conflict, Forbidden, NotFound, ValidationError, live
from forum.services.accounts.handles import find_user
from forum.services.chat.rooms import depart
from forum.services.notifications import notify
from forum.services.presence import presence
from forum.visibility import SPACE_MODERATOR, moderates_space

NOTE_MAX = 500
REASON_MAX = 500
SPACE_ROLES = ("member", SPACE_MODERATOR)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}")


@dataclass(frozen=True)
class SpaceListing:
    """A space as anyone may see it listed: its name and description, and where the viewer
    stands (a member, or waiting for an answer)."""

    space: Space
    member: bool
    requested: bool


def membership(space: Space, member: User | None) -> SpaceMember | None:
    """The member's place in the space, if they have one."""
    if not is_member(member):
        return None
    return db.session.get(SpaceMember, (space.id, member.id))


def list_spaces(viewer: User | None) -> list[SpaceListing]:
    """Every restricted space, by name and description only, with where the viewer stands."""
    spaces = db.session.scalars(select(Space).join(Board, Board.id == Space.board_id)
                                .order_by(Board.position, Board.id)).all()
    mine, waiting = set(), set()
    if is_member(viewer):
        mine = set(db.session.scalars(select(SpaceMember.space_id)
                                      .where(SpaceMember.user_id == viewer.id)))
        waiting = set(db.session.scalars(select(JoinRequest.space_id).where(
            JoinRequest.user_id == viewer.id, JoinRequest.status == "pending")))
    return [SpaceListing(s, s.id in mine, s.id in waiting) for s in spaces]


def spaces_moderated_by(viewer: User | None) -> list[Space]:
    """The spaces the viewer moderates as one of their own moderators, in board order."""
    if not is_member(viewer):
        return []
    return list(db.session.scalars(select(Space).join(Board, Board.id == Space.board_id).join(
        SpaceMember, SpaceMember.space_id == Space.id).where(
        SpaceMember.user_id == viewer.id, SpaceMember.role == SPACE_MODERATOR)
        .order_by(Board.position, Board.id)))


def get_space_or_404(slug) -> Space:
    """The space whose board has this slug (spaces are listed to all, so this takes no viewer);
    NotFound when there is none."""
    if not isinstance(slug, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", slug):
        raise NotFound()
    space = db.session.scalar(select(Space).join(Board, Board.id == Space.board_id)
                              .where(Board.slug == slug))
    if space is None:
        raise NotFound()
    return space


def _bounded_text(value, field: str, limit: int, required: bool) -> str:
    """Member text for a note or a reason: text, within the limit, stored cleaned."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"'{field}' must be text.", field)
    value = clean_stored(value.replace("\x00", "")).strip()
    if required and not value:
        raise ValidationError("Please write a short note for the space's moderators.", field,
                              "required")
    if len(value) > limit:
        raise ValidationError(f"'{field}' can be at most {limit} characters.", field, "too_long")
    return value


def check_join(space: Space, member: User) -> None:
    """A member asks once: not when already in the space, not while a request waits."""
    if membership(space, member) is not None:
        raise Conflict("You are already a member of this space.", "already_member")
    if _pending(space, member) is not None:
        raise Conflict("You already asked to join this space; its moderators will answer "
                       "soon.", "already_requested")


def _pending(space: Space, member: User) -> JoinRequest | None:
    return db.session.scalar(select(JoinRequest).where(
        JoinRequest.space_id == space.id, JoinRequest.user_id == member.id,
        JoinRequest.status == "pending"))


def request_to_join(space: Space, member: User, note) -> JoinRequest:
    """Ask to join a space with a short note; its moderators hear of it. A second request
    while one waits (even sent at the same moment) is a Conflict and writes nothing."""
    if not is_member(member):
        raise Forbidden("Please sign in to ask to join a space.")
    note = _bounded_text(note, "note", NOTE_MAX, required=True)
    check_join(space, member)
    request = JoinRequest(space_id=space.id, user_id=member.id, note=note)
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:  # the same member's other request won the race
        db.session.rollback()
        raise Conflict("You already asked to join this space; its moderators will answer "
                       "soon.", "already_requested") from None
    for moderator_id in _space_moderator_ids(space):
        notify(moderator_id, "join_request", f"A member asked to join {space.board.name}.",
               space=space.board.slug, request_id=request.id)
    db.session.commit()
    return request


def _space_moderator_ids(space: Space) -> list[int]:
    return list(db.session.scalars(select(SpaceMember.user_id).where(
        SpaceMember.space_id == space.id, SpaceMember.role == SPACE_MODERATOR)))


def get_request_or_404(request_id, viewer: User) -> JoinRequest:
    """A join request, for the moderators of its space and the forum's; NotFound for everyone
    else, alike with a request that does not exist."""
    known = isinstance(request_id, int) and database_id(request_id)
    request = db.session.get(JoinRequest, request_id) if known else None
    if request is None or not moderates_space(viewer, request.space):
        raise NotFound()
    return request


def pending_requests(viewer: User) -> list[JoinRequest]:
    """The requests waiting in the spaces the viewer moderates, oldest first."""
    query = select(JoinRequest).where(JoinRequest.status == "pending")
    if not can_moderate(viewer):
        query = query.where(JoinRequest.space_id.in_(select(SpaceMember.space_id).where(
            SpaceMember.user_id == viewer.id, SpaceMember.role == SPACE_MODERATOR)))
    return list(db.session.scalars(query.order_by(JoinRequest.id)))


def decide(request: JoinRequest, moderator: User, approve: bool, reason=None) -> JoinRequest:
    """Approve or decline a pending request, with a reason the member sees. Exactly one
    decision stands: deciding a request already decided is a Conflict."""
    if not moderates_space(moderator, request.space):
        raise NotFound()
    reason = _bounded_text(reason, "reason", REASON_MAX, required=False) or None
    status = "approved" if approve else "declined"
    claimed = db.session.execute(
        update(JoinRequest).where(JoinRequest.id == request.id, JoinRequest.status == "pending")
        .values(status=status, reason=reason, decided_at=utcnow(), decided_by_id=moderator.id)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise Conflict("This request was already decided.", "already_decided")
    space = request.space
    if approve and membership(space, request.user) is None:
        db.session.add(SpaceMember(space_id=space.id, user_id=request.user_id))
    name = space.board.name
    message = f"Welcome to {name}: your request to join was approved." if approve else \
        f"Your request to join {name} was declined."
    notify(request.user_id, "join_decision", message + (f" The moderator said: {reason}"
                                                        if reason else ""),
           space=space.board.slug, decision=status, reason=reason)
    db.session.commit()
    db.session.refresh(request)
    return request


def leave(space: Space, member: User) -> None:
    """The member leaves the space; from now on it is hidden from them like from anyone."""
    if membership(space, member) is None:
        raise Conflict("You are not a member of this space.", "not_a_member")
    db.session.execute(delete(SpaceMember).where(SpaceMember.space_id == space.id,
                                                 SpaceMember.user_id == member.id))
    _send_out_of_room(space, member.id)
    db.session.commit()


def _send_out_of_room(space: Space, member_id: int) -> None:
    """Once committed, the member's open chat windows in the space's room are told and leave
    it, on whichever server process holds them: the Socket.IO message queue carries the leave
    to the others (forum/chat/queue.py), whose presence then forgets them too. Those still in
    the room hear who left."""
    if space.room is None:
        return
    slug, name = space.room.slug, space.board.name

    def send_out() -> None:
        server = socketio.server
        for sid in presence().sids_of(slug, {member_id}):
            if server is not None:
                live.broadcast("notice", {"code": "left_room", "room": slug, "message":
                                          f"You are no longer in {name}, so its chat room is "
                                          f"closed to you now."}, to=sid)
                server.leave_room(sid, live.room_channel(slug), namespace=live.NAMESPACE)
            depart(slug, sid)  # a connection of this process; others depart on their own
    live.call_on_commit(send_out)


def create_space(slug: str, name: str, description: str = "", with_room: bool = True) -> Space:
    """Make a restricted space: a new board (and room) of this slug, or restrict an existing
    board (and the room of the same slug) already there. For admins (the command line or the
    admin page)."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        raise ValidationError("A slug is 2 to 63 lowercase letters, digits and dashes.", "slug")
    name = _bounded_text(name, "name", 100, required=True)
    description = _bounded_text(description, "description", 500, required=False)
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        board = Board(slug=slug, name=name, description=description, position=1000)
        db.session.add(board)
        db.session.flush()
    elif db.session.scalar(select(Space).where(Space.board_id == board.id)) is not None:
        raise ValidationError("That board is a space already.", "slug", "taken")
    room = db.session.scalar(select(Room).where(Room.slug == slug))
    if room is None and with_room:
        room = Room(slug=slug, name=name, description=description, position=1000)
        db.session.add(room)
        db.session.flush()
    space = Space(board_id=board.id, room_id=room.id if room is not None else None)
    db.session.add(space)
    db.session.commit()
    return space


def set_space_role(slug: str, handle: str, role: str | None) -> Space:
    """Make a member a space's member or moderator, or (role None) take them out of it. For
    admins."""
    space = get_space_or_404(slug)
    member = find_user(handle)
    if member is None:
        raise ValidationError(f"No member has the handle {handle!r}.", "handle")
    if role is not None and role not in SPACE_ROLES:
        raise ValidationError("A space role is 'member' or 'moderator'.", "role")
    place = membership(space, member)
    if role is None:
        if place is not None:
            db.session.delete(place)
            _send_out_of_room(space, member.id)
    elif place is None:
        db.session.add(SpaceMember(space_id=space.id, user_id=member.id, role=role))
    else:
        place.role = role
    db.session.commit()
    return space

