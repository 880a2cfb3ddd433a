"""Socket.IO handlers for what moderators and facilitators do in a room, and for flags."""
from forum.chat.events import chat_event
from forum.extensions import socketio
from forum.services.accounts.blocks import block_member
from forum.services.chat import messages
from forum.services.chat.rooms import get_room_or_404, mute_member, set_locked, set_slow_mode
from forum.services.live import NAMESPACE
from forum.services.shapes import room_state


@socketio.on("remove_message", namespace=NAMESPACE)
@chat_event
def on_remove_message(member, payload):
    """Remove a message from the room for everyone."""
    message = messages.get_message_or_404(payload.get("id"), member)
    messages.remove_message(message, member)
    return {"id": message.id}


@socketio.on("mute", namespace=NAMESPACE)
@chat_event
def on_mute(member, payload):
    """Mute a member in a room for some minutes."""
    room = get_room_or_404(payload.get("room"), member)
    mute = mute_member(room, member, payload.get("handle"), payload.get("minutes"))
    return {"until": mute.until.isoformat()}


@socketio.on("slow_mode", namespace=NAMESPACE)
@chat_event
def on_slow_mode(member, payload):
    """Set the room's slow mode in seconds (0 turns it off)."""
    room = get_room_or_404(payload.get("room"), member)
    return room_state(set_slow_mode(room, member, payload.get("seconds")))


@socketio.on("lock", namespace=NAMESPACE)
@chat_event
def on_lock(member, payload):
    """Lock or unlock the room."""
    room = get_room_or_404(payload.get("room"), member)
    return room_state(set_locked(room, member, payload.get("locked")))


@socketio.on("flag", namespace=NAMESPACE)
@chat_event
def on_flag(member, payload):
    """Report a message to the moderators with a boundary id as the reason."""
    message = messages.get_message_or_404(payload.get("id"), member)
    flag = messages.flag_message(message, member, payload.get("reason"), payload.get("note"))
    return {"flag_id": flag.id}


@socketio.on("block", namespace=NAMESPACE)
@chat_event
def on_block(member, payload):
    """Block a member from the chat: their messages stop reaching you, and yours them."""
    blocked = block_member(member, payload.get("handle"))
    return {"blocked": blocked.handle}
