"""The recovery pages under /me: recovery date, daily check-in, personal boundaries."""
from forum.recovery.routes import bp

__all__ = ["bp"]
