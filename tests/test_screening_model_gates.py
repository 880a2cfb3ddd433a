"""The sourcing and graphic-use word models are heard only on a text their boundary's own cues
say it may be about (forum/screening/verdict.py): a substance or street name, and nothing of
ordinary goods, help or one's own past, for sourcing; an act of use and a second kind of detail,
and no asking for guidance, no prescription of one's own and no habit of years in passing, for
graphic use. Each gate is tried with a model that would fire on anything, so what is read here is
the gate alone; the sentences are written for this file."""
import json
from importlib import resources

import pytest

from forum.screening import model
from forum.screening.reading import read
from forum.screening.verdict import Context, _graphic_model_may_speak, decide


def _always(name: str) -> model.Model:
    """The shipped model with its bias raised so it fires on any text it reads."""
    data = json.loads(resources.files("forum").joinpath(
        f"data/screening/{name}_model.json").read_text())
    data.update(bias=50.0, enabled=True)
    return model.Model.from_json(data)


def _families(text: str, **models) -> list[str]:
    with model.using(models):
        return [f.family for f in decide(read(text, lambda url: False), text, Context()).findings]


def test_both_models_are_shipped_switched_on():
    for name in ("sourcing", "graphic"):
        assert model.get(name) is not None, name


@pytest.mark.parametrize("text", [
    "selling my old amp and two pedals, message me if you want them",
    "if anyone needs someone to talk to about pills, dm me, I've been there",
    "back when I was using I paid way too much for everything, glad that's over",
    "what a week, cannot wait for the weekend and a long walk",
])
def test_no_substance_named_or_an_ordinary_cause_keeps_the_sourcing_model_silent(text):
    assert "sourcing/word-model" not in _families(text, sourcing=_always("sourcing"))


@pytest.mark.parametrize("text", [
    "percs everywhere at that party last night lol",
    "xanax is so hard to come by these days huh",
])
def test_a_substance_named_lets_the_sourcing_model_speak_where_the_rules_are_silent(text):
    found = _families(text, sourcing=_always("sourcing"))
    assert "sourcing/word-model" in found, found


@pytest.mark.parametrize("text", [
    "The sun on my face felt warm for the first time in weeks.",
    "Drank for twenty years and my liver numbers are finally normal.",
    "How do I help a friend who is withdrawing from alcohol? What should I watch for?",
    "withdrawal was rough, but it passed",
])
def test_no_act_of_use_with_detail_keeps_the_graphic_model_silent(text):
    assert "graphic-use/word-model" not in _families(text, graphic=_always("graphic"))


@pytest.mark.parametrize("text", [
    "the warmth of that first shot spreading up my arm, nothing ever came close",
    "smoked a bowl and my chest got tight",
])
def test_an_act_of_use_with_a_second_detail_opens_the_graphic_gate(text):
    assert _graphic_model_may_speak(read(text, lambda url: False))
