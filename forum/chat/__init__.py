"""Live chat: room pages and Socket.IO handlers."""
from flask import Flask

from forum.chat import events, room_events  # noqa: F401  (registers the socket handlers)
from forum.chat.routes import bp
from forum.permissions import can_moderate_room
from forum.resources import boundary_ids

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Offer the chat pages' predicates to every template."""
    app.jinja_env.globals.update(can_moderate_room=can_moderate_room, boundary_ids=boundary_ids)
