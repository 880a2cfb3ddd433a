"""Open chat connections end together with the session or token they were opened with.

A connection re-checks its session on every event (forum/chat/identity.py), but an idle one
would go on receiving the room's messages. So whatever ends sessions (logout, "log out there",
a password change, a suspension or ban, deleting the account) also asks for the connections to
be closed, and they are, right after the commit: never before, since a rollback would take the
change back.

Connections on this process are closed at once. With a message queue (several processes), the
member's notice channel is closed everywhere and the connections that sit in chat rooms are
found through the shared presence store and closed on whichever process holds them; any other
one is refused at its next event.
"""
from flask import current_app, has_app_context
from sqlalchemy import event, select

from forum.extensions import db, socketio
from forum.models import Room
from forum.services.presence import presence

NAMESPACE = "/chat"
_PENDING = "forum_connections_to_end"


def end_member_connections(user_id: int) -> None:
    """After the commit: close every chat connection of this member (the caller commits)."""
    rooms = list(db.session.scalars(select(Room.slug))) \
        if current_app.config.get("REDIS_URL") else []
    db.session.info.setdefault(_PENDING, []).append((f"user:{user_id}", user_id, rooms))


def end_session_connections(public_id: str) -> None:
    """After the commit: close the chat connections opened with this browser session."""
    db.session.info.setdefault(_PENDING, []).append((session_channel(public_id), None, []))


def end_token_connections(token_hash: str) -> None:
    """After the commit: close the chat connections opened with this API token."""
    db.session.info.setdefault(_PENDING, []).append((token_channel(token_hash), None, []))


def session_channel(public_id: str) -> str:
    """The Socket.IO room of the connections opened with one browser session."""
    return f"session:{public_id}"


def token_channel(token_hash: str) -> str:
    """The Socket.IO room of the connections opened with one API token."""
    return f"token:{token_hash}"


@event.listens_for(db.session, "after_commit")
def _after_commit(session) -> None:
    for channel, user_id, rooms in session.info.pop(_PENDING, []):
        try:
            _close(channel, user_id, rooms)
        except Exception:  # the change is committed; a socket hiccup must not undo the answer
            current_app.logger.exception("closing chat connections failed")


@event.listens_for(db.session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:  # rolled back or closed without a commit: nothing to close
        session.info.pop(_PENDING, None)


def _close(channel: str, user_id: int | None, rooms: list[str]) -> None:
    server = socketio.server
    if server is None or not has_app_context():
        return
    sids = {sid for sid, _eio_sid in server.manager.get_participants(NAMESPACE, channel)}
    if user_id is not None and rooms:
        for slug in rooms:
            sids.update(presence().sids_of(slug, {user_id}))
    for sid in sids:
        server.disconnect(sid, namespace=NAMESPACE)
    socketio.close_room(channel, namespace=NAMESPACE)
