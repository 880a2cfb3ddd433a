"""Socket.IO handlers for open thread pages, on the /chat namespace: a page that shows a thread
joins its channel, and hears `thread_post` {"thread_id", "post_id"} for each new reply it may
see (services/boards/announce.py sends it after the commit)."""
from flask_socketio import join_room, leave_room

from forum.chat.events import chat_event, payload_id
from forum.extensions import socketio
from forum.services import live
from forum.services.boards.reading import get_thread_or_404
from forum.services.live import NAMESPACE


@socketio.on("watch_thread", namespace=NAMESPACE)
@chat_event
def on_watch_thread(member, payload):
    """Hear of new replies in a thread the member may see (not_found otherwise, alike for a
    hidden thread and a missing one)."""
    thread = get_thread_or_404(payload_id(payload, "thread_id", "a thread's"), member)
    join_room(live.thread_channel(thread.id))
    return {"thread_id": thread.id}


@socketio.on("unwatch_thread", namespace=NAMESPACE)
@chat_event
def on_unwatch_thread(member, payload):
    """Stop hearing of a thread's new replies."""
    leave_room(live.thread_channel(payload_id(payload, "thread_id", "a thread's")))
    return {}
