"""The boards pages."""
from forum.boards.routes import bp

__all__ = ["bp"]
