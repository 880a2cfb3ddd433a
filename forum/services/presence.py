"""Who is present in each room: in memory for one process, in Redis across several.

Each entry is one connection (sid) of one member. In Redis each server process keeps its own
entries under keys of its own that expire unless its heartbeat renews them, so the members of
a process that died (kill -9, a lost machine) leave the room within STALE_AFTER_SECONDS and no
key outlives its process. Every process also keeps its own entries in memory: if Redis goes
away, presence goes on with this process's connections, and the entries are written back to
Redis when it returns.
"""
import bisect
import json
import threading
import time
import uuid

import redis
from flask import Flask, current_app
from redis.exceptions import RedisError

from forum.outages import REDIS_DEGRADED, REDIS_TIMEOUTS, Outage, redis_outage

STALE_AFTER_SECONDS = 45
_EXTENSION = "forum_presence"


class MemoryPresence:
    """Presence for a single server process. Beside the connections, each room keeps its
    handles in order (with how many connections each has), so the list a joining member is
    answered costs a copy, not a sort of the whole room at every join."""

    def __init__(self):
        self._rooms: dict[str, dict[str, tuple[int, str]]] = {}
        self._counts: dict[str, dict[str, int]] = {}  # room -> handle -> connections
        self._listed: dict[str, list[str]] = {}  # room -> handles, sorted as present() answers
        self._lock = threading.Lock()

    def join(self, room: str, sid: str, user_id: int, handle: str) -> None:
        """Record that this connection is in the room."""
        with self._lock:
            previous = self._rooms.setdefault(room, {}).get(sid)
            if previous is not None:
                self._uncount(room, previous[1])
            self._rooms[room][sid] = (user_id, handle)
            counts = self._counts.setdefault(room, {})
            counts[handle] = counts.get(handle, 0) + 1
            if counts[handle] == 1:
                bisect.insort(self._listed.setdefault(room, []), handle, key=str.lower)

    def leave(self, room: str, sid: str) -> str | None:
        """Forget this connection in the room; answer the handle it belonged to, if any."""
        with self._lock:
            entry = self._rooms.get(room, {}).pop(sid, None)
            if entry is not None:
                self._uncount(room, entry[1])
        return entry[1] if entry else None

    def _uncount(self, room: str, handle: str) -> None:
        counts = self._counts[room]
        counts[handle] -= 1
        if counts[handle] == 0:
            del counts[handle]
            self._listed[room].remove(handle)

    def rooms_of(self, sid: str) -> list[str]:
        """The rooms this connection is in."""
        with self._lock:
            return [room for room, sids in self._rooms.items() if sid in sids]

    def present(self, room: str) -> list[str]:
        """Handles of the members in the room, each once, sorted."""
        with self._lock:
            return list(self._listed.get(room, ()))

    def sids_of(self, room: str, user_ids: set[int]) -> list[str]:
        """Connections in the room that belong to these members."""
        if not user_ids:  # nobody blocked: the usual case, and no walk through the room
            return []
        with self._lock:
            return [sid for sid, (uid, _) in self._rooms.get(room, {}).items() if uid in user_ids]

    def entries(self, room: str) -> dict[str, tuple[int, str]]:
        """Every connection in the room: sid -> (member id, handle)."""
        with self._lock:
            return dict(self._rooms.get(room, {}))

    def snapshot(self) -> dict[str, dict[str, tuple[int, str]]]:
        """Every room with its connections, as they are now."""
        with self._lock:
            return {room: dict(sids) for room, sids in self._rooms.items() if sids}

    def heartbeat(self) -> None:
        """Nothing to do in one process."""

    def start_heartbeat(self, socketio) -> None:
        """Nothing to do in one process."""


