"""The floor for bench/chat.py: a bare Flask-SocketIO room server on gevent, same versions as the
forum, the same events and message shape, and nothing else (no accounts, storage or screening).

    gunicorn -k gevent -w 1 bench.bare_chat:app      (bench/chat.py starts it itself)
"""
from gevent import monkey

monkey.patch_all()  # as wsgi.py does for the forum

import itertools  # noqa: E402
from datetime import datetime, timezone  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402
from markupsafe import escape  # noqa: E402

NAMESPACE = "/chat"
app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent", max_http_buffer_size=16 * 1024)
_ids = itertools.count(1)


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    """Any token will do; a connection without one is refused, as the forum refuses it."""
    if not isinstance(auth, dict) or not auth.get("token"):
        raise ConnectionRefusedError("unauthorized")


@socketio.on("join", namespace=NAMESPACE)
def on_join(payload):
    """Join the room; no history, no presence."""
    join_room(f"room:{payload['room']}")
    return {"ok": True, "history": [], "present": []}


@socketio.on("send", namespace=NAMESPACE)
def on_send(payload):
    """Broadcast the message to the room (the sender too) and acknowledge it."""
    message = {"id": next(_ids), "room": payload["room"], "author": {"handle": "bench"},
               "body_html": str(escape(payload["body"])),
               "created_at": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")}
    emit("message", message, to=f"room:{payload['room']}")
    return {"ok": True, "message": message}
