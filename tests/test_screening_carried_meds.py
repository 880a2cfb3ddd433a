"""Medicines carried somewhere are not medicines swallowed: "took my whole week of meds to the
pharmacy for a blister pack" is routine care, while the whole week's meds taken, or pills taken
to a room and swallowed, stay an overdose now."""
import pytest

from screening_verdicts import screen

CARRIED = [
    "Took my whole week of meds to the pharmacy for a blister pack",
    "took my whole months supply of seroquel back to the chemist",
    "took all my pills to the pharmacy so they can do a blister pack",
    "brought my entire prescription in to the clinic so the nurse can dose it out",
    "my pharmacist now has them dispensed weekly, safer for me",
]
SWALLOWED = [
    "I took the whole week of my meds at once and now i feel really weird",
    "I took all my pills to the bathroom and swallowed every one",
    "took all my pills going to the doctor tomorrow maybe",
]


@pytest.mark.parametrize("text", CARRIED)
def test_medicines_carried_to_a_pharmacy_are_not_an_overdose(text):
    verdict = screen(text)
    assert not verdict.crisis, (text, [f.name for f in verdict.findings])


@pytest.mark.parametrize("text", SWALLOWED)
def test_medicines_swallowed_stay_an_overdose_now(text):
    verdict = screen(text)
    assert verdict.crisis and verdict.crisis_tier == "urgent", text
