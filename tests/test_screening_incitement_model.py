"""Words telling or wishing someone else to die, heard by the incitement word model where the
incitement phrases are silent (forum/screening/verdict.py): refused and reported, never read as the
author's own crisis when the author says nothing of themselves; and never heard on a cry for help
in the first person, a kind reply, or a name called. The gate is tried with a model that fires on
anything, so what is read there is the gate alone; the sentences are written for this file."""
import json
from importlib import resources

import pytest

from forum.screening import model
from forum.screening.reading import read
from forum.screening.verdict import Context, decide


def _always() -> model.Model:
    """The shipped incitement model with its bias raised so it fires on any text it reads."""
    data = json.loads(resources.files("forum").joinpath(
        "data/screening/incitement_model.json").read_text())
    data.update(bias=50.0, enabled=True)
    return model.Model.from_json(data)


def _verdict(text: str, chat: bool = False, **models):
    context = Context("message" if chat else "post")
    with model.using(models):
        return decide(read(text, lambda url: False), text, context)


def test_the_incitement_model_is_shipped_switched_on():
    assert model.get("incitement") is not None


@pytest.mark.parametrize("text", [
    "please, if you're thinking of ending it tonight, call or text 988 and stay with us",
    "you are not going to die from this craving. it passes, I promise",
    "Don't let anyone tell you the world would be better without you. It wouldn't.",
    "@marlowe you called me a waste of space last week and I'm still here, nine months sober",
    "my ex used to tell me to go drink myself to death. I'm two years sober now",
    "you are such a hypocrite, preaching at meetings and drinking at home",
    "hope your knee surgery goes well and you wake up feeling human",
])
def test_care_reported_words_and_name_calling_keep_the_model_silent(text):
    """Kindness, what someone once said to the author, and names called (reported, not refused)
    do not open the gate, whatever the model would say."""
    verdict = _verdict(text, incitement=_always())
    assert not any(f.words[:1] == ("word model",) for f in verdict.findings
                   if f.family == "harassment/incitement"), verdict.findings


@pytest.mark.parametrize("text", [
    "honestly you all would be better off without me. goodbye",
    "I won't be a problem for any of you much longer, I've got the pills counted out",
])
def test_a_cry_for_help_in_the_first_person_stays_a_crisis(text):
    verdict = _verdict(text, incitement=_always())
    assert verdict.crisis and verdict.refuse is None


@pytest.mark.parametrize("text, chat", [
    ("wish ur plug sold u a bad batch tbh, would save us all the drama", True),
    ("Reply to @sorrel: everyone here is tired of the same sad story. Maybe next time the "
     "overdose sticks.", False),
    ("ppl like u should stop breathing and spare the rest of us", True),
])
def test_wishing_or_urging_another_to_die_is_refused(text, chat):
    verdict = _verdict(text, chat=chat)
    assert verdict.refuse is not None and verdict.refuse.family == "harassment/incitement", \
        verdict.findings
    assert not verdict.crisis


@pytest.mark.parametrize("text", [
    "To whoever keeps posting that they want to die: quit threatening and finish it.",
    "@wren sending you a noose for your birthday, you've earned it",
])
def test_death_words_aimed_at_someone_else_are_the_harassers_not_the_authors_crisis(text):
    """Nothing of the author's own, aimed at another, heard strongly by the model: refused as
    incitement instead of showing the harasser crisis help."""
    verdict = _verdict(text, incitement=_always())
    assert not verdict.crisis
    assert verdict.refuse is not None and verdict.refuse.family == "harassment/incitement"
    assert "word model" in verdict.refuse.words


@pytest.mark.parametrize("text", [
    "To whoever keeps posting that I want to die: yes I do, and I'm scared",
    "you guys, I'm going to end it tonight",
])
def test_the_authors_own_words_keep_a_crisis_a_crisis_whatever_the_model_says(text):
    verdict = _verdict(text, incitement=_always())
    assert verdict.crisis and verdict.refuse is None


@pytest.mark.parametrize("text", [
    "k.y.s. is what i tell myself every morning and today i might listen",
    "my brain keeps saying kys and it's getting louder",
    "all night I kept hearing kill yourself in my head",
])
def test_words_turned_on_oneself_are_the_authors_pain_never_refused(text):
    """An incitement phrase the author hears inside is not aimed at anyone: never refused, and it
    asks at least for a check-in."""
    verdict = _verdict(text, chat=True)
    assert verdict.refuse is None
    assert verdict.crisis, verdict.findings


@pytest.mark.parametrize("text", [
    "Someone in my old group said kys to me after my slip. I left that group and I'm 200 days "
    "sober now.",
    "my ex used to say kys whenever we fought. glad that's over",
])
def test_words_someone_once_said_to_the_author_are_neither_refused_nor_a_crisis(text):
    verdict = _verdict(text)
    assert verdict.refuse is None and not verdict.crisis, verdict.findings


@pytest.mark.parametrize("text", ["kill yourself lol i mean it", "i think you should kys",
                                  "kys @dan"])
def test_telling_someone_else_is_still_refused_with_the_authors_i_beside_it(text):
    verdict = _verdict(text, chat=True)
    assert verdict.refuse is not None and verdict.refuse.family == "harassment/incitement"
    assert not verdict.crisis
