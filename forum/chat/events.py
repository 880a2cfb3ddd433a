"""Socket.IO handlers for the /chat namespace: thin, each answers through its acknowledgement."""
import functools
import time

from flask import current_app, request, session
from flask_socketio import disconnect, emit, join_room, leave_room

from forum.chat.identity import current_member, identify
from forum.extensions import db, socketio
from forum.outages import RETRY_AFTER_SECONDS, database_unavailable, redis_outage
from forum.services import Forbidden, NotFound, ValidationError, live
from forum.services.chat import messages, rooms
from forum.services.chat.encoded import Encoded
from forum.services.chat.limits import ChatRefused
from forum.services.live import NAMESPACE
from forum.services.presence import presence
from forum.services.shapes import message_json, room_state

TYPING_EVERY_SECONDS = 2


def _error(code: str, message: str, **extra) -> dict:
    return {"ok": False, "error": {"code": code, "message": message, **extra}}


def payload_id(payload: dict, field: str, what: str) -> int:
    """A row's id named in a payload: a whole number (not a string, not true/false), else a
    validation error naming the field. A number no row can have is left to the loader's 404."""
    value = payload.get(field)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{field} must be {what} id (a whole number).", field)
    return value


def _forget_routing_miss() -> None:
    """Socket.IO's path is no page of the forum, so Flask leaves a NotFound on every event's
    request, whose traceback holds the request context: a reference cycle of about 60 objects
    an event that only the garbage collector frees (a collection every few messages under
    load, and now and then a full one of tens of milliseconds, holding every connection).
    Dropping it lets the event's objects go the moment it ends. Nothing reads it: no view is
    dispatched for a Socket.IO event."""
    request.routing_exception = None


def chat_event(handler=None, *, held: bool = False):
    """Check the payload and the member before the handler; turn every failure into an ack.
    held=True hands the handler the member's held reading, not merged into the event's session
    (see current_member): for a handler that only reads it, or attaches it itself."""
    if handler is None:
        return functools.partial(chat_event, held=held)

    @functools.wraps(handler)
    def wrapper(payload=None, *_ignored):
        _forget_routing_miss()
        member = current_member(attach=not held)
        if member is None:
            disconnect()
            return _error("unauthorized", "Your session has ended. Please log in again.")
        if not isinstance(payload, dict):
            return _error("bad_payload", "Please send an object, e.g. {\"room\": \"lobby\"}.")
        try:
            return {"ok": True, **(handler(member, payload) or {})}
        except ChatRefused as refused:
            if refused.code in ("rate_limited", "slow_mode"):  # the composer shows when to retry
                emit("notice", {"code": refused.code, "message": refused.message, **refused.extra})
            return _error(refused.code, refused.message, **refused.extra)
        except ValidationError as invalid:
            return _error(invalid.code, invalid.message, field=invalid.field)
        except NotFound:
            return _error("not_found", "There's no such room or message.")
        except Forbidden as forbidden:
            return _error("forbidden", forbidden.message)
        except Exception as error:  # never a traceback to the client, never a dropped connection
            if database_unavailable(current_app, error):
                return _error("unavailable", "We can't reach our database for a moment. Nothing "
                              "was sent; please try again shortly.",
                              retry_after=RETRY_AFTER_SECONDS)
            db.session.rollback()
            current_app.logger.exception("chat event %s failed", handler.__name__)
            return _error("server_error", "Something went wrong on our side; please try again.")
        finally:
            db.session.remove()
    return wrapper


def _tell_if_degraded() -> None:
    """While Redis is away, tell this connection once per outage what that means for it."""
    outage = redis_outage(current_app)
    if outage.down and session.get("told_degraded") != outage.since:
        session["told_degraded"] = outage.since
        emit("notice", {"code": "degraded", "message": "Chat is in a reduced mode for a moment: "
                        "you may not see everyone who is here, and members connected elsewhere "
                        "may get messages late. Everything you send is still kept."})


def _joined_room(member, payload, attach: bool = True):
    """The room named in the payload, which this connection must have joined."""
    room = rooms.get_room_or_404(payload.get("room"), member, attach=attach)
    if room.slug not in presence().rooms_of(request.sid):
        raise ValidationError("Please join the room first.", "room", "not_joined")
    return room


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Refuse anonymous connections; remember who this connection belongs to."""
    _forget_routing_miss()
    member = identify(auth)
    if member is None:
        raise ConnectionRefusedError("unauthorized")
    presence().start_heartbeat(socketio)
    join_room(live.member_channel(member.id))
    # Ending the session or token this connection was opened with closes it (live.py).
    identity = session.get("chat_identity", {})
    if identity.get("session"):
        join_room(live.session_channel(identity["session"]))
    if identity.get("token"):
        join_room(live.token_channel(identity["token"]))
    db.session.remove()


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(*_reason):
    """Leave every room and tell the others who is still there."""
    _forget_routing_miss()
    for slug in presence().rooms_of(request.sid):
        rooms.depart(slug, request.sid)


@socketio.on("join", namespace=NAMESPACE)
@chat_event
def on_join(member, payload):
    """Join a room: answer its recent history and who is present."""
    room = rooms.get_room_or_404(payload.get("room"), member)
    rooms.check_entry(room, member)
    join_room(live.room_channel(room.slug))
    present = rooms.arrive(room, member, request.sid)
    emit("room_state", room_state(room))
    _tell_if_degraded()
    return {"history": messages.history_encoded(room, member),
            "present": Encoded(present), **room_state(room)}


@socketio.on("leave", namespace=NAMESPACE)
@chat_event
def on_leave(member, payload):
    """Leave a room."""
    room = _joined_room(member, payload)
    leave_room(live.room_channel(room.slug))
    rooms.depart(room.slug, request.sid)


@socketio.on("send", namespace=NAMESPACE)
@chat_event(held=True)
def on_send(member, payload):
    """Send a message: stored, then acknowledged and broadcast. The member and the room are
    the held readings, read and never changed here: the usual message needs neither in the
    session (send_message attaches them for a message with a review or crisis help)."""
    room = _joined_room(member, payload, attach=False)
    sent = messages.send_message(room, member, payload.get("body"))
    _tell_if_degraded()
    return {"message": sent.message,
            **({"notice": sent.notice} if sent.notice else {})}


@socketio.on("catch_up", namespace=NAMESPACE)
@chat_event
def on_catch_up(member, payload):
    """Everything after the last message id this member saw (after a reconnect)."""
    caught_up = messages.catch_up(_joined_room(member, payload), member, payload.get("after"))
    return {"messages": [message_json(m) for m in caught_up]}


@socketio.on("typing", namespace=NAMESPACE)
@chat_event
def on_typing(member, payload):
    """Tell the room this member is typing; at most once every two seconds, nothing stored."""
    room = _joined_room(member, payload)
    now = time.monotonic()
    if now - session.get("typing_at", 0) >= TYPING_EVERY_SECONDS:
        session["typing_at"] = now
        live.broadcast("typing", {"room": room.slug, "handle": member.handle},
                       to=live.room_channel(room.slug), skip_sid=request.sid)


@socketio.on("*", namespace=NAMESPACE)
def on_unknown_event(event, *_payload):
    """An event no handler knows: an error acknowledgement, so a client never waits in vain."""
    _forget_routing_miss()
    name = event if isinstance(event, str) else ""
    return _error("unknown_event", f"There is no chat event called {name[:64]!r}. The events "
                  "are join, leave, send, catch_up, typing, flag, block, watch_thread and "
                  "unwatch_thread (moderators: remove_message, mute, slow_mode, lock, "
                  "watch_queue).")
