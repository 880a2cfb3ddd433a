"""Crisis in short English chat lines, the families train19b's first run showed missing, each
fixed as a kind of wording and checked on sentences written for this file (none is a train19b
item), beside ordinary look-alikes that must stay untouched by the rules.

- quiet goodbyes: "nice knowing you all", "see you on the other side" (not "... of this
  weekend"), a permanent goodnight, thanks for everything with a bye, things given away
  because they won't be needed (not old jeans, not after graduation);
- a plan, means or a date said flatly: the plan written out, a calm that comes from knowing
  how, "saturday. that's the day", everything needed in the car, train times not for a trip,
  a deadline given to oneself;
- burden in plain words: someone free without me, better if I disappear, they should get to
  stop worrying, I cost everyone so much;
- self-harm shorthand: "sh'd", "cut again" (not the lawn), long sleeves in summer "you know
  why", blood everywhere "lol im fine" (not a nosebleed), knife and blood emoji;
- lethal amounts naming a substance or the heart (not a pet's insulin dose);
- evasions: "kms" run together, suicide in leetspeak on one's mind, grave and coffin emoji,
  pills + drink = sleep forever;
- wishing not to wake, a car to hit me, not remembering wanting to be alive;
- "guess ill just go die lol": a first-person "I'll go die" is the author's crisis, never
  refused as incitement, while "you should just go die" still is;
- several lines sent as one item are read together.

The screening is pure, so these read and decide without a database.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen, untouched


CRISIS = {
    "quiet-goodbyes": [
        "last check in from me. it was good knowing all of you",
        "it was nice knowing yall",
        "see yall on the other side i guess",
        "permanent goodnight everyone",
        "gn chat. hoping this one is a forever gn",
        "thanks for everything guys. bye",
        "you all tried so hard with me. bye now",
        "anyone want my big book and coins, i wont need them anymore",
        "@river_m you were always good to me. remember that. bye friend",
        "dont wait up for me, like ever",
        "permanent logoff tonight",
        "this is the last time ill be on here",
        "so long chat, it was fun while it lasted",
        "guess this is goodbye then",
    ],
    "plan-means-timing": [
        "wrote it all down. the plan and everything",
        "weirdly calm now that i know how and when",
        "sunday night. thats the night",
        "got everything i need in the trunk",
        "checked the train schedule\nnot to catch one",
        "ive given myself till my birthday then thats it",
        "saturday. thats when. wanted to tell somebody",
        "i made my plan. its tuesday",
    ],
    "burden": [
        "they'd all be free if i was gone",
        "best for everyone if i just disappear",
        "my dad deserves a better son than me",
        "my family should get to stop worrying about me",
        "all i do is cost my parents money",
        "id be doing everyone a favor by leaving for good",
        "i just make everyones life worse",
    ],
    "self-harm-shorthand": [
        "shd again last night. not proud",
        "sh relapse last night",
        "i cut again. dont tell anyone",
        "long sleeves all summer again, u know why",
        "hoodie at work bc nobody can see my arms that way",
        "blood all over the bathroom floor. im fine lol",
        "🔪🩸",
    ],
    "lethal-amounts": [
        "how much tramadol would kill a grown man",
        "how many of my sleeping pills with wine would stop my heart",
        "whats the lethal amount of oxy for someone like me",
        "if i swallowed my whole bottle of lithium would that be enough",
        "what dose of fentanyl is lethal",
        "will 40 tylenol kill you",
        "how many benadryl to die",
        "can you die from 30 ambien",
    ],
    "evasions": [
        "kmskmskms",
        "su1c1de has been on my mind all week",
        "⚰️ tonight",
        "imma just ⚰️",
        "💊💊💊 + vodka = 😴",
        "ending it soon 🪦",
        "i wanna un alive",
    ],
    "wish-not-to-wake": [
        "fine with falling asleep and never waking up tbh",
        "sometimes i wish a truck would just hit me",
        "cant remember the last time i wanted to live",
        "i wish i wasnt alive",
        "cant do another winter like this",
        "not doing ok. like really not",
    ],
    "first-person-go-die": [
        "guess ill just go die then lol",
        "im gonna go die in a corner",
        "i should just go die tbh",
        "welp might as well go die",
        "imma go die lol",
    ],
    "several-lines-in-one-item": [
        "haha ok\nhonestly i wish i wasnt alive\nanyway what did i miss",
        "gonna log off\nif im not on tmrw dont worry\nits better this way",
        "they keep saying they love me\nbut id be doing them a favor if i disappeared",
    ],
}

ORDINARY = [
    "going to bed, night all",
    "see you on the other side of this weekend",
    "see you all on the other side of finals",
    "thanks for everything, see you next week",
    "giving away my old jeans",
    "anyone want my old textbooks, i wont need them after graduation",
    "insulin dose question for my diabetic cat",
    "how much insulin does my cat need",
    "long sleeves because the office is cold",
    "wearing long sleeves in july bc sunburn lol",
    "nosebleed, blood everywhere lol im fine",
    "got my hair cut again, too short",
    "it was nice meeting you all at the picnic",
    "friday. thats when the meeting moved to",
    "i have everything i need for the camping trip in the car",
    "looked up the train times for the trip to see my mom",
    "giving myself till christmas to finish the scarf",
    "she would be free to visit on sunday",
    "better i leave now before traffic",
    "they can stop worrying, i got the job",
    "i cost everyone a fortune at dinner lol",
    "is it safe to take my antidepressants with coffee",
    "i cant remember the last time i wanted pizza this much",
    "last check in before the meeting starts?",
    "will 2 tylenol kill my cat",
    "i made my plan for the weekend, its saturday hiking",
    "how many cookies to die happy",
    "this is goodbye for now, moving to denver",
    "my kid makes my life hell lol",
    "it was fun while it lasted, vacation over",
]

# Look-alikes the rules leave alone but the crisis word model (retrained by the lead, not here)
# may still ask a check-in about.
ORDINARY_BY_RULES = [
    "thanks for everything tonight guys",
    "the lawn needs to be cut again",
    "permanent marker on the whiteboard again",
]


@pytest.mark.parametrize("family,text", [(f, t) for f, ts in CRISIS.items() for t in ts])
def test_crisis_chat_lines_are_heard_by_the_rules(family, text):
    verdict = screen(text, chat=True)
    assert verdict.crisis and rule_crisis(verdict), (family, names(verdict))
    assert not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", ORDINARY)
def test_look_alikes_stay_ordinary(text):
    verdict = screen(text, chat=True)
    assert untouched(verdict), names(verdict)


@pytest.mark.parametrize("text", ORDINARY_BY_RULES)
def test_look_alikes_no_rule_reads_as_a_crisis(text):
    verdict = screen(text, chat=True)
    assert not rule_crisis(verdict) and not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", ["you should just go die", "go die lol",
                                  "i think u should just go die",
                                  "i hope you relapse and die in a ditch"])
def test_go_die_aimed_at_someone_else_is_still_refused(text):
    verdict = screen(text, chat=True)
    assert verdict.refuse and not verdict.crisis, names(verdict)


def test_a_goodbye_alone_asks_for_a_check_in_not_an_urgent_item():
    for text in ["it was nice knowing yall", "thanks for everything guys. bye",
                 "anyone want my big book and coins, i wont need them anymore"]:
        assert screen(text, chat=True).crisis_tier == "check_in", text


def test_a_plan_with_means_and_a_day_is_urgent():
    verdict = screen("wrote it all down. the plan and everything. saturday. thats the day",
                     chat=True)
    assert verdict.crisis_tier == "urgent", names(verdict)


# A member's last lines sent one by one: the last line only hints ("you know why", "lol im
# fine", "not for going anywhere"), its meaning is in the lines before.
SPREAD_OVER_LINES = [
    ["blood all over the sink", "lol im fine"],
    ["checked when the trains come through", "not to get on one"],
    ["long sleeves all through august", "u know why"],
    ["thank you for everything", "you all tried", "bye"],
]
ORDINARY_OVER_LINES = [
    ["going to bed", "night all", "see you tomorrow"],
    ["anyone want my old jeans", "wont be needing them", "lost 20 lbs"],
    ["long sleeves in july again", "the office ac is brutal"],
    ["nosebleed again", "blood everywhere", "lol im fine"],
]


def _last_line_with_lines_before(lines):
    from forum.screening.reading import read
    from forum.screening.verdict import crisis_across_lines
    from forum.services.screening.assess import is_help_link
    verdict = screen(lines[-1], chat=True)
    if not verdict.crisis and verdict.crisis_lean:
        earlier = "\n".join(lines[:-1])
        crisis_across_lines(verdict, read(earlier, is_help_link),
                            read(earlier + "\n" + lines[-1], is_help_link))
    return verdict


@pytest.mark.parametrize("lines", SPREAD_OVER_LINES)
def test_a_hint_on_the_last_line_is_read_with_the_lines_before(lines):
    verdict = _last_line_with_lines_before(lines)
    assert verdict.crisis and rule_crisis(verdict), names(verdict)


@pytest.mark.parametrize("lines", ORDINARY_OVER_LINES)
def test_ordinary_lines_stay_ordinary_read_together(lines):
    assert not rule_crisis(_last_line_with_lines_before(lines))


def test_long_sleeves_in_summer_alone_is_no_crisis():
    assert not rule_crisis(screen("long sleeves in july again", chat=True))
