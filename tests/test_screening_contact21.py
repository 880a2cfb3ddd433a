"""Contact and identifying details in wordings wider than contact20's taxonomy, family by
family, with the look-alikes that must stay ordinary. Every sentence is written for this file:

1. Phone numbers with a digit spelled out and run into the others, or digits in brackets.
2. Asking for a number in order to call or text it (a day count is not a phone number).
3. Handles: shorthand app names with a colon, gaming tags without "is", "add me, I'm <handle>"
   after an app is named, a dotted @handle after an app is named, link pages of one's socials
   and one's own story or blog at a link.
4. Where someone sleeps or lives: a motel or shelter room with an invitation, a home by its corner
   and its look, another person's home placed from the writer's own, a house number spelled out,
   a home placed by its part of town, its street and a landmark.
5. A child's named school with the school run or other parents.
6. Other people's identities (also in lower case, as chat writes them), a full date of birth: "you're <name> from <workplace>", a name beside where the person
   is found, a boss named at a named shop, a surname given to be looked up, a name badge,
   someone from a group placed by what they do for work.
7. A member's own first name, initial and workplace; "the only <role>" in a named place; a
   numbered crew ("Station 22", "Engine 7").

Look-alikes that stay ordinary: day counts and help lines, "what's your number" about days,
apps named without a handle, member @mentions, a kind of school or room, public meetings,
resource links, people named from books, "you're welcome", sober birthdays and sobriety
dates, a birth year alone.
"""
import pytest

from screening_verdicts import both_names, contact_free, contact_held, screen




HELD = [
    # 1. phones
    "six55-0147 text after five",
    "call me on two12 555 8830",
    "cell: 555 [four-four-one-two] evenings only",
    "my number is 555 [0199], leave a voicemail",
    # 2. asking for a number to call
    "whats your number? ill ring you after work",
    "send ur number, i'll text you the details",
    "easier if i call u, what's ur number",
    # 3. handles
    "disc: quietcoffee",
    "tele = sunrisewalker",
    "my psn sober_runner88, add me for a late game",
    "steam name dryguy42 if anyone plays",
    "We set up a Discord server for the weekend crowd. Find me there, I'm harbor_lights and I'll let you in.",
    "I post sober cooking clips on Instagram. Look for @plain.water.kitchen if that's your thing.",
    "here's my linktree with everything: https://example.org/lt/mossyjo",
    "my whole story is up at https://www.example.com/my-first-year-sober",
    # 4. rooms, corners, neighbours
    "rm 9 at the sunset inn by the highway, knock if you want company",
    "room 31 of the riverside shelter, come by tonight",
    "We're on the corner of Elm and 5th, the grey house with the red porch light, just knock.",
    "you live two doors down from me on Carver right? saw your dog",
    "she lives across the street from us on Hollis",
    "we live at fifty six crane road, the one with the swing",
    "pick me up at thirty one oak street after the meeting",
    "we're on the east side, off Dover St by the old mill, the white duplex",
    "I'm in Hillcrest, on Pine right across from the Walgreens",
    # 5. school
    "my twins go to Riverbend Elementary, any other parents in the car line?",
    "our son goes to Westfield High, if any parents here want to carpool",
    # 6. others' identities
    "hey aren't you Priya from the bakery on Main?",
    "That's Derek from the tire shop, he works nights.",
    "the regular at the Elks Lodge on Fifth is a guy called Rudy",
    "My boss at the Kroger in Dayton, Tamara Wells, keeps asking about my meetings.",
    "my last name is Vasquez-Oyelaran and I'm the only one in Fresno, look me up",
    "Google my name, Marcus Delacroix, and you'll find the article.",
    "first day at the new job, name badge says dana k and everything",
    "Ruth from the Monday group drives for Lyft over in Fairview, keep her in your prayers",
    "ur marisol from the pharmacy right",
    "youre kev from the autozone on route 4 arent you",
    "his date of birth is 9/23/1984, the guy from my old job",
    "her dob: 14th of february 1992, she's at the clinic on weekdays",
    "check out my vlog https://video.example.com/c/sobermike",
    # 7. own name and workplace
    "I'm Tessa M., 41, a teacher at Brookside, and I finally feel ready to say it.",
    "im basically the only male nurse at Mercy General so yeah you'd know me",
    "I'm an EMT with Station 22 over in Lakeport",
    "I work out of Firehouse 3, mostly nights",
    "i ride on ladder 5, come wave at the parade",
]

ORDINARY = [
    "whats your number today? im at 62 days",
    "what's your number of days now, you must be close to a year",
    "if you need to talk call 988, they'll ring you back if you text",
    "I called my sponsor five times today and it helped",
    "day 45, one step at a time",
    "the pills were 10 mg, twice a day",
    "I spent 25 dollars on the new phone case",
    "discord is where my kids hang out, I don't get it",
    "does anyone use steam? my son plays all night",
    "my psn got hacked lol, anyway day 12",
    "I deleted Instagram for a month and it helped. @sam_r you should try it",
    "the linktree thing confuses me, is it safe?",
    "there's a good page on withdrawal at https://www.samhsa.gov/find-help",
    "we met in room 12 at the library for the Tuesday meeting",
    "the hotel room felt so empty the first night sober",
    "I'm on the corner of despair and hope most days honestly",
    "you live near me? small world, this town is tiny",
    "my kids go to school at 8 and that's my quiet hour",
    "my daughter's school has a parents' night tonight, wish me luck",
    "you're welcome from all of us, keep coming back",
    "you're right from the start, it gets easier",
    "I read Gabor Mate from the library and it changed how I see it",
    "my last name is hard to spell so people just use my first",
    "my name tag at the conference said hello and nothing else",
    "someone from my group works at a hospital, she says it is busy",
    "I'm the only one in my family who doesn't drink",
    "I'm literally the only sober person at my office party",
    "it's a one way street, so park out back",
    "I'm in a dark place, on edge near the end of the week",
    "we live in the country, on a farm by the church",
    "the meeting is at one twenty main street in the church hall",
    "I volunteer at the food pantry on Thursdays and it keeps me busy",
    "I'm on post 40 of this thread and still reading",
    "I'm a firefighter, two years sober this week",
    "I'm at step 4 with my sponsor",
    "my sober birthday is 5/19/2021 and I'm having cake",
    "sobriety date: june 2 2020, still counting",
    "I was born in 1979 and had my first drink at 13",
    "born again on march 3 2019, the day I got sober",
    "youre welcome from all of us here",
    "thats me from the meeting lol",
]


@pytest.mark.parametrize("text", HELD)
def test_contact21_details_are_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_contact21_look_alikes_stay_ordinary(text):
    assert contact_free(text), both_names(text)


def test_a_spelled_digit_inside_a_word_is_not_read_as_a_number():
    """"someone" and "phone" hold digit words; only a run of digits and digit words counts."""
    assert contact_free("someone phoned me at 9 and I picked up, glad I did")


def test_the_reason_names_the_family_and_the_words():
    verdict = screen("disc: quietcoffee")
    found = [f for f in verdict.findings if f.boundary == "identifying-info"]
    assert found and found[0].family == "identifying-info/messenger"
    assert any("quietcoffee" in w for w in found[0].words)