class RedisPresence:
    """Presence shared by every server process through Redis, degrading to this process's own
    connections while Redis is away."""

    def __init__(self, redis_url: str, prefix: str = "forum",
                 stale_after: float = STALE_AFTER_SECONDS, outage: Outage | None = None):
        self._redis = redis.Redis.from_url(redis_url, decode_responses=True, **REDIS_TIMEOUTS)
        self._prefix = f"{prefix}:presence"
        self.instance = uuid.uuid4().hex[:12]
        self.stale_after = stale_after
        self._ttl = max(1, round(stale_after))
        self._local = MemoryPresence()
        self._outage = outage or Outage("Redis", REDIS_DEGRADED)
        self._unsynced = True  # Redis may lack some of our entries: write them all back
        self._beating = False
        self.heartbeat()

    def _room_key(self, room: str, instance: str | None = None) -> str:
        return f"{self._prefix}:{instance or self.instance}:room:{room}"

    @property
    def _instances_key(self) -> str:
        return f"{self._prefix}:instances"

    def join(self, room: str, sid: str, user_id: int, handle: str) -> None:
        """Record that this connection is in the room."""
        self._local.join(room, sid, user_id, handle)
        key, entry = self._room_key(room), json.dumps({"u": user_id, "h": handle})
        self._write(lambda pipe: pipe.hset(key, sid, entry).expire(key, self._ttl))

    def leave(self, room: str, sid: str) -> str | None:
        """Forget this connection in the room; answer the handle it belonged to, if any."""
        handle = self._local.leave(room, sid)
        self._write(lambda pipe: pipe.hdel(self._room_key(room), sid))
        return handle

    def rooms_of(self, sid: str) -> list[str]:
        """The rooms this connection (always one of this process's) is in."""
        return sorted(self._local.rooms_of(sid))

    def present(self, room: str) -> list[str]:
        """Handles of the members in the room, across every process, each once, sorted."""
        return sorted({handle for _, handle in self._entries(room).values()}, key=str.lower)

    def sids_of(self, room: str, user_ids: set[int]) -> list[str]:
        """Connections in the room, on any process, that belong to these members."""
        if not user_ids:
            return []
        return sorted(sid for sid, (uid, _) in self._entries(room).items() if uid in user_ids)

    def _entries(self, room: str) -> dict[str, tuple[int, str]]:
        """This process's entries, and those of every other live process Redis knows."""
        entries = self._local.entries(room)
        if not self._outage.should_try():
            return entries
        try:
            others = self._alive_others()
            pipe = self._redis.pipeline(transaction=False)
            for instance in others:
                pipe.hgetall(self._room_key(room, instance))
            for found in pipe.execute():
                entries.update({sid: _entry(raw) for sid, raw in found.items()})
        except RedisError as error:
            self._failed(error)
        else:
            self._outage.recovered()
        return entries

    def _alive_others(self) -> list[str]:
        """Other processes that beat recently; forget those that stopped."""
        cutoff = time.time() - self.stale_after
        beats = self._redis.hgetall(self._instances_key)
        dead = [inst for inst, beat in beats.items() if float(beat) < cutoff]
        if dead:  # a process that stopped without saying goodbye; its keys expire by themselves
            self._redis.hdel(self._instances_key, *dead)
        return [inst for inst, beat in beats.items()
                if float(beat) >= cutoff and inst != self.instance]

    def _write(self, change) -> None:
        """Apply a change to Redis, or leave it for the resync once Redis is back."""
        if not self._outage.should_try():
            self._unsynced = True
            return
        try:
            pipe = self._redis.pipeline(transaction=False)
            change(pipe)
            pipe.execute()
            if self._unsynced:
                self._resync()
        except RedisError as error:
            self._failed(error)
        else:
            self._outage.recovered()

    def _failed(self, error: Exception) -> None:
        self._unsynced = True
        self._outage.failed(error)

    def heartbeat(self) -> None:
        """Tell the other processes this one is alive and keep its keys from expiring."""
        if not self._outage.should_try():
            return
        try:
            if self._unsynced:
                self._resync()
            pipe = self._redis.pipeline(transaction=False)
            pipe.hset(self._instances_key, self.instance, str(time.time()))
            pipe.expire(self._instances_key, self._ttl)
            for room in self._local.snapshot():
                pipe.expire(self._room_key(room), self._ttl)
            pipe.execute()
        except RedisError as error:
            self._failed(error)
        else:
            self._outage.recovered()

    def _resync(self) -> None:
        """Write this process's entries back to Redis, exactly as they are in memory."""
        pipe = self._redis.pipeline(transaction=True)
        for key in self._redis.scan_iter(match=self._room_key("*")):
            pipe.delete(key)
        for room, sids in self._local.snapshot().items():
            key = self._room_key(room)
            pipe.hset(key, mapping={sid: json.dumps({"u": uid, "h": handle})
                                    for sid, (uid, handle) in sids.items()})
            pipe.expire(key, self._ttl)
        pipe.execute()
        self._unsynced = False

    def start_heartbeat(self, socketio) -> None:
        """Beat a few times within STALE_AFTER for as long as the process runs (started on
        first connect)."""
        if self._beating:
            return
        self._beating = True

        def beat_forever():
            while True:
                socketio.sleep(self.stale_after / 3)
                try:
                    self.heartbeat()
                except Exception:  # noqa: BLE001  (the beat must outlive any one failure)
                    pass

        socketio.start_background_task(beat_forever)


def _entry(raw: str) -> tuple[int, str]:
    data = json.loads(raw)
    return data["u"], data["h"]


def make_presence(config, outage: Outage | None = None) -> MemoryPresence | RedisPresence:
    """Redis presence when REDIS_URL is set, else in memory."""
    if config.get("REDIS_URL"):
        return RedisPresence(config["REDIS_URL"], config.get("REDIS_KEY_PREFIX", "forum"),
                             outage=outage)
    return MemoryPresence()


def init_app(app: Flask) -> None:
    """Bind the app's presence store: in Redis when REDIS_URL is set, else in memory."""
    app.extensions[_EXTENSION] = make_presence(app.config, redis_outage(app))


def presence() -> MemoryPresence | RedisPresence:
    """The presence store of the running app."""
    return current_app.extensions[_EXTENSION]
