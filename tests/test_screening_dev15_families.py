"""The families that dev15's first run showed missing, each fixed as a mechanism and checked on
sentences written for this file (none is a dev15 item or from another set), each beside ordinary
look-alikes that must stay untouched.

- sourcing: street names that are a drug only with an ask or an article around them (tina, rock,
  skunk, ching, mull, "the gas"); a 20 bag; a hand-over with no drug named ("lmk what u need",
  "got ur 2", "send the rest"); where people cop; a dealer's phone gone off; alcohol without an
  ID check; "x4sale" glued; the word model heard on an ask or a deal's shape, not only beside a
  named substance (and never beside a help object or ordinary goods).
- ordinary: groceries, supplements and cables with prices and weights; "or best offer" and
  "extra tickets ... want them" for ordinary things; volunteers "serving" at a breakfast; a deal's
  shape about an alcohol-free drink; "my phone ... in 10".
- contact details: handles in l33t ("sn@p", "k1k"), spaced out, a Session id, "look me up ...
  my full name", a motel room, a street address in words, a phone split over three lines; a
  third person named beside where they work ("Dale from payroll at ...", "my prima ... trabaja
  en ...").

The screening is pure, so these read and decide without a database.
"""
import pytest

from forum.screening.reading import read
from forum.screening.verdict import _sourcing_model_may_speak
from forum.services.screening.assess import is_help_link

from screening_verdicts import boundaries, screen, untouched


SOURCING = [
    # street names read with an ask or an article around them
    "anybody got tina near the river district",
    "need some skunk tonight, can meet",
    "who can grab me some ching for saturday",
    "tryna find a bit of mull round here",
    "who got the gas rn",
    "need a 20 bag asap, who's around",
    # a hand-over with no drug named
    "i'm in the lot now, text me what you need and i'll have it",
    "im outside the 7-11, got your 3, come grab it",
    "dropped them behind the dumpster, send the rest tonight",
    # where people cop, a dealer's phone off
    "where are you guys copping these days",
    "my man's phone been dead all week, who else is good",
    # alcohol without an ID check, glued offers
    "know a corner store that sells liquor without checking id?",
    "xanax4sale hmu",
    # an ask for an introduction to a source, with a need
    "could anybody plug me in with someone, just need to get right",
]

# chat typed a few words a line: read as one line
FRAGMENTS = ["any1\ngot\nsome\ntina", "where\nyall\ncopping\nat"]
FRAGMENT_LOOK_ALIKES = ["who\nis going\nto group", "where\nyall\nparking\nat"]

SOURCING_LOOK_ALIKES = [
    "bought a pound of flour and 2 lbs of sugar for $6, baking for the meeting",
    "need 5 grams of creatine a day, the tub was $30",
    "selling my desk, $60 or best offer, pickup near the library",
    "I have extra concert tickets, $25 each, anyone want them?",
    "Who's serving at the church dinner on Friday? We need help in the kitchen",
    "got a 6 pack of athletic brewing for $12, perfect for the game",
    "my phone died at the meeting in 10 minutes, sorry I missed your call",
    "need a new usb cable for my laptop, $9 at the store",
    "the gas station by my house finally has cheap gas",
    "my old dealer texted me today. I deleted the message and called my sponsor.",
    "where do people go to meetings around here on sundays?",
    "can someone hook me up with a sponsor? i need to get right with my program",
]

CONTACT = [
    "add my snap: sober.mike.22",
    "sn@pchat is jen_recovers",
    "k1k me: dayone_dave",
    "t e l e g r a m is quiet_river_7",
    "my session is 05" + "ab12" * 16,
    "find me on facebook under my full name, Lorna Whitby",
    "staying in room 18 at the Sunset Motel if anyone wants to swing by",
    "my address is forty one Mill Road",
    "text me on 555\n0142\n8800",
    # a third person named beside where they work
    "My neighbour Priya works the early shift at the Costco by the highway",
    "Marcus behind the bar at the Rusty Anchor on Elm still pours for me",
    "Dale from payroll at Brightwell told everyone about my rehab stay",
    "Mi prima Lucía trabaja en el hospital del norte y me juzga",
]

CONTACT_LOOK_ALIKES = [
    "my phone battery lasts 2 days now that I'm not doomscrolling",
    "snapchat is the worst app for me, I deleted it",
    "room 12 at the community center, Tuesday at 7",
    "my address changed so my chip came late",
    "Coffee at the Starbucks on Main after the meeting, anyone?",
    "Thursday works for me at the library",
    "The doctor at the clinic on Oak was kind about my history",
]


@pytest.mark.parametrize("text", SOURCING)
def test_sourcing_families_are_held(text):
    verdict = screen(text)
    assert verdict.hold is not None and "sourcing" in boundaries(verdict), text
    chat = screen(text, chat=True)
    assert chat.refuse is not None or chat.hold is not None, text


@pytest.mark.parametrize("text", SOURCING_LOOK_ALIKES + CONTACT_LOOK_ALIKES)
def test_their_ordinary_look_alikes_stay_untouched(text):
    assert untouched(screen(text)), text
    assert untouched(screen(text, chat=True)), text


@pytest.mark.parametrize("text", CONTACT)
def test_contact_details_are_held_and_masked(text):
    verdict = screen(text)
    assert "identifying-info" in boundaries(verdict) and verdict.hold is not None, text
    chat = screen(text, chat=True)
    assert chat.mask_spans or chat.refuse is not None or chat.hold is not None, text


@pytest.mark.parametrize("text, may_speak", [
    ("anyone around here who can sort me out tonight", True),      # an ask, no drug named
    ("where can I get narcan for free around here", False),         # a help object
    ("selling my bike tonight, anyone around here", False),         # ordinary goods
    ("my granddaughter's recital went well", False),                # nothing of a deal
])
def test_the_sourcing_word_model_may_speak_on_a_deals_shape_only(text, may_speak):
    assert _sourcing_model_may_speak(read(text, is_help_link)) is may_speak


def test_a_help_object_named_is_told_apart_from_words_that_only_sound_like_goods():
    assert read("where do I pick up narcan", is_help_link).help_objects
    assert not read("blues band tonight, so good", is_help_link).help_objects


@pytest.mark.parametrize("text", FRAGMENTS)
def test_an_ask_typed_a_few_words_a_line_is_refused_in_chat(text):
    assert screen(text, chat=True).refuse is not None, text


@pytest.mark.parametrize("text", FRAGMENT_LOOK_ALIKES)
def test_ordinary_lines_typed_a_few_words_a_line_stay_untouched(text):
    assert untouched(screen(text, chat=True)), text
