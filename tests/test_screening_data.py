"""Shape of the independent screening set (tests/data/screening_cases.jsonl).

These tests check the data, not the screening: every line is a complete, consistent item, so a
miss found later can be added by hand without breaking the scoring that reads the file.
"""
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "data" / "screening_cases.jsonl"

EXPECT_BY_CATEGORY = {
    "crisis": {"crisis"},
    "sourcing": {"held"},
    "identifying-info": {"held"},
    "promotion": {"held"},
    "graphic-use": {"warning"},
    "harassment": {"refused", "report"},
    "medical-advice": {"report"},
    "ordinary": {"publish"},
}
MINIMUM_PER_CATEGORY = {
    "crisis": 110, "sourcing": 60, "identifying-info": 50, "promotion": 20,
    "graphic-use": 30, "harassment": 30, "medical-advice": 20, "ordinary": 160,
}
EVASIONS = {
    "curly-quotes", "homoglyph", "zero-width", "fullwidth", "spelled-digits", "at-dot",
    "leetspeak", "spacing", "missing-apostrophes", "typo", "emoji", "spanish",
    "mixed-language", "all-caps", "bidi",
}
REQUIRED = ("id", "text", "category", "expect", "surface", "family", "why")
OPTIONAL = ("tier", "evasion", "lang", "from")

# Real public help lines, which are allowed anywhere (digits only).
HELP_LINES = {"988", "18006624357", "18002221222", "116123", "131114", "8009112000", "741741", "024"}
# Ranges set aside for fiction: US 555-0100..0199, UK 07700 900xxx, AU 0491 570 xxx.
FICTION = re.compile(r"^(1?\d{3})?55501\d\d$|^(44|0)7700900\d{3}$|^(61|0)491570\d{3}$")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def load_cases():
    """Every item of the set, parsed, with its line number."""
    lines = CASES.read_text(encoding="utf-8").splitlines()
    return [(number, json.loads(line)) for number, line in enumerate(lines, 1) if line.strip()]


CASE_LIST = load_cases()


def test_every_line_is_a_json_object():
    for number, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), 1):
        assert isinstance(json.loads(line), dict), f"line {number} is not a JSON object"


def test_ids_are_unique():
    counts = Counter(case["id"] for _, case in CASE_LIST)
    assert [case_id for case_id, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("number,case", CASE_LIST, ids=[c["id"] for _, c in CASE_LIST])
def test_item_is_complete_and_consistent(number, case):
    missing = [field for field in REQUIRED if not case.get(field)]
    assert missing == [], f"line {number} lacks {missing}"
    assert set(case) <= set(REQUIRED) | set(OPTIONAL), f"line {number} has unknown fields"
    assert case["expect"] in EXPECT_BY_CATEGORY[case["category"]]
    assert case["surface"] in ("post", "chat")
    assert case["family"].startswith(case["category"] + "/")
    assert case["id"].startswith(f"dev2-{case['category']}-")
    if case["category"] == "crisis":
        assert case.get("tier") in ("urgent", "check_in")
    else:
        assert "tier" not in case
    assert case.get("evasion", "typo") in EVASIONS
    assert case.get("lang", "es") in ("es", "mixed")
    assert case.get("from", "newcomer") == "newcomer"
    if case["category"] == "promotion":
        assert case.get("from") == "newcomer", "promotion is only held for new accounts"


def test_category_sizes_meet_the_brief():
    counts = Counter(case["category"] for _, case in CASE_LIST)
    short = {cat: counts[cat] for cat, least in MINIMUM_PER_CATEGORY.items() if counts[cat] < least}
    assert short == {}


def test_harassment_is_refused_only_for_incitement():
    for _, case in CASE_LIST:
        if case["category"] == "harassment":
            incitement = case["family"] == "harassment/incitement"
            assert (case["expect"] == "refused") == incitement, case["id"]


def test_phone_numbers_are_fiction_or_public_help_lines():
    for _, case in CASE_LIST:
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", case["text"]))
        for match in re.finditer(r"\+?\(?\d[\d\s().-]{5,}\d", text):
            digits = re.sub(r"\D", "", match.group())
            assert digits in HELP_LINES or FICTION.match(digits), (case["id"], match.group())
