"""The families that dev10 showed missing, on sentences written for this file (none is a dev10
item): a passive wish addressed to God, not minding being hit, burden as a weight or as what the
insurance would leave, feeling trapped, pills put aside, method research, a known train time, a
car running in a closed garage, "the whole bag and let God decide", dropped g's, arrangements
"if anything happens to me", one's own funeral; contact details without capitals or spaced out,
handles "on insta as ...", payment handles, a motel room; and the ordinary look-alikes that must
stay untouched (a meeting's street address, a rope for a swing, the bridge for the fireworks,
"can't do this anymore" said to a printer).

The screening is pure, so these read and decide without a database.
"""
import pytest

from screening_verdicts import screen


CRISIS = [
    # a wish to be dead, asked of God or shrugged at
    "i keep begging god to just take me in my sleep",
    "every night I pray he won't let me see the morning",
    "if that bus had hit me this morning i honestly wouldnt have minded",
    # burden: a weight, or what is left behind
    "I'm a dead weight around my family's necks and everyone knows it",
    "at least the life insurance would be worth something to them, which is more than i am",
    "they have to carry me through everything and they deserve better",
    # trapped
    "I feel completely trapped in my own life and there's no door out of it",
    "the walls are closing in and I can't breathe in this life anymore",
    # plan and means: pills kept back, method research, timing, a car in the garage
    "i've been putting the trazodone aside every night instead of taking it",
    "spent last night looking up which pills are the most lethal together",
    "I know exactly when the last train goes through the crossing at night",
    "sat in the garage last night with the car running for a long time",
    # using to die
    "next time im shooting all my stash at once and whatever happens happens",
    # dropped g's, "bout"
    "been thinkin bout killin myself all week",
    # arrangements
    "showed my brother where the papers are and who gets the dog if anything happens to me",
    # one's own funeral
    "I keep planning my own funeral in my head, the songs and everything",
    # an overdose now, in Spanish
    "me tragué todas mis pastillas para dormir y me siento rarísimo",
    # a second probe: goodbyes in a long post, knowing where the gun is, done with being a person
    "Good meeting tonight. Honestly it felt like a good note to go out on. Coffee was cold.",
    "I made a list of who gets my records and my bike, nothing dramatic, just in case.",
    "Gave my nephew my camera and told him I wanted him to have it now rather than later.",
    "I don't see myself being around by christmas and I'm strangely okay with that",
    "Nothing left that means anything, and I know where my uncle keeps his rifle.",
    "not tired of meetings. tired of being alive.",
    "so done with being a person honestly",
    # no reason left, one reason left
    "since the divorce there's no real reason to stay alive",
    "tbh the only thing keeping me around is my dog",
    # means held and looked at, a note to be found, not much longer, a waste, using to death
    "I sat with the pills in my lap for an hour last night",
    "dad, I'm sorry, please don't blame yourself when you read this",
    "none of you will have to worry about me for much longer",
    "im such a failure, i should just disappear",
    "gonna keep drinking till i drop dead honestly",
    # families the retrained model no longer carried alone
    "how much fentanyl before a person stops breathing, asking for real",
    "told the pharmacist i spilled my pills so i could get more. keeping them in a shoebox",
    "I picture myself driving off the overpass on the way home from group",
    "boyfriend overdosing in the car, gave him narcan, he's still not breathing",
    # deserving to die (not the idiom), a will tonight, asking what kills, a friend gone quiet
    "honestly i deserve to die for how i treated my kids",
    "finishing my last will tonight, then i'm done",
    "could someone die from mixing benzos and vodka? asking for me",
    "my roommate swallowed a bunch of pills and now she's not texting back",
    "I need my sisters to know a few things before I go.",
]

