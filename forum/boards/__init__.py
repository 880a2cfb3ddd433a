"""The boards pages."""
from forum.boards import events, interact  # noqa: F401  (attach their routes and handlers)
from forum.boards.routes import bp

__all__ = ["bp"]
