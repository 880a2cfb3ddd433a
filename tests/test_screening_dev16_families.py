"""The families that dev16's first run showed missing, each fixed as a mechanism and checked on
sentences written for this file (none is a dev16 item or from another set), each beside ordinary
look-alikes that must stay untouched.

- crisis, one line: how much longer one can hold on, "why am I still here"; the eyes that should
  stay closed; hoping the next one is the one that gets me; "who would care if I died" in either
  order, and "wd" for "would"; an intention to end it with a time; standing at a height right now;
  a height or a method that tempts; words carved into the skin; a last message in here.
- crisis, spread over a member's few chat lines ("i cant do this", "nobody would even notice",
  "got the pills out"): read together at the last line, through the chat path.
- ordinary: a phone or plant dying, sleeping like the dead, "rather die than karaoke lol", giving
  furniture away when moving, a training that shows how to spot an overdose, a harm told from an
  age long past, closing a share with "I'll end it here", photos from a bridge.
- graphic use: the word model, when sure of a scene told at some length, may speak beside less
  detail (a substance or an act of use and one kind of detail, or two kinds).
- incitement: telling or wishing someone dead without the stock phrases (you + a death + an urge;
  an order to do something lethal), and the harm-reduction and support look-alikes.

The screening is pure, so these read and decide without a database, except the chat lines, where
the path is the point.
"""
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import ChatMessage, Room
from forum.models.base import utcnow
from forum.screening import model
from forum.screening.reading import read
from forum.screening.verdict import GRAPHIC_MODEL_SURE, _graphic_model_may_speak
from forum.services.accounts.handles import find_user
from forum.services.chat.messages import send_message
from forum.services.screening.assess import assess_with_lines_before, is_help_link

from screening_verdicts import rule_crisis, screen


# (crisis texts, ordinary look-alikes)
CRISIS_FAMILIES = {
    "holding-on": (
        ["not sure how much longer i can keep going like this tbh",
         "How long can I hang on before I can't do this at all?",
         "why am i even still breathing honestly"],
        ["how much longer can i hang on in this queue lol",
         "why am i still here at the office at 9pm, send help",
         "How long can I keep going without coffee, day 3 of cutting it out."]),
    "eyes-closed-next-one": (
        ["every night i pray my eyes stay shut for good",
         "Part of me hopes the next bottle is the one that finishes me.",
         "i keep hoping the next relapse does it for me"],
        ["I hope the next meeting is the one where I finally share.",
         "praying the rain stays away for the picnic"]),
    "who-would-care": (
        ["who would notice if i was gone, really",
         "if i vanished tonight who would even miss me",
         "no1 wd care tbh if i disappeared"],
        ["who would even care if i skipped leg day lol",
         "Nobody would notice if I left the barbecue early, so I slipped out at nine."]),
    "ending-it-soon": (
        ["gonna end it this weekend, i've made my mind up",
         "I'm ending things tomorrow night. Everything is sorted."],
        ["I'm ending it with my boyfriend tonight, wish me luck.",
         "I'll end it there, thanks for reading my share.",
         "Going to end this post on a high note: 200 days today!"]),
    "at-a-height-now": (
        ["standing on the ledge of the car park rn",
         "I'm sat on the edge of the cliff typing this. It's a long way down."],
        ["standing on the bridge taking pics of the river rn, gorgeous",
         "We sat on the cliffs after the meeting and watched the sunset."]),
    "a-height-that-tempts": (
        ["the balcony keeps calling my name tonight",
         "that rope in the shed is looking really tempting"],
        ["that cheesecake is looking real tempting lol",
         "the pub keeps calling my name on fridays but i go to the gym"]),
    "carved-into-skin": (
        ["etched his name into my forearm with a compass last night"],
        ["We carved a pumpkin and my son scratched his name into the lid."]),
    "last-message": (
        ["this will be my last msg in here. look after each other"],
        ["This is my last message from the old account, find me under my new name."]),
}


@pytest.mark.parametrize("family", CRISIS_FAMILIES)
def test_each_crisis_family_is_heard_and_its_look_alikes_stay_ordinary(family):
    crises, ordinary = CRISIS_FAMILIES[family]
    for text in crises:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert verdict.crisis and verdict.refuse is None and verdict.hold is None, \
                (text, chat, [f.name for f in verdict.findings])
    for text in ordinary:
        assert rule_crisis(screen(text)) == [], (text, [f.name for f in screen(text).findings])


@pytest.mark.parametrize("text", [
    "battery on my laptop is dying, back in 10",
    "My basil died again, third one this summer.",
    "Since I quit drinking I sleep like the dead, nine hours a night.",
    "id rather die than do a sober open mic lmao. did it anyway",
    "moving out on friday so giving away my bookcase, anyone local want it?",
    "The pharmacy course taught us how to spot an overdose: pinpoint pupils, blue lips, not "
    "responding to a sternum rub.",
    "I was burning myself most nights at 14. I'm 31 now and I run a youth group.",
])
def test_ordinary_causes_and_old_harms_are_not_a_crisis_now(text):
    verdict = screen(text, chat=len(text) < 60)
    assert rule_crisis(verdict) == [], [f.name for f in verdict.findings]


