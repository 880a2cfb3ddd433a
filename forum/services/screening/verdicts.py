"""Screening a new or edited post against the boundaries, before and after it is written.

check_screening() refuses what may not be posted at all (never a cry for help); hold_reason()
is the one place that decides whether a post waits for review; record_screening() opens the
review item, with the families and words that fired, and tells the author; notice_for() is what
the author must see at once (crisis resources first, else why the post is held).
"""
from forum.models import PostStatus, User
from forum.services import ValidationError
from forum.services.crisis import crisis_notice, remember_crisis
from forum.services.moderation.items import FLAGGED, HELD, URGENT, needs_review
from forum.services.notifications import notify
from forum.services.screening.assess import Assessment, assess

HELD_MESSAGE = ("Held for a moderator to review. {why} It will appear once a moderator approves "
                "it; you can still see it in the meantime.")
# A cry for help that also needed a content warning is published folded behind this one; a
# moderator can word it better.
AUTO_WARNING = "Describes use"


def screened_text(title: str | None, body: str, warning: str | None) -> str:
    """Everything a member wrote in one submission, read as one text."""
    return "\n".join(part for part in (title, warning, body) if part)


def check_screening(text: str, author: User, has_warning: bool,
                    rendered_html: str | None = None) -> Assessment:
    """Read the text; raise ValidationError for what cannot be posted. A crisis verdict never
    raises: crisis wins over every other boundary."""
    verdict = assess(text, author, "post", has_warning=has_warning, rendered_html=rendered_html)
    if verdict.refuse is not None:
        raise ValidationError(verdict.refuse.explanation, "body", "refused")
    if verdict.needs_warning is not None:
        raise ValidationError(verdict.needs_warning.explanation, "content_warning",
                              "content_warning_required")
    return verdict


def hold_reason(verdict: Assessment) -> str | None:
    """The boundary a post is held for, or None when it is published at once."""
    return verdict.hold.boundary if verdict.hold is not None else None


def initial_status(verdict: Assessment) -> str:
    """pending when held, published otherwise (crisis is never held)."""
    return PostStatus.PENDING.value if hold_reason(verdict) else PostStatus.PUBLISHED.value


def review_priority(verdict: Assessment) -> int:
    """Urgent crisis first, then a crisis check-in and held posts, then reports."""
    if verdict.crisis_tier == "urgent":
        return URGENT
    return HELD if verdict.crisis or hold_reason(verdict) else FLAGGED


def findings_note(verdict: Assessment) -> str:
    """What fired and why, in one line a moderator can read."""
    return "; ".join(f.name for f in verdict.findings)[:1000]


def record_screening(target_type: str, target, verdict: Assessment, author: User) -> None:
    """Open the review item a verdict calls for and notify the author (the caller commits)."""
    if not verdict.reasons():
        return
    item = needs_review(target_type, target, verdict.reasons(), review_priority(verdict), "rule",
                        note=findings_note(verdict))
    item.snapshot = {**item.snapshot, "screening": [f.as_json() for f in verdict.findings],
                     "crisis_tier": verdict.crisis_tier}
    if hold_reason(verdict):
        notify(author.id, "held", HELD_MESSAGE.format(why=verdict.hold.explanation),
               boundary=hold_reason(verdict), target={"type": target_type, "id": target.id})
    if verdict.crisis:
        remember_crisis(author, target_type, target, verdict)


def notice_for(verdict: Assessment, author: User | None = None) -> dict | None:
    """What the author must see now: crisis resources first, else why the post is held."""
    if verdict.crisis:
        return crisis_notice(author, verdict)
    if hold_reason(verdict):
        return {"code": "held", "boundary": hold_reason(verdict),
                "message": HELD_MESSAGE.format(why=verdict.hold.explanation)}
    return None
