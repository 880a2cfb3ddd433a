"""The Socket.IO message queue on Redis, which carries chat between server processes, made
to degrade: while Redis is away each process still delivers to its own connections (the
local delivery never waited for Redis), nothing is retried per message, the log says why once
(forum/outages.py), and the queue reconnects by itself when Redis is back."""
import time

from socketio import RedisManager

from forum.outages import Outage, redis_outage

RECONNECT_SECONDS = 5


class DegradingRedisManager(RedisManager):
    """python-socketio's RedisManager, quiet and patient while Redis is away."""

    def __init__(self, url: str, outage: Outage, channel: str):
        # No socket_timeout: the listening connection waits for messages as long as it takes.
        super().__init__(url, channel=channel,
                         redis_options={"socket_connect_timeout": 1, "socket_keepalive": True})
        self._outage = outage

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
                                 channel=f"{app.config['REDIS_KEY_PREFIX']}-socketio")
