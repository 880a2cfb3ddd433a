"""Moderation pages and socket events."""
from forum.moderation import events, members  # noqa: F401  (each attaches its handlers)
from forum.moderation.routes import bp

__all__ = ["bp"]
