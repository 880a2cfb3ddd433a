"""Crisis care in the pages: the help box beside a crisis post, the chat card, the country
setting, and moderators' check-ins with the banner a member sees until they read it."""
from forum.crisis.routes import bp

__all__ = ["bp"]
