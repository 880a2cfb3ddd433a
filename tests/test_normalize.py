"""Normalisation: each evasion a member might use reads as the plain words; spans lead back to
what was written; skeletons make look-alike handles equal; hostile input stays linear."""
import time

import pytest

from forum.normalize import clean_stored, fold, has_hidden_characters, skeleton


@pytest.mark.parametrize("written, read", [
    ("I’m done", "im done"),  # curly apostrophe, the phone keyboards' default
    ("Im done", "im done"),
    ("sеlling bars", "selling bars"),  # Cyrillic е
    ("ѕеll", "sell"),
    ("k\u200bi\u200bl\u200bl myself", "kill myself"),  # zero-width spaces inside a word
    ("kill\u202emyself", "killmyself"),  # a bidi override
    ("ＤＭ ｍｅ", "dm me"),  # full-width letters
    ("dm me＠plug", "dm me@plug"),  # full-width at sign
    ("k i l l myself", "kill myself"),  # spaced letters
    ("s.e.l.l.i.n.g", "selling"),
    ("sooo tired", "so tired"),
    ("Qué hago", "que hago"),  # accents
    ("call five five five oh one two three", "call 5550123"),
    ("llama al cinco cinco cinco uno dos", "llama al 55512"),
    ("jane at yahoo dot com", "jane@yahoo.com"),
    ("jane (at) gmail [dot] com", "jane@gmail.com"),
    ("jane@mail dot com", "jane@mail.com"),
    ("𝐤𝐢𝐥𝐥", "kill"),  # mathematical bold letters
    ("“quoted” — dash", '"quoted" - dash'),
])
def test_each_evasion_reads_as_the_plain_words(written, read):
    assert fold(written).text == read


@pytest.mark.parametrize("text", [
    "one of the best days", "I have two kids and one dog", "meet at the park at noon",
    "at the meeting, dot the i's", "www.smartrecovery.org",
])
def test_ordinary_words_are_left_alone(text):
    folded = fold(text).text
    assert "@" not in folded and not any(c.isdigit() for c in folded), folded
    assert folded.replace(" ", "") == text.lower().replace("'", "").replace(" ", "")


def test_lookalike_digits_inside_words_are_read_as_letters_in_a_same_length_variant():
    folded = fold("su1c1de k1ll c0ke, 8mg, m30s")
    assert folded.variant is not None and len(folded.variant) == len(folded.text)
    assert "suicide kill coke" in folded.variant
    assert "8mg" in folded.variant  # a dose stays a dose
    assert "m30s" in folded.text  # and the plain reading is kept beside it


def test_emoji_that_stand_for_words_are_read_as_words_once_per_row():
    assert fold("🔌 anyone? 💊💊💊").text == " plug anyone? pills "


def test_spans_lead_back_to_exactly_what_was_written():
    source = "call me on five five five, oh one two three four OK"
    folded = fold(source, keep_spans=True)
    start = folded.text.index("5550")
    end = start + len("55501234")
    first, last = folded.span(start, end)
    assert source[first:last] == "five five five, oh one two three four"
    source = "mail jane (at) gmail [dot] com today"
    folded = fold(source, keep_spans=True)
    start = folded.text.index("jane")
    first, last = folded.span(start, start + len("jane@gmail.com"))
    assert source[first:last] == "jane (at) gmail [dot] com"


def test_spans_need_to_be_asked_for():
    with pytest.raises(ValueError):
        fold("text").span(0, 2)


@pytest.mark.parametrize("lookalike, plain", [
    ("Adrnin", "admin"), ("M0DERAT0R", "moderator"), ("Modera7or", "moderator"),
    ("0fficial", "official"), ("5taff", "staff"), ("DeIetedMember", "deletedmember"),
    ("Аdmin", "admin"), ("Mod_Erator", "moderator"), ("ｍｏｄ", "mod"),
])
def test_lookalike_handles_share_the_skeleton_of_the_plain_word(lookalike, plain):
    assert skeleton(lookalike) == skeleton(plain)


def test_different_handles_keep_different_skeletons():
    assert skeleton("QuietHeron27") != skeleton("QuietHeron28")
    assert skeleton("RiverSam") != skeleton("RiverSun")


def test_stored_text_loses_bidi_controls_and_invisible_characters_but_keeps_emoji():
    assert clean_stored("safe\u202etxt.exe\u200b") == "safetxt.exe"
    family = "👨\u200d👩\u200d👧"
    assert clean_stored(f"my {family}") == f"my {family}"
    assert clean_stored("a\u200db") == "ab"
    assert has_hidden_characters("x\u2066y") and not has_hidden_characters("plain")


HOSTILE = ["a-a." * 5000, "1-" * 10000, "five " * 4000, "a at b dot com " * 1300, "k1" * 10000,
           "é" * 20000, "💊🔌" * 10000, "a " * 10000, "\u200b" * 20000, "x@" * 10000,
           "(at)" * 5000, "aaa " * 5000, "s.e." * 5000]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:8]))
def test_hostile_input_folds_in_bounded_time(text):
    # Generous: a linear pass takes a few milliseconds; a quadratic one takes seconds.
    started = time.perf_counter()
    fold(text[:20000], keep_spans=True)
    assert time.perf_counter() - started < 2.0
