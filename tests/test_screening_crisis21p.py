"""Crisis in board posts, the families train21a's first run showed missing (crisis21p), each fixed
as a kind of wording and checked on sentences written for this file (none is a set's item),
beside ordinary look-alikes that must stay untouched.

- quiet purposelessness, often in older, retired or bereaved members: not seeing what one is for,
  reasons to live one can no longer recall, nothing left to hope for, waiting for it all to end,
  "the only sober I'll be is in a box" (crisis.json `crisis/purpose-gone`, a check-in);
- being unseen at home and running out of people: a ghost in one's own house, "that was the last
  of my people", whether it would matter if one didn't turn up "or ever" (`crisis/unseen-alone`,
  a check-in);
- not expecting to be around by a date ("by May", "at Christmas") unless the sentence is about
  being away; doubting one will reach a milestone "and not because of the drink";
- preparatory acts said flatly: the means bought (charcoal, a hose, helium, rope) with its pair
  (tape) or with no feeling at the till, never for a barbecue, the garden or a swing;
- lethal questions: whether N of one's medication is enough, whether a mix is "definitely fatal"
  or people survive it;
- masked spellings (s*icide, su**idal, k*ll myself) in a first-person frame (`crisis/masked-words`);
- goodbyes: a last post with "none of this is on you"; "to whoever finds this, tell my sister I
  love her";
- burden: "they deserve a dad who isn't me, or no dad at all";
- a life kept going by one thing now gone; days without food or leaving the house (not ill);
  stopped caring about everything, "me" included; joining the dead "soon"; a milestone planned as
  a finish line after which one is "allowed to go"; a voice urging the lot swallowed; agreeing
  with someone's old "kys";
- Swedish, Norwegian and Danish, Russian and Dutch wordings of not wanting to live, of saving
  pills and of having arranged everything; Spanish "me quito la vida".

Quiet families ask for a check-in, not an urgent item. The screening is pure, so these read and
decide without a database.
"""
import pytest

from screening_verdicts import names, rule_crisis, screen, untouched

CRISIS = {
    "not seeing what one is for": [
        "Sixty-eight, widowed, three years dry. I potter about the house and honestly I can't "
        "see what I'm for now.",
        "Since the grandkids moved away I keep asking myself what am I even for",
        "The job's gone and so is Maureen. I don't know what I'm still here for anymore.",
        "I'm no use to anyone anymore, the family manage fine on their own.",
        "Seventy-nine and I've outlived my usefulness.",
    ],
    "reasons and hope gone": [
        "Used to have reasons. Can't think of any now.",
        "I can't remember my reasons to keep going. They were there last spring.",
        "Honestly I don't see what there is left to look forward to.",
        "Most days now I'm just waiting for it all to end.",
        "Relapsed again. the only way I'll ever be sober is six feet under",
    ],
    "unseen at home, out of people": [
        "Some evenings I'm a ghost in my own home. Nobody looks up when I come in.",
        "I think I've run out of people.",
        "My last mate from the old days died in spring. That was the last of my people.",
        "Would anyone notice if I didn't come down for breakfast? Or ever.",
        "I wonder whether it would matter if I never showed up to work, ever again.",
        "At home it's like I'm already gone to them.",
    ],
    "not around by a date": [
        "I don't expect to be here by Christmas, so I'm not buying presents this year.",
        "Honestly I don't think I'll still be around by my birthday.",
        "Not sure I'll make it to my six months. And not because I'll drink.",
    ],
    "means bought, said flatly": [
        "Picked up a hosepipe and some gaffer tape on the way home.",
        "Ordered the helium yesterday. I didn't feel anything clicking buy.",
        "Got a length of rope from the hardware shop. The cashier didn't even look at me.",
    ],
    "lethal questions": [
        "would 40 of my amitriptyline be enough?",
        "Is a whole box of paracetamol enough do you think",
        "Is vodka with my pills definitely fatal? Asking for me.",
        "Do people survive it if they take a full bottle of tylenol? need to know tonight",
    ],
    "masked spellings": [
        "been having thoughts of s*icide again",
        "I'm pretty su**idal tonight, not gonna lie",
        "honestly want to k*ll myself",
        "s**cide is all I think about lately",
    ],
    "goodbyes": [
        "This is my last post here. None of this is on any of you.",
        "To whoever finds this, please tell my sister I love her.",
    ],
    "burden": [
        "My kids deserve a mum who isn't me. Or no mum at all.",
    ],
    "kept going by one thing, now gone": [
        "My dog was the only thing keeping me going and now he's gone.",
    ],
    "not eating, not leaving": [
        "Haven't eaten properly in four days and haven't opened the curtains since Sunday.",
        "Haven't eaten since Tuesday and haven't showered in a week.",
    ],
    "stopped caring, me included": [
        "Stopped caring about everything. Bills, the garden. Me.",
    ],
    "joining the dead": [
        "Going to be with my brother soon. He died in 2020.",
        "gonna go see my dad tonight. he passed last year. you know what i mean",
    ],
    "a milestone as a finish line": [
        "I set my one year as my finish line. After that I'd finally be allowed to stop.",
    ],
    "a voice urging it": [
        "A voice in my head keeps telling me to swallow the lot.",
    ],
    "agreeing with someone's old kys": [
        "my dad used to tell me kys and maybe he was right, im going to",
    ],
    "other languages": [
        "Jag vill inte leva mer. Allt är meningslöst.",
        "Jag har samlat piller i flera veckor.",
        "Jeg orker ikke leve lenger.",
        "Ustal zhit. Pokonchu s soboy.",
        "Ik wil alleen dat het stopt. Alles is geregeld.",
        "Si pierdo la casa me quito la vida, ya tengo pensado como.",
    ],
}

