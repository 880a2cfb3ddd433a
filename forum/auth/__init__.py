"""The auth pages."""
from forum.auth.routes import bp

__all__ = ["bp"]
