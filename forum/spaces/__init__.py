"""Pages for restricted spaces, peer mentors and mentor conversations."""
from forum.spaces.routes import bp

__all__ = ["bp"]
