"""Ordinary talk read as a crisis, sourcing or name-calling (train21's first run), fixed as
families of everyday talk and checked on sentences written for this file (none is a train21 item
or from another set). Each family's ordinary sentences must stay ordinary, and crisis, sourcing
or harassment sentences of the same shape must still fire.

- idioms: taking one's life back; dying in a video game or nearly dying in an accident; "I'll be
  dead before they win"; "one more conference call and I walk into the sea"; a wish to die over
  an exam or the dentist taken back at once ("lol", "not really", a trivial reason in brackets);
  embarrassment ("never showing my face again, I'll just die quietly"); one's own funeral songs;
  a burn on a baking tray; not wanting to be around drinkers.
- everyday causes: done with the bus, a shift, the kids' homework or the hangovers; hopeless at a
  crossword or about the housing list; school "so pointless"; moving house, exams and "sorry for
  my English" beside a goodbye; a goodbye letter to a drink; a weekly pill organiser; "wish me
  luck" when telling the family; a plan for the garden.
- someone else's words and the past: a member who posted it years ago, "the ... joke" someone
  made, one's story told at a meeting, a child who "literally" wants to die, a meeting described
  as "full of losers", training that practises the question, a person who survived, winters ago,
  this time last year, "I was the guy with ...", a song's title.
- a deal's words said of everyday things: weed killer, bars of music, a plug for a charger,
  copping a controller, scoring football boots, the hook-up for gym passes, barware given away,
  one's own blood-pressure meds and a pharmacy open on Sunday, strips that test a drink.
- banter: the loser of a game buys the tea, "my actual idiot brother", "benched him like an
  idiot", "nobody asked me anything"; one's own methadone dose on the doctor's plan.

The screening is pure: these read and decide without a database.
"""
import pytest

from screening_verdicts import boundaries, names, rule_crisis, screen, untouched

# family: (crisis sentences of the same shape, ordinary look-alikes)
CRISIS_FAMILIES = {
    "life-back": (
        ["I'm thinking about taking my own life tonight.",
         "planning on taking my life this weekend, I've decided"],
        ["Taking my life back, ninety days today and a new job.",
         "taking back my life one meeting at a time",
         "She's taking her life back after the divorce and I couldn't be prouder."]),
    "games-and-accidents": (
        ["I'm going to kill myself tonight, the pills are on the table.",
         "gonna kill myself in the garage tonight"],
        ["killed myself with my own rocket on the first level lmao",
         "nearly killed myself tripping over the dog at 5am",
         "almost killed myself on the ice outside the meeting hall, hip is fine"]),
    "dead-before": (
        ["I'll be dead before Christmas, I've made sure of it."],
        ["I'll be dead before the Browns win a playoff game.",
         "we'll all be dead before the council fixes that road"]),
    "one-more-task": (
        ["One more night like this and I'm going to end it.",
         "If I have to wake up one more time in this life I'm going to end it."],
        ["One more team building day and I will simply walk into the sea.",
         "one more zoom call and im throwing myself out the window. ground floor lol",
         "if I have to redo one more spreadsheet I'll die",
         "if my uncle shares one more cat video on the family chat i'm going to walk into the sea"]),
    "taken-back-at-once": (
        ["failed my exam, i want to die",
         "i want to die (because nobody would even notice)",
         "I want to die. I'm not kidding anymore."],
        ["the driving test was brutal, wanted to die lol. passed tho",
         "presentation tomorrow, im gonna die lmao not really",
         "i want to die (because my boss heard my ringtone in the meeting)",
         "Had a filling today. Wanted to die. 10/10 would not recommend."]),
    "embarrassment-and-funerals": (
        ["I'll just die quietly tonight, nobody will notice."],
        ["fell over on the dance floor, never showing my face there again, i'll just die quietly",
         "When I die I want them to play Sweet Caroline at the wake. Not for ages though.",
         "six months today and my daughter baked a cake, I could die of happiness"]),
    "kitchen-burns": (
        ["I burned my arm with a lighter again last night, it helps for a bit."],
        ["burned my hand on the oven door at work, I'll live",
         "sliced my thumb opening a tin of beans, plaster on, all good"]),
    "not-around-drinkers": (
        ["i dont want to be around anymore"],
        ["i dont want to be around drinkers this weekend so i'm staying in",
         "I didn't want to be around that crowd any more, so I changed gyms."]),
    "done-with-a-thing": (
        ["I'm done. Nothing will ever get better. I'm hopeless.",
         "Life is pointless and I'm done."],
        ["im done, the bus didnt show again and it's raining",
         "Day 1 again and I'm done. Done with the hangovers and the lying.",
         "stick a fork in me, im cooked. 14 hour shift on the scaffolding",
         "hopeless at this sudoku, someone send help",
         "Hopeless about the council waiting list. Not hopeless about life though.",
         "college is so pointless some weeks, i want to quit and train dogs"]),
    "everyday-goodbyes": (
        ["This is goodbye. Forgive me, all of you. I can't keep going."],
        ["Said goodbye to my old flat today. Moving into sober living tomorrow.",
         "Forgive me for my spelling, I don't type fast. Just saying hello to the board.",
         "Wrote a goodbye letter to vodka for my counsellor. Harder than it sounds."]),
    "pill-organiser-and-luck": (
        ["Counted my pills, there's enough to do it tonight.",
         "Tonight's the night. The pills are counted and the note is written."],
        ["Sorted my pills into the weekly pill organiser. Five meds at 61, the box runs my life.",
         "Tonight's the night, wish me luck: telling my dad I'm in recovery.",
         "Twelve months ago I had a plan to die. Now I have a plan for my allotment."]),
    "someone-elses-words": (
        ["I have the pills lined up on the table tonight.",
         "I tried to kill myself last night and I'm going to try again."],
        ["Two winters ago a member here posted that she had the pills lined up, and we stayed "
         "with her all night. She's doing great now.",
         "My coworker did the 'I'm going to kill myself if this printer jams' joke again.",
         "Shared my story at group including the suicide attempt. First time. Felt lighter.",
         "my youngest just told me she wants to literally die because the wifi is down",
         "In the Mental Health First Aid class we practised asking 'are you thinking of suicide?'",
         "Our speaker was a woman who survived jumping from a bridge. She works in prevention.",
         "this time last year i had a plan to end it. today i'm planting tomatoes",
         "I was the guy with the rope in the shed. You don't have to be that guy.",
         "'I Want to Die' is the name of the song I'm playing, it's a banger"]),
}


