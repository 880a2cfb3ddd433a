"""Ordinary posts and chat read as a crisis (train19's first run), fixed as families of wording
and checked on sentences written for this file (none is a train19 item or from another set).
Each family's ordinary sentences must stay ordinary, and crisis sentences of the same shape must
stay a crisis.

- negated despair: a negation just before a despair word ("bummed but not hopeless"), and the
  author saying they are not in danger ("not suicidal, just tired", "not going to do anything
  stupid"); "I don't want to live" is no negation of danger, nor "not suicidal yet".
- hyperbole: someone else who "would rather die than" do a thing; fighting with an insurer, a
  landlord, a pharmacy ("tired of fighting with ...").
- kilometres: "kms" after a number or with running, riding or driving.
- a crisis told from safety across sentences: "when I first joined I wrote ...", "there was a
  night I had ...", told from "at 300 days", "I called the line instead", "6 years sober".
- a song sung or quoted (karaoke, lyrics, the chorus or a verse), unless the author says its
  words are theirs too ("that's how I feel right now").
- getting rid of alcohol or a stash as a recovery act, which is no goodbye.
- the old self's words against the new self ("old me would have said ...").
- "nothing to do with me": not my concern.
- "I don't see myself" is hopeless only with a life ahead ("here next year", "making it",
  "getting better", "living past 30"), not with a habit, a label or a job ("drinking again", "as
  an alcoholic", "at this job").
- a reassurance beside the means at hand is no reassurance ("got the pills out. I'm not going
  to do anything stupid"); a song the author wrote is their own words.
- a phone "on 2% about to die", "OD'd on cookies", a harm not done "since rehab".

The screening is pure: these read and decide without a database.
"""
import pytest

from screening_verdicts import rule_crisis, screen

