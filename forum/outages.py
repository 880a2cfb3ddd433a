"""When a service the forum leans on goes away (Redis, the database): one place that knows,
says why in the log once, notices the return, and tells the parts that degrade when to retry.

Redis carries the shared rate-limit counters, chat presence and the Socket.IO message queue.
Without it each process keeps working on its own (limits in memory, presence of its own
connections, messages to its own clients) and tries Redis again every few seconds.
"""
import logging
import threading
import time

log = logging.getLogger("forum.outages")

RETRY_SECONDS = 5.0
# Socket timeouts for every Redis client: an unreachable Redis must cost a request a moment,
# never the operating system's minutes-long connect timeout.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
REDIS_DEGRADED = ("Redis is unreachable, so rate limits, chat presence and chat messages work "
                  "within each server process only until it is back")


class Outage:
    """The state of one service: up, or down since a moment, with the next time to retry."""

    def __init__(self, name: str, consequence: str, retry_seconds: float = RETRY_SECONDS):
        self.name, self.consequence, self.retry_seconds = name, consequence, retry_seconds
        self._down_since: float | None = None
        self._next_try = 0.0
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        """True while the service is known to be unreachable."""
        return self._down_since is not None

    def failed(self, error: BaseException) -> None:
        """Record a failure; the first one of an outage is logged, with why, and no other."""
        with self._lock:
            self._next_try = time.monotonic() + self.retry_seconds
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        log.warning("%s is unreachable (%s: %s). %s.", self.name, type(error).__name__,
                    _one_line(error), self.consequence)

    def recovered(self) -> None:
        """Record a success; the first one after an outage is logged."""
        with self._lock:
            if self._down_since is None:
                return
            seconds = time.monotonic() - self._down_since
            self._down_since = None
        log.warning("%s is back after %.0f s; everything works as before.", self.name, seconds)

    def should_try(self) -> bool:
        """Up, or down and due for another attempt (at most one caller every few seconds)."""
        with self._lock:
            if self._down_since is None:
                return True
            if time.monotonic() < self._next_try:
                return False
            self._next_try = time.monotonic() + self.retry_seconds
            return True


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:200]


def redis_outage(app) -> Outage:
    """The app's Redis state (made on first use), shared by limits, presence and the queue."""
    if "forum_redis_outage" not in app.extensions:
        app.extensions["forum_redis_outage"] = Outage("Redis", REDIS_DEGRADED)
    return app.extensions["forum_redis_outage"]
