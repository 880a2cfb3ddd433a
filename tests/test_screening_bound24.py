"""Families a new writer's set (train24, written blind) showed missing: telling someone to die in
other languages and in newer English wordings, contact details given as a search or a riddle, a
member's handle tied to the person, and the incitement word model's silence on idioms of success,
sports talk and harassment the author received. Every text here was written for this test, in
the families' shapes, with ordinary twins in the same words."""
import pytest

from screening_verdicts import boundaries, names, screen

INCITEMENT = [
    # the plain order in other languages, aimed at someone else
    "git öl artık, kimse seni sevmiyor",
    "vai se matar, ninguém liga",
    "ammazzati e lasciaci in pace",
    "va crever, sérieux",
    "geh sterben, du Versager",
    "bring dich doch einfach um",
    "ga toch dood man",
    "zabij się, nikt nie zauważy",
    "сдохни уже",
    "magpakamatay ka na",
    # newer English wordings
    "drop dead, loser",
    "just self-delete already",
    "sudoku yourself, nobody reads this",
    "kill yo self fr",
    "plz go step in front of a train",
    "take a toaster bath, very relaxing",
    "you should just unsubscribe from life",
    "your next bottle should be bleach",
    "hope your next drink is your last one",
    "hope your liver finally gives out",
    "drink till you drop, honestly",
    "take the hint and end it",
]

# The same words of the author's own: a cry for help, not an order to someone else.
OWN_WORDS = [
    "unsubscribe from life pls",
    "want to commit toaster bath. not joking today",
]

INCITEMENT_TWINS = [
    "my brother told me 'drink till you drop' was his motto, now he's 3 years sober",
    "the drop dead gorgeous sunset tonight made my whole week",
    "I'll kill it at my interview tomorrow, wish me luck",
    "kill it at your exam tomorrow!!",
    "Your season is dead and buried, see you next year lol",
    "My sister texted me 'go drink yourself to death' when I told her about my 30 days. How do I answer that?",
    "Mi padre me dijo 'ojalá te mueras' cuando dejé de beber. ¿Cómo se sigue adelante?",
    "I'm so tired, ich bin so müde, going to bed",
    "the step off the bus onto the platform is huge at that station",
]


@pytest.mark.parametrize("text", INCITEMENT)
def test_telling_someone_to_die_is_refused_and_not_the_authors_crisis(app, text):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert verdict.refuse is not None and "harassment" in boundaries(verdict), \
            (chat, names(verdict))
        assert not verdict.crisis, (chat, names(verdict))


@pytest.mark.parametrize("text", OWN_WORDS)
def test_the_same_words_of_the_authors_own_are_their_crisis(app, text):
    with app.app_context():
        verdict = screen(text, chat=True)
    assert verdict.crisis and verdict.refuse is None, names(verdict)


@pytest.mark.parametrize("text", INCITEMENT_TWINS)
def test_their_ordinary_twins_are_not_refused(app, text):
    for chat in (False, True):
        with app.app_context():
            verdict = screen(text, chat=chat)
        assert verdict.refuse is None and "harassment" not in boundaries(verdict), \
            (chat, names(verdict))


CONTACT = [
    "pretty sure @QuietRiver is actually Dana Whitlock, she teaches at the high school",
    "lol @NightOwl22 is my flatmate, small world",
    "saw @SunnyDays at the Kroger on Elm this morning, looking good",
    "find me under Priya Raman on there, I'm the only one",
    "search Colm Brennan on facebook, I'm the one with the dog",
    "fb messenger me if you want to talk",
    "my telegram channel is called daily steps, search it and join",
    "discord invite is in my bio",
    "venmo me @lisa-okafor-3 for the coffee fund",
    "my email is the same as my handle here, at gmail",
    "i'm at the cafe on 5th rn, red beanie, come say hi",
    "oh wow, @GreenFern is my daughter's teacher, hi Ms. Lowe!",
    "the woman who posted about her license, that's Dr. Amsel from the clinic on Oak",
    "venmo me for the pizza, @jo-hartley-22",
    "I work the late shift at Pine Street Diner, ask for Theo and say you're from here",
    "ill be at the park on Grove sat 2pm if anyone wants to meet irl",
]

CONTACT_TWINS = [
    "@QuietRiver thank you, your share today helped me so much",
    "find me under the blanket with tea tonight, that's my plan",
    "search smart recovery on facebook, they have a good page",
    "the meeting link is in the pinned post on the board",
    "I'm at the cafe on 5th rn having a coffee before my meeting",
    "my handle here is the name of my first dog",
    "@GreenFern you are such a good teacher to all of us here",
    "the woman who posted about her license, that's so brave of her",
    "venmo me? no way, I don't even have venmo lol",
    "I work the late shift so I ask for weekends off for my home group",
    "I work the late shift so I ask for Sundays off for my home group",
    "ill be at the meeting tonight if anyone needs a hug",
]


@pytest.mark.parametrize("text", CONTACT)
def test_contact_details_given_as_a_search_or_a_riddle_are_held(app, text):
    with app.app_context():
        verdict = screen(text)
    assert "identifying-info" in boundaries(verdict) and verdict.hold is not None, names(verdict)


@pytest.mark.parametrize("text", CONTACT_TWINS)
def test_their_ordinary_twins_publish(app, text):
    with app.app_context():
        verdict = screen(text)
    assert "identifying-info" not in boundaries(verdict), names(verdict)


SOURCING = [
    "wer hat gras hier in hamburg?",
    "hat jemand noch speed, zahle bar",
    "ktoś ma towar na dziś?",
    "gdzie kupić mefedron w Krakowie",
    "may shabu ba kayo diyan?",
]

SOURCING_TWINS = [
    "wer hat lust auf einen spaziergang nach dem meeting?",
    "ich habe heute gras gemäht, hat jemand einen rasenmäher zu verleihen?",
    "hat jemand tipps für mehr speed beim laufen?",
    "ktoś ma numer do mityngu AA w Gdańsku?",
    "may meeting ba kayo bukas?",
]


@pytest.mark.parametrize("text", SOURCING)
def test_asks_in_other_languages_are_held(app, text):
    with app.app_context():
        verdict = screen(text)
    assert "sourcing" in boundaries(verdict) and verdict.hold is not None, names(verdict)


@pytest.mark.parametrize("text", SOURCING_TWINS)
def test_everyday_asks_in_those_languages_publish(app, text):
    with app.app_context():
        verdict = screen(text)
    assert "sourcing" not in boundaries(verdict), names(verdict)
