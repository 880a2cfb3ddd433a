"""Crisis in live chat, the families train20a's and train20c's first runs showed missing, each
fixed as a kind of wording (crisis.json's crisis/chat-* entries and its "scripts") and checked on
sentences written for this file (none is an item of a set), beside the ordinary banter that must
stay ordinary.

- quiet goodbyes: "this is where i get off", the other side, "tell him i loved him" in the past
  tense, a last one "for good", going out on one's own terms (not getting off the bus, not the
  last game before bed, not "the other side of this week");
- plans said flatly: a day that will be the last, "sunday is the day, decided", a date that
  "seems right", the means at hand (loaded and in my lap, engine on with the garage shut, blades
  "not for shaving", someone else's pills by the dozen, counting pills), asking whether a bridge
  has a fence, wanting to jump from a height while high;
- the world without me, and nobody noticing "if i died" (typos too);
- hopelessness at check-in level: sick of being alive, wondering why I bother, empty inside,
  given up on me too (not sick of waking up for work, not giving up on a puzzle);
- an overdose now in chat's words: typo'd breathing after using, hard to type after using too
  much, fentanyl suspected and alone, back out after naloxone (not the training that says so);
- other languages, and scripts the fold leaves out (Chinese, Japanese, Arabic, Korean, Hindi);
- "g0nna 3nd 1t": a word opening with a look-alike digit in a text that hides letters;
- banter taken back as a joke ("lol jk") or after a workout, and "goodbye cruel world" when
  logging off for a week, stay ordinary; "not joking" and "jk... unless" do not;
- a member's lines sent one by one, through the real chat path: a line that only points back
  ("that should be enough right", "i mean it", "nvm") is read with the lines before it.
"""
import pytest

from forum.extensions import db
from forum.models import Room
from forum.normalize import fold
from forum.screening import model
from forum.services.accounts.handles import find_user
from forum.services.chat.messages import send_message

from screening_verdicts import names, rule_crisis, screen, untouched


CRISIS = {
    "quiet-goodbye": [
        "this is where i get off. take care of each other",
        "see u all on the other side",
        "if my brother ever asks, tell him i loved him",
        "that was my last meeting. for good",
        "last round for me\ngiving my controller to my cousin, bye",
        "going out on my own terms this weekend",
        "everything is sorted\nthats the last thing on the list\nnow i can go",
    ],
    "flat-plan": [
        "tomorrow is going to be my last day",
        "sunday is the day. already decided",
        "im gonna end it all tonight",
        "does the old bridge have netting",
        "is there a fence on the bridge by the stadium\nnvm",
        "high af rn and i wanna jump off the roof",
        "the gun is loaded and its next to me",
        "engine running\ngarage door shut",
        "bought a box of blades. not for shaving",
        "got 30 of my dads painkillers saved up",
        "sitting here counting my pills again",
        "thought about a date for weeks\nnew years feels right",
    ],
    "world-without-me": [
        "everyone would be happier without me",
        "honestly my family is better off without me",
        "nobody would even notice if i died tbh",
        "noone woud care if i died",
    ],
    "overdose-now": [
        "took a bunch and now i cant breath",
        "used again tonight\neverything is spinning",
        "pretty sure this bag has fent in it and im alone",
        "gave him narcan, he woke up then nodded back out",
        "ho preso tutte le compresse",
    ],
    "other-languages": [
        "ik wil er een eind aan maken",
        "vou me matar hoje",
        "bas sab khatam karna hai",
        "我真的不想活了",
        "もう死にたい",
        "أريد أن أموت",
        "죽고 싶어",
        "मैं मरना चाहती हूँ",
    ],
    "evasive": [
        "1m g0nna 3nd 1t",
        "💊💊💊 ⚰️",
    ],
}

CHECK_IN = [
    "so sick of being alive",
    "lying here wondering why i even try",
    "cant remember why im still fighting",
    "kinda given up on everything",
    "feel so empty inside",
    "dont even see why i should get up",
    "if i vanished nobody at all would notice",
]

ORDINARY = [
    "this is where i get off the train, see yall at the meeting",
    "see you on the other side of this week lol",
    "last game for me tonight, gotta sleep",
    "sunday is the day i pick up my one year chip",
    "my phone will be dead by tonight for real, charger broke",
    "sick of waking up at 5 for work",
    "gave up on the crossword, its all sky",
    "empty handed at the bake sale lol",
    "fent test strips are free at the clinic, dm the clinic not me",
    "narcan training today: they can go back under once it wears off, so stay with them",
    "used the elliptical for an hour, hard to type my arms are jelly",
    "bringing an umbrella just in case",
    "my last meeting before vacation, see you in two weeks",
    "the 5th st bridge is closed for repairs again",
    "想死你了！周末见",
    "自杀预防热线的志愿者培训今天结束了",
    "死ぬほど笑った",
    "if i fail this exam im gonna kill myself lol jk. library til 9",
    "lost the match again, i wanna kms (jk) who's up for another",
    "heart rate hit 185 on the hill climb, thought i was gonna die",
    "goodbye cruel world!! logging off for a week, camping with no signal",
    "4th step done, 3rd meeting this week",
    "one more reply-all and im going to jump off the closest bridge into a pool of pudding lol",
]


