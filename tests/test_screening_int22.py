"""Rope named as gear for a sport or a job is not a means offered to someone else.

The incitement word model hears "rope ... just saying" strongly (a rope's price offered to a
member is a taunt); rope named as climbing, skipping or towing gear keeps the model silent, while
the incitement phrases still refuse a rope offered "for u".
"""
import pytest

from screening_verdicts import names, screen

GEAR = [
    "climbing rope is 40 bucks at the outdoor shop just saying, great hobby for sobriety",
    "get yourself a skipping rope, 10 mins a day and you'll sleep like a baby",
    "you need a tow rope in the boot this winter, trust me",
    "the ropes course at the retreat was terrifying and you should all try it",
]

AIMED = [
    "rope is 5 bucks at the hardware store for u, just saying",
    "got a rope for u if u want it, do us all a favour",
]


@pytest.mark.parametrize("text", GEAR)
@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
def test_rope_named_as_gear_is_not_refused(text, chat):
    verdict = screen(text, chat=chat)
    assert verdict.refuse is None, names(verdict)
    assert not verdict.crisis, names(verdict)


@pytest.mark.parametrize("text", AIMED)
@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
def test_a_rope_offered_to_someone_is_still_refused(text, chat):
    verdict = screen(text, chat=chat)
    assert verdict.refuse is not None, names(verdict)