# Quiet families: a check-in, not an urgent item, when nothing else is said.
QUIET = [
    "Since the grandkids moved away I keep asking myself what am I even for",
    "Honestly I don't see what there is left to look forward to.",
    "I think I've run out of people.",
    "I wonder whether it would matter if I never showed up to work, ever again.",
    "Honestly I don't think I'll still be around by my birthday.",
    "Haven't eaten properly in four days and haven't opened the curtains since Sunday.",
]

ORDINARY = [
    # retirement, boredom and purpose as a plain question
    "Retired last month and honestly I don't know what to do with myself. Any hobby ideas?",
    "Since retiring I've lost my sense of purpose a bit, thinking of volunteering at the food bank.",
    "Not sure what I'm here for yet, my wife made me come to the meeting, but I'm listening.",
    "What is this new button on the check-in page for?",
    "I used to have reasons to drink. Now I have better reasons not to.",
    "Waiting for the end of my shift like it's Christmas morning.",
    # homes, people and turning up
    "The house feels like a ghost town since the kids left for uni.",
    "I ran out of people to drink with, which is partly why I quit.",
    "Nobody would notice if I skipped the potluck, right? Asking for my social battery.",
    # being away, milestones as worries
    "I don't think I'll be here at Christmas, we're visiting my in-laws in Spain.",
    "I'm 84. I don't expect to be around in ten years but I'm enjoying every sober day.",
    "Not sure I'll make it to my one year, the cravings are brutal. Going to a meeting tonight.",
    # means for ordinary jobs
    "Bought charcoal and tape for the barbecue this weekend, sober burgers all round.",
    "Picked up a hosepipe for the garden, the tomatoes are gasping.",
    "Got a length of rope for the boat. Felt nothing but excitement!",
    "Bought rope for the kids' rope swing at the lake.",
    # doses and risks as recovery questions
    "is 30 minutes of walking a day enough?",
    "would 2 of my melatonin be enough for the jet lag",
    "Is 20 mg of methadone enough to hold me through the day?",
    "Do people survive pancreatitis? My dad has it and I'm scared.",
    "Is it true you can survive an overdose if someone gives naloxone fast?",
    # masked words in someone else's story or an event
    "My uncle's s*icide was ten years ago; our walk is on Saturday.",
    "The s*icide prevention walk raised three thousand pounds.",
    # endings that are not goodbyes
    "My last post in the newcomers board, moving up to the main boards. Thanks all!",
    "To whoever reads this at 3am: keep going, and tell someone if you're struggling.",
    "Please tell my sponsor thanks for the lift last night, my phone died.",
    # burden look-alikes
    "My kids deserve a dad who isn't drinking, and now they have one. 200 days.",
    # what keeps one going, meals and caring
    "Coffee is the only thing keeping me going this week lol",
    "Haven't eaten in two days because of the stomach bug, haven't left my bed either.",
    "Haven't eaten since breakfast, starving! Pizza after the meeting?",
    "Haven't eaten properly in three days, haven't showered either. Festival life!",
    "I have no purpose anymore since retiring, any ideas for hobbies?",
    "Giving less of a damn about everything the old crowd says. Me? Thriving.",
    # the dead, visits and grief
    "Going to see Dad at the cemetery tomorrow. He passed in 2018.",
    "Mum passed in 2019. Going to see my brother tonight for dinner, first time in ages.",
    "gonna see my sister tonight, she passed her driving test!",
    "I know I'll be with her again someday. She passed in 2019 and I still talk to her.",
    # finish lines and voices that are ordinary
    "Once I finish rehab I'll be allowed to go home for weekends.",
    "My sponsor's voice keeps telling me to call her before I drink, and I do.",
    # languages
    "ese partido me mató 😂",
    "Ett år nykter idag! Tack alla.",
    "Ik heb alles geregeld voor het verjaardagsfeest van mijn dochter.",
    # evasions of other words, and the past
    "I used to say the only way I'd be sober is in a box. Three years today.",
]


