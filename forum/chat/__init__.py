"""Live chat: room pages and Socket.IO handlers."""
from forum.chat import events, room_events  # noqa: F401  (registers the socket handlers)
from forum.chat.routes import bp

__all__ = ["bp"]
