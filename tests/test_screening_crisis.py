"""Crisis screening: every family of warning signs is recognised in words nobody tuned it to,
and ordinary recovery talk that shares those words is left alone.

The sentences here are written for these tests from public warning-sign guidance (wish to die,
burden, plan and means, goodbyes, self-harm, overdose happening now, intoxicated despair), in the
ways members write: slang, typos, no apostrophes, Spanish, evasions. The labelled sets in
tests/data and ../shared/corpus/screening are measured too (test_screening_sets.py).
"""
import pytest

from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess

URGENT = [
    # a wish to be dead or not to wake up
    "some nights i pray god just takes me in my sleep",
    "What if I just didnt wake up tomorrow? Would anyone even care",
    "honestly id be fine if i stopped existing",
    "Not sure I want to stick around to see if it gets better",
    "part of me wants to go to sleep forever",
    "death would be a relief at this point",
    "i cant stand being alive anymore",
    "tengo ganas de morirme y nadie lo sabe",
    # burden
    "My family deserves better than me. Theyd be happier without me around.",
    "im just dragging everyone down, they'd get a break if i was gone",
    "The world would keep spinning fine without me, maybe better",
    # plan, means, stockpile, date
    "I looked up how many Tylenol it takes. I have the bottle next to me.",
    "Been researching painless ways. I have a date picked.",
    "there's a gun in the house and I cant stop thinking about it",
    "I've been setting aside my pills for weeks",
    # goodbyes
    "I won't be checking in anymore. You were all so kind to me.",
    "Made arrangements for my cat. Wanted to say goodbye properly while I still can.",
    "logging off for good. take care of each other",
    # self-harm
    "relapsed with the razor last night, it's deeper than usual",
    "scratched until i bled again, couldnt stop",
    "burned my arm with a cigarette again to make the cravings stop",
    # overdose, one's own, now
    "I shot up more than usual and I can't breathe right",
    "took a whole sheet of my xanax 20 min ago",
    "tomé demasiadas pastillas, me estoy mareando",
    # someone else's overdose, now
    "my friend is passed out and I can't wake him, his lips look blue",
    "found my mom on the floor, she's not moving and barely breathing",
    # intoxicated and despairing
    "so drunk rn and honestly whats the point of any of it",
    # evasions
    "I’m d𝐨ne. I want to d\u200bie.",
    "k.m.s tonight fr",
    "wanna un4live myself",
]
CHECK_IN_OR_URGENT = [
    "nothing is ever going to change for me",
    "i feel like a lost cause",
    "Im so tired of fighting all the time",
    # families a member of a recovery forum has in particular: using until it kills them,
    # another attempt "done right", rehoming a pet, gratitude in the past tense
    "honestly gonna keep partying till it kills me, whatever",
    "If I OD this weekend then so be it.",
    "the first time I tried I woke up in the ER. this time I've planned it properly",
    "Found a new home for my dog yesterday. Didn't tell them why.",
    "You all meant a lot to me. I don't think I'll be here much longer.",
    "I keep counting my sleeping pills at night",
]
EMERGENCY = [
    "my friend is passed out and I can't wake him, his lips look blue",
    "found my mom on the floor, she's not moving and barely breathing",
    "took a whole sheet of my xanax 20 min ago",
    "I shot up more than usual and I can't breathe right",
]
ORDINARY = [
    "I used to pray I wouldn't wake up. Four years sober now and I love my mornings.",
    "My uncle died by suicide in 2015; I'm walking in his memory at the awareness walk.",
    "If you ever feel like you want to die, please call or text 988. They helped me.",
    "This craving is killing me but I'm eating ice cream instead.",
    "I'd rather die than sing karaoke sober, but I did it anyway",
    "I take all my meds every morning as prescribed, no problems",
    "Took my dog to the river today, first sober summer",
    "I gave up drinking on my birthday and I'm not going back",
    "Cut back on coffee too, one thing at a time",
    "I'm going to end it with my drinking buddies, they're not good for me",
    "My sponsor said 'you are not a burden' and I cried",
    "We carried naloxone to the concert; thankfully nobody needed it",
    "In 2019 I overdosed twice. Today I coach my daughter's team.",
    "The speaker said she used to want to die every day, and now she sponsors six women",
    "Bye everyone, see you at the 7pm meeting!",
    "Thanks for everything this year, you all made my first 365 possible",
    "the pills my doctor gave me are next to my bed so I remember to take them",
    "I'm done with alcohol for good this time",
    "guy at my old job told me to go drink myself to death. 2 years sober now, he got fired",
    "I was drinking myself to death back in 2016; the hospital stay turned it around",
    "Found a good home for my cat when I moved into the sober house, she's happy there",
    "This forum has meant so much to me in my first year",
]


def _assess(app, text, channel="post"):
    with app.app_context():
        return assess(text, find_user("SamRiver"), channel)


@pytest.mark.parametrize("text", URGENT)
def test_every_family_of_warning_signs_is_urgent(app, personas, text):
    verdict = _assess(app, text)
    assert verdict.crisis_tier == "urgent", (text, [f.name for f in verdict.findings])


@pytest.mark.parametrize("text", CHECK_IN_OR_URGENT)
def test_ambiguous_hopelessness_is_at_least_a_check_in(app, personas, text):
    assert _assess(app, text).crisis_tier in ("check_in", "urgent")


@pytest.mark.parametrize("text", EMERGENCY)
def test_an_overdose_happening_now_is_an_emergency(app, personas, text):
    verdict = _assess(app, text)
    assert verdict.crisis and verdict.emergency


@pytest.mark.parametrize("text", ORDINARY)
def test_recovery_talk_that_shares_the_words_is_not_a_crisis(app, personas, text):
    verdict = _assess(app, text)
    assert not verdict.crisis, (text, [f.name for f in verdict.findings])


@pytest.mark.parametrize("text", URGENT[:6])
def test_chat_reads_crisis_the_same_way(app, personas, text):
    assert _assess(app, text, channel="message").crisis


def test_each_finding_names_its_family_and_the_words_that_fired(app, personas):
    verdict = _assess(app, "everyone would be better off if i was gone, i have the pills counted")
    families = {f.family for f in verdict.findings}
    assert {"crisis/burden", "crisis/plan-means"} <= families
    named = " ".join(f.name for f in verdict.findings)
    assert "better off" in named and "counted" in named


def test_telling_someone_else_to_die_is_not_read_as_the_authors_crisis(app, personas):
    verdict = _assess(app, "nobody would miss you if you overdosed tonight")
    assert not verdict.crisis
    assert verdict.refuse is not None and verdict.refuse.boundary == "harassment"
