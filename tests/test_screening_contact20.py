"""Contact and identifying details as new writers share them, family by family, with the
look-alikes that must stay ordinary. Every sentence here is written for this file, from a
taxonomy of how members of a forum or a chat give a way to reach or find a real person:

1. Phone numbers: every grouping (dots, dashes, spaces, brackets, one run of digits), a country
   code, digits spelled as words or mixed with words ("five5five"), separators spelled out
   ("555 dash 303"), look-alike letters for digits, a number split over lines, and the cues
   around them ("text me at", "my cell is", "hit my line").
2. E-mail: the full address, "at" and "dot" spoken or bracketed, spaces around "@", a mailbox
   at a mail host with its ".com" left off ("bigjim_70 at yahoo"), a mailbox named with its
   host ("my gmail is jess.moon").
3. Handles: every chat and social app by name, nickname or misspelling ("sc", "snappy", "tele",
   "the gram"), gaming networks (PSN, Xbox, Steam), payment tags as a way to reach someone
   ("cashapp me $tag"), Reddit's u/, "same name on ...", one handle for every app.
4. Moving contact off the forum: asking for or offering a number or a handle ("what's your
   snap?", "I'll dm you my number"), "let's talk off here".
5. Where someone lives: a street address, an apartment or unit, a PO box, or a home placed by
   its street, a route, a corner or a landmark without a house number.
6. Meeting one person in person: at a named place on its street, at a home or a motel room, or
   "pick me up at 42 Linden".
7. Where a member can be found: the school they or their child attend (by name, with the grade
   or class), the one job of its kind in a town.
8. Someone else's details (outing, doxxing): a full name with where the person works, teaches
   or lives; their number, address or plate.
9. Vehicle plates, read only after the plate word.
10. Links to personal profiles (covered by older families; kept here as a check).

Look-alikes that stay ordinary: help lines and crisis numbers, dates, times, money, sobriety
counts, doses, phone models, zip codes alone; @mentions of members and the forum's own
messages; public meetings and where groups meet; a kind of street, school or place ("a quiet
street", "the high school"); talking about an app without a handle; public figures.
"""
import pytest

from screening_verdicts import both_names, contact_free, contact_held




# --- 1. phone numbers ----------------------------------------------------------------------

PHONES = [
    "my cell is 415 555 0199 if you ever need to talk",
    "text me at 917.555.2044 anytime",
    "+44 7700 900 456 is my whatsapp",
    "my digits are 646-555-0133",
    "text me five five five, two one two, three four four nine",
    "its 555 dash 303 dash 9921 just text",
    "number is 555 - 212 - 0099 hit me up",
    "my line is 5five5 90two 11three3",
    "text me\n555\n201\n3344",
    "hit my line 555 201 3344",
    "my cell is 555 o1O 4432",
    "phone: 0 7 9 1 1 1 2 3 4 5 6",
]

PHONES_ORDINARY = [
    "if you are struggling call 988 or text HOME to 741741",
    "the samhsa helpline is 1-800-662-4357 and it is free",
    "sober since 3/14/2021, that's 1,022 days",
    "my sobriety date is 2019-08-15",
    "I was on 120 mg methadone, now down to 40",
    "I owe 1,250 dollars on my card",
    "my zip is 90210 and it is hot here",
    "I got the iphone 14 and it's great",
    "I'm 35 dash 40 pounds lighter since I quit",
    "whats your number today? I'm at 45 days",
]


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_in_every_format_and_disguise_are_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", PHONES_ORDINARY)
def test_help_lines_dates_money_counts_and_doses_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 2. e-mail -----------------------------------------------------------------------------

EMAILS = [
    "reach me: kate_r [at] yahoo [dot] com",
    "shoot me an email, hopefulmike at proton dot me",
    "my addy is lilbrownbear99 at gmail",
    "gmail: jessmoon88",
    "my yahoo is bigjim_1970",
    "email me: sober dot dave at gmail",
    "contact me at dave (at) protonmail",
    "jessie moon 88 at g mail dot com",
    "my email is my username here at gmail",
]

