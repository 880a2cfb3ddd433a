"""Moderation pages and socket events."""
from forum.moderation import events  # noqa: F401  (registers the socket handlers)
from forum.moderation.routes import bp

__all__ = ["bp"]
