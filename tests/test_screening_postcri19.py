"""Crisis in English board posts, the families train19a's first run showed missing, each fixed as
a kind of wording (crisis.json concepts and rules, a few phrase patterns, two "present" readings
in context.json) and checked on sentences written for this file (none is a train19a item),
beside ordinary look-alikes that must stay untouched by the rules.

- someone else's overdose now: a colour round the mouth or lips, a person slumped in a car
  (an emergency);
- one's own overdose now: a whole month's or week's supply taken with a slowed mind; a lethal
  question followed by a count that is rising ("I'm at 30 now", not "30 days"); using after
  tolerance was lost, knowing the risk ("did it anyway");
- a plan and a method: the way written out, a place already chosen (not "which bridge you
  mean"), a time set with "so someone knows", walking into traffic;
- means kept at hand for bad days, and today is one; sitting with a weapon, not sure of next time;
- self-harm hidden: a deep cut kept from a doctor and from questions, marks hidden (not tattoos,
  acne or surgery scars), "made a mess of my arms";
- affairs arranged (a will, a pet handed over, shifts covered, bank details) with a settled
  calm or "so someone knows", unless it is a move or a trip;
- burden: "I'm the reason they ...", solved by removing oneself;
- wishes: not to live to a date, someone to crash into me, not to have woken from an overdose
  (a present wish about a past night, not a story told from safety);
- lethal questions: how much is enough that naloxone would not work, would I die in my sleep;
- routine look-alikes the rules used to read as a crisis: a will made with a lawyer, being
  grateful to still be here, slumped over laughing;
- hopelessness: hope is for other people, trapped between staying and leaving, "not fine, not
  anything", a tiredness sleep does not fix.

The screening is pure, so these read and decide without a database.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen, untouched


CRISIS = {
    "overdose-other": [
        "Found a guy passed out behind the shop, blue around the lips. I've called, what do I do till they come",
        "my roommate is slumped on the couch and his face looks bluish",
        "A woman is slumped in the seat across from me on the bus and she's grey round the mouth",
    ],
    "overdose-own": [
        "took my entire months supply of lithium. everything is slow",
        "swallowed a whole weeks worth of my sleep meds. my head is getting foggy",
        "what's the most tylenol you can take before it kills you? I'm at 30 now",
        "is 40 enough to be lethal? ive already had 20 so far",
        "out three months, used my old amount. tolerance is gone, I know what that means, did it anyway",
    ],
    "plan-method": [
        "I've written out how I'd do it, every step",
        "I have it all typed out how I would go through with it",
        "I know exactly which overpass. I pass it every morning",
        "Picked the spot already. I know which building.",
        "Tonight at 3am when the house is asleep. just want someone to know",
        "saturday at midnight. posting this so someone knows",
        "Some nights I think about walking into traffic on the way home",
    ],
    "means-at-hand": [
        "I keep a blade in my wallet for nights like this one. this is one of those nights",
        "there's a stanley knife in my glovebox for the bad days. today is a bad one",
        "Sat with my hunting rifle in my lap for an hour. put it away. next time I might not",
    ],
    "self-harm-hidden": [
        "how do you clean a deep cut at home without going to hospital, I don't want anyone asking",
        "this cut is pretty deep, how do I close it so nobody finds out",
        "How do I hide the marks? I made a mess of my arms again last night",
    ],
    "goodbyes-affairs": [
        "Covered my shifts, gave the cat to my neighbour, left my passwords for my brother. It's all sorted now.",
        "rewrote my will, found a home for the dog, said what I needed to say. ready for whatever comes next",
        "Paid off my cards and wrote down my account details for mum. Just want someone to know I tried.",
        "thank you all for everything before I go. you mattered to me",
    ],
    "burden": [
        "I'm the reason everything is falling apart. take me out of it and it's fixed",
        "im the reason my wife is miserable. remove me and the problem is solved",
    ],
    "wishes": [
        "honestly hoping I don't make it to christmas",
        "every drive home I find myself wishing a truck would swerve into me",
        "I wish I hadn't woken up after the overdose",
        "wish the paramedics hadn't brought me back",
        "still wish I never came round from that OD in the spring",
    ],
    "lethal-questions": [
        "how much oxy would it take so that narcan can't reverse it",
        "if I took all my xanax with a bottle of vodka would I just die in my sleep",
        "what's the max amount of tylenol before it's lethal",
    ],
    "hopeless": [
        "hope is for people who have something left. I don't",
        "I'm stuck. can't stay, can't leave, can't drink, can't stop",
        "Everyone thinks I'm fine. I'm not fine. I'm not anything anymore.",
        "so tired. the kind of tired no amount of sleep fixes",
    ],
}

ORDINARY = [
    "Rehoming our dog before the move overseas, gave her to my cousin who has a yard",
    "Recipe: beef stew, swap the red wine for stock, slow cook 8 hours",
    "How do I hide my tattoos at my sister's wedding? Concealer or long sleeves?",
    "any tips to cover acne scars for photos?",
    "cut my finger slicing onions, how do I clean it properly",
    "I'm at 25 days today, feeling good",
    "I'm at 25 now and my sponsor says it gets easier",
    "As a nurse I did overdose response training today, learned how to spot someone going blue",
    "I keep a box cutter in my locker for opening deliveries at work",
    "Thank you all for everything, see you at Thursday's meeting",
    "I covered my shifts for the week and left the dog with my sister, heading to the beach!",
    "Moving abroad next month: gave the cat to my mum and said my goodbyes at work, ready for whatever comes next!",
    "my sponsor asked what I want for my birthday, honestly just a cake",
    "I've written out my relapse prevention plan step by step",
    "I know exactly which bridge they are repairing, the one by the clinic, the detour is awful",
    "at 2am when everyones asleep I get the best reading done",
    "what's the max dose of ibuprofen per day for back pain",
    "I'm not fine with how the meeting went, but I'll talk to the chair",
    "cleaned my service weapon after the range, all good",
    "I used to think hope was for other people. 2 years in, I was wrong",
    "I'm the reason we were late to the meeting, sorry everyone",
    "I won't make it to the meeting on Thursday, work ran late",
    "Updated my will this week, the lawyer said it was overdue. Also renewed the car insurance.",
    "I OD'd two years ago and woke up in the hospital. I'm grateful every day I'm still here",
    "My friend was slumped over laughing at the meeting",
]


@pytest.mark.parametrize("family,text", [(f, t) for f, ts in CRISIS.items() for t in ts])
def test_crisis_posts_are_heard_by_the_rules(family, text):
    verdict = screen(text)
    assert verdict.crisis and rule_crisis(verdict), (family, names(verdict))
    assert not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", ORDINARY)
def test_look_alikes_no_rule_reads_as_a_crisis(text):
    verdict = screen(text)
    assert not rule_crisis(verdict) and not verdict.refuse, names(verdict)


@pytest.mark.parametrize("text", [
    "Found a guy passed out behind the shop, blue around the lips. I've called, what do I do till they come",
    "took my entire months supply of lithium. everything is slow",
    "what's the most tylenol you can take before it kills you? I'm at 30 now",
])
def test_an_overdose_now_is_an_emergency(text):
    verdict = screen(text)
    assert verdict.crisis_tier == "urgent" and verdict.emergency, names(verdict)


def test_a_place_chosen_and_a_time_set_are_urgent():
    for text in ["I know exactly which overpass. I pass it every morning",
                 "Tonight at 3am when the house is asleep. just want someone to know"]:
        assert screen(text).crisis_tier == "urgent", text


def test_a_knife_kept_for_bad_days_alone_asks_only_for_a_check_in():
    verdict = screen("i keep a little knife in my bag for the bad days")
    assert verdict.crisis_tier == "check_in", names(verdict)
