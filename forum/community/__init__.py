"""Pages for finding what is new and what helped before: latest, unread, search, member pages,
and opening a notification."""
from forum.community.routes import bp

__all__ = ["bp"]
