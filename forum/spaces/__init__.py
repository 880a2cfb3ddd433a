"""Pages for restricted spaces, peer mentors and mentor conversations, and the socket events of
an open conversation page."""
from forum.spaces import events  # noqa: F401  (registers the socket handlers)
from forum.spaces.routes import bp

__all__ = ["bp"]