EMAILS_ORDINARY = [
    "I work at yahoo and the stress is real",
    "check your email at gmail for the meeting reminder",
    "my gmail is full of bar promos, unsubscribing tonight",
    "my email got hacked last week",
    "I had an interview at outlook, wish me luck",
    "email me here through the site if you like",
]


@pytest.mark.parametrize("text", EMAILS)
def test_mailboxes_spoken_bracketed_or_without_their_domain_are_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", EMAILS_ORDINARY)
def test_mail_services_named_without_a_mailbox_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 3. handles on apps, games and payment services ---------------------------------------

HANDLES = [
    "sc is lilmoon_7",
    "my snappy is jen_x_o",
    "psn: soberknight_88 if anyone games",
    "xbox gamertag is QuietOak77",
    "my steam is rob_the_builder, add me",
    "add me on xbox if you play at night",
    "cashapp me $kylerob12",
    "my venmo is @dana-marsh if anyone wants to chip in",
    "my handle everywhere is sobersarah_85",
    "I go by sober_sarah85 on all the socials",
    "find me on reddit u/sober_in_sf",
    "dm me on discord, user is moonjen",
    "my teleg is @jayk22",
]

HANDLES_ORDINARY = [
    "I play xbox every night instead of drinking",
    "my steam library is full of games I bought drunk",
    "steam is having a sale, 50% off",
    "my switch broke last week",
    "I use cashapp to pay rent",
    "thanks @sober_sarah22 you helped so much",
    "I left instagram for a month and it helped",
    "I go by my middle name now",
    "I search for meetings everywhere when I travel",
]


@pytest.mark.parametrize("text", HANDLES)
def test_handles_on_apps_games_and_payment_services_are_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", HANDLES_ORDINARY)
def test_apps_games_and_members_named_without_a_handle_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 4. moving contact off the forum ------------------------------------------------------

OFF_SITE = [
    "send me your number and I'll call you tonight",
    "whats your snap?",
    "give me your cell and we can talk off here",
    "dm me your whatsapp",
    "can I get your number",
    "I'll dm you my insta",
    "lets take this off the forum, too many eyes here",
    "we could talk somewhere more private",
    "drop ur @ and ill follow",
    "ur snap?",
]

OFF_SITE_ORDINARY = [
    "text your sponsor tonight",
    "give me your honest opinion please",
    "what's your sober date?",
    "call your sponsor, do you have her number?",
    "dm me your questions here anytime",
    "can I get your advice on something",
    "I'll send you my share from last night in the thread",
    "let's take this to the private messages here",
    "what's your phone situation, did you get a new one?",
    "leave your cell at the door during meetings",
    "post your day count in the thread",
    "your snap streaks don't matter",
]


@pytest.mark.parametrize("text", OFF_SITE)
def test_asking_for_or_offering_a_way_to_talk_off_the_forum_is_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", OFF_SITE_ORDINARY)
def test_sponsors_opinions_and_the_forums_own_messages_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 5. where someone lives ---------------------------------------------------------------

HOMES = [
    "we live in the yellow house at the end of Birch Lane, come by",
    "pull up to my crib on Maple and 3rd, green door",
    "my house is the one with the blue shutters on Ridge Road across from the school",
    "I live right behind the Dollar General on County Road 12 in Hartsville",
    "i stay just off route 30 past the feed store",
    "corner of 5th and Main, the brown duplex, that's me",
    "my PO box is 1142 in Cedar Falls",
    "we moved to 341 w 12th st",
    "she lives at the Cedar apartments, unit 12",
    "meet me at my place tonight, 300 Pine, apt 2",
    "come to my apartment, the Birchwood on 12th, unit 5, Friday at 8",
    "I'm on Birch Rd in Millbrook, the trailer with the flag",
    "meet me at my apartment tonight, it's the Lakeview complex off Route 5",
]

HOMES_ORDINARY = [
    "I live on a quiet street and it helps",
    "I live on a busy road so sleep is hard",
    "I live in a small town off the highway",
    "I live right by a liquor store and it's hard",
    "we sold the house on Elm Street and moved",
    "I live on the 3rd floor of my building",
    "my apartment is tiny, unit is 400 square feet",
    "I stayed at a hotel, room 12 was haunted lol",
    "the corner of my street has a bar",
    "we live 20 minutes from town",
    "I'm on Main Street in my head all day lol",
    "come over to my side of the room at the meeting",
]


