"""When a service the forum leans on goes away (Redis, the database): one place that knows,
says why in the log once, notices the return, and tells the parts that degrade when to retry.

Redis carries the shared rate-limit counters, chat presence and the Socket.IO message queue.
Without it each process keeps working on its own (limits in memory, presence of its own
connections, messages to its own clients) and tries Redis again every few seconds.
"""
import logging
import threading
import time

from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from forum.extensions import db

log = logging.getLogger("forum.outages")

RETRY_SECONDS = 5.0
# Socket timeouts for every Redis client: an unreachable Redis must cost a request a moment,
# never the operating system's minutes-long connect timeout.
REDIS_TIMEOUTS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}
REDIS_DEGRADED = ("Rate limits, chat presence and chat messages now work within each server "
                  "process only, until it is back")
DATABASE_DOWN = "Pages and the API answer 503 with Retry-After until it is back"
RETRY_AFTER_SECONDS = 30  # what a 503 asks clients to wait


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

    @property
    def since(self) -> float | None:
        """When this outage began (time.monotonic()), or None while the service is up."""
        return self._down_since

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


def database_outage(app) -> Outage:
    """The app's database state: the first failure of an outage is logged, with why."""
    if "forum_database_outage" not in app.extensions:
        app.extensions["forum_database_outage"] = Outage("The database", DATABASE_DOWN)
    return app.extensions["forum_database_outage"]


def is_unreachable(error: BaseException) -> bool:
    """True for a database error that means "cannot reach the database" (refused, reset,
    terminated), not a mistake in a query."""
    return isinstance(error, OperationalError) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def database_unavailable(app, error: BaseException) -> bool:
    """True when the error means the database is away; the session is rolled back and the
    outage noted (logged once). False for any other error, which is left to the caller."""
    if not is_unreachable(error):
        return False
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass  # the connection is gone; the pool replaces it once the database is back
    database_outage(app).failed(error)
    return True


def redis_outage(app) -> Outage:
    """The app's Redis state (made on first use), shared by limits, presence and the queue."""
    if "forum_redis_outage" not in app.extensions:
        app.extensions["forum_redis_outage"] = Outage("Redis", REDIS_DEGRADED)
    return app.extensions["forum_redis_outage"]


class DegradingLimiter:
    """A moving-window rate limiter on the shared storage (Redis) that counts in this process's
    memory while the storage is away, and goes back to it once it answers again."""

    def __init__(self, storage_uri: str, outage: Outage, **storage_options):
        self._shared = MovingWindowRateLimiter(storage_from_string(storage_uri, **storage_options))
        self._local = MovingWindowRateLimiter(MemoryStorage())
        self._outage = outage
        self._last = self._local

    def hit(self, limit, *identifiers) -> bool:
        """Count one hit; False when the limit is reached."""
        if self._outage.should_try():
            try:
                allowed = self._shared.hit(limit, *identifiers)
            except Exception as error:  # noqa: BLE001  (any storage failure: count locally)
                self._outage.failed(error)
            else:
                self._outage.recovered()
                self._last = self._shared
                return allowed
        self._last = self._local
        return self._local.hit(limit, *identifiers)

    def get_window_stats(self, limit, *identifiers):
        """The window of the storage the last hit was counted in."""
        try:
            return self._last.get_window_stats(limit, *identifiers)
        except Exception:  # noqa: BLE001  (gone between the hit and now: the local window)
            return self._local.get_window_stats(limit, *identifiers)
