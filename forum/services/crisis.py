"""What a member in crisis is shown at once, and what stays in their notifications.

The screening decides *whether* a text is a crisis (and its tier, and whether it describes an
emergency happening now); this module decides *what the author sees*: the resources that fit
them, and the emergency steps first when someone's life is in danger right now.
"""
from forum.models import User
from forum.resources import crisis_message, crisis_resources


def crisis_notice(member: User | None, verdict) -> dict:
    """The private notice for a crisis verdict: code "crisis", the message and the resources."""
    notice = {"code": "crisis", "tier": verdict.crisis_tier or "urgent",
              "message": crisis_message(), "resources": crisis_resources()["resources"]}
    if verdict.emergency:
        notice["emergency"] = True
    return notice
