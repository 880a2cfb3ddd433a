"""Graphic use after pool17a, dev16 and train19d were studied (graphic19).

Every sentence is written here, in the shape of a family the misses showed, never copied from a
labelled set: withdrawal told as a list of what the body did, with a marker that it was coming
off something; pleasure said plainly beside an amount; two vivid senses of use; a rush meeting a
vein; injection sites after the veins gave out; a seizure or being sick witnessed as a scene.
Each family has ordinary neighbours that must stay free of a warning: flu, the gym, a tattoo,
blood tests, plain history of use, a hard day of withdrawal named without the body's detail.
"""
import pytest

from screening_verdicts import boundaries, names, screen

GRAPHIC = [
    # withdrawal: the body reacting, listed, with a marker of coming off
    "day 2 off the vodka, shaking so much i spilled my tea, sweating through my shirt, heaved twice",
    "four days without the pills: chills, yawning nonstop, threw up 3 times before lunch",
    "second day cold turkey and i was drenched, shivering under two blankets, retching into a bucket",
    "segundo dia sin beber, escalofrios, vomitando, no podia dormir",
    "woke up in my own sick on the bathroom floor, day one off the gear",
    "seeing spiders on the ceiling on day 3 off the drink, two nurses pinning my arms",
    # plain pleasure beside an amount or an act
    "put away 3 bottles of red before noon on a tuesday and it felt incredible",
    "necked a pint of vodka in the car park and loved that warm glow",
    "took 10 of the gabapentin at a time and felt like heaven for an hour",
    # two vivid senses, or a vivid sense with the drug
    "i can still taste it, the metallic taste hitting the back of my throat",
    "the sizzle of the rock in the pipe, i could hear the crackle in my sleep",
    # a rush meeting a vein
    "nothing like the rush when the shot hits the vein, swear",
    # injection sites after the veins gave out
    "once my arms collapsed i started going into my feet and then my groin",
    "ran out of veins by the second year and was hunting between my toes",
    "the blood blooming into the barrel was the best part",
    # a seizure or collapse witnessed as a scene
    "saw my mate seizing on the kitchen floor, eyes rolled back, teeth chattering",
]

ORDINARY = [
    "had the flu all week, shaking, sweating, threw up twice, finally eating toast",
    "leg day destroyed me, sweating through my shirt and shaking on the last set",
    "I drank every day for ten years. Now I'm 400 days in.",
    "day 3 of withdrawal, rough, but I'm still here",
    "blood test this morning, the nurse found the vein first go",
    "day 2 in hospital after surgery, shaking and sweating, the nurse says it's the anaesthetic",
    "new tattoo today, the buzzing of the needle was oddly calming",
    "my insulin needles come in a little box, I keep them in the fridge",
    "lined the tray with foil and roasted the veg, smelled amazing",
    "harm reduction reminder: carry naloxone and never use alone",
    "the rush hour traffic was awful, but I made it to the meeting",
    "I used to drink a bottle of wine most nights, today I made tea",
    "4 days in at the new job and loving it",
    "stomach bug, day 2: puked 4 times, chills, can't keep water down",
    "before my interview I was shaking, sweating, heart racing, but it went fine",
    "withdrawal symptoms can include shaking, sweating and vomiting, see a doctor",
    "my dog threw up twice and was shivering, 3 days off his food, vet says he's fine",
    # (the sizzle of onions in a pan is a known false alarm of the sentence model:
    # test_screening_sentence_heads.py)
    "coming off benzos: electrolytes for the shakes and sweating, day 4 is the worst, go slow",
]


@pytest.mark.parametrize("text", GRAPHIC)
def test_graphic_families_ask_for_a_warning(text):
    verdict = screen(text)
    assert "graphic-use" in boundaries(verdict), names(verdict)
    assert verdict.needs_warning or verdict.crisis, names(verdict)


@pytest.mark.parametrize("text", GRAPHIC)
def test_graphic_families_in_chat_are_reported(text):
    verdict = screen(text, chat=True)
    assert "graphic-use" in boundaries(verdict), names(verdict)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_neighbours_are_not_graphic(text):
    verdict = screen(text)
    assert "graphic-use" not in boundaries(verdict), names(verdict)
    assert not verdict.needs_warning, names(verdict)


# An overdose or a seizure told as a story from before is a graphic scene (a warning), not a
# crisis now; the same words told as happening now stay a crisis.
PAST_SCENES = [
    "Last Christmas my uncle went blue on the sofa after a bag, lips purple, my aunt doing compressions.",
    "I watched my mate turn grey in the club toilets, foam at his mouth, the bouncer holding his head.",
    "I'll never forget the gurgling sound he made, his lips purple and his skin cold and waxy.",
    "My cousin's overdose was in the stairwell of our block, grey face, syringe still by his hand.",
]

PRESENT_EMERGENCIES = [
    "my mate is grey and gurgling right now, his lips are purple, what do i do",
    "she just went blue and isnt breathing, foam at her mouth, someone call",
]


@pytest.mark.parametrize("text", PAST_SCENES)
def test_a_past_overdose_scene_is_a_warning_not_a_crisis(text):
    verdict = screen(text)
    assert not verdict.crisis, names(verdict)
    assert verdict.needs_warning, names(verdict)


@pytest.mark.parametrize("text", PRESENT_EMERGENCIES)
def test_an_overdose_now_is_still_a_crisis(text):
    assert screen(text).crisis, names(screen(text))
