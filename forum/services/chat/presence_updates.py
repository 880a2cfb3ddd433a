"""Who came and went, told to a room as small coalesced deltas instead of the whole list.

Each join or leave on this process is noted per room; a room's notes are sent at most every
PRESENCE_FLUSH_SECONDS (default 0.25 s) as one `presence` event to the whole room:

    {"room", "count", "joined": [handles], "left": [handles], "present"?: [handles]}

`count` is the number of members present across every process (through the presence store,
Redis when several processes run), `joined` and `left` are the handles whose presence changed
since this process's last update for the room, checked against that same count's list (a
member who joined and left again in between is only "left"), and `present`, the whole list,
is sent only while the room holds PRESENCE_LIST_MAX members or fewer. A joining member gets the
whole list once, in the answer to `join`. So n members joining cost about n/4 events a second
of a few handles each, instead of n events of up to n handles each.
"""
import logging
import threading

from flask import Flask, current_app

from forum.extensions import socketio
from forum.services import live
from forum.services.presence import presence

log = logging.getLogger(__name__)

PRESENCE_LIST_MAX = 50
DEFAULT_FLUSH_SECONDS = 0.25
_EXTENSION = "forum_presence_updates"


def presence_update_json(slug: str, present: list[str], joined, left) -> dict:
    """The `presence` event (see the module's docstring)."""
    here = set(present)
    update = {"room": slug, "count": len(present),
              "joined": sorted((h for h in joined if h in here), key=str.lower),
              "left": sorted((h for h in left if h not in here), key=str.lower)}
    if len(present) <= PRESENCE_LIST_MAX:
        update["present"] = present
    return update


class PresenceUpdates:
    """This process's pending joins and leaves per room, and the timers that send them."""

    def __init__(self):
        self._pending: dict[str, tuple[set[str], set[str]]] = {}
        self._lock = threading.Lock()

    def note(self, slug: str, handle: str, joined: bool) -> None:
        """Remember that a member joined (or left) the room; send the room's update soon."""
        with self._lock:
            first = slug not in self._pending
            came, went = self._pending.setdefault(slug, (set(), set()))
            (came if joined else went).add(handle)
        delay = current_app.config.get("PRESENCE_FLUSH_SECONDS", DEFAULT_FLUSH_SECONDS)
        if delay <= 0:
            self.flush(slug)
        elif first:
            socketio.start_background_task(self._flush_later, current_app._get_current_object(),
                                           slug, delay)

    def _flush_later(self, app: Flask, slug: str, delay: float) -> None:
        socketio.sleep(delay)
        with app.app_context():
            try:
                self.flush(slug)
            except Exception:  # noqa: BLE001  (a lost update must not stop the next ones)
                log.exception("sending a presence update failed")

    def flush(self, slug: str) -> None:
        """Send the room its pending update now (nothing if nothing changed)."""
        with self._lock:
            pending = self._pending.pop(slug, None)
        if pending is None:
            return
        came, went = pending
        live.broadcast("presence", presence_update_json(slug, presence().present(slug),
                                                        came, went),
                       to=live.room_channel(slug))


def presence_updates() -> PresenceUpdates:
    """The running app's pending presence updates."""
    return current_app.extensions.setdefault(_EXTENSION, PresenceUpdates())
