"""The Socket.IO message queue on Redis, which carries chat between server processes, made
to degrade: while Redis is away each process still delivers to its own connections (the
local delivery never waited for Redis), nothing is retried per message, the log says why once
(forum/outages.py), and the queue reconnects by itself when Redis is back."""
import time
from typing import Callable

from socketio import RedisManager

from forum.outages import Outage, redis_outage
from forum.services import live
from forum.services.chat import rooms

RECONNECT_SECONDS = 5


class DegradingRedisManager(RedisManager):
    """python-socketio's RedisManager, quiet and patient while Redis is away; and when another
    process takes one of this process's connections out of a channel, this process's own record
    of where the connection is (chat presence) follows (`on_leave_room`)."""

    def __init__(self, url: str, outage: Outage, channel: str,
                 on_leave_room: Callable[[str, str], None] | None = None):
        # No socket_timeout: the listening connection waits for messages as long as it takes.
        super().__init__(url, channel=channel,
                         redis_options={"socket_connect_timeout": 1, "socket_keepalive": True})
        self._outage = outage
        self.on_leave_room = on_leave_room

    def _handle_leave_room(self, message):
        """Another process asked (through the queue) that a connection leave a channel: if the
        connection is one of ours, it leaves, and on_leave_room(sid, channel) runs here."""
        sid, namespace = message.get("sid"), message.get("namespace")
        ours = self.is_connected(sid, namespace)
        super()._handle_leave_room(message)
        if ours and self.on_leave_room is not None:
            self.on_leave_room(sid, message.get("room"))

    def _publish(self, data):
        """Tell the other processes; while Redis is away, only every few seconds try again."""
        if not self._outage.should_try():
            return None
        try:
            if not self.connected:
                self._redis_connect()
            sent = self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as error:  # noqa: BLE001  (any Redis failure: degrade, never raise)
            self.connected = False
            self._outage.failed(error)
            return None
        self._outage.recovered()
        return sent

    def _redis_listen_with_retries(self):
        """Listen on the channel; reconnect every few seconds while Redis is away."""
        subscribed = False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    subscribed = True
                    self._outage.recovered()
                yield from self.pubsub.listen()
            except Exception as error:  # noqa: BLE001
                subscribed = False
                self._outage.failed(error)
                time.sleep(RECONNECT_SECONDS)


def message_queue(app) -> DegradingRedisManager | None:
    """The app's message queue when REDIS_URL is set (several processes), else None."""
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    return DegradingRedisManager(url, redis_outage(app),
                                 channel=f"{app.config['REDIS_KEY_PREFIX']}-socketio",
                                 on_leave_room=_departing(app))


def _departing(app) -> Callable[[str, str], None]:
    """What this process does when another sends one of its connections out of a chat room (a
    member who left a space): the room's presence here forgets the connection, and the others
    in the room hear who left."""
    def depart_room(sid: str, channel: str) -> None:
        slug = live.room_of_channel(channel)
        if slug is not None:
            with app.app_context():
                rooms.depart(slug, sid)
    return depart_room
