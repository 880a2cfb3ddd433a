"""Live events: what open pages and chat windows hear, sent only once the change is committed.

A service that changes something members should see at once queues the event on the database
session with emit_on_commit() before it commits (in the spirit of Zulip's
send_event_on_commit). The session's after_commit hook sends the queued events in order; a
rollback, or a session closed without a commit, drops them. So no client ever hears of a change
a rollback took back, and no view or socket handler emits on a service's behalf.

Closing connections (a session or token that ended) is queued the same way, with
disconnect_on_commit(): each connection hears `notice` code `signed_out` first, so the chat
window can say why it stopped rather than try to reconnect. Events that announce no write (who is present, who is typing) go out at
once with broadcast(). A service that commits on a connection of its own, past the session (the
usual chat message), sends its events with emit_committed() right after that commit.

Every live event travels on one Socket.IO namespace; its channels (Socket.IO rooms) are named
here and nowhere else.
"""
import logging
from dataclasses import dataclass
from typing import Callable

from flask import has_app_context
from sqlalchemy import event

from forum.extensions import db, socketio
from forum.services.presence import presence

log = logging.getLogger(__name__)

NAMESPACE = "/chat"
MODERATORS = "moderators"  # moderators with the review queue open
# What a connection hears before it is closed because its session or token ended.
SIGNED_OUT = {"code": "signed_out", "message": "You're signed out here now. Please log in again "
              "to keep chatting."}
_QUEUE = "forum_live_events"

Payload = dict | Callable[[], dict]


def room_channel(slug: str) -> str:
    """Every connection present in one chat room."""
    return f"room:{slug}"


def room_of_channel(channel) -> str | None:
    """The chat room a channel is, or None for any other channel."""
    prefix = room_channel("")
    return channel[len(prefix):] if isinstance(channel, str) and \
        channel.startswith(prefix) else None


def member_channel(user_id: int) -> str:
    """Every open connection of one member."""
    return f"user:{user_id}"


def reviewer_channel(user_id: int) -> str:
    """The open review queue pages of one space's own moderator (the forum's moderators share
    MODERATORS): each hears counts of only the items they may see."""
    return f"review:{user_id}"


def thread_channel(thread_id: int) -> str:
    """The connections of members who have a thread's page open (and may see it)."""
    return f"thread:{thread_id}"


def conversation_channel(conversation_id: int) -> str:
    """The open pages of one mentor conversation (only the pair may join it)."""
    return f"conversation:{conversation_id}"


def session_channel(public_id: str) -> str:
    """The connections opened with one browser session."""
    return f"session:{public_id}"


def token_channel(token_hash: str) -> str:
    """The connections opened with one API token."""
    return f"token:{token_hash}"


@dataclass
class _Emit:
    event: str
    data: Payload
    to: str
    skip_sids: list[str] | None = None
    key: str | None = None

    def send(self) -> None:
        """Emit the event to its channel."""
        socketio.emit(self.event, self.data, to=self.to, namespace=NAMESPACE,
                      skip_sid=self.skip_sids or None)


@dataclass
class _Disconnect:
    channel: str
    member_id: int | None = None
    rooms: tuple[str, ...] = ()
    key: str | None = None

    def send(self) -> None:
        """Tell every connection in the channel it is signed out, then close them."""
        server = socketio.server
        if server is None:
            return
        socketio.emit("notice", SIGNED_OUT, to=self.channel, namespace=NAMESPACE)
        sids = {sid for sid, _eio in server.manager.get_participants(NAMESPACE, self.channel)}
        for slug in self.rooms:  # connections on other processes, found through presence
            sids.update(presence().sids_of(slug, {self.member_id}))
        for sid in sids:
            server.disconnect(sid, namespace=NAMESPACE)
        socketio.close_room(self.channel, namespace=NAMESPACE)


def emit_on_commit(event_name: str, data: Payload, to: str, *, skip_sids=None,
                   key: str | None = None) -> None:
    """Send an event to a channel once the current transaction commits (never if it rolls back).

    `data` may be a function: it is called just before the commit, once the transaction's
    writes are flushed, for payloads that need them (a new row's id, the queue's counts). A later
    event queued with the same `key` replaces this one (only the latest count matters)."""
    _queue(_Emit(event_name, data, to, list(skip_sids or []), key))


def disconnect_on_commit(channel: str, member_id: int | None = None,
                         rooms: tuple[str, ...] = ()) -> None:
    """Close every connection in a channel once the transaction commits; with a member and the
    rooms they may sit in, also their connections held by other server processes."""
    _queue(_Disconnect(channel, member_id, tuple(rooms)))


@dataclass
class _Call:
    function: Callable[[], None]
    key: str | None = None

    def send(self) -> None:
        """Run the function (live work that needs the committed change, such as sending a
        member's windows out of a room they may no longer see)."""
        self.function()


def call_on_commit(function: Callable[[], None]) -> None:
    """Run a function of live work once the transaction commits (never if it rolls back)."""
    _queue(_Call(function))


def emit_committed(event_name: str, data: dict, to: str, *, skip_sids=None) -> None:
    """Send an event for a change its caller has already committed on a connection of its own
    (past the session, whose commit would otherwise send it: a chat message's hot path). As
    after a session's commit, a socket hiccup is logged and never undoes the answer."""
    try:
        socketio.emit(event_name, data, to=to, namespace=NAMESPACE, skip_sid=skip_sids or None)
    except Exception:
        log.exception("sending a live event failed")


def broadcast(event_name: str, data: dict, to: str, skip_sid: str | None = None) -> None:
    """Send an event now: for what no transaction writes (presence, typing)."""
    socketio.emit(event_name, data, to=to, namespace=NAMESPACE, skip_sid=skip_sid)


def _queue(item) -> None:
    pending = db.session.info.setdefault(_QUEUE, [])
    if item.key is not None:
        pending[:] = [queued for queued in pending if queued.key != item.key]
    pending.append(item)


@event.listens_for(db.session, "before_commit")
def _resolve_payloads(session) -> None:
    pending = session.info.get(_QUEUE)
    if not pending or not any(callable(getattr(item, "data", None)) for item in pending):
        return
    session.flush()  # the payload functions read what this transaction wrote
    for item in pending:
        if callable(getattr(item, "data", None)):
            item.data = item.data()


@event.listens_for(db.session, "after_commit")
def _send(session) -> None:
    for item in session.info.pop(_QUEUE, []):
        if not has_app_context():
            continue
        try:
            item.send()
        except Exception:  # the change is committed: a socket hiccup must not undo the answer
            log.exception("sending a live event failed")


@event.listens_for(db.session, "after_transaction_end")
def _drop(session, transaction) -> None:
    if transaction.parent is None:  # rolled back, or closed without a commit: nothing happened
        session.info.pop(_QUEUE, None)