@pytest.mark.parametrize("text", [t for texts in CRISIS.values() for t in texts])
def test_crisis_families_are_heard_in_a_post(text):
    verdict = screen(text)
    assert verdict.crisis, f"not heard as a crisis: {text!r} -> {names(verdict)}"
    assert rule_crisis(verdict), f"only the word model heard it: {text!r} -> {names(verdict)}"


@pytest.mark.parametrize("text", [t for texts in CRISIS.values() for t in texts])
def test_crisis_families_are_heard_in_chat(text):
    assert screen(text, chat=True).crisis


@pytest.mark.parametrize("text", QUIET)
def test_quiet_families_ask_for_a_check_in_not_an_urgent_item(text):
    verdict = screen(text)
    assert verdict.crisis_tier == "check_in", f"{text!r} -> {verdict.crisis_tier} {names(verdict)}"


def _only_the_word_model(verdict):
    """Nothing but the crisis word model spoke (it is retrained elsewhere, see
    test_screening_models.py): the rules left the text alone."""
    return all(f.family == "crisis/word-model" for f in verdict.findings)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_look_alikes_stay_ordinary(text):
    verdict = screen(text)
    assert not rule_crisis(verdict), f"a crisis rule fired: {text!r} -> {names(verdict)}"
    assert untouched(verdict) or _only_the_word_model(verdict), \
        f"not published as written: {text!r} -> {names(verdict)}"


def test_the_reason_names_the_family_and_the_words():
    verdict = screen("Picked up a hosepipe and some gaffer tape on the way home.")
    assert "crisis/plan-means" in rule_crisis(verdict)
    assert any("hosepipe" in n for n in names(verdict))


def test_a_masked_order_aimed_at_someone_else_is_not_the_authors_crisis():
    assert "crisis/masked-words" not in rule_crisis(screen("go k*ll yourself"))


def test_new_entries_are_tagged_for_the_merge():
    import json
    from importlib import resources

    data = json.loads(resources.files("forum").joinpath("data/screening/crisis.json").read_text())
    ours = [r for r in data["rules"] if r.get("about") == "crisis21p"]
    ours += [f for f in data["families"] if f.get("about") == "crisis21p"]
    assert len(ours) >= 20
