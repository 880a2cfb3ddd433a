"""Boundary rules read realistic posts and messages: what must trigger, and what must not."""
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Rule
from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess, check_rule, is_new_member

MUST_HOLD = [
    ("sourcing", "Anyone selling bars near downtown? Need something to get through tonight"),
    ("sourcing", "where can i get subs without a script"),
    ("sourcing", "got percs and xans, dm me for prices"),
    ("sourcing", "hmu if you need anything"),
    ("sourcing", "$20 per pill, cash only"),
    ("sourcing", "send to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
    ("identifying-info", "you can email me at river.sam@example.com"),
    ("identifying-info", "text me 555-201-3344 anytime"),
    ("identifying-info", "call me on +44 7700 900123 after work"),
    ("identifying-info", "I live at 42 Maple Street, come by"),
    ("identifying-info", "add me on snap: riverfox22"),
    ("identifying-info", "my insta is soberjoe"),
    ("identifying-info", "find me at t.me/quietheron"),
]

MUST_NOT_TRIGGER = [
    "I used to buy bars every day. Today is day 40 without them.",
    "Call 988 if it gets bad tonight, they helped me a lot.",
    "The SAMHSA helpline 1-800-662-4357 found me a detox bed.",
    "Text HOME to 741741 if talking is too hard.",
    "Here is the lifeline site: https://988lifeline.org/chat/",
    "SMART meetings are listed at https://www.smartrecovery.org/meetings",
    "I was selling my car to pay rent, now I'm rebuilding.",
    "My sponsor says connect with people, so here I am.",
    "Day 90! I got my chip at the meeting last night.",
    "Took my daughter to the park, first time in years I was really present.",
    "I finally threw out the old pipe and lighter.",
    "My address is changing soon as I move into sober living.",
    "Went to 3 meetings this week and called my sponsor twice.",
    "It's been 1,095 days since my last drink.",
]


def _assess(app, text, persona="SamRiver", channel="post", warned=False):
    with app.app_context():
        return assess(text, find_user(persona), channel, has_warning=warned)


@pytest.mark.parametrize("boundary, text", MUST_HOLD)
def test_risky_posts_are_held_with_their_boundary(app, personas, boundary, text):
    verdict = _assess(app, text)
    assert verdict.hold is not None and verdict.hold.boundary == boundary, verdict
    assert not verdict.crisis


@pytest.mark.parametrize("text", MUST_NOT_TRIGGER)
def test_ordinary_recovery_talk_triggers_nothing(app, personas, text):
    verdict = _assess(app, text, persona="Nell")  # even for a brand-new account
    assert verdict.reasons() == [] and verdict.refuse is None and verdict.needs_warning is None, \
        [r.name for r in [verdict.hold, verdict.refuse, *verdict.reports] if r]


@pytest.mark.parametrize("text", [
    "I don't want to wake up tomorrow",
    "thinking about ending it all tonight",
    "I took too many pills, I don't know what to do",
    "I keep wanting to hurt myself",
    "Honestly I'm not safe tonight",
])
def test_crisis_language_is_recognised_and_never_held(app, personas, text):
    verdict = _assess(app, text + " text me 555-201-3344")
    assert verdict.crisis and verdict.hold is None
    assert verdict.reasons()[0] == "crisis"


def test_a_new_account_is_held_for_links_but_not_for_help_links(app, personas):
    assert _assess(app, "great site: https://bestrehab.example.com/offer", "Nell").hold.boundary \
        == "promotion"
    assert _assess(app, "see https://findtreatment.gov", "Nell").hold is None


def test_trusted_members_skip_the_link_hold(app, personas):
    with app.app_context():
        sam = find_user("SamRiver")
        sam.created_at -= timedelta(days=30)
        db.session.commit()
        from forum.models import Board
        from forum.services.boards.posting import create_thread
        board = db.session.scalar(db.select(Board).where(Board.slug == "alcohol"))
        for day in range(5):
            create_thread(board, sam, f"Day {day}", "Still going.")
        assert not is_new_member(find_user("SamRiver"))
        assert is_new_member(find_user("Nell"))
        assert not is_new_member(find_user("PatMentor"))
    assert _assess(app, "this podcast helped: https://example.com/ep1").hold is None


def test_graphic_use_needs_a_content_warning_in_posts_and_is_only_reported_in_chat(app, personas):
    text = "that night we shot up in the car and I was nodding off at the wheel"
    assert _assess(app, text).needs_warning.boundary == "graphic-use"
    assert _assess(app, text, warned=True).needs_warning is None
    in_chat = _assess(app, text, channel="message")
    assert in_chat.needs_warning is None and [r.boundary for r in in_chat.reports] == ["graphic-use"]


def test_telling_someone_to_hurt_themselves_is_refused(app, personas):
    assert _assess(app, "just kys already").refuse.boundary == "harassment"


def test_dosing_instructions_are_reported_never_held(app, personas):
    verdict = _assess(app, "just taper down by 2mg every week, that's what I did")
    assert verdict.hold is None and [r.boundary for r in verdict.reports] == ["medical-advice"]
    own = _assess(app, "My clinic has me on methadone and it's working for me")
    assert own.reasons() == []


def test_chat_masks_contact_details_and_keeps_help_numbers(app, personas):
    verdict = _assess(app, "call me 555-201-3344 or email a.b@example.com, or call 988",
                      channel="message")
    assert verdict.masked_text == "call me ••• or email •••, or call 988"


def test_chat_refuses_sourcing(app, personas):
    assert _assess(app, "anyone got bars?", channel="message").refuse.boundary == "sourcing"


def test_an_admins_rule_adds_to_the_screening_and_can_be_switched_off(app, personas):
    with app.app_context():
        db.session.add(Rule(boundary="romantic-contact", name="Private meet-ups",
                            pattern=r"\bmeet (?:up )?(?:alone|privately)\b", action="hold",
                            chat_action="refuse", explanation="Meeting privately waits."))
        db.session.commit()
    held = _assess(app, "want to meet privately sometime?")
    assert held.hold is not None and held.hold.boundary == "romantic-contact"
    assert held.hold.explanation == "Meeting privately waits."
    with app.app_context():
        db.session.scalar(db.select(Rule)).enabled = False
        db.session.commit()
    assert _assess(app, "want to meet privately sometime?").hold is None


def test_an_admins_rule_reads_the_folded_text(app, personas):
    with app.app_context():
        db.session.add(Rule(boundary="sourcing", name="Code word", pattern=r"\bwhite dragon\b",
                            action="hold", chat_action="refuse"))
        db.session.commit()
    assert _assess(app, "anyone seen the Whіte Drаgon?").hold is not None  # Cyrillic і and а


def test_an_admins_rule_never_holds_a_cry_for_help(app, personas):
    with app.app_context():
        db.session.add(Rule(boundary="promotion", name="Any mention of tonight",
                            pattern=r"\btonight\b", action="hold", chat_action="refuse"))
        db.session.commit()
    verdict = _assess(app, "I want to die tonight")
    assert verdict.crisis and verdict.hold is None and verdict.refuse is None


@pytest.mark.parametrize("args, message", [
    (("nope", "x", "a", "hold", "mask"), "boundaries"),
    (("sourcing", "", "a", "hold", "mask"), "name"),
    (("sourcing", "x", "a", "explode", "mask"), "action"),
    (("sourcing", "x", "(unclosed", "hold", "mask"), "regular expression"),
    (("sourcing", "x", r"(\w)\1", "hold", "mask"), "linear-time engine"),
    (("sourcing", "x", r"(?<=a)b", "hold", "mask"), "linear-time engine"),
])
def test_an_admins_rule_is_checked_before_it_is_saved(args, message):
    with pytest.raises(ValueError, match=message):
        check_rule(*args)
