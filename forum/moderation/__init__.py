"""Moderation pages and socket events."""
from forum.moderation import events  # noqa: F401  (registers the socket handlers)