CONTACT = [
    "hey its maria delgado, i work at the target on route 30, come find me",
    "my name is tyler brooks from jefferson high, look me up",
    "my sponsor dave kowal teaches math at lincoln middle school, he is great",
    "i'm on instagram as dawn.walker.sober, dm me there",
    "reach me at t dot me slash quietharbor",
    "my cashapp is $jaymoney77 if anyone can help",
    "staying at the Red Roof motel by the highway, room 118, come hang",
    "r o s a  @  e x a m p l e . n e t",
    "My son Ethan is a sophomore at Ridgeview High and he knows I'm in recovery",
    "ring me, it's five five five dash oh one two eight",
    "we're staying at the green house on 4th and pine, stop by anytime",
    "call me 555-01O4, area code 617",
    "we live over the bakery on elm street, apt 3, knock twice",
    "my address is 212 birch, bring snacks",
    "our apartment is the yellow one at 5th and Cedar, unit 2",
    "i work the register at the dollar store off route 6, come say hi",
    "Find me on Facebook, Marisol Quintero-Baez, there's only one",
    "my son liam goes to westside middle school and he's proud of me",
]

ORDINARY = [
    # meeting places
    "Thursday's speaker meeting is at First Baptist, 300 Hill Street, enter by the side door.",
    "our home group meets at the library on 12 Church Road, room 2, at noon",
    "la reunión de los jueves es en la iglesia de la calle Morelos 120",
    "we meet at the VFW hall, 19 Market St, on Thursdays",
    "honestly i'm only here for the donuts after the meeting lol",
    "I'm a failure at bowling, I should just go home and stick to mini golf",
    "the tres leches at the new bakery is to die for",
    "we live on a quiet road now and the mornings are so peaceful",
    "meeting at 10 o clock, then 1 on 1 with my sponsor",
    "hopeless about our fantasy team this year, but 2 years sober so who cares",
    "I wrote my old friend a goodbye letter when I stopped going out with her; never sent it",
    "This time I have a plan and people: a sponsor, two meetings a week and my sister.",
    # look-alikes of plans and means
    "Got a new rope for the dog's tug toy, she loves it",
    "We walked to the bridge to see the sunset, first sober summer with the kids",
    # frustration with a thing, hopeless about a task
    "I can't do this anymore, this stupid printer ate my resume again",
    "honestly hopeless at cooking but I'm 200 days sober so who cares",
    # a goodbye to alcohol, someone else's guitar, today's medicines
    "Wrote a goodbye letter to booze for step work and read it to my sponsor.",
    "My friend gave away her guitar and stopped coming to meetings, how do I ask if she's okay?",
    "ya me tomé todas las pastillas de la noche, a dormir",
    # past and remembered
    "There was a time I planned my own funeral. Today I planned my daughter's birthday party.",
    # names and places that are not anyone's details
    "my name is Dana and I'm an alcoholic, 40 days today",
    "it's so tired out there, i work at the diner and everyone was drinking",
]


@pytest.mark.parametrize("text", CRISIS)
def test_families_missed_on_held_out_text_are_a_crisis(text):
    verdict = screen(text)
    assert verdict.crisis, verdict.findings
    assert screen(text, chat=True).crisis


@pytest.mark.parametrize("text", CONTACT)
def test_contact_details_written_past_the_old_patterns_are_held(text):
    verdict = screen(text)
    assert verdict.hold is not None, verdict.findings
    assert "identifying-info" in {f.boundary for f in verdict.findings}
    assert screen(text, chat=True).mask_spans


@pytest.mark.parametrize("text", ORDINARY)
def test_their_ordinary_look_alikes_stay_untouched(text):
    verdict = screen(text)
    assert not verdict.crisis and verdict.hold is None and not verdict.reports, verdict.findings


def test_a_home_address_is_still_held_when_a_meeting_is_mentioned():
    verdict = screen("our little meeting is in my living room, 88 Willow Lane, apt 3, Sundays")
    assert verdict.hold is not None and verdict.hold.boundary == "identifying-info"


def test_an_overdose_written_in_spanish_is_an_emergency_and_a_dose_as_usual_is_not():
    assert screen("me tomé todas las pastillas de la caja y me siento muy raro").emergency
    assert not screen("tomé mis pastillas como siempre y me siento raro del estómago").emergency
