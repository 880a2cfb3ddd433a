"""Live chat: room pages, Socket.IO handlers and presence."""
from flask import Flask

from forum.chat import events, room_events  # noqa: F401  (registers the socket handlers)
from forum.chat.presence import make_presence
from forum.chat.routes import bp
from forum.outages import redis_outage
from forum.permissions import can_moderate_room
from forum.resources import boundary_ids

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Bind the presence store (memory, or Redis when REDIS_URL is set) to the app."""
    app.extensions["forum_presence"] = make_presence(app.config, redis_outage(app))
    app.jinja_env.globals.update(can_moderate_room=can_moderate_room, boundary_ids=boundary_ids)
