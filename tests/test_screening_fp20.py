"""Ordinary recovery talk read as a crisis or a boundary (train20's first run), fixed as families
of safe talk and checked on sentences written for this file (none is a train20 item or from
another set). Each family's ordinary sentences must stay ordinary, and crisis or boundary
sentences of the same shape must still fire.

- dark humour taken back: a crisis word with "jk", "just kidding", "I'm joking" after it, unless
  the joke is the danger; "thought I was gonna die" from fear or effort (a workout, the shakes,
  a craving); "if I have to hear X one more time I'm going to die"; "kms" over a lost match or a
  text sent to the wrong person; "me at 6am: ... / me after coffee: ..."
- tiredness and task idioms: running on empty "but still here", giving up on a puzzle or a
  recipe, "I can't do this anymore. The commute, I mean."
- logging-off goodbyes ("goodbye cruel world, logging off for a week, no wifi") and recovery
  writing exercises (a goodbye letter to one's drinking, an old note turned into a poem).
- things that collapse or knock one out cold that are no body (a chair, a tent, a podcast).
- burden over a trivial chore or over calling one's sponsor often.
- a "lethal dose" of coffee; a day taken off; a phone dying.
- songs named by a playlist or an artist, a line quoted from a band; what a song is about.
- someone else's parent dying; crisis-line training role play; a using dream.
- the author's own reassurance ("not in danger, just needed to say it") takes back plain
  hopelessness elsewhere in the text, never a wish, a plan or the means at hand.
- MAT defended: "got told I'm not really sober because I take methadone", "I'm not trading one
  drug for another" are reported or refused stigma, not mocking.

The screening is pure: these read and decide without a database.
"""
import pytest

from screening_verdicts import boundaries, names, rule_crisis, screen, untouched

