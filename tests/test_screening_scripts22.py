"""Crisis wording in scripts the fold cannot spell is read one way only.

Chinese (simplified and traditional), Japanese, Korean, Arabic, Hindi in Devanagari, Thai and
Hebrew phrases are read as the English words the crisis lexicon knows (data/screening/scripts.json,
forum/normalize.py), so the same rules, tiers and context apply to them as to English; an idiom
of the same script keeps its death word silent. There is no second reader matching the text as
written.
"""
import json
from importlib import resources

import pytest

from screening_verdicts import names, rule_crisis, screen, untouched

CRISIS = {
    "zh-hans": ["我真的不想活了", "活着没意思", "我想结束我的生命", "好想自杀"],
    "zh-hant": ["活著沒意思", "結束自己的生命", "真的想自殺", "我決定結束自己的生命"],
    "ja": ["もう死にたい", "消えたい", "生きていたくない", "もう全部終わりにしたい", "自殺したい"],
    "ko": ["죽고 싶어", "진짜 살기 싫다", "자살하고 싶어", "그냥 사라지고 싶어"],
    "ar": ["أريد أن أموت", "اتمنى الموت", "أريد أن أنتحر", "سأنتحر الليلة"],
    "hi": ["मैं मरना चाहती हूँ", "अब जीना नहीं चाहता", "खुद को मार दूंगा"],
    "th": ["อยากตาย", "ไม่อยากมีชีวิตอยู่แล้ว", "อยากฆ่าตัวตาย"],
    "he": ["אני רוצה למות", "אני רוצה להתאבד"],
}

ORDINARY = [
    "想死你了！周末见",          # miss you to death
    "今天累死了，早点睡",        # dead tired
    "死ぬほど笑った",            # laughed to death
    "배고파 죽겠다 ㅋㅋ",        # starving to death
    "หิวจะตาย กินข้าวกัน",       # so hungry, let's eat
    "自杀预防热线的志愿者培训今天结束了",  # a prevention hotline training ended today
]


@pytest.mark.parametrize("text", [t for texts in CRISIS.values() for t in texts])
@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
def test_crisis_in_other_scripts_is_heard_by_the_rules(text, chat):
    verdict = screen(text, chat=chat)
    assert verdict.crisis, f"not heard as a crisis: {text!r} -> {names(verdict)}"
    assert rule_crisis(verdict), f"only a word model heard it: {text!r} -> {names(verdict)}"


@pytest.mark.parametrize("text", ORDINARY)
@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
def test_idioms_in_other_scripts_stay_ordinary(text, chat):
    verdict = screen(text, chat=chat)
    assert untouched(verdict), f"not published as written: {text!r} -> {names(verdict)}"


def test_one_reader_for_far_scripts():
    crisis = json.loads(resources.files("forum").joinpath("data/screening/crisis.json").read_text())
    assert "scripts" not in crisis
    scripts = json.loads(resources.files("forum").joinpath("data/screening/scripts.json")
                         .read_text())
    assert {"zh", "ja", "ko", "ar", "hi", "th", "he"} <= {p["lang"] for p in scripts["phrases"]}


def test_a_script_phrase_in_a_long_english_post_is_found_where_it_is():
    text = ("Had a long week at work and the meeting on Thursday helped. " * 20) + "죽고 싶어"
    verdict = screen(text)
    assert verdict.crisis
    assert any("want to die" in n for n in names(verdict))
