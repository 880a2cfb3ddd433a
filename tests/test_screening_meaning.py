"""The crisis meaning model (forum/screening/meaning.py, tools/train_meaning.py): shipped data that
loads and was never trained on a blind set, words read as the sentence model's vocabulary, a
check-in that names its words where the rules and word models say nothing, silence where the
rules found context (past, idiom, someone else's death) or words aimed at someone else, and a
bounded cost on the worst input."""
import json
from dataclasses import replace
from importlib import resources

import pytest

from forum.normalize import fold
from forum.screening import crisis, meaning, model
from forum.screening.crisis import CHECK_IN
from screening_verdicts import names, screen
from worst_cases import least_time

TIMEOUT = 1.0  # seconds for 20,000 characters: far above a linear pass


def _in_use():
    return model.in_use(meaning.NAME, meaning.shipped)


def _spec() -> dict:
    return json.loads(resources.files("forum").joinpath(
        f"data/screening/{meaning.FILE}").read_text())


def test_the_shipped_model_loads_and_learnt_only_from_development_sets():
    spec = _spec()
    # measured and shipped switched off (forum/data/screening/README.md says why)
    assert not spec["enabled"] and _in_use() is None and meaning.load_file() is not None
    assert len(spec["pieces"]) == len(spec["weights"]) > 25_000
    assert 0.5 < spec["threshold"] < 1
    assert spec["trained_on"] and not any("blind" in name or "validation" in name
                                          for name in spec["trained_on"])
    assert "screening_dev5.jsonl" in spec["trained_on"] and "screening.jsonl" in spec["trained_on"]
    assert not any(p.startswith("[") and p.endswith("]") for p in spec["pieces"])


def test_words_are_read_as_the_vocabulary_reads_them():
    assert meaning.words_of("Ça VA? I'm done...") == ["ca", "va", "?", "i", "'", "m", "done",
                                                    ".", ".", "."]
    assert meaning.words_of("x" * 21 + " ok") == ["ok"]  # a "word" that long is no language
    assert len(meaning.words_of("word " * 5_000)) == meaning.MAX_WORDS


def test_a_word_no_piece_names_is_split_or_left_out():
    heard = meaning.load_file()
    pieces = heard._split("unaliving")
    assert pieces and "".join(p.removeprefix("##") for p in pieces) == "unaliving"
    assert all(p in heard.weights for p in pieces)
    assert heard._split("\u2603\u2603") == ()  # no piece covers it: not read


def _half_hearing():
    """The meaning model switched on, and the shipped words-only crisis model with its bar
    raised out of reach, so it only ever half-hears (what it hears is unchanged): the texts
    below are ones it fires on alone."""
    shipped = model.get("crisis")
    return {"crisis": replace(shipped, threshold=1.01), "crisis_windows": None,
            meaning.NAME: meaning.load_file(), "crisis_sentence": None}


# Written for this test (in no labelled set): wordings the rules do not name, which the first
# word model hears (0.87 to 0.98) and the meaning model too (0.957 to 0.995).
NEW_WORDINGS = [
    "I'm tired of being the problem everyone has to manage.",
    "I keep thinking there's no reason to stick around much longer.",
    "I don't have anything left to hold on to.",
]


@pytest.mark.parametrize("text", NEW_WORDINGS)
def test_the_meaning_model_speaks_where_the_word_model_half_hears(app, text):
    with app.app_context(), model.using(_half_hearing()):
        verdict = screen(text)
        with model.using({meaning.NAME: None}):
            without = screen(text)
    crisis = [f for f in verdict.findings if f.boundary == "crisis"]
    assert verdict.crisis_tier == CHECK_IN and not verdict.emergency, names(verdict)
    assert [f.family for f in crisis] == ["crisis/meaning-model"], names(verdict)
    assert not without.crisis, names(without)
    # the reason names words of the text a moderator can read
    named = crisis[0].words[0].split(" (p=")[0].split(", ")
    assert named and all(word in fold(text).text for word in named)


def test_the_meaning_model_alone_asks_for_nothing(app, monkeypatch):
    """Where the first word model does not half-hear a text, the meaning model is not heard,
    however much it hears (it alone also hears ordinary lines near a cry's meaning)."""
    text = NEW_WORDINGS[0]
    monkeypatch.setattr(crisis, "MEANING_AGREES", 1.01)  # no word model hears that much
    with app.app_context(), model.using(_half_hearing()):
        assert _in_use().read(fold(text).text).fires
        assert not screen(text).crisis


@pytest.mark.parametrize("text", [
    "Had a lovely walk with the dog and made soup for the week.",
    "Day 40 today, went to my meeting and got my chip.",
    "Going to the beach this weekend with my sponsor's family.",
])
def test_ordinary_days_stay_untouched(app, text):
    with app.app_context(), model.using(_half_hearing()):
        assert not screen(text).crisis
    assert meaning.load_file().read(fold(text).text).probability < 0.5


@pytest.mark.parametrize("text", [
    # the past, spoken from safety: the rules' context stands
    "I used to feel I'd stopped seeing a way forward for me at all. Three years sober now.",
    # an idiom the rules know
    "this algebra homework is gonna be the death of me, I've stopped seeing a way forward",
    # someone else's death
    "My uncle passed last spring. He'd stopped seeing a way forward for himself at all.",
])
def test_where_the_rules_found_context_the_meaning_model_is_not_asked(app, text):
    with app.app_context(), model.using(_half_hearing()):
        verdict = screen(text)
    assert "crisis/meaning-model" not in {f.family for f in verdict.findings}, names(verdict)


def test_words_aimed_at_someone_else_are_no_crisis_of_the_author(app):
    with app.app_context(), model.using(_half_hearing()):
        verdict = screen("nobody would miss you, you have stopped being of use to anyone. go kys")
    assert not verdict.crisis and verdict.refuse, names(verdict)


def test_other_languages_are_left_to_the_lexicons():
    heard = meaning.load_file()
    for text in ("ich kann nicht mehr essen, so satt bin ich", "n\u00e3o aguento mais esse calor"):
        found = heard.read(fold(text).text)
        assert found.probability == 0.0 and not found.fires
    assert meaning.english(meaning.words_of("i cant do this anymore"))


def test_a_short_line_is_left_to_the_lexicons():
    heard = meaning.load_file()
    short = heard.read("cut it all , enough")
    assert short.words < meaning.TOO_SHORT and short.probability > heard.bar and not short.fires


@pytest.mark.parametrize("text", [
    "a" * 20_000, "ab " * 6_666, "die. " * 4_000, ". " * 10_000,
    " ".join(f"w{k}" for k in range(4_000)), "abcdefghijklmnopqrs " * 1_000,
    "\u00e9" * 20_000, ("unalivingly " * 2_000),
])
def test_the_worst_input_is_read_in_bounded_time(text):
    heard = meaning.load_file()
    ordinary = ("Ninety days today. The mornings are easier and I walk the dog before work. "
                * 300)[:20_000]
    usual = least_time(lambda: heard.read(fold(ordinary).text))
    took = least_time(lambda: heard.read(fold(text).text))
    assert took < TIMEOUT and took < max(10 * usual, 0.05), (took, usual)