@pytest.mark.parametrize("text", HOMES)
def test_a_home_placed_by_street_corner_landmark_unit_or_box_is_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", HOMES_ORDINARY)
def test_a_kind_of_street_or_a_past_stay_stays_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 6. meeting one person in person ------------------------------------------------------

MEETUPS = [
    "meet me at the Denny's on Route 9 at 10 tonight, I'll be in a red jacket",
    "lets meet up saturday at the Waffle House off exit 14, just us",
    "come pick me up at 42 Linden, I'll be outside",
    "I'll wait for you in the parking lot of the Motel 6 on Bell Rd, room 118",
    "swing by my work, the Shell on Pine, I'm there til close",
    "we could meet at the Kwik Trip by exit 4 after my shift",
    "i'm at the super 8 by the airport, room 214, come thru",
]

MEETUPS_ORDINARY = [
    "meet me at the meeting on Elm tonight, I'll save you a seat",
    "lets meet up at the coffee shop on Main after the Thursday meeting, all welcome",
    "meet me at 7 tonight outside the church for the meeting",
    "pick me up at 6 sharp for the convention",
    "we can meet at the park on Sunday for the sober picnic, everyone is invited",
    "the hotel room 412 at the convention was full of sober folks",
    "come to 12 step meetings, they work",
    "pull up a chair, you're welcome here",
]


@pytest.mark.parametrize("text", MEETUPS)
def test_meeting_one_person_at_a_named_place_home_or_room_is_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", MEETUPS_ORDINARY)
def test_group_meetings_and_times_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 7. schools and the one job of its kind -----------------------------------------------

FOUND_AT = [
    "I'm a sophomore at Lincoln High in Tacoma",
    "im a junior at westfield high, the only sober one lol",
    "my kid goes to Roosevelt Elementary, Mrs Patel's class",
    "my daughter is in 2nd grade at Maple Grove Elementary",
    "I'm the only female firefighter in Elk Grove, so you probably know me",
    "her kid goes to Jefferson Middle and she picks him up at 3",
]

FOUND_AT_ORDINARY = [
    "I'm a senior in high school and sober",
    "I'm a sophomore at a big state school",
    "I'm a student at the community college",
    "my son goes to the high school in town",
    "my daughter is in 3rd grade at the elementary school",
    "I'm the only sober one in my family",
]


@pytest.mark.parametrize("text", FOUND_AT)
def test_a_named_school_or_the_only_job_of_its_kind_in_town_is_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", FOUND_AT_ORDINARY)
def test_kinds_of_school_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 8. someone else's details ------------------------------------------------------------

OUTING = [
    "that's Melissa Grant, she teaches 3rd grade at Oakdale Elementary, she relapsed",
    "Brian from our Tuesday group is actually Brian Kessler, the dentist on Oak St",
    "his wife's number is 555 301 7721 if someone wants to tell her",
    "his plate is 8XYZ441, black silverado, he drives drunk every friday",
    "he drives a red civic, tag 7KJ-392",
    "her insta is @kellyann93, go tell her what she did",
]

OUTING_ORDINARY = [
    "I love Russell Brand, he lives in England now",
    "Anne Lamott, the writer, said it best",
    "my sponsor's name is Carol, she is wonderful",
    "my car tag is expired again",
    "he drives a 2015 civic, tag expired",
    "drives me crazy, tag me in the post",
]


@pytest.mark.parametrize("text", OUTING)
def test_someone_elses_name_with_work_number_or_plate_is_held(text):
    assert contact_held(text), both_names(text)


@pytest.mark.parametrize("text", OUTING_ORDINARY)
def test_public_figures_first_names_and_plate_talk_stay_ordinary(text):
    assert contact_free(text), both_names(text)


# --- 10. links to personal profiles -------------------------------------------------------

PROFILES = [
    "her facebook is facebook.com/kelly.ann.93",
    "my linktree is linktr.ee/soberkels",
    "my tiktok tiktok.com/@sobermom.tx",
]


@pytest.mark.parametrize("text", PROFILES)
def test_links_to_personal_profiles_are_held(text):
    assert contact_held(text), both_names(text)
