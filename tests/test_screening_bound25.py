"""Families train24 left over (bound25): phone numbers read out in disguise, e-mail addresses
whose at and dot are emoji or bracketed symbols, another person's name tied to where they work
or their child's school, and sourcing shorthand (fronting on credit, an old connect offered,
cash brought to a meet, a trap gone dry, deliveries listing street names, leetspeak). Every text
here was written for this test, in the families' shapes, with ordinary twins in the same words:
recovery talk about the front desk, help lines, meeting times, day counts and coffee prices."""
import pytest

from forum.normalize import fold
from screening_verdicts import both_names, boundaries, contact_free, contact_held, names, screen

PHONES_READ_OUT = [
    "call me on triple five, oh one four two",
    "my cell: triple five oh one double two",
    "text fiveFIVEfive oh one three eight",
    "it's fivefivefive oh one nine two if u wanna talk",
    "sixonesevenfivefivefiveohoneohnine",
    "reach me at 555 oh1 oh7 after work",
    "hit me up at 5five5 oh one double seven",
    "double five five, oh one three six, that's my cell",
    "SEVENsevenOH nine double oh one two three, ring after six",
    "whatsapp me 555 - oh - 1 - 4 - 9",
]

EMAILS_IN_DISGUISE = [
    "hit me up: rosa.m 📧 gmail 🔵 com",
    "write me, danny_b (at) example [.] com",
    "my email: quietpine @ example · com",
    "email me at jess 🌀 example 🔵 org",
    "mail: river.walker(@)example(.)net",
    "contact me: tomasz88 [@] example [.] org",
    "old.school.phil ✉️ yahoo 🔸 com if you want to chat",
]

OUTING = [
    "that's Ray Moreno, teaches 8th grade at Roosevelt, he shared about his DUI last week",
    "Linda Sorensen's kid is in 3rd grade at Maple Grove Elementary, I see her at pickup",
    "Gwen Albright, who runs the front counter at Hartman Pharmacy, told us she relapsed",
    "Tony Vasquez's daughter goes to Saint Brigid Academy, small world",
]

# The same shapes in ordinary recovery talk: times, dates, counts, prices, help lines, meetings.
CONTACT_TWINS = [
    "5 oh 4 days sober today and still going",
    "step 5 oh and step 4 are the hard ones",
    "the meeting at St. Mark's, 5 o'clock, is a good one",
    "call 988 if tonight gets heavy, they picked up fast for me",
    "my sponsor's number is in my phone and I finally used it",
    "I did a double 12 hour shift and still made my 7pm meeting",
    "double check your meeting times, the Tuesday one moved to 6",
    "sober since 2019, 2020 was the hardest, 2021 was better",
    "coffee at the meeting is $1.50 and worth every cent",
    "I worked the front desk at a hotel for 20 years before rehab",
    "I use gmail for everything, is the forum sending to spam?",
    "email the group secretary through the contact page, it works",
    "Brene Brown teaches at the University of Houston, love her books",
    "my daughter started at a new school this week, nervous mom here",
    "The guy in the red truck at the Tuesday meeting gave me a ride home, so kind",
    "one one one is my lucky number, saw it on the clock at day 111",
    "days 1, 2, 3, 4, 5, 6 and 7 done. one full week!",
    "I rang the Samaritans on 116 123 one night last winter and it helped",
]


@pytest.mark.parametrize("text", PHONES_READ_OUT + EMAILS_IN_DISGUISE + OUTING)
def test_disguised_contact_details_are_held(app, text):
    with app.app_context():
        assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", CONTACT_TWINS)
def test_their_ordinary_twins_carry_no_contact_detail(app, text):
    with app.app_context():
        assert contact_free(text), both_names(text)


def test_a_number_read_out_folds_to_its_digits_and_counts_stay_words():
    assert "5550142" in fold("call me on triple five, oh one four two").text
    assert "5550138" in fold("text fiveFIVEfive oh one three eight").text
    assert "5550107" in fold("reach me at 555 oh1 oh7").text
    assert fold("5 oh 4 days sober").text == "5 oh 4 days sober"
    assert fold("sober since 2019 2020 2021").text == "sober since 2019 2020 2021"
    assert fold("jo (@) example [.] com").text == "jo@example.com"


SOURCING = [
    "can you front me till friday, good for it",
    "need someone to front me till my check clears",
    "u fronted me last week, do it again till thursday?",
    "front me a half n ill pay u back sat",
    "i still got my old connect if anyone needs him, just ask",
    "still have my plugs number if u want it, dm me",
    "meet me behind the 7-11, bring 60",
    "bring 40 cash to the usual spot",
    "dropping off tonight 🚗💨 tina, H, white",
    "delivering to ur door: girl, boy and gas, hmu",
    "my trap closed, who else is open",
    "the spot ran dry, anyone got a backup?",
    "tap in with me for the good stuff",
    "0xy5 f0r s4l3, pm",
    "f3nt and c0ke, 20 a point, lmk",
    "❄️ 80 💊 25 🍃 10 a g, dm for more",
]

SOURCING_TWINS = [
    "I worked the front desk for years and now I do it sober",
    "I was fronted a chance by my boss after rehab and I took it",
    "my mom fronted me the rent till my check clears, so grateful",
    "front row at the 7pm meeting tonight, come sit with me",
    "I still have my old dealer's number and it scares me, deleting it today",
    "my sponsor said if anyone needs a ride to the meeting, just ask",
    "meet me at the diner after the meeting, bring your big book",
    "bring 5 bucks for the pizza fund at the Friday meeting",
    "I bought a 20 pack of gum to get through the cravings",
    "tap in to your higher power when it gets loud in your head",
    "my favourite coffee shop closed, who else is open early on sundays?",
    "the good stuff in recovery is the people, dm me if you want to talk",
    "the blue and white and brown mugs at the clubhouse are the best",
]


@pytest.mark.parametrize("text", SOURCING)
def test_sourcing_shorthand_is_held(app, text):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert "sourcing" in boundaries(verdict), (chat, names(verdict))


@pytest.mark.parametrize("text", SOURCING_TWINS)
def test_recovery_talk_in_the_same_words_publishes(app, text):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert "sourcing" not in boundaries(verdict), (chat, names(verdict))
