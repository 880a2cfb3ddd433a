"""Words that reach out to someone who may feel like dying are care, not incitement: "if you ever
feel like you should end it, please reach out" puts the thought as a condition and answers it
with help. The same frame with no care in it, or an order beside a help line, is still refused."""
import pytest

from screening_verdicts import screen

CARE = [
    "if you feel like you should end it all, reach out",
    "if you ever feel like you should just end it, please call 988 first",
    "if u think u should just die, talk to someone here first",
    "When you catch yourself thinking you should end it, get help. Text a crisis line tonight.",
    "anytime someone feels like they should kill themselves, we want them to reach out here",
]
ORDERS = [
    "if you feel like you should kys, do it",
    "you should end it all, call 988 lol jk dont",
    "if you think you should just die then go ahead, nobody will stop you",
]


@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
@pytest.mark.parametrize("text", CARE)
def test_a_condition_answered_with_help_is_not_refused(text, chat):
    verdict = screen(text, chat)
    assert verdict.refuse is None, (text, [f.name for f in verdict.findings])


@pytest.mark.parametrize("chat", [False, True], ids=["post", "chat"])
@pytest.mark.parametrize("text", ORDERS)
def test_the_frame_without_care_or_an_order_beside_a_help_line_is_refused(text, chat):
    verdict = screen(text, chat)
    assert verdict.refuse is not None and not verdict.crisis, text
