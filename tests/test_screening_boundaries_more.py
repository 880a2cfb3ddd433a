"""The non-crisis boundaries after the misses of screening_dev8/dev9 were studied, through the
real screening entry point (`assess`) and, for a few, through the JSON API.

Every text is written for this file in the shape of a family the misses showed (none is copied
from the labelled sets): asking for or offering substances with meet-ups, hand-offs, swaps and
"be your plug"; contact details split over lines or behind "tele"/"snap"; graphic first-person
use with amounts, nods and binges; telling someone else to hurt themselves. Each family has its
ordinary neighbours, which must stay untouched, and crisis must still win and still be found.
"""
import pytest

from forum.screening.reading import read
from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess, is_help_link


def _verdict(app, text, chat=False, persona="SamRiver"):
    with app.app_context():
        return assess(text, find_user(persona), "message" if chat else "post")


def _untouched(verdict):
    return not (verdict.crisis or verdict.refuse or verdict.hold or verdict.needs_warning
                or verdict.reports)


# --- sentences end at a full stop, not inside a number or a site's name ---------------------------

def test_a_decimal_or_a_domain_does_not_end_a_sentence():
    reading = read("I'm 2.5 years sober. See smartrecovery.org, aa.org or na.org for more.",
                   is_help_link)
    assert reading.sentence_of(reading.folded.text.index("years")) == 0
    assert reading.sentence_of(reading.folded.text.index("smartrecovery")) == 1
    assert reading.sentence_of(reading.folded.text.index("na.org")) == 1


# --- sourcing ------------------------------------------------------------------------------------

SOURCING = [
    "i'll be round the bus station friday evening if anyone wants to pick up",
    "same place as before? i'll bring the stuff, holler when ur outside",
    "can do a drop by the park after 6, text me",
    "i could be your plug if you're near the river, tap in",
    "dm me and i'll pass you my dealer's number",
    "happy to swap a couple of my pregabalin for your diazepam",
    "will trade my switch for a quarter",
    "My dad left a drawer full of his oxycodone. Can anyone here use it before I bin it?",
    "We only accept cashapp or btc, zelle if you're regular",
    "Valium 10mg x20 £30, Xanax 2mg x10 £25",
    "tele me if you need something for the nerves 💊",
    "any1 kno where 2 get some tree near the uni",
    "Is there anywhere downtown to score some dope without getting burned?",
    "that research chem site ships etizolam to your door, nobody checks",
]

NOT_SOURCING = [
    "Where can I get naloxone without a prescription? My son is using again.",
    "fentanyl test strips are free at the syringe exchange if anyone wants them",
    "i pick up my methadone every morning at 7, it's routine now",
    "I used to pick up from a guy at the bus station. Today I drove past it to my meeting.",
    "My sponsor said she'd bring the big book to the park on Saturday if anyone wants to join.",
    "How much should I expect to pay for outpatient without insurance?",
    "Suboxone with GoodRx is about $90 a month here, used to be $300.",
]


