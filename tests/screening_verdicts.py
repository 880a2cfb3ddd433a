"""The screening's verdict on a text, as the family tests read it.

`screen` runs the pure pipeline (no database); `assessed` runs it through the service, as a
post or a chat message by the established persona. The rest name what a verdict did.
"""
from forum.screening.reading import read
from forum.screening.verdict import Context, decide
from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess, is_help_link


def screen(text, chat=False):
    """The verdict on a text by an established member, as a post or a chat message."""
    reading = read(text, is_help_link, keep_spans=chat)
    return decide(reading, text, Context("message" if chat else "post"))


def assessed(app, text, chat=False):
    """The service's verdict on a text by the established persona, as a post or a message."""
    with app.app_context():
        return assess(text, find_user("SamRiver"), "message" if chat else "post")


def boundaries(verdict):
    """Every boundary a verdict names."""
    return {f.boundary for f in verdict.findings}


def names(verdict):
    """Each finding's one-line reading, for a failing test's message."""
    return [f.name for f in verdict.findings]


def untouched(verdict):
    """Published as written: no crisis, refusal, hold, warning or report."""
    return not (verdict.crisis or verdict.refuse or verdict.hold or verdict.needs_warning
                or verdict.reports)


def rule_crisis(verdict):
    """The crisis families a verdict names, the word model's guess left out (it is retrained
    elsewhere and tested in test_screening_models.py)."""
    return [f.family for f in verdict.findings
            if f.boundary == "crisis" and f.family != "crisis/word-model"]


def contact_held(text):
    """Held as identifying-info both as a post and as a chat message."""
    return all("identifying-info" in boundaries(screen(text, chat=chat)) for chat in (False, True))


def contact_free(text):
    """No identifying-info finding as a post or as a chat message."""
    return all("identifying-info" not in boundaries(screen(text, chat=chat))
               for chat in (False, True))


def both_names(text):
    """The findings' readings as a post and as a chat message, for a failing test's message."""
    return names(screen(text)) + names(screen(text, chat=True))
