"""Contact details in the shapes new writers used (train19c), each covered as a family, with
look-alikes that must stay ordinary. Every sentence here is written for this file.

1. a member placing themselves at a named workplace, school, route or room;
2. a full name with a workplace, school, town or profile;
3. an app named by abbreviation or slang with a handle, or "mine's X";
4. letters typed for digits inside a phone number;
5. an e-mail spoken "at <domain> <tld>" without its dot.
"""
import pytest

from forum.normalize import fold
from screening_verdicts import assessed, boundaries, names, screen


def _held(text, chat):
    verdict = screen(text, chat=chat)
    return "identifying-info" in boundaries(verdict), names(verdict)


def _ordinary(text, chat):
    verdict = screen(text, chat=chat)
    return "identifying-info" not in boundaries(verdict), names(verdict)


# --- 1. placing oneself at a named place ---------------------------------------------------

SELF_PLACED = [
    ("I'm the head cook at the Blue Heron Diner on Maple, come in and say hi sometime.", False),
    ("im a cna at brookside senior living off route 9", True),
    ("I coach JV soccer at Jefferson High, if anyone here has a kid on the team", False),
    ("i work the drive thru at the mcdonalds by exit 40, wave at me lol", True),
    ("I'm the pharmacist at the Walgreens on Lakeview most weekdays.", False),
    ("i drive route 17 mornings, the orange line bus, say hi if you ride it", True),
    ("im the driver on the number 6 downtown, you'd know me", True),
    ("Currently in bed 3 at the Harmony House detox... kidding, I'm in room 12 at the Cedar "
     "Ridge halfway house on Birch if anyone wants to visit.", False),
    ("you can find me behind the counter at Rosa's Bakery on 2nd most mornings", True),
    ("i tutor at westbrook elementary, ask for me at the front office", True),
    ("ill be at the shell on pine all night, im the clerk, stop by", True),
    ("its dana from the laundromat on 8th, the one with the green hair", True),
    ("i manage the family dollar off hwy 12", True),
    ("I teach 2nd grade at Birchwood Elementary, the kids are my why", False),
    ("I'm the receptionist at Dr. Osei's office on Linden Street", False),
]

SELF_PLACED_ORDINARY = [
    ("I work at a hospital and nights are the hardest time for cravings.", False),
    ("im a nurse at the hospital on weekends so i miss the saturday meeting", True),
    ("I teach middle school and the kids keep me on my toes.", False),
    ("i took the 42 bus to my meeting and it was packed", True),
    ("I drive 40 miles each way to my home group and it's worth it.", False),
    ("The Tuesday meeting is at the church on Main, come say hi if you're new.", False),
    ("i'm at the meeting on elm tonight, come find me after", True),
    ("im at the walmart parking lot waiting for my ride lol", True),
    ("I work nights at the warehouse, so tired but grateful to have the job.", False),
    ("im a teacher at a public school in ohio, summer can't come soon enough", True),
    ("I used to bartend at a place downtown and that was the worst for me.", False),
    ("i work at home now which helps a lot", True),
    ("I'm at the Starbucks on 5th right now waiting for my sponsor", False),
    ("i used to work at the shell on main, that's where it all started", True),
]


@pytest.mark.parametrize("text,chat", SELF_PLACED)
def test_a_member_placing_themselves_at_a_named_place_is_held(text, chat):
    held, why = _held(text, chat)
    assert held, why


@pytest.mark.parametrize("text,chat", SELF_PLACED_ORDINARY)
def test_a_kind_of_place_a_meeting_or_a_ride_stays_ordinary(text, chat):
    ordinary, why = _ordinary(text, chat)
    assert ordinary, why


# --- 2. a full name with where the person works, studies or lives --------------------------

NAMED = [
    ("Please be careful around Derek Olsen from the Westside Auto Zone, he's not safe.", False),
    ("Shout out to Priya Nair who works at the Maple Street Library, she got me here.", False),
    ("Tanya Brooks, the cashier at Fresh Market on Oak, is in our group too", False),
    ("search me on insta, dominic reyes", True),
    ("find me, alana whitfield on fb", True),
    ("my son's name is owen carter and he goes to ridgeview", True),
    ("his name is troy mercer and he lives in fresno, please ban him", True),
    ("her name is lucia ortiz she's at valley high", True),
    ("my sponsor is glen harper from the moose lodge on 4th", True),
    ("look me up: nora jean pike, bakersfield", True),
]

NAMED_ORDINARY = [
    ("I read Anne Lamott at the library today and cried.", False),
    ("Merry Christmas from the Garcias!", False),
    ("Love Wins at Pride this weekend, first one sober", False),
    ("Bill W. wrote about this in the Big Book.", False),
    ("Brené Brown at her best in that talk about shame.", False),
    ("We went to Home Depot at Riverside and it was packed", False),
    ("my dogs name is pickles and she lives in my lap", True),
    ("Saw Jenna at the meeting, she looks great", False),
    ("look me up sometime dude", True),
    ("add me too please", True),
]