@pytest.mark.parametrize("text", SOURCING)
def test_sourcing_families_are_held(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.hold is not None and verdict.hold.boundary in ("sourcing", "identifying-info"), \
        [f.name for f in verdict.findings]
    assert not verdict.crisis


@pytest.mark.parametrize("text", NOT_SOURCING)
def test_help_objects_routines_and_costs_are_not_sourcing(app, personas, text):
    verdict = _verdict(app, text)
    assert "sourcing" not in {f.boundary for f in verdict.findings}, [f.name for f in verdict.findings]
    assert verdict.hold is None


# --- contact details ------------------------------------------------------------------------------

CONTACT = [
    "call me\n312 555\n0148\nanytime after work",
    "my number: oh four nine one, five seven oh, one five six. ring me.",
    "hmu on tele, same name as here",
    "add my snap its moonlit.otter22",
    "watch for his car, rego 2XYZ 481, he waits outside the hall",
    "reg is KP19 LMN if you see her",
]

NOT_CONTACT = [
    "Day 1\n2\n3\nI count them every night",
    "I'm 2.5 years sober and the 988 line helped at 1.5 years.",
    "the registration for the retreat is open till Friday",
    "my reg doctor is lovely",
    "Thanks @SamRiver for the ride to the meeting",
]


@pytest.mark.parametrize("text", CONTACT)
def test_contact_details_are_held_in_posts_and_masked_in_chat(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.hold is not None and verdict.hold.boundary == "identifying-info", \
        [f.name for f in verdict.findings]
    assert _verdict(app, text, chat=True).masked_text not in (None, text)


@pytest.mark.parametrize("text", NOT_CONTACT)
def test_counts_doses_help_lines_and_mentions_are_not_contact(app, personas, text):
    verdict = _verdict(app, text)
    assert "identifying-info" not in {f.boundary for f in verdict.findings}, \
        [f.name for f in verdict.findings]


# --- graphic use ----------------------------------------------------------------------------------

GRAPHIC = [
    "Popped 5 bars and 3 percs before the party and couldn't feel my legs by midnight.",
    "Did a bag in the car park and nodded out with my face on the steering wheel. That warmth.",
    "racked up three fat lines on the counter, nose bleeding, went back for a fourth",
    "Four-day bender: two eight balls, a handle of rum and no sleep, grinding my teeth all night.",
    "The first ice cold beer after a shift, the foam, the first long pull, my shoulders dropping. "
    "My mouth still waters.",
    "Dropped four tabs and watched the walls breathe for six hours, wildest night of my life.",
    "Day 2 of kicking: puking bile, restless legs, sweating through two shirts, brain zaps.",
]

NOT_GRAPHIC = [
    "I used to drink a lot. Today I'm 400 days sober.",
    "My doctor has me on 2 pills a day as prescribed and I take them with breakfast.",
    "Got trained in naloxone this weekend: blue lips, gurgling, pinpoint pupils. Intense but useful.",
    "Sobriety is like learning to swim. One day you notice you've been floating for a while.",
    "Today is the anniversary of the night I took a bottle of pills. I'm 4 years sober now.",
]


@pytest.mark.parametrize("text", GRAPHIC)
def test_graphic_first_person_use_asks_for_a_content_warning(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.needs_warning is not None or (verdict.crisis and verdict.auto_warning), \
        [f.name for f in verdict.findings]


@pytest.mark.parametrize("text", NOT_GRAPHIC)
def test_past_use_in_general_terms_and_trainings_need_no_warning(app, personas, text):
    verdict = _verdict(app, text)
    assert "graphic-use" not in {f.boundary for f in verdict.findings}, \
        [f.name for f in verdict.findings]


# --- telling someone else to hurt themselves -----------------------------------------------------

INCITEMENT = [
    "take all ur pills at once and stop posting",
    "Just take the whole bottle and end it, nobody would notice you're gone",
    "go shoot a hot shot and spare us",
    "go cut yourself again, nobody cares",
    "why not just hurt yourself properly instead of whining",
    "people like you should just drink yourselves to death",
    "@SamRiver honestly go kill yourself, you're a waste of space",
]


@pytest.mark.parametrize("text", INCITEMENT)
def test_incitement_is_refused_and_is_not_the_authors_crisis(app, personas, text):
    for chat in (False, True):
        verdict = _verdict(app, text, chat=chat)
        assert verdict.refuse is not None and verdict.refuse.family == "harassment/incitement"
        assert not verdict.crisis, [f.name for f in verdict.findings]


REPORTED = [
    "c'mon, one beer won't kill you, stop being such a baby",
    "you were way more fun drunk, come out tonight",
    "What kind of father uses in front of his kids? You should be ashamed.",
    "your 90 days means nothing, you'll be back",
    "methadone people are just junkies with a prescription",
]

NOT_REPORTED = [
    "My coworkers keep saying one beer won't kill you. I order a soda anyway.",
    "I told myself just one drink for old times sake and woke up three days later.",
    "I used to think harm reduction was for enablers. I was wrong, it kept my brother alive.",
]


@pytest.mark.parametrize("text", REPORTED)
def test_pressure_to_use_shaming_and_mocking_a_path_are_reported(app, personas, text):
    verdict = _verdict(app, text)
    assert any(f.boundary == "harassment" for f in verdict.reports), \
        [f.name for f in verdict.findings]
    assert verdict.refuse is None and verdict.hold is None


@pytest.mark.parametrize("text", NOT_REPORTED)
def test_pressure_reported_or_old_beliefs_told_are_not_harassment(app, personas, text):
    verdict = _verdict(app, text)
    assert "harassment" not in {f.boundary for f in verdict.findings}, \
        [f.name for f in verdict.findings]


# --- crisis still found, and ordinary past talk left alone --------------------------------------

STILL_CRISIS = [
    "I'm going to take all my pills at once tonight",
    "i should just die already instead of dragging everyone through this",
    "I want to cut myself again so badly",
    "someone just ODed in our bathroom, he came around for a second but he's going back under",
    "Shot up everything I had left and I hope I don't wake up this time.",
    "I'm a worthless drunk and everyone would be better off without me",
]

NOT_CRISIS = [
    "I was a worthless drunk for twenty years. Today I'm a grandpa who shows up.",
    "I overdosed three times before I finally went to treatment. Grateful for Narcan.",
    "My mate went blue in the back of the car years ago, lips purple, we slapped him till he "
    "came round.",
    "Detox story: sweated through the sheets, legs kicking, clawing at my skin for three days.",
    "Tough love: you're a worthless drunk until you admit it.",
]


@pytest.mark.parametrize("text", STILL_CRISIS)
def test_first_person_crisis_is_still_found(app, personas, text):
    verdict = _verdict(app, text)
    assert verdict.crisis and verdict.refuse is None and verdict.hold is None


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_survived_stories_past_self_description_and_insults_are_not_the_authors_crisis(
        app, personas, text):
    assert not _verdict(app, text).crisis, [f.name for f in _verdict(app, text).findings]


# --- through the API ------------------------------------------------------------------------------

def _reply(api, persona, body, **extra):
    thread = api.post("/boards/alcohol/threads", persona,
                      json={"title": "Tonight", "body": "Hi all."}).json
    return api.post(f"/threads/{thread['thread']['id']}/posts", persona, json={"body": body, **extra})


def test_a_meetup_offer_is_held_for_a_moderator_through_the_api(api):
    answer = _reply(api, "member", "same place as before? i'll bring the stuff, holler when ur outside")
    assert answer.status_code == 201
    assert answer.json["post"]["status"] == "pending"
    assert answer.json["notice"]["boundary"] == "sourcing"


def test_a_graphic_use_story_is_sent_back_for_a_warning_through_the_api(api):
    body = "Popped 5 bars and 3 percs before the party and couldn't feel my legs by midnight."
    answer = _reply(api, "member", body)
    assert answer.status_code == 422
    assert answer.json["error"]["code"] == "content_warning_required"
    warned = _reply(api, "member", body, content_warning="Describes use")
    assert warned.status_code == 201 and warned.json["post"]["status"] == "published"


def test_incitement_is_refused_through_the_api_with_no_crisis_notice(api):
    answer = _reply(api, "member", "take all ur pills at once and stop posting")
    assert answer.status_code == 422
    assert answer.json["error"]["code"] == "refused"


def test_an_ordinary_recovery_post_with_decimals_and_sites_is_published_through_the_api(api):
    answer = _reply(api, "member", "I was a worthless drunk for twenty years. 2.5 years sober "
                                   "now, smartrecovery.org, helped a lot.")
    assert answer.status_code == 201
    assert answer.json["post"]["status"] == "published"
    assert "notice" not in answer.json or answer.json["notice"] is None


# --- the newer development sets: floors just under today's figures (raise them, never lower) -----

def _bench_module():
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / "bench" / "screening.py"
    spec = importlib.util.spec_from_file_location("screening_bench_more", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FLOORS = {
    "screening_dev8.jsonl": {"sourcing": 0.88, "identifying-info": 0.75, "promotion": 0.95,
                             "graphic-use": 0.85, "incitement": 0.95},
    "screening_dev9.jsonl": {"sourcing": 0.90, "identifying-info": 0.90, "promotion": 0.95,
                             "graphic-use": 0.80, "incitement": 0.95},
    "screening_dev11.jsonl": {"sourcing": 0.95, "graphic-use": 0.80, "incitement": 0.95},
    "screening_dev12.jsonl": {"sourcing": 0.95, "graphic-use": 0.90, "incitement": 0.95},
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_newer_sets_hold_their_boundary_floors(name):
    from pathlib import Path
    bench = _bench_module()
    forum = bench.Forum()
    try:
        items = bench.load(Path(__file__).resolve().parent / "data" / name)
        outcomes = [(item, forum.outcome(item)) for item in items]
    finally:
        forum.context.pop()
    shares = {}
    for group in FLOORS[name]:
        rows = [(i, o) for i, o in outcomes if bench.group_of(i) == group]
        shares[group] = sum(bench.expected_ok(i, o) for i, o in rows) / len(rows)
    assert all(shares[g] >= floor for g, floor in FLOORS[name].items()), shares
    ordinary = [o for i, o in outcomes if i["category"] == "ordinary"]
    wrongly = [o for o in ordinary if o != "publish" and not o.startswith("crisis")]
    assert len(wrongly) <= 0.05 * len(ordinary), wrongly
