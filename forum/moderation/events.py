"""Socket.IO for moderators: the queue page listens for the live count of items waiting."""
from flask_socketio import join_room

from forum.chat.events import chat_event
from forum.extensions import socketio
from forum.permissions import can_moderate
from forum.services import Forbidden, live
from forum.services.live import NAMESPACE
from forum.services.moderation.items import queue_counts


@socketio.on("watch_queue", namespace=NAMESPACE)
@chat_event
def on_watch_queue(member, payload):
    """Moderators only: receive `queue_count` events whenever the queue changes."""
    if not can_moderate(member):
        raise Forbidden("The review queue is for moderators.")
    join_room(live.MODERATORS)
    return queue_counts()
