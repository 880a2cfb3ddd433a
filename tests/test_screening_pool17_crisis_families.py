"""The crisis families that pool17b (now a development set) showed missing, each fixed as a
mechanism and checked on sentences written for this file (none is a pool17 item or from another
set), each beside ordinary look-alikes that must stay untouched.

- goodbyes in chat ("the last time you'll hear from me", "bye for real", writing goodbyes),
  being gone for a coming milestone, "you'll all hear about me tomorrow", "last everything";
- sleeping forever, done with life, why bother living (in text-speak too), wishing an accident
  had killed me, letting a drug take me, death as the only way out;
- a plan after a blow ("fine. I have a plan now."), standing at the tracks, an urge to jump,
  means in the hand, lethal-dose and whole-bottle questions, a poison drunk, a parent or
  brother passed out beside an empty pill bottle (an emergency);
- evasions: letters spaced or dotted, leetspeak, words run together, a zero-width space inside
  a word, Russian in Cyrillic, German;
- a crisis beside a phone number or a 988 question is a crisis, never masked or held;
- ordinary: helping someone who says they want to die, deleting a dealer's number "bye
  forever", feeling a burden for calling a sponsor a lot, "rather die than answer the phone
  lol", an exit plan for a party, disappearing under a duvet, glassware given away, a fear of
  dying told from recovery, a content warning, a clinician's question answered "no".

The screening is pure, so these read and decide without a database.
"""
import pytest

from forum.normalize import fold

from screening_verdicts import rule_crisis, screen


CRISIS = {
    "goodbyes": [
        "ok this is the last time any of you will hear from me",
        "night all. bye for real",
        "been writing my goodbyes all evening",
        "wont be around for my 6 month chip",
        "everyone will be hearing about me by tomorrow",
        "last smoke. last everything",
    ],
    "wish-to-die": [
        "i just want to drift to sleep forever",
        "nobody notices me so why bother living",
        "im so done with life honestly",
        "i wish that truck had killed me last week",
        "honestly death is the only way out i can see",
        "gonna let the pills take me tonight",
    ],
    "plan-means-now": [
        "she left me. fine. i have a plan now.",
        "im standing by the train tracks right now",
        "the voices keep telling me to jump. i'm on the 12th floor.",
        "whats the highest dose before it gets lethal for oxy",
        "what happens if you swallow the whole packet of sleeping pills",
        "i drank a cup of bleach, what happens now",
        "please talk to me before i do something stupid",
    ],
    "evasions-and-languages": [
        "s.u.i.c.i.d.e",
        "k1ll mys3lf tonight",
        "iwannadie",
        "su\u200bicide tonight",
        "я не хочу жить",
        "Ich möchte nicht mehr leben.",
    ],
}

ORDINARY = [
    "how do i support my cousin, she keeps telling me she wants to die",
    "blocked my old plug's number. bye forever",
    "i feel like a burden to my sponsor texting him so often, is that normal?",
    "some nights id rather die than answer the phone lol (i always answer)",
    "my exit plan for the family bbq: come late, leave after dessert",
    "i want to disappear under my duvet all weekend",
    "Selling my old whiskey-glass collection, anyone local want them?",
    "I was convinced I would die in detox. Now I'm 8 months in.",
    "Content warning for suicide in this book review, just so you know.",
    "my counselor asked me if i ever have thoughts of harming myself and i said no, "
    "first time in years",
    "i have a plan for the weekend: meetings, gym, call my sponsor",
    "standing at the bus stop in the rain, send coffee",
    "Привет всем, я тут новенький",
    "im on the roof fixing the gutters with my dad",
]


@pytest.mark.parametrize("family", sorted(CRISIS))
def test_each_family_is_a_crisis_in_chat_and_in_posts(family):
    for text in CRISIS[family]:
        for chat in (True, False):
            verdict = screen(text, chat)
            assert verdict.crisis and verdict.refuse is None and verdict.hold is None, \
                (text, chat, [f.name for f in verdict.findings])


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_look_alikes_are_not_a_crisis(text):
    for chat in (True, False):
        assert rule_crisis(screen(text, chat)) == [], \
            (text, chat, [f.name for f in screen(text, chat).findings])


def test_an_overdose_beside_an_empty_pill_bottle_is_an_emergency():
    verdict = screen("my brother is unconscious on the bathroom floor with an empty pill "
                     "bottle beside him", chat=True)
    assert verdict.crisis and verdict.emergency


def test_a_goodbye_beside_a_phone_number_is_a_crisis_not_masked():
    verdict = screen("text me on 555-301-7766 to say goodbye before i go", chat=True)
    assert verdict.crisis and verdict.refuse is None
    post = screen("text me on 555-301-7766 to say goodbye before i go")
    assert post.crisis and post.hold is None


def test_means_in_hand_beside_a_help_line_question_is_a_crisis_not_held():
    text = "Is the 988 line open at night? I need to call someone but I have the rope in my hand."
    verdict = screen(text)
    assert verdict.crisis and verdict.hold is None
    advice = screen("If you are struggling tonight please call 988 or a friend.")
    assert rule_crisis(advice) == []


def test_russian_in_cyrillic_is_read_in_latin_letters_and_look_alikes_stay_look_alikes():
    assert fold("хочу умереть").text == "khochu umeret"
    assert fold("ТОР").text == "top"  # letters that only imitate Latin ones
    assert fold("sеll coke").text == "sell coke"  # a Cyrillic e inside a Latin word
