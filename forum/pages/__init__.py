"""The pages pages."""
from forum.pages.routes import bp

__all__ = ["bp"]
