"""Socket.IO for moderators: the queue page listens for the live count of items waiting."""
from flask_socketio import join_room

from forum.chat.events import chat_event
from forum.extensions import socketio
from forum.services.live import NAMESPACE
from forum.services.moderation.items import watch_queue


@socketio.on("watch_queue", namespace=NAMESPACE)
@chat_event
def on_watch_queue(member, payload):
    """Reviewers only: receive `queue_count` events whenever the items they may see change."""
    watch = watch_queue(member)
    join_room(watch.channel)
    return watch.counts
