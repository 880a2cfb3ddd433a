"""Crisis in live chat, the families train21d's and train21a's first runs showed missing (round
21, branch crisis21c), each fixed as a kind of wording in crisis.json (its `crisis/chat-*`
entries tagged "crisis21c", a few concepts and rules) and checked on sentences written for this
file (none is an item of a set), beside the ordinary chat that must stay ordinary:

- tired of everything, of it all, of respawning, in French, German, Portuguese, Italian, Dutch
  (not tired of explaining, not "mort de fatigue" after a meeting);
- not seeing oneself in anyone's plans for next year, "not like I'll be around to ...";
- no reason to carry on (grief included), wondering what one is holding on or staying clean for,
  running out of reasons (not "don't see the point in going on the trip");
- goodbyes said through deeds: love said before a long drive that has not ended, goodbyes the
  others did not know were goodbyes, papers and pets sorted "just in case", good company "these
  last years", "don't blame yourself ... bye";
- alone with a means: the car in the shut garage, a hose for the car, knives that look different
  tonight, a gun brought out of the loft, the nerve worked up at the cliffs, blades bought after
  weeks without cutting, enough pills to make it the last;
- one less me, would anyone notice if I disappeared, whether anyone cares if I'm around;
- hoping not to come back after passing out, wishing not to have to wake up (not at 5 for work);
- decided, with only a day; calm and at peace now that things are decided;
- a ghost already, becoming a ghost this weekend (not a costume);
- lethal questions: would that do it, is N of my pills enough, is a mix quick, asking for me;
- slang and masked spellings (s*icide, toaster bath, dip from this life);
- someone else not waking up and pale while the others say to let them sleep it off: an
  emergency, with the emergency steps first;
- masked distress: "im fine, totally fine, never been better" said three times over is a
  check-in; one "totally fine 🙃" is not.

Decision on a flat "not doing great": on its own it stays ordinary (a set labels "need someone to
talk to tonight, not doing great" ordinary and the issue asks for few false alarms); said with
weight ("not doing great. at all", "really not doing good") it is a check-in, as before.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen

CRISIS = {
    "tired-of-all": [
        "honestly just tired of it all tbh",
        "so tired of respawning irl",
        "je suis tellement fatiguée de tout",
        "j'en ai marre de la vie",
        "bin einfach müde vom Leben",
        "ich bin lebensmüde",
        "tô cansada de tudo",
        "sono stanco di tutto.",
        "ik ben moe van alles",
        "is it giving up if im just so tired",
    ],
    "no-future-self": [
        "i cant see myself in any of the photos theyre planning for the wedding next year",
        "not in anybody's plans for next christmas and thats fine i guess",
        "i can't picture myself still here next year",
        "whatever, not like i'll be around to see it",
    ],
    "no-reason-to-carry-on": [
        "since mum died i cant see any reason to keep going honestly",
        "dont see the point in carrying on like this",
        "i don't know what i'm staying sober for anymore",
        "lying here wondering what i'm still hanging on for",
        "ran out of reasons to get up tbh",
    ],
    "goodbye-in-deeds": [
        "told my son i love him and drove off for a long drive, dont know where i am",
        "my sister didnt know it was goodbye when i hugged her today",
        "wrote a few notes for the kids tonight. just in case",
        "showed my brother where the passwords are. just in case",
        "figured out who takes my dog. practical stuff",
        "you lot have been great company over the past few years",
        "dont blame yourselves ok. love you all",
        "giving my bike to my cousin\nwont need it\nlast ride for me",
    ],
    "alone-with-means": [
        "sitting in my car in the garage again",
        "engine's on. in the garage",
        "bought a hose plus the car is ready",
        "the rope in the shed looks different tonight",
        "took my grandads old rifle down from the attic tonight",
        "went to the bridge again. just need the nerve",
        "haven't cut in a month but i just bought razors",
        "i have enough meds saved to end it",
        "i've got the means",
    ],
    "one-less-me": [
        "my family would be fine with one less me",
        "if i vanished would any of you even notice",
        "does anybody care if im alive",
    ],
    "wish-not-to-wake": [
        "gonna take them all and sleep, hopefully i dont wake up",
        "hopefully i don't wake up this time",
        "every night i wish i never had to wake up again",
    ],
    "decided": [
        "it's decided. tonight",
        "made up my mind. sunday",
        "i feel so settled now that ive made my decision",
        "made peace with everything lately.",
    ],
    "ghost": [
        "im basically a ghost already",
        "gonna become a ghost tonight",
    ],
    "lethal-question": [
        "if i take all my tramadol with the vodka would that do the job",
        "is a whole bottle of my lithium enough",
        "does anyone know if insulin is painless",
        "how long till an od is fatal. asking for myself",
    ],
    "slang": [
        "imma commit sewerslide tonight",
        "wanna su*cide fr",
        "want to tap out of this life for good",
    ],
    "passive-wish": [
        "honestly if a bus hit me tomorrow id be ok with it",
        "79 and tired. ready to go, take me home",
        "thinking about joining him up there honestly",
        "next week is 5 years since my brother. i'll go the way he did",
        "so done i could burn everything down, me included",
    ],
    "self-harm-urge": [
        "i want to cut so badly rn",
        "itching to hurt myself again",
    ],
    "hopeless-question": [
        "what if things never get better",
    ],
}

EMERGENCY = [
    "guy at the house party isn't waking up and they keep saying let him sleep it off",
    "my mate's gone really grey and they say he's just sleeping it off",
    "she said she took everything and now she's not answering",
    "relapsed after 2 years sober, same amount as before, feeling really wrong",
]

ORDINARY = [
    # tiredness that is about something
    "tired of explaining to my family why i dont drink",
    "je suis mort de fatigue après le boulot",
    "ich bin todmüde nach der schicht",
    "estou cansada, mas estou bem",
    "tired of respawning in the same spot, this map is broken",
    "is it giving up if you switch from AA to SMART?",
    # futures that are planned
    "not in their plans for christmas this year, spending it with my sponsor instead",
    "can't picture myself drinking again tbh",
    "i'll be around if anyone needs to talk tonight",
    # reasons and points about things
    "no reason left to stay at that job, handing in my notice",
    "who am i staying sober for if not myself",
    "running out of reasons to skip the gym lol",
    # goodbyes that are ordinary
    "told my wife i love her and went to the meeting",
    "i didnt know it was the last time i'd see my dad. miss him",
    "bringing a spare charger just in case",
    "sorting out who takes my cat while im at my sisters wedding",
    "thanks for the chat tonight, you've been good company. night all",
    # means that are ordinary
    "parked the car in the garage and made tea",
    "working up the nerve to ask her out",
    "working up the nerve to call my sponsor",
    "got my dads old shotgun out of the loft to get it valued",
    "the knives at the new restaurant are so fancy",
    "enough pills to last the trip? pharmacist says yes",
    # absence that is a trip
    "one less me at the pub tonight, staying in with tea",
    # sleep and waking
    "wish i didnt have to wake up at 5 for work",
    "hopefully i dont wake up before noon tomorrow, so tired",
    "going to ibiza, hopefully dont come back lol",
    # decisions that are ordinary
    "ive decided. friday is pizza night",
    "i feel so much calmer now that ive decided to go back to college",
    "made my peace with my ex finally",
    "got the date set for my 1 year chip!",
    # ghosts, slang and questions that are ordinary
    "dressed up as a ghost for halloween lol",
    "group chat ghosted me again",
    "would that do it for the chili or do i need more beans",
    "is 30 minutes of cardio enough",
    "anyone know if the 9pm meeting is on? asking for me",
    "lost someone to suicide last spring and the walk helped",
    "leave this world better than you found it, my nan used to say",
    # fine, once
    "totally fine 🙃 the wifi died again",
    "im fine lol, just tired",
    "not doing great tbh",
    # someone asleep who is fine
    "my teenager is sleeping it off after prom, snoring like a train",
    "ill go when he did last year, the early slot",
    "this week can burn it all down lol",
    "selling my old bike, wont need it anymore",
    "want to cut my hair so bad",
    "want to cut back on coffee",
]


@pytest.mark.parametrize("family,text", [(f, t) for f, ts in CRISIS.items() for t in ts])
def test_chat_crisis_families_of_round_21_are_heard_by_the_rules(family, text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and rule_crisis(verdict), (family, names(verdict))
    assert not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", EMERGENCY)
def test_an_overdose_in_progress_in_chat_gets_the_emergency_steps(text):
    verdict = screen(text, chat=True)
    assert verdict.crisis_tier == "urgent" and verdict.emergency, names(verdict)


@pytest.mark.parametrize("text", ORDINARY)
def test_their_ordinary_look_alikes_stay_ordinary(text):
    verdict = screen(text, chat=True)
    assert not rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("text", [
    "im fine. totally fine. never been better",
    "honestly not sure what i'm holding on for",
    "made my peace with a lot of things",
])
def test_quiet_signs_ask_for_a_check_in_not_an_urgent_item(text):
    verdict = screen(text, chat=True)
    assert verdict.crisis_tier == "check_in" and rule_crisis(verdict), names(verdict)


def test_every_new_reason_names_its_family_and_words():
    verdict = screen("got a hose and the car in the garage. just need the guts", chat=True)
    found = [f for f in verdict.findings if f.family == "crisis/chat-alone-with-means"]
    assert found and all("hose" in f.name or "guts" in f.name for f in found), names(verdict)


# --- a member's lines sent one by one, through the chat path ------------------------------------

WITHOUT_MODELS = {"crisis": None, "crisis_windows": None, "crisis_meaning": None,
                  "crisis_sentence": None, "graphic": None, "sourcing": None}


def _notices(app, lines):
    """Send the lines one by one as the established persona; the notice each line got."""
    from forum.extensions import db
    from forum.models import Room
    from forum.screening import model
    from forum.services.accounts.handles import find_user
    from forum.services.chat.messages import send_message

    with app.app_context(), model.using(WITHOUT_MODELS):
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        sam = find_user("SamRiver")
        return [send_message(room, sam, line).notice for line in lines]


@pytest.mark.parametrize("lines", [
    ["got a hose from the shed", "just need the guts"],
    ["kids are at their dads", "house is very quiet", "too quiet maybe"],
])
def test_a_line_that_only_points_back_is_read_with_the_lines_before(app, personas, lines):
    notices = _notices(app, lines)
    assert notices[0] is None, notices
    assert notices[-1] is not None and notices[-1]["code"] == "crisis", notices


@pytest.mark.parametrize("lines", [
    ["watering the garden with the new hose", "just need the guts to dig out the stump"],
    ["kids are at their dads", "house is very quiet", "gonna watch telly and go to bed early"],
])
def test_ordinary_lines_one_by_one_stay_ordinary(app, personas, lines):
    notices = _notices(app, lines)
    assert all(n is None or n["code"] != "crisis" for n in notices), notices


def test_someone_else_not_waking_gets_the_emergency_steps_in_chat(app, personas):
    notice = _notices(app, ["guy at the party isnt waking up, they say let him sleep it off"])[0]
    assert notice is not None and notice["code"] == "crisis" and notice.get("emergency"), notice