@pytest.mark.parametrize("family", list(CRISIS_FAMILIES))
def test_each_family_stays_a_crisis_and_its_look_alikes_stay_ordinary(family):
    crises, ordinary = CRISIS_FAMILIES[family]
    for text in crises:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert verdict.crisis and rule_crisis(verdict), (text, chat, names(verdict))
    for text in ordinary:
        for chat in (False, True):
            verdict = screen(text, chat)
            assert rule_crisis(verdict) == [], (text, chat, names(verdict))


@pytest.mark.parametrize("text", [
    "where can i get weed killer that's safe for dogs?",
    "who has bars?? trying to nail 16 bars of the chorus on guitar hero",
    "anyone know a good plug for a laptop charger in the car? mine is loose",
    "need to cop the new console before christmas, 30% off",
    "where to score cheap football boots for my son? he's growing like a weed",
    "who's got the hook up for cheap gym memberships? want to start lifting",
    "giving away my old wine glasses, anyone want them? no use for them now",
    "does anyone know a pharmacy open on sunday in leeds? need my blood pressure meds",
    "anywhere sell strips to test your drink for spiking? nervous about the work party",
    "If you're ever confused about your meds, ask a pharmacist, they're free. No need to guess.",
])
def test_a_deals_words_said_of_everyday_things_are_not_sourcing(text):
    for chat in (False, True):
        verdict = screen(text, chat)
        assert "sourcing" not in boundaries(verdict), (text, chat, names(verdict))


@pytest.mark.parametrize("text", [
    "who has bars? need 10 tonight",
    "where to score some coke in leeds tonight",
    "anyone know a good plug in leeds? dm me",
    "need to cop a gram before the weekend, who's holding",
    "who's got the hook up for xans? paying cash",
    "got weed if anyone wants it, $10 a gram",
    "where can i get pills without a script? need my meds",
])
def test_the_same_shapes_with_a_drug_are_still_held(text):
    verdict = screen(text)
    assert "sourcing" in boundaries(verdict), (text, names(verdict))


@pytest.mark.parametrize("text", [
    "rematch after the meeting, loser buys the coffee",
    "my actual idiot brother locked his keys in the car again 😂",
    "I benched my best player like an idiot and lost by two points",
    "I microwaved the foil like an idiot, the smoke alarm and I are no longer friends",
    "I was a useless drunk for a decade. These days I coach under-nines.",
    "nobody asked me anything at the party and honestly that was the win",
    "Someone described our Tuesday group as full of losers. I'd rather we talked about formats.",
])
def test_banter_and_self_mockery_are_not_name_calling(text):
    for chat in (False, True):
        verdict = screen(text, chat)
        assert "harassment" not in boundaries(verdict), (text, chat, names(verdict))


@pytest.mark.parametrize("text", [
    "you're a loser and a junkie, nobody wants you here",
    "shut up, nobody asked",
    "you idiot, go back to drinking",
    "you were a worthless drunk then and you still are",
])
def test_name_calling_aimed_at_someone_is_still_reported(text):
    verdict = screen(text)
    assert "harassment" in boundaries(verdict), (text, names(verdict))


def test_ones_own_dose_on_the_doctors_plan_is_not_medical_advice():
    text = "my suboxone dose went down 2mg this week. doc's plan. sleeping ok"
    for chat in (False, True):
        assert untouched(screen(text, chat)), names(screen(text, chat))