@pytest.mark.parametrize("text,chat", NAMED)
def test_a_full_name_with_a_workplace_school_town_or_profile_is_held(text, chat):
    held, why = _held(text, chat)
    assert held, why


@pytest.mark.parametrize("text,chat", NAMED_ORDINARY)
def test_authors_shops_greetings_and_first_names_stay_ordinary(text, chat):
    ordinary, why = _ordinary(text, chat)
    assert ordinary, why


# --- 3. an app by abbreviation or slang, with a handle -----------------------------------

APPS = [
    "telly @river_runs_9",
    "dc: @moth.light",
    "kik bree_44",
    "add me: lanternfish.07 (snap)",
    "follow me quiet_fox22 on ig",
    "we could take this to tele? mine's slow.tide",
    "lets move this to whatsapp",
    "im on session too, dm me for the id",
    "my dc is nightowl.92",
    "tg: @low_tide_club",
    "the gram: @paper.moons3",
    "my @ is cloud_walker on there",
    "hit me up on dc tonight",
    "pm me for my kik",
]

APPS_ORDINARY = [
    "ig im doing better today",
    "should i switch to signal from whatsapp for privacy",
    "im on insta way too much lol, deleting it for lent",
    "dc was fun, first trip sober",
    "the kik off meeting is at 7",
    "ig step 4 is the hard one",
    "my tele broke so I'm reading more",
    "i posted it on the gram and got 3 likes",
    "ask for the line at the pharmacy counter, they have naloxone",
]


@pytest.mark.parametrize("text", APPS)
def test_an_app_abbreviation_with_a_handle_is_masked_in_chat(text):
    held, why = _held(text, True)
    assert held, why


@pytest.mark.parametrize("text", APPS_ORDINARY)
def test_app_words_without_a_handle_stay_ordinary(text):
    ordinary, why = _ordinary(text, True)
    assert ordinary, why


def test_an_everyday_shorthand_before_a_members_handle_is_a_mention(app, personas):
    verdict = assessed(app, f"ig @{personas['mentor']} said it best tonight", chat=True)
    assert "identifying-info" not in boundaries(verdict), names(verdict)
    verdict = assessed(app, f"add me on ig @{personas['member']}", chat=True)
    assert "identifying-info" in boundaries(verdict), names(verdict)


# --- 4. letters for digits in a phone number --------------------------------------------

LEET_PHONES = [
    "t3xt m3 555-0l37",
    "ring me on 555.OI28 after work",
    "my number is O7700 9OO 418",
    "c@ll 555 0l4l",
    "+61 O491 57O l23",
    "(555) O1l9 is my cell",
]

LEET_ORDINARY = [
    "drank 2l of water today instead of soda",
    "lol 555 days and counting",
    "room 2l4 has the better chairs",
    "k1ll1ng it at work this week",
]


@pytest.mark.parametrize("text", LEET_PHONES)
def test_letters_typed_for_digits_in_a_number_are_a_phone(text):
    held, why = _held(text, True)
    assert held, why


@pytest.mark.parametrize("text", LEET_ORDINARY)
def test_short_runs_of_letters_and_digits_stay_ordinary(text):
    ordinary, why = _ordinary(text, True)
    assert ordinary, why


def test_the_fold_reads_look_alike_letters_in_a_number_as_digits():
    assert "555-0137" in fold("call 555-Ol37").text
    assert "10l of water" in fold("10l of water").text


# --- 5. an e-mail spoken without its dot ------------------------------------------------

SPOKEN_MAIL = [
    "write me: dana r at example org",
    "reach me jo_ellis at example net",
    "mi correo: luz arroba example com",
    "sam.k @ example org",
]

SPOKEN_MAIL_ORDINARY = [
    "we meet at the org on tuesdays",
    "i work at home com... just kidding, at home",
    "she's at ucla edu now lol",
    "look at this net gain of 3 months",
]


@pytest.mark.parametrize("text", SPOKEN_MAIL)
def test_an_email_without_its_dot_is_held(text):
    held, why = _held(text, True)
    assert held, why


@pytest.mark.parametrize("text", SPOKEN_MAIL_ORDINARY)
def test_at_before_ordinary_words_stays_ordinary(text):
    ordinary, why = _ordinary(text, True)
    assert ordinary, why


# --- help lines and meeting places stay ordinary ----------------------------------------

@pytest.mark.parametrize("text,chat", [
    ("988 if anyone needs it tonight", True),
    ("SAMHSA's helpline is 1-800-662-4357, free and open all night.", False),
    ("The 7pm meeting at the church on Main has coffee after.", False),
    ("big thanks @PatMentor for the ride", True),
])
def test_help_lines_meetings_and_mentions_stay_ordinary(text, chat):
    ordinary, why = _ordinary(text, chat)
    assert ordinary, why