def test_a_plea_for_someone_else_overdosing_now_is_an_emergency():
    verdict = screen("somebody please call an ambulance my brother is oding in the park, "
                     "phone about to die", chat=True)
    assert verdict.crisis and verdict.emergency
    advice = screen("If someone is overdosing, please call 911 straight away and stay with them.")
    assert rule_crisis(advice) == []


# --- a crisis spread over a member's few chat lines -----------------------------------------------

# The rules alone: the word models (retrained elsewhere) would hear some of these lines alone.
WITHOUT_MODELS = {"crisis": None, "crisis_windows": None, "crisis_meaning": None,
                  "crisis_sentence": None, "graphic": None, "sourcing": None}


def _lines(app, lines):
    """Each line screened as chat, read with the ones before it as the chat path does."""
    verdicts = []
    with app.app_context(), model.using(WITHOUT_MODELS):
        for n, text in enumerate(lines):
            verdict = screen(text, chat=True)
            assess_with_lines_before(verdict, lines[max(0, n - 3):n], text)
            verdicts.append(verdict)
    return verdicts


@pytest.mark.parametrize("lines", [
    ["been saving them up for weeks", "all my sleeping pills"],
    ["i just swallowed all of them", "feeling really dizzy now"],
    ["rough night", "everyone would be better off", "if i wasnt here"],
])
def test_a_crisis_spread_over_lines_is_answered_at_the_line_that_completes_it(app, lines):
    with model.using(WITHOUT_MODELS):
        assert not any(screen(text, chat=True).crisis for text in lines)  # no line alone
    verdicts = _lines(app, lines)
    assert verdicts[-1].crisis, [f.name for f in verdicts[-1].findings]
    assert verdicts[-1].refuse is None


@pytest.mark.parametrize("lines", [
    ["long day at work", "boss is a nightmare", "going to have a bath and an early night"],
    ["this printer lol", "i cant do this", "nobody would even notice if i left early"],
    ["picked up my meds", "pharmacist was lovely", "took them with dinner like always"],
    ["got my new inhaler", "chest is tight tonight tho"],
])
def test_ordinary_lines_together_stay_ordinary(app, lines):
    assert not any(v.crisis for v in _lines(app, lines))


def test_lines_before_are_read_in_the_chat_path(app, personas):
    with app.app_context(), model.using(WITHOUT_MODELS):
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        sam, nell = find_user("SamRiver"), find_user("Nell")
        assert send_message(room, sam, "rough night").notice is None
        assert send_message(room, nell, "sending hugs sam").notice is None
        assert send_message(room, sam, "everyone would be better off").notice is None
        sent = send_message(room, sam, "if i wasnt here")
        assert sent.notice is not None and sent.notice["code"] == "crisis"
        # Another member's line does not complete Sam's.
        assert send_message(room, nell, "if i wasnt here").notice is None
        # Sam's line an hour after the others is read alone.
        db.session.execute(db.update(ChatMessage).values(created_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        assert send_message(room, sam, "if i wasnt here").notice is None


# --- graphic use: a sure word model needs one kind of detail --------------------------------------

def test_a_sure_graphic_model_may_speak_beside_less_detail_in_a_scene_told_at_length():
    scene = read("Once the veins in my arms were gone the heroin went into my feet, and one of "
                 "them swelled up for weeks.", is_help_link)
    assert _graphic_model_may_speak(scene, GRAPHIC_MODEL_SURE)
    assert not _graphic_model_may_speak(scene, GRAPHIC_MODEL_SURE - 0.2)
    short = read("heroin in my feet", is_help_link)
    assert not _graphic_model_may_speak(short, 0.99)
    asking = read("Is it normal for my veins to ache in my feet this long after I quit heroin? "
                  "Any advice?", is_help_link)
    assert not _graphic_model_may_speak(asking, 0.99)
    nothing = read("Had a lovely long walk by the canal with my sister today, the ducks were out.",
                   is_help_link)
    assert not _graphic_model_may_speak(nothing, 0.99)


# --- incitement without the stock phrases -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "do everybody a kindness and just stop breathing",
    "go drink some drain cleaner, nobody wants u here",
    "Your sponsor would be relieved if you overdosed, let's be honest.",
    "i hope the next bag is the one that kills u",
    "you should have died in that ambulance, would have saved us all the drama",
    "seriously just play in traffic already",
])
def test_telling_or_wishing_someone_dead_is_refused(text):
    verdict = screen(text, chat=True)
    assert verdict.refuse is not None and verdict.refuse.family == "harassment/incitement", \
        [f.name for f in verdict.findings]


@pytest.mark.parametrize("text", [
    "Never use alone: if you overdose, someone needs to be there to give naloxone.",
    "After a dose of naloxone stay with them, it can wear off and they can stop breathing again.",
    "you nearly died last spring and look at you now, so proud of you",
    "hope you never have to see a friend overdose, it stays with you",
    "You should come Thursday, the speaker nearly died twice and her story is amazing.",
    "Please don't give up. You matter here, call 988 if tonight gets dark.",
    "if i died would you even care",
])
def test_harm_reduction_support_and_ones_own_words_are_not_refused(text):
    verdict = screen(text, chat=len(text) < 60)
    assert verdict.refuse is None, [f.name for f in verdict.findings]
