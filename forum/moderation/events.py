"""Socket.IO for moderators: the queue page listens for the live count of items waiting."""
from flask_socketio import join_room

from forum.chat.events import chat_event
from forum.extensions import socketio
from forum.services import live
from forum.services.live import NAMESPACE
from forum.services.moderation.items import watch_queue


@socketio.on("watch_queue", namespace=NAMESPACE)
@chat_event
def on_watch_queue(member, payload):
    """Moderators only: receive `queue_count` events whenever the queue changes."""
    counts = watch_queue(member)
    join_room(live.MODERATORS)
    return counts