# family: (crisis sentences of the same shape, ordinary look-alikes)
FAMILIES = {
    "negated-despair": (
        ["Not hopeless? Honestly no. I am hopeless and I'm tired of pretending.",
         "I'm not hopeless, I'm suicidal, and nobody believes me.",
         "I don't want to live anymore and I'm not sure why I'm still trying.",
         "i'm not suicidal yet but it's getting closer every night",
         "I won't do anything stupid tonight, promise. I just want to die.",
         "It's not like I want to die, I just want to stop existing for a while.",
         "I'm not thinking of ending it tonight. I'm planning it for Sunday."],
        ["rough week at work, feeling flat but not hopeless. meeting at 7 then tacos",
         "Not suicidal, just exhausted from night shifts and a teething baby.",
         "I'm not going to do anything dumb, just needed to vent about my landlord.",
         "honestly I'm not worthless, my sponsor makes me say it every morning",
         "slipped on day 12, annoyed but never hopeless about this, starting over",
         "not really hopeless, more like grumpy and hungry",
         "not feeling hopeless today, just tired and a bit flat",
         "No, I'm not thinking of ending it, I'm just worn out from double shifts."]),
    "hyperbole": (
        ["I would rather die than keep living like this.",
         "I'd rather die than drink again... and tonight I think I will.",
         "I'm so tired of fighting. Every single day is the same war in my head.",
         "tired of fighting myself every day, i want it over"],
        ["My son would rather die than let me hug him at the school gate.",
         "Her cat would literally rather die than get in the carrier.",
         "My dad would rather die than ask for directions, forty minutes lost on the ring road.",
         "So tired of fighting with the pharmacy over my refill, third trip this week.",
         "Fighting with my landlord about the boiler again, tired of arguing with the bank too."]),
    "kilometres": (
        ["gonna kms tonight, i'm done",
         "i want to kms so bad rn",
         "10 more minutes and then i kms"],
        ["ran 8 kms before breakfast, legs like noodles",
         "drove 250 km to see my sister, worth it",
         "cycling a few kms to the meeting tomorrow if anyone wants to join",
         "the clinic is 12km away so I take the bus",
         "walked 6 kms with the dog, day 90 today"]),
    "told-from-safety": (
        ["4 years sober. Last night I had the gun in my lap again.",
         "There was a night last week I had the rifle in my lap. I don't know how long I can "
         "hold on.",
         "I relapsed after 3 years sober. My family would be better off without me."],
        ["When I first joined I wrote that everyone would be better off without me. Now I'm at "
         "300 days and I read that post with a lot of love.",
         "There was a night I had the pistol in my hand. I called the crisis line instead. "
         "6 years sober now and I tell that story at my home group.",
         "there was a time I wanted to die every single morning. I'm 2 years sober and glad I "
         "held on."]),
    "songs": (
        ["That song about wanting to die is exactly how I feel right now.",
         "Lyrics on repeat: 'I don't want to be here anymore'. That's me tonight, not just the "
         "song.",
         "The chorus of that song won't leave me alone. I want to die.",
         "I've been writing songs that are really goodbye letters to my kids. I know when.",
         "I hurt myself today. Singing in the car helps a bit."],
        ["Karaoke night went great, I did the one where the guy wishes he was dead in the chorus.",
         "Lyrics I can't shake today: 'I'm so tired of living this way'. Thanks, eighties radio.",
         "The second verse is all about wanting to die and the crowd sang every word, wild.",
         "My favourite breakup song goes 'kill me now' and the whole car sang along.",
         "That old country cover on repeat all week: 'I hurt myself today'. Still gets me."]),
    "sober-giveaway": (
        ["I'm giving away my stuff. Gave my dog to my neighbour. Won't need any of it soon.",
         "Gave away my guitar and my watch today. Said my goodbyes, it's nearly time."],
        ["Gave away my last bottle of red to my coworker, it was just sitting there taunting me.",
         "Poured the rest of my whiskey down the sink and binned the bottles. Day 3.",
         "flushed my old stash last night, felt weird but good",
         "handed my last six pack of beer to my brother, he was thrilled"]),
    "old-me-new-me": (
        ["the old me is back and I don't see a future anymore",
         "Old me, new me, doesn't matter. I don't see myself here next year."],
        ["Old me would have said there's no future for me. New me just signed up for a pottery "
         "class.",
         "Drinking me would've said I can't go on. Sober me booked a camping trip for June."]),
    "reassurance-beside-means": (
        ["I have the pills counted out on the table. I'm not going to do anything stupid, I just "
         "want them near me.",
         "Took the rope out of the garage. Not gonna do anything dumb, just wanted it in my room."],
        ["Not going to do anything stupid, just annoyed that the meeting ran long again."]),
    "battery-food-and-old-harm": (
        ["i overdosed on my pills i think, help",
         "i havent hurt myself since 2019 but tonight i did and i cant stop"],
        ["laptop at 5% about to die, back in 10",
         "i OD'd on gingerbread at the staff party, never again",
         "still have the marks but i havent cut since rehab, 3 years now"]),
    "dont-see-myself": (
        ["I don't see myself here next year.",
         "i cant see myself living past 30 tbh",
         "Honestly I don't see myself getting better, ever.",
         "I don't see myself being around much longer."],
        ["I don't see myself drinking again, not after the year I've had.",
         "honestly I don't see myself as an alcoholic but my wife does",
         "I don't see myself at this job next year, so I'm applying elsewhere.",
         "i dont see myself going back to that bar ever"]),
    "not-my-concern": (
        ["my kids want nothing to do with me anymore and I don't see the point of any of it"],
        ["sirens outside, nothing to do with me these days lol",
         "the drama in the other group has nothing to do with me, I'm staying out of it"]),
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_stays_a_crisis_and_its_look_alikes_stay_ordinary(family):
    crises, ordinary = FAMILIES[family]
    for text in crises:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert verdict.crisis and rule_crisis(verdict), \
                (text, chat, [f.name for f in verdict.findings])
    for text in ordinary:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert rule_crisis(verdict) == [], (text, chat, [f.name for f in verdict.findings])


@pytest.mark.parametrize("text", [
    "not suicidal lol just sleepy",
    "im not gonna do anything stupid, just need to rant",
    "2 kms left in the race and my knees gave up",
])
def test_reassurance_and_distances_are_set_aside_for_the_word_model_too(text):
    assert not screen(text, chat=True).crisis, [f.name for f in screen(text, chat=True).findings]
