"""The families dev13's first run showed missed or wrongly alarmed, each beside look-alikes.

Every sentence here is written for this file (none comes from a labelled set), in the shape of a
family the first run of tests/data/screening_dev13.jsonl showed:
- crisis wording the rules did not know: others who could "finally breathe" once the author is
  "out of the way", nobody coming to look "till Monday", a hose for the exhaust, a knot "not the
  wedding kind", lying down on the tracks, "ctb", "who would even notice if I died" (and "if I
  died" is no idiom, where "I died laughing" is);
- ordinary talk read as crisis: a past crisis told from recovery ("at seventeen I was ... twenty
  years later"), "I used to burn my arms, nowadays I ...", a title or a lyric, a reader
  addressed in general ("if you can't see a way out right now"), someone else's attempt, drinking
  gear given away, goodbyes with a future, hopeless about a task, a burden because of calls,
  picking at one's skin, a rope for camping.
"""
import pytest

from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess


def _verdict(app, text, chat=False):
    with app.app_context():
        return assess(text, find_user("SamRiver"), "message" if chat else "post")


def _names(verdict):
    return [f.name for f in verdict.findings]


# (a crisis text, ordinary look-alikes that must stay ordinary)
FAMILIES = {
    "others-finally-free": (
        ["Once I'm out of the way my wife can finally breathe again.",
         "if i was gone my parents could finally relax",
         "my kids will finally get to live once im not around"],
        ["Once the kids are at camp my wife can finally breathe again.",
         "now that court is over my parents can finally relax"]),
    "nobody-comes-looking": (
        ["worked out the timing, no one will find me till monday",
         "Sorted out the date. Nobody will come looking until the landlord does."],
        ["Worked out the timing for the sober picnic, everyone arrives at noon.",
         "who would even notice if i skipped the meeting"]),
    "carbon-monoxide": (
        ["got a length of garden hose that fits the exhaust",
         "picked up a hose for the car exhaust on my way home, you know why"],
        ["bought a new exhaust hose for the dryer",
         "the mechanic replaced the exhaust and a radiator hose on my truck"]),
    "euphemism-denied": (
        ["made the knot this afternoon, and not the kind for a wedding",
         "tied a loop in the garage, not the fun kind"],
        ["We tied the knot last June! Not a big wedding, just family.",
         "learned to tie a bowline knot at the sailing club, not easy"]),
    "where-i-will-be": (
        ["gonna lie down on the tracks after my shift",
         "I'm going to step in front of a bus on the way home"],
        ["I'll be on the line at 7 for the phone meeting",
         "the train comes by at 5:40 and im going to be on it, off to my cousins"]),
    "slang-ctb": (
        ["ctb plans tonight, sorry guys", "been thinking about ctb all week"],
        ["ctrl b to bold the text in the post editor"]),
    "things-placed-if-anything-happened": (
        ["My brother said he'd look after the cat if anything ever happened, so that's sorted. "
         "Also working out who I'd want to get my bike.",
         "neighbour agreed to adopt my fish if something happens"],
        ["Selling my bike to pay for the bus pass, my brother gets first dibs.",
         "who gets the last slice of pie at the meeting, honestly"]),
    "stockpile-nearly-complete": (
        ["two more refills and i'll finally have enough pills",
         "nearly have enough of the sleeping tablets saved now"],
        ["finally have enough saved for a deposit on the flat",
         "at last have enough chairs for the Tuesday meeting"]),
    "arranged-to-be-found": (
        ["left the front door unlocked and put down food for a few days for the dog",
         "water out for the week for the cat, unlocked the door for my brother"],
        ["put out food for a few days for the cat while I'm at the retreat"]),
    "staying-under": (
        ["sometimes i wonder what if i just didnt come up from the bath",
         "I want to drive out to the desert and never come back."],
        ["I want to drive to the coast and not come back for a week, vacation vibes"]),
    "letters-for-each": (
        ["finishing the letters tonight. one for my sister and one for dad",
         "wrote my notes, a note for each of the kids"],
        ["writing the letters for my amends, one for my sister and one for dad",
         "finished the thank you notes. one for grandma and one for my aunt"]),
    "found-after": (
        ["looked up how long it takes for anyone to notice when someone lives alone",
         "how long would it take for someone to find me here"],
        ["googled how long it takes for cravings to fade",
         "how long does it take for someone to get a sponsor usually"]),
    "missed-at-an-event": (
        ["nobody would miss me if i was gone for good"],
        ["nobody would miss me at the party if i left early right?",
         "no one would notice me at the meeting if i skipped the share"]),
    "if-i-died-is-no-idiom": (
        ["honestly who would even notice if i died",
         "no one would even care if i died tonight tbh"],
        ["lol i died when my sponsor sang karaoke",
         "i died laughing at the newcomer coffee meme"]),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_is_a_crisis_and_its_look_alikes_stay_ordinary(app, personas, family):
    crisis, ordinary = FAMILIES[family]
    for text in crisis:
        verdict = _verdict(app, text)
        assert verdict.crisis, (text, _names(verdict))
        assert verdict.crisis_tier in ("urgent", "check_in")
    for text in ordinary:
        verdict = _verdict(app, text)
        assert not verdict.crisis, (text, _names(verdict))


# Told from recovery, or not the author's own words: ordinary. Beside each, a text of the same
# shape that says it is now, which stays a crisis.
STORIES = [
    ("My story: at seventeen I was drinking vodka before school. I wrote letters to my family "
     "and gave my dog to my aunt. Twenty years later I'm a nurse with two kids.",
     "I've been sober since 2015. Last night I wrote letters to my family and gave my dog to "
     "my aunt."),
    ("When I was nineteen I was sure I'd be dead by twenty-five. I thought about dying every "
     "day. I'm fifty now and I coach little league.",
     "When I was nineteen I was sure I'd be dead by twenty-five. I think about dying every "
     "day now."),
    ("I used to burn my arms with lighters, nowadays I hold ice instead",
     "I used to cut myself, now I'm doing it again most nights"),
    ("the chorus goes i dont want to be alive and its weirdly catchy",
     "I listen to sad songs all night because I dont want to be alive"),
    ("If you can't see a way out right now, call someone tonight, it passes.",
     "if you ask me, I want to die"),
    ("My aunt's suicide attempt last spring changed how our family talks.",
     "this suicide attempt will work, I've thought it through"),
]


@pytest.mark.parametrize("ordinary, crisis", STORIES)
def test_a_story_from_recovery_or_someone_elses_words_is_not_a_crisis_now(app, personas,
                                                                         ordinary, crisis):
    verdict = _verdict(app, ordinary)
    assert not verdict.crisis, _names(verdict)
    verdict = _verdict(app, crisis)
    assert verdict.crisis, _names(verdict)


def test_a_past_act_with_no_recovered_present_stays_a_crisis(app, personas):
    """A story anchored years back is lowered only when it is told from a recovered present:
    "my brother died two years ago. I wrote the note." is not that."""
    assert _verdict(app, "My brother died two years ago. I wrote the note.").crisis


# Ordinary causes for words a goodbye, hopelessness or a burden also use.
ORDINARY_CAUSES = [
    ("Donated my whole wine collection and the fancy cocktail shaker. Day 30!",
     "gave away my guitar and my records, wont be needing them"),
    ("Said goodbye to the night shift crew today, new chapter starts next week at the bakery",
     "said goodbye to everyone tonight, this is my last post"),
    ("Hopeless about ever passing my driving test, third fail lol",
     "I feel hopeless about everything and I dont want to be here"),
    ("I feel like a burden texting my sponsor so often, is that normal?",
     "Im a burden to everyone, theyd be better off without me"),
    ("Bought a rope and a tarp for the camping trip with the hiking group",
     "Bought a rope today. It's in the trunk and I know where I'm going."),
]


@pytest.mark.parametrize("ordinary, crisis", ORDINARY_CAUSES)
def test_an_ordinary_cause_is_not_a_crisis_and_the_real_thing_still_is(app, personas,
                                                                      ordinary, crisis):
    verdict = _verdict(app, ordinary)
    assert not verdict.crisis, _names(verdict)
    verdict = _verdict(app, crisis)
    assert verdict.crisis, _names(verdict)


# Picking at skin is a habit many members pick up when they quit; hurting oneself until it
# bleeds, or cutting "still", is self-harm.
@pytest.mark.parametrize("text", [
    "my cuticles are wrecked from picking at my skin in meetings",
])
def test_picking_at_skin_is_not_self_harm(app, personas, text):
    verdict = _verdict(app, text, chat=True)
    assert not verdict.crisis, _names(verdict)


# Picking at one's skin is a common habit in early recovery: neither self-harm nor a scene of use
# that needs a warning, even beside a word of use ("since I quit smoking"), in a post or in chat.
@pytest.mark.parametrize("chat", [False, True])
@pytest.mark.parametrize("text", [
    "Since I stopped vaping I keep picking at my face, is that a thing for anyone else?",
    "who else scratches at their arms when a craving hits? my nails are short for a reason",
])
def test_picking_at_skin_is_published_untouched(app, personas, text, chat):
    assert _names(_verdict(app, text, chat=chat)) == []


def test_picking_at_skin_for_hours_in_withdrawal_still_asks_for_a_warning(app, personas):
    verdict = _verdict(app, "coming down off crank I dug at my arms for hours, bugs under my skin")
    assert any(name.startswith("graphic-use/withdrawal-scene") for name in _names(verdict))


@pytest.mark.parametrize("text", [
    "i used to cut. now i still cut sometimes when its bad",
    "I used to self harm and lately I've started again",
    "scratching at my arms till they bleed every night this week",
])
def test_self_harm_now_is_still_a_crisis(app, personas, text):
    verdict = _verdict(app, text, chat=True)
    assert verdict.crisis, _names(verdict)


# Drunk or high, the pull of the water or the road is despair; sober, a view is a view.
def test_the_pull_of_the_water_is_despair_when_intoxicated(app, personas):
    assert _verdict(app, "so high rn, sitting on the pier and the lake looks really inviting",
                    chat=True).crisis
    # Sober, no rule hears it (the word model, rebuilt elsewhere, is left out of this check).
    sober = _verdict(app, "sat on the pier after group, the lake looks really calm tonight",
                     chat=True)
    assert not [f for f in sober.findings
                if f.boundary == "crisis" and f.family != "crisis/word-model"], _names(sober)


# Plain snoring is sleep; snoring that sounds wrong, or with no waking, is an overdose sign.
def test_plain_snoring_is_sleep_and_snoring_that_sounds_wrong_is_an_emergency(app, personas):
    assert not _verdict(app, "my brother is asleep on the couch after the long drive, hes "
                             "snoring lol", chat=True).crisis
    verdict = _verdict(app, "my brother is on the couch making this awful snoring noise and "
                            "wont wake up", chat=True)
    assert verdict.crisis and verdict.emergency


# Recalled, not felt now: "I remember feeling", "at month two I ...", "never ... again" is no
# present cue; a social vanishing act and a handover are not goodbyes. Beside each, the same
# words said of now.
RECALLED = [
    ("I remember thinking everyone would be better off without me. That was before treatment, "
     "and I'm glad I stayed.",
     "Everyone would be better off without me. I think that every day."),
    ("At week three I told my sponsor I saw no point in living and that I'd never smile again. "
     "I'm at two years now.",
     "I see no point in living and I'll never smile again."),
    ("I always wanted to vanish at family dinners, so I drank through them. Not anymore.",
     "I always wanted to vanish for good, and tonight I want it more than ever."),
    ("Last night as treasurer, handing the cash box to the new one. You were all so kind to me.",
     "You were all so kind to me. Please forgive me for what I'm about to do."),
]


@pytest.mark.parametrize("ordinary, crisis", RECALLED)
def test_a_recalled_state_or_a_handover_is_not_a_crisis_now(app, personas, ordinary, crisis):
    verdict = _verdict(app, ordinary)
    assert not verdict.crisis, _names(verdict)
    verdict = _verdict(app, crisis)
    assert verdict.crisis, _names(verdict)


# An awareness month or day named with capitals is a cause, not someone's full name.
@pytest.mark.parametrize("text", [
    "Heads up: this month is Suicide Prevention Month and the coalition walk is on the 14th.",
    "August is Overdose Awareness month, we're lighting candles at the clinic on Friday.",
])
def test_an_awareness_month_is_not_a_persons_name(app, personas, text):
    assert _names(_verdict(app, text)) == []


def test_a_full_name_after_is_still_held(app, personas):
    verdict = _verdict(app, "the guy who sold to my son is Brandon Kessler, everyone should know")
    assert any(name.startswith("identifying-info") for name in _names(verdict))
