"""Two edges found reading this round's change again: the author's own past sets a sourcing
phrase aside only while nothing turns back to now, and "never wanting to wake up" is the wish
"never want to wake up" is."""
import pytest

from screening_verdicts import screen


@pytest.mark.parametrize("text", [
    "I used to know a plug but now i need one again, whos holding tonight",
    "used to have a guy for this. anyway i need one again rn, whos holding",
])
def test_a_sourcing_phrase_after_the_past_turns_back_to_now_is_held(text):
    verdict = screen(text)
    assert verdict.hold is not None and verdict.hold.boundary == "sourcing", text


def test_a_sourcing_phrase_told_as_the_authors_past_is_not_held():
    verdict = screen("i used to know where to score in every town. now i know where every "
                     "meeting is")
    assert verdict.hold is None and not verdict.crisis


@pytest.mark.parametrize("text", [
    "never wanting to wake up again, thats me every morning now",
    "not wanting to wake up anymore. every single day",
])
def test_never_wanting_to_wake_up_is_a_wish_to_die(text):
    verdict = screen(text)
    assert verdict.crisis, text


def test_not_wanting_to_wake_up_for_work_stays_ordinary():
    verdict = screen("not wanting to wake up for work tomorrow lol")
    assert not verdict.crisis
