"""The last round on issue 8's screening: past scenes, overdoses reported second-hand, letters
spaced apart, and unique ids in every labelled set.

Every text here is written for this file, in the shape of a family the development sets showed,
never copied from a set:
- an overdose or a use scene told as a story from before ("the night he OD'd", "the first time",
  "back then", a year) is not a crisis happening now; told vividly, it asks for a content warning;
  a story with a present word ("again tonight", "right now", "I just took") is still a crisis;
- someone else's overdose reported now ("she said she took all her pills") is a crisis with the
  emergency steps, while a speaker's story from years ago is not;
- letters spaced one or two apart ("s e l l", "s  e  l  l") are read as the word.
"""
import json
import time
from collections import Counter
from pathlib import Path

import pytest

from forum.normalize import fold
from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess

HERE = Path(__file__).resolve().parent
SETS = [HERE.parent.parent / "shared" / "corpus" / "screening" / "screening.jsonl",
        *sorted((HERE / "data").glob("screening_*.jsonl"))]


def _verdict(app, text, chat=False):
    with app.app_context():
        return assess(text, find_user("SamRiver"), "message" if chat else "post")


def _names(verdict):
    return [f.name for f in verdict.findings]


# --- 1. past scenes --------------------------------------------------------------------------

PAST_SCENES = [
    "that night in 2018 his lips went grey and he made this awful snoring sound while I searched "
    "for the narcan",
    "the first time I OD'd I was twenty, foam at the corner of my mouth and a needle still in "
    "my arm",
    "back then I'd snort a whole line off the car key and my heart was pounding out of my chest "
    "till sunrise",
    "When my cousin OD'd at the party his eyes rolled back and I did chest compressions until "
    "the ambulance came. I still hear it.",
    "after I overdosed they pumped my stomach, tube down my throat, charcoal everywhere. "
    "never again",
    "I miss the ritual sometimes, cutting lines on a cd case with my library card, the drip down "
    "my throat and my gums going numb",
]


@pytest.mark.parametrize("text", PAST_SCENES)
def test_a_past_scene_told_vividly_asks_for_a_warning_not_crisis(app, personas, text):
    verdict = _verdict(app, text)
    assert not verdict.crisis, _names(verdict)
    assert verdict.needs_warning is not None and verdict.needs_warning.boundary == "graphic-use", \
        _names(verdict)


@pytest.mark.parametrize("text", PAST_SCENES[:3])
def test_a_past_scene_in_chat_is_reported_not_crisis(app, personas, text):
    verdict = _verdict(app, text, chat=True)
    assert not verdict.crisis, _names(verdict)
    assert "graphic-use" in {f.boundary for f in verdict.reports}, _names(verdict)


@pytest.mark.parametrize("text", [
    "I did it again tonight, swallowed all my pills and my heart is pounding",
    "he's blue right now and not breathing, the first time he OD'd was years ago",
    "the first time I OD'd I lived. I just took 40 bars and my chest is tight",
    "when he OD'd back then his lips went blue. now my brother is blue and not breathing",
    "I took a handful of bars with a bottle of wine and my heart was racing, scared",
    "I miss the high so much. I just took 30 bars and my chest is tight",
])
def test_the_present_still_wins_over_a_story(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.crisis and verdict.emergency, _names(verdict)


# --- 2. someone else's overdose reported now -------------------------------------------------

@pytest.mark.parametrize("text", [
    "she said she took all her pills and now she won't wake up",
    "my friend just told me he swallowed the whole bottle",
    "my brother texted me that he took a bottle of sleeping pills an hour ago",
    "my aunt messaged that she swallowed every pill she had",
])
def test_an_overdose_reported_second_hand_now_is_an_emergency(app, personas, text):
    for chat in (False, True):
        verdict = _verdict(app, text, chat=chat)
        assert verdict.crisis and verdict.emergency, _names(verdict)


@pytest.mark.parametrize("text", [
    "my sponsor told us he once swallowed every pill in his house back in 2009",
    "the speaker said she took all her pills in 2011 and woke up in the icu",
    "my therapist said the rattling in my head is just stress",
    "took all my vitamins, drank my water, called my sponsor: good day",
])
def test_a_story_or_a_quote_is_not_an_emergency(app, personas, text):
    verdict = _verdict(app, text)
    assert not verdict.emergency, _names(verdict)


# --- 3. letters spaced apart -----------------------------------------------------------------

@pytest.mark.parametrize("written, word", [
    ("s e l l i n g bars, dm", "selling"),
    ("s  e  l  l  i  n  g bars, dm", "selling"),
    ("who is s  e  l  l  i  n  g tonight", "selling"),
    ("p  l  u  g in town?", "plug"),
])
def test_letters_spaced_one_or_two_apart_are_read_as_the_word(written, word):
    assert word in fold(written).text.replace(",", " ").replace("?", " ").split()


@pytest.mark.parametrize("text", ["s e l l i n g bars, dm", "s  e  l  l  i  n  g bars dm me"])
def test_spaced_selling_is_held(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.hold is not None and verdict.hold.boundary == "sourcing", _names(verdict)


@pytest.mark.parametrize("written, words", [
    ("i want to k i l l  m y s e l f", "i want to kill myself"),
    ("k  i  l  l   m y s e l f", "kill myself"),
    ("s  e  l  l   b a r s tonight", "sell bars tonight"),
    ("I   b u y   c a r t s", "i buy carts"),
])
def test_a_wider_gap_in_a_run_of_spaced_letters_is_a_break_between_words(written, words):
    assert fold(written).text == words


def test_spaced_letters_map_back_to_what_was_written():
    text = "dm me, w  e  e  d for sale"
    folded = fold(text, keep_spans=True)
    start = folded.text.index("weed")
    assert text[slice(*folded.span(start, start + 4))].strip() == "w  e  e  d"


def test_ordinary_words_around_single_letters_stay_words():
    assert fold("I am a b c student").text.startswith("i am ")
    assert "plan b" in fold("we went with plan b today").text
    assert fold("My sponsor is great").text == "my sponsor is great"


def test_spaced_letters_fold_in_linear_time():
    started = time.perf_counter()
    fold("a  " * 7000)
    fold("a b " * 5000 + "!")
    assert time.perf_counter() - started < 2.0


# --- 4. unique ids in every set --------------------------------------------------------------

@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_every_set_has_unique_ids(path):
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared corpus sits beside the repository")
    ids = [json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()]
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not repeated, repeated
