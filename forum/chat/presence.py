"""Who is present in each room: in memory for one process, in Redis across several.

Each entry is one connection (sid) of one member. In Redis every server process also writes a
heartbeat, and entries of a process whose heartbeat stopped are ignored, so members of a
crashed process do not stay "present" for ever.
"""
import json
import threading
import time
import uuid

from flask import current_app

HEARTBEAT_SECONDS = 15
STALE_AFTER_SECONDS = 45


class MemoryPresence:
    """Presence for a single server process."""

    def __init__(self):
        self._rooms: dict[str, dict[str, tuple[int, str]]] = {}
        self._lock = threading.Lock()

    def join(self, room: str, sid: str, user_id: int, handle: str) -> None:
        """Record that this connection is in the room."""
        with self._lock:
            self._rooms.setdefault(room, {})[sid] = (user_id, handle)

    def leave(self, room: str, sid: str) -> None:
        """Forget this connection in the room."""
        with self._lock:
            self._rooms.get(room, {}).pop(sid, None)

    def rooms_of(self, sid: str) -> list[str]:
        """The rooms this connection is in."""
        with self._lock:
            return [room for room, sids in self._rooms.items() if sid in sids]

    def present(self, room: str) -> list[str]:
        """Handles of the members in the room, each once, sorted."""
        with self._lock:
            return sorted({handle for _, handle in self._rooms.get(room, {}).values()},
                          key=str.lower)

    def sids_of(self, room: str, user_ids: set[int]) -> list[str]:
        """Connections in the room that belong to these members."""
        with self._lock:
            return [sid for sid, (uid, _) in self._rooms.get(room, {}).items() if uid in user_ids]

    def heartbeat(self) -> None:
        """Nothing to do in one process."""

    def start_heartbeat(self, socketio) -> None:
        """Nothing to do in one process."""


class RedisPresence:
    """Presence shared by every server process through Redis."""

    def __init__(self, redis_url: str, prefix: str = "forum"):
        import redis

        self._redis = redis.Redis.from_url(redis_url, decode_responses=True)
        self._prefix = f"{prefix}:presence"
        self.instance = uuid.uuid4().hex[:12]
        self._beating = False
        self.heartbeat()

    def _room_key(self, room: str) -> str:
        return f"{self._prefix}:room:{room}"

    def join(self, room: str, sid: str, user_id: int, handle: str) -> None:
        """Record that this connection is in the room."""
        entry = json.dumps({"u": user_id, "h": handle, "i": self.instance})
        pipe = self._redis.pipeline()
        pipe.hset(self._room_key(room), sid, entry)
        pipe.sadd(f"{self._prefix}:sid:{sid}", room)
        pipe.execute()

    def leave(self, room: str, sid: str) -> None:
        """Forget this connection in the room."""
        pipe = self._redis.pipeline()
        pipe.hdel(self._room_key(room), sid)
        pipe.srem(f"{self._prefix}:sid:{sid}", room)
        pipe.execute()

    def rooms_of(self, sid: str) -> list[str]:
        """The rooms this connection is in."""
        return sorted(self._redis.smembers(f"{self._prefix}:sid:{sid}"))

    def _entries(self, room: str) -> dict[str, dict]:
        alive = self._alive_instances()
        key = self._room_key(room)
        entries = {sid: json.loads(raw) for sid, raw in self._redis.hgetall(key).items()}
        dead = [sid for sid, e in entries.items() if e["i"] not in alive]
        if dead:  # connections of a process that stopped without saying goodbye
            self._redis.hdel(key, *dead)
        return {sid: e for sid, e in entries.items() if e["i"] in alive}

    def _alive_instances(self) -> set[str]:
        cutoff = time.time() - STALE_AFTER_SECONDS
        beats = self._redis.hgetall(f"{self._prefix}:instances")
        return {inst for inst, beat in beats.items() if float(beat) >= cutoff}

    def present(self, room: str) -> list[str]:
        """Handles of the members in the room, across every process, each once, sorted."""
        return sorted({e["h"] for e in self._entries(room).values()}, key=str.lower)

    def sids_of(self, room: str, user_ids: set[int]) -> list[str]:
        """Connections in the room, on any process, that belong to these members."""
        if not user_ids:
            return []
        return [sid for sid, e in self._entries(room).items() if e["u"] in user_ids]

    def heartbeat(self) -> None:
        """Tell the other processes this one is alive."""
        self._redis.hset(f"{self._prefix}:instances", self.instance, str(time.time()))

    def start_heartbeat(self, socketio) -> None:
        """Beat every few seconds for as long as the process runs (started on first connect)."""
        if self._beating:
            return
        self._beating = True

        def beat_forever():
            while True:
                socketio.sleep(HEARTBEAT_SECONDS)
                try:
                    self.heartbeat()
                except Exception:  # Redis away for a moment: the next beat tries again
                    pass

        socketio.start_background_task(beat_forever)


def make_presence(config) -> MemoryPresence | RedisPresence:
    """Redis presence when REDIS_URL is set, else in memory."""
    if config.get("REDIS_URL"):
        return RedisPresence(config["REDIS_URL"], config.get("REDIS_KEY_PREFIX", "forum"))
    return MemoryPresence()


def presence() -> MemoryPresence | RedisPresence:
    """The presence store of the running app."""
    return current_app.extensions["forum_presence"]
