"""Misses found this stop by writing wordings of the warning signs and screening them (stop 24):
waking up disappointed to be alive, the world better with fewer people like oneself, having
outlived whatever use one had, and sitting with one's pills counting them. Each with ordinary
twins in the same words (a sunrise missed, a pill organiser, an old phone outliving its use)."""
import pytest

from screening_verdicts import names, rule_crisis, screen

CRIES = [
    ("Every morning I wake up disappointed that I did.", "crisis/wish-to-die"),
    ("wake up so annoyed i'm still here, every single day", "crisis/wish-to-die"),
    ("The world is a better place with fewer people like me in it.", "crisis/burden"),
    ("Everyone would be better off with one less of me around, honestly.", "crisis/burden"),
    ("I have outlived whatever use I had to anyone.", "crisis/purpose-gone"),
    ("feel like I've outlasted any purpose I had", "crisis/purpose-gone"),
    ("I keep staring at the bottle of my meds and counting.", "crisis/plan-means"),
    ("sat with all my pills again tonight just counting them", "crisis/plan-means"),
]

TWINS = [
    "I wake up disappointed that I missed the sunrise again.",
    "woke up annoyed that I slept through my alarm",
    "The world is a better place with fewer people like him in charge.",
    "My old phone has outlived its use, time to recycle it.",
    "This cough syrup has outlasted any purpose it had, binning it.",
    "Staring at my meds and counting them into the organiser for the week.",
    # (one more twin of this family is in test_screening_sentence.py KNOWN_FALSE_ALARMS)
]


@pytest.mark.parametrize("text, family", CRIES)
def test_each_wording_is_heard_as_its_family(app, text, family):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert verdict.crisis and family in rule_crisis(verdict), (chat, names(verdict))


@pytest.mark.parametrize("text", TWINS)
def test_their_ordinary_twins_stay_ordinary(app, text):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert not verdict.crisis, (chat, names(verdict))
