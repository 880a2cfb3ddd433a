"""Socket.IO handlers for open mentor-conversation pages, on the /chat namespace: the page of one
of the pair joins the conversation's channel and hears `conversation_message`
{"conversation_id", "message_id"} for each new message (then fetches it drawn by the server) and
`conversation_ended` {"conversation_id"} (services/spaces/conversations.py sends both after the
commit)."""
from flask_socketio import join_room, leave_room

from forum.chat.events import chat_event, payload_id
from forum.extensions import socketio
from forum.services import live
from forum.services.live import NAMESPACE
from forum.services.spaces.conversations import get_conversation_or_404



@socketio.on("watch_conversation", namespace=NAMESPACE)
@chat_event
def on_watch_conversation(member, payload):
    """Hear of new messages in one's own mentor conversation (not_found for anyone else's,
    alike with one that does not exist)."""
    conversation = get_conversation_or_404(payload_id(payload, "conversation_id", "a conversation's"), member)
    join_room(live.conversation_channel(conversation.id))
    return {"conversation_id": conversation.id}


@socketio.on("unwatch_conversation", namespace=NAMESPACE)
@chat_event
def on_unwatch_conversation(member, payload):
    """Stop hearing of a conversation's new messages."""
    leave_room(live.conversation_channel(payload_id(payload, "conversation_id", "a conversation's")))
    return {}
