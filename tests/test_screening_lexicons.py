"""The built-in lexicons are well-formed data: versioned, every pattern a linear-time RE2
expression with its macros written out, every family explained, every rule's concepts defined;
and any text at all gets a verdict, never an error."""
import json
import re
from importlib import resources

import pytest
import re2

from forum.normalize import fold
from forum.screening.lexicon import compile_pattern, expand, lexicons
from forum.screening.model import score, threshold
from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess

UNEXPANDED = re.compile(r"\{[A-Z_]+\}")
LEXICONS = ["crisis", "context", "sourcing", "contact", "graphic", "harassment", "medical",
            "promotion", "help", "macros", "emoji"]


def _data(name):
    return json.loads(resources.files("forum").joinpath(f"data/screening/{name}.json").read_text())


def _patterns(node):
    """Every pattern string anywhere in a lexicon file (not prose fields)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("about", "explain", "id", "version", "not_names", "names"):
                yield from _patterns(value)
    elif isinstance(node, list):
        if len(node) == 2 and isinstance(node[0], str) and isinstance(node[1], int):
            yield node[0]
        else:
            for value in node:
                yield from _patterns(value)
    elif isinstance(node, str) and "\\" in node or isinstance(node, str) and "(?:" in node:
        yield node


@pytest.mark.parametrize("name", LEXICONS)
def test_each_lexicon_is_versioned_and_says_what_it_is(name):
    data = _data(name)
    assert isinstance(data["version"], int) and data["version"] >= 1
    assert data.get("about") or name == "macros"


@pytest.mark.parametrize("name", [n for n in LEXICONS if n not in ("macros", "emoji")])
def test_every_pattern_is_a_linear_time_expression_with_its_macros_written_out(name):
    patterns = list(_patterns(_data(name)))
    assert patterns
    for pattern in patterns:
        written = expand(pattern)
        assert not UNEXPANDED.search(written), f"a macro is not written out in {pattern!r}"
        if name == "contact" and pattern in _data("contact")["names"].get("cue_patterns", []):
            continue
        try:
            compile_pattern(written)
        except re2.error as error:
            pytest.fail(f"{name}: {pattern!r} is not RE2: {error}")


def test_every_family_is_explained_and_every_rule_names_known_concepts():
    crisis = _data("crisis")
    for family in crisis["families"]:
        assert family["id"].startswith("crisis/") and family.get("explain"), family["id"]
    for rule in crisis["rules"]:
        assert set(rule["all"]) | set(rule.get("none", [])) <= set(crisis["concepts"]), rule
        assert rule["id"] in lexicons().families
    for name in ("contact", "graphic", "harassment", "promotion"):
        for family in _data(name)["families"]:
            assert family.get("explain"), (name, family["id"])


def test_the_word_model_is_data_with_a_threshold_and_explains_itself():
    assert 0.5 <= threshold() < 1
    found = score(fold("i just want to go to sleep and never wake up").text)
    assert found.probability > 0.5 and found.words


@pytest.mark.parametrize("text", [
    "", " ", "\u200b\u200b", "🙂" * 500, "日本語のテキスト", "Привет, как дела?", "مرحبا",
    "Hoy cumplo 90 días sin alcohol 🎉", "ａｂｃ＠ｄｅｆ．ｇｈｉ", "\x00\x01\x02", "a" * 20000,
    "\ud7ff" * 100, "e\u0301" * 1000,
])
def test_any_text_gets_a_verdict_never_an_error(app, personas, text):
    with app.app_context():
        for channel in ("post", "message"):
            verdict = assess(text[:2000] if channel == "message" else text,
                             find_user("SamRiver"), channel)
            assert isinstance(verdict.reasons(), list)