# family: (crisis sentences of the same shape, ordinary look-alikes)
FAMILIES = {
    "joke-taken-back": (
        ["im gonna kill myself tonight. not a joke this time",
         "if i fail this class i'm going to kill myself and i mean it",
         "I want to die. I'm not kidding anymore.",
         "thought about how i would die. i have the pills ready",
         "gonna kms for real, not even kidding",
         "want to die lol. not joking",
         "im going to kill myself jk... not really"],
        ["my sister borrowed my car again, i'm going to kill her... kidding, love her",
         "I'll die if they cancel the pancake breakfast, just kidding, but please don't",
         ]),  # one more twin is in test_screening_sentence.py KNOWN_FALSE_ALARMS
    "fear-of-dying": (
        ["I want to die and I thought I would by now.",
         "I thought about dying all night and I still want to."],
        ["First spin class in years, thought I was gonna die halfway through lol",
         "The detox shakes were so bad I thought I'd die, glad I went to a clinic.",
         "Rode the big coaster with my niece and swore I was going to die, 10/10 would ride again",
         "Craved a drink so hard at the wedding I felt like I was going to die. I didn't drink."]),
    "one-more-time": (
        ["One more day like this and I'm going to kill myself.",
         "If I have to wake up one more time in this life I'm going to end it."],
        ["If I have to hear that ringtone one more time I'm going to scream.",
         "if i have to listen to his fishing story one more time im gonna die",
         "If I have to sit through that safety video one more time I'm going to lose it."]),
    "kms-over-a-blunder": (
        ["kms. nobody would notice anyway",
         "lost my job today and my wife left. kms",
         "kms tonight, i have the rope"],
        ["lost the final round of trivia by one point kms",
         "died in the boss fight again kms, one more try",
         "kms i just texted my sponsor a meme meant for the group chat by accident",
         "i just waved at a stranger in front of the whole meeting kms"]),
    "meme-format": (
        ["why am i alive. i dont want to be anymore",
         "me at 3am: i want to die\nme at 4am: still want to die"],
        ["me at 7am: why am i alive\nme after two coffees: ready to take on the world",
         "me before coffee: i cant go on\nme after coffee: i am unstoppable"]),
    "task-idioms": (
        ["I can't do this anymore. I'm done with life.",
         "ready to give up on everything. nothing is worth it",
         "running on empty and I don't see the point of going on"],
        ["I can't do this anymore. The night shift, I mean. Asking for days next month.",
         "about to give up on this crossword, who knows a 7 letter river",
         "ready to give up on my sourdough starter, it smells like socks",
         "new baby + 60 days sober = running on empty, but still here and still sober"]),
    "logging-off": (
        ["goodbye cruel world. logging off for good",
         "this is my last post. goodbye everyone, thank you for trying"],
        ["goodbye cruel world! logging off for a week, camping with no signal",
         "logging off for the weekend, no wifi at the cabin. goodbye cruel world lol",
         "goodbye cruel world, back on monday after the retreat"]),
    "writing-exercises": (
        ["I wrote my goodbye letter tonight. It's on my desk for my daughter.",
         "finished my suicide note. i think it's time"],
        ["Our group wrote a goodbye letter to our addiction tonight. Mine was three pages.",
         "Step work idea: write a goodbye letter to the bottle and read it to your sponsor.",
         "I turned my old suicide note into a poem for the recovery zine. It ends with hope.",
         "made my old goodbye letter into a collage for art therapy"]),
    "things-not-bodies": (
        ["my friend collapsed after using and isn't waking up",
         "he's out cold and i can't wake him, lips are blue"],
        ["the folding table collapsed during the potluck, chili everywhere",
         "the tent collapsed on us at 2am, what a camping trip",
         "that rain sounds podcast works every time. out cold before the first ad"]),
    "trivial-burden": (
        ["I'm such a burden to my family. They'd be better off without me.",
         "I feel like a burden to everyone and I don't want to be here"],
        ["such a burden to my flatmate lol finished all her oat milk again",
         "I feel like a burden to my sponsor because I text her so much, she says it's fine"]),
    "coffee-and-days-off": (
        ["I looked up the lethal dose of my pills tonight.",
         "taking all my pills tonight, heart racing already"],
        ["That espresso place on 5th: lethal dose reached after one shot, heart doing cartwheels",
         "Brother's anniversary is Friday. Taking Friday off, feeling twitchy, will go to a meeting."]),
    "songs": (
        ["This song is exactly how I feel right now: I want to die.",
         "I hurt myself today and I want to do it again."],
        ["My gym playlist has that old one by Nirvana, the one that goes I hate myself and want to die.",
         "That line from the Smiths about wanting to die used to be my whole personality.",
         "The band that wrote that album said it's about a kid thinking about suicide who gets help."]),
    "someone-elses-parent": (
        ["Her dad dying last month broke something in me. I want to die.",
         "since my mom died i keep wanting to die"],
        ["To whoever posted about their mom dying of cancer: I want you to know I'm sorry.",
         "Reading about his brother dying made me want to hug mine."]),
    "crisis-line-training": (
        ["I called the crisis line tonight because I want to kill myself."],
        ["Volunteering at our local warmline now. We did role play for suicide calls all weekend.",
         "Six hours of role play about self-harm and overdose calls. Tired but glad."]),
    "using-dream": (
        ["I was using again tonight and my heart is pounding, I can't breathe",
         "had a dream about it but then I woke up and used again, my heart is pounding"],
        ["Had another using dream where I was using again. Woke up with my heart pounding. Coffee.",
         "I dreamt I relapsed and was drinking again, so vivid. Called my sponsor at 6."]),
    "reassured-hopeless": (
        ["Nothing matters. I'm not in danger tonight, I have the pills counted out though.",
         "Nothing matters anymore. I'm not suicidal, I just want to die.",
         "It's just a saying, I know. I want to die. I'm not suicidal but I mean it tonight.",
         "I want to die. It's a phrase my mom used. But I'm not okay and the pills are here.",
         "I'm not going to do anything drastic, but nothing matters and I don't care if I'm alive next spring."],
        ["Nothing matters today and it's all grey. I know it passes. Not in danger, just venting.",
         "When I'm hungry I groan 'I want to die'. It's a saying my whole family uses. Not "
         "suicidal, just trying to drop it.",
         "Feeling hopeless about everything this week. Not suicidal, just burnt out."]),
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_stays_a_crisis_and_its_look_alikes_stay_ordinary(family):
    crises, ordinary = FAMILIES[family]
    for text in crises:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert verdict.crisis and rule_crisis(verdict), (text, chat, names(verdict))
    for text in ordinary:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert rule_crisis(verdict) == [], (text, chat, names(verdict))


@pytest.mark.parametrize("text", [
    "People tell me I'm not really sober because I'm on methadone. I'm staying in my program.",
    "I disagree that folks on Suboxone aren't really sober. My cousin is thriving on it.",
    "Two years on bupe. I'm not trading one drug for another, I'm living my life.",
    "phones at 2% and dying, gotta run, see yall tomorrow",
    "I wish the papers would stop using words like junkie and crackhead, we are people.",
    "Hate how the radio talks about addiction: junkies, addicts, dirty. Words matter.",
])
def test_defending_a_path_and_a_dying_phone_are_not_harassment(text):
    for chat in (False, True):
        verdict = screen(text, chat)
        assert "harassment" not in boundaries(verdict), (text, names(verdict))


@pytest.mark.parametrize("text", [
    "methadone isn't real recovery, you're just a junkie with a prescription",
    "lol suboxone people arent really sober, just trading one drug for another",
    "nobody will miss you, go die already",
    "you're a worthless junkie and everyone here knows it",
    "you junkies are all the same, stop talking about recovery",
    "words like junkie were made for you, you pathetic tweaker",
])
def test_mocking_a_path_and_incitement_still_fire(text):
    verdict = screen(text)
    assert "harassment" in boundaries(verdict) or verdict.refuse, (text, names(verdict))


@pytest.mark.parametrize("text", [
    "me at 6am: why am i even alive\nme after coffee: ok fine i can do this",
    "Nothing matters today and it's all grey. I know it passes. Not in danger, just venting.",
    "goodbye cruel world! logging off for a week at the cottage, no wifi",
])
def test_set_aside_for_the_word_model_too(text):
    for chat in (False, True):
        verdict = screen(text, chat)
        assert untouched(verdict), (text, names(verdict))


@pytest.mark.parametrize("text", [
    "heading to the waffle house after the noon meeting if anyone wants to join, hit me up",
    "anniversary key tags are $2 at the front table, the bronze medallions $20",
    "Mechanic quoted $900 for the transmission, a friend from group found a shop for $350.",
    "I shop at the market that doesn't sell beer now, even if it's further away.",
    "my laptop charger died\nanyone know a decent plug for it? the usb wall kind lol",
    "Harm reduction reminder: fentanyl in fake pills is everywhere. Test strips are free at the "
    "health department and naloxone saves lives.",
    "Please don't quit benzos cold turkey every day you've taken them without talking to a "
    "doctor first. Medical detox exists for a reason.",
])
def test_everyday_plans_goods_and_harm_reduction_stay_published(text):
    for chat in (False, True):
        verdict = screen(text, chat)
        assert untouched(verdict), (text, chat, names(verdict))


@pytest.mark.parametrize("text", [
    "meet me at the diner, i got two bars of xanax for $20",
    "got pressed pills, 30s, $25 each, hit me up",
    "who's holding? need a plug tonight, cash ready",
    "selling my leftover oxys, 10 for $150, dm me",
])
def test_sourcing_beside_those_places_and_goods_still_fires(text):
    verdict = screen(text)
    assert verdict.hold or verdict.refuse, (text, names(verdict))