@pytest.mark.parametrize("family,text", [(f, t) for f, ts in CRISIS.items() for t in ts])
def test_chat_crisis_families_are_heard_by_the_rules(family, text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and rule_crisis(verdict), (family, names(verdict))
    assert not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", CHECK_IN)
def test_hopelessness_at_check_in_level_asks_for_a_check_in(text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", ORDINARY)
def test_banter_and_look_alikes_stay_ordinary(text):
    verdict = screen(text, chat=True)
    assert not rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", ["im gonna kill myself lol jk unless",
                                  "i want to die. not joking",
                                  "i want to die lol jk kinda",
                                  "thought i was gonna die last night and i wish i had"])
def test_a_joke_kept_open_is_still_a_crisis(text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", [
    "i want to kill myself lol jk",
    "honestly i want to die jk",
    "gonna end my life haha just kidding",
    "i wanna die lol jk this traffic",
])
def test_plain_words_of_dying_taken_back_as_a_joke_still_ask_a_check_in(text):
    """Not urgent, and not nothing: a member may be testing whether anyone hears."""
    verdict = screen(text, chat=True)
    assert verdict.crisis_tier == "check_in" and rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", [
    "kms lol jk",
    "if my team loses tonight im gonna kill myself jk",
    "this meeting, kill me now jk",
])
def test_slang_an_if_or_an_idiom_taken_back_as_a_joke_is_banter(text):
    assert not rule_crisis(screen(text, chat=True)), names(screen(text, chat=True))


def test_an_overdose_in_chat_words_is_an_emergency():
    verdict = screen("used more than i shouldve\nhard to type\nfeel far away", chat=True)
    assert verdict.crisis_tier == "urgent" and rule_crisis(verdict), names(verdict)
    assert any(f.family == "crisis/chat-overdose-now" for f in verdict.findings)


def test_every_chat_reason_names_its_family_and_words():
    verdict = screen("its loaded and its in my lap. sorry", chat=True)
    found = [f for f in verdict.findings if f.family.startswith("crisis/chat-")]
    assert found and all(f.name.startswith(f.family) and "loaded" in f.name for f in found)


def test_a_word_opening_with_a_look_alike_digit_is_read_as_letters_only_where_letters_hide():
    assert fold("g0nna 3nd 1t").variant == "gonna end it"
    assert fold("3nd it").variant is None  # nothing else hides letters: read as written
    assert fold("b0ok club 5th and 1st 3rd 4am 5mg").variant == "book club 5th and 1st 3rd 4am 5mg"


# --- a member's lines sent one by one, through the chat path ------------------------------------

WITHOUT_MODELS = {"crisis": None, "crisis_windows": None, "crisis_meaning": None,
                  "crisis_sentence": None, "graphic": None, "sourcing": None}


def _sent(room, member, lines):
    """Send the lines one by one; the notice each line got."""
    return [send_message(room, member, line).notice for line in lines]


@pytest.mark.parametrize("lines", [
    ["picked up my refills early", "and my moms old pills", "that should be enough right"],
    ["its not a joke this time", "last meeting for me", "i mean it"],
    ["wrote letters to everyone tonight", "just in case"],
])
def test_a_crisis_clear_only_at_a_later_line_is_answered_there(app, personas, lines):
    with app.app_context(), model.using(WITHOUT_MODELS):
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        sam = find_user("SamRiver")
        notices = _sent(room, sam, lines)
        assert any(n is not None and n["code"] == "crisis" for n in notices), notices


def test_the_second_line_completes_the_first_in_the_chat_path(app, personas):
    with app.app_context(), model.using(WITHOUT_MODELS):
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        sam, nell = find_user("SamRiver"), find_user("Nell")
        first = send_message(room, sam, "refilled all my meds early today")
        assert first.notice is None
        # Another member's hint does not complete Sam's line.
        assert send_message(room, nell, "that should be enough right").notice is None
        second = send_message(room, sam, "that should be enough right")
        assert second.notice is not None and second.notice["code"] == "crisis"


@pytest.mark.parametrize("lines", [
    ["stocked up on snacks for movie night", "that should be enough right"],
    ["leaving for the lake", "see yall in a week", "i mean it this time, no phone"],
    ["lost the ranked match", "kms lol jk", "who's up for another"],
    ["wrote thank you cards for the shower", "forgot one", "just in case"],
])
def test_ordinary_lines_one_by_one_stay_ordinary(app, personas, lines):
    with app.app_context(), model.using(WITHOUT_MODELS):
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        notices = _sent(room, find_user("SamRiver"), lines)
        assert all(n is None or n["code"] != "crisis" for n in notices), notices
