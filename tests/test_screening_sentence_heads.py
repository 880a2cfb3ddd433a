"""The sentence model's other readings (forum/screening/sentence.py, verdict._sentence_finding,
crisis._told_as_no_cry): in the same pass as the crisis one it reads sourcing, contact details
and graphic use, heard only where their rules and word models are silent, each finding quoting
its sentence; and where it is sure that a long text is no cry for help, the crisis phrases the
rules found in it are taken back (a crisis long past, told from recovery). Crisis still wins over
every other reading, short lines and someone else's overdose stay with the rules, and sourcing
is not heard from it in chat (measured there, it refused ordinary lines).

Every text here was written for these tests; none comes from a labelled set."""
import pytest
from sqlalchemy import func, select

from clients import emit, received
from forum.extensions import db
from forum.models import ChatMessage, ModerationItem
from forum.screening import model, sentence
from forum.screening.crisis import CHECK_IN, URGENT
from screening_verdicts import names, screen, untouched

OFF = {sentence.NAME: None}


class Stand:
    """A stand-in for the network: its crisis probability for every text, and the boundaries it
    hears (each at 0.99), so the verdict's handling is tested whatever the network says."""

    bar = 0.8

    def __init__(self, crisis: float = 0.0, hears: tuple[str, ...] = (), heard: bool = True):
        self.crisis, self.hears, self.heard = crisis, hears, heard

    def read(self, sentences):
        quoted = sentences[0].strip() if sentences else ""
        return sentence.Reading(self.crisis, self.bar, quoted if self.crisis >= self.bar else "",
                                heard=self.heard)

    def heard_as(self, boundary, sentences, chat=False):
        if boundary not in self.hears:
            return sentence.Reading(0.0, 0.9)
        return sentence.Reading(0.99, 0.9, sentences[0].strip())


def families(verdict) -> set[str]:
    return {f.family for f in verdict.findings}


# --- other boundaries, read in the same pass ----------------------------------------------------

def test_a_post_the_model_hears_as_sourcing_is_held_and_names_its_sentence(app):
    text = ("Which of the group chats on Signal still does deliveries to the west side? Mine "
            "went quiet last month.")
    with app.app_context():
        with model.using(OFF):
            assert untouched(screen(text)), names(screen(text))
        with model.using({sentence.NAME: Stand(hears=("sourcing",))}):
            verdict = screen(text)
    assert verdict.hold is not None and verdict.hold.family == "sourcing/sentence-model"
    assert "west side" in verdict.hold.words[0] and verdict.hold.words[1] == "p=0.99"


def test_contact_details_heard_by_the_model_hold_a_post(app):
    text = "Come and find me on the Tuesday market, I'm the one selling plants by the fountain."
    with app.app_context(), model.using({sentence.NAME: Stand(hears=("identifying-info",))}):
        verdict = screen(text)
    assert verdict.hold is not None and verdict.hold.boundary == "identifying-info"
    assert not verdict.mask_spans


def test_contact_details_heard_by_the_model_in_chat_refuse_the_line_saying_why(app):
    """Nothing to mask (the rules found no detail), so the line is refused with the contact
    boundary's reason and the member can say it another way; with the model off it goes out."""
    text = "Come and find me on the Tuesday market, I'm the one selling plants by the fountain."
    with app.app_context():
        with model.using(OFF):
            assert untouched(screen(text, chat=True)), names(screen(text, chat=True))
        with model.using({sentence.NAME: Stand(hears=("identifying-info",))}):
            line, post = screen(text, chat=True), screen(text)
    assert line.refuse is not None and line.refuse.family == "identifying-info/sentence-model"
    assert "contact" in line.refuse.explanation and not line.mask_spans and not line.reports
    assert post.hold is not None and post.refuse is None  # a post is held for a moderator


def test_a_chat_line_with_contact_details_only_the_model_hears_is_refused_and_nothing_is_sent(
        app, chat):
    """End to end through the socket: an error acknowledgement that says why, nothing delivered
    to the room or stored; a line the model does not hear that way still goes out."""
    text = "Come and find me on the Tuesday market, I'm the one selling plants by the fountain."
    sam, nell = chat("member"), chat("newcomer")
    for member in (sam, nell):
        assert emit(member, "join", {"room": "lobby"})["ok"]
    nell.get_received("/chat")
    with model.using({sentence.NAME: Stand(hears=("identifying-info",))}):
        refused = emit(sam, "send", {"room": "lobby", "body": text})
        assert refused["ok"] is False and refused["error"]["code"] == "refused", refused
        assert "contact" in refused["error"]["message"]
        assert received(nell, "message") == []
    sent = emit(sam, "send", {"room": "lobby", "body": "See you all at the meeting tonight."})
    assert sent["ok"], sent
    assert [m["id"] for m in received(nell, "message")] == [sent["message"]["id"]]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChatMessage)) == 1
        assert db.session.scalar(select(func.count()).select_from(ModerationItem)) == 0


def test_graphic_use_heard_by_the_model_asks_a_post_for_a_warning_and_reports_a_chat_line(app):
    text = ("The whole of that winter I'd wake up shaking and reach for what was left of the "
            "bottle on the bedside table.")
    with app.app_context(), model.using({sentence.NAME: Stand(hears=("graphic-use",))}):
        post, line = screen(text), screen(text, chat=True)
    assert post.needs_warning is not None and post.needs_warning.family == "graphic-use/sentence-model"
    assert line.needs_warning is None and [f.boundary for f in line.reports] == ["graphic-use"]


def test_a_short_line_is_left_to_the_rules_for_every_other_boundary():
    shipped = sentence.shipped()
    short = ["come find me at the market by the fountain"]
    long = ["come find me at the market by the fountain on a saturday, im the one selling plants"]
    assert sum(len(s.split()) for s in short) < sentence.OTHERS_SHORTEST
    assert not shipped.heard_as("identifying-info", short).heard
    assert shipped.heard_as("identifying-info", long).heard


def test_a_crisis_the_rules_find_wins_over_every_other_reading_of_the_model(app):
    text = "I want to die tonight and I've got everything I need to do it."
    hears = ("sourcing", "identifying-info", "graphic-use")
    with app.app_context(), model.using({sentence.NAME: Stand(hears=hears)}):
        verdict = screen(text)
    assert verdict.crisis_tier == URGENT
    assert not (verdict.hold or verdict.refuse or verdict.needs_warning), names(verdict)


def test_the_models_cry_for_help_is_not_lost_to_its_own_guess_at_another_boundary(app):
    """A hold from the rules outranks a check-in from the model alone; a guess of the model's
    does not: crisis first."""
    text = "Everything I had is gone now and there is nothing else that I can think of to do."
    with app.app_context(), model.using({sentence.NAME: Stand(crisis=0.95, hears=("sourcing",)),
                                         "crisis": None, "crisis_windows": None}):
        verdict = screen(text)
    assert verdict.crisis_tier == CHECK_IN and verdict.hold is None, names(verdict)


def test_the_shipped_model_hears_sourcing_in_posts_only():
    shipped = sentence.shipped()
    ask = ["has anyone found a chemist online that will post out codeine without making you see "
           "a gp first?"]
    assert shipped.heard_as("sourcing", ask).fires
    assert shipped.heard_as("sourcing", ask, chat=True) is None
    assert shipped.heard_as("identifying-info", ask, chat=True) is not None
    assert shipped.heard_as("no-such-boundary", ask) is None


# Asks, offers and places told in words no rule knows: the rules publish each, the model holds it.
MODEL_ONLY_HOLDS = [
    ("sourcing", "Has anyone found a chemist online that will post out codeine without making you "
                 "see a GP first? Asking for the week before my appointment."),
    ("sourcing", "Which of the group chats on Signal still does deliveries to the west side? Mine "
                 "went quiet last month."),
    ("identifying-info", "If you're ever in Dunmore on a Tuesday I'm the lad with the green van "
                         "outside the hardware shop on the square, come say hello."),
]


@pytest.mark.parametrize("boundary, text", MODEL_ONLY_HOLDS)
def test_the_model_holds_what_the_rules_let_through(app, boundary, text):
    with app.app_context():
        with model.using(OFF):
            assert untouched(screen(text)), names(screen(text))
        verdict = screen(text)
    assert verdict.hold is not None and verdict.hold.boundary == boundary, names(verdict)
    assert verdict.hold.family == f"{boundary}/sentence-model"


def test_the_model_asks_for_a_warning_on_a_scene_the_rules_do_not_know(app):
    text = ("Those mornings I'd sit on the edge of the bath, lining the gear up on a teaspoon with "
            "my hands going, and the minute it landed everything went warm and soft and quiet.")
    with app.app_context():
        with model.using(OFF):
            assert untouched(screen(text)), names(screen(text))
        verdict = screen(text)
    assert verdict.needs_warning is not None, names(verdict)
    assert verdict.needs_warning.family == "graphic-use/sentence-model"


# Look-alikes of those: a tradesperson asked after, a prescription back in stock, a meeting's
# new day, a member's own habit at the group.
LOOK_ALIKES = [
    "Does anyone know a good locksmith in Leeds? Not after a number, just which firms are honest.",
    "My pharmacy finally has my buprenorphine back in stock, relief after a week of phoning round.",
    "The meeting at the library on Mill Lane moved to Thursdays at 7, same room.",
    "I'm the one who always brings too many biscuits to the Tuesday group, ha.",
    "Withdrawal was rough but the nurses were kind and I slept a lot.",
    "My sister drove me to the clinic in the rain and we sang the whole way there, the worst "
    "singers in Leeds.",
]


# Ordinary texts the model still hears as another boundary: kept visible. The rules and word
# models leave them alone; with the model, only the head named beside each speaks (never a
# crisis, never a refusal).
KNOWN_FALSE_ALARMS = [
    ("graphic-use", "I watched the sizzle of the onions in the pan, the crackle of the fire"),
    # held for a moderator: "ice" is also a street name
    ("sourcing", "who's bringing the paper plates to the potluck, I've got the cash for ice"),
]


@pytest.mark.parametrize("boundary, text", KNOWN_FALSE_ALARMS)
def test_its_known_false_alarms_are_the_one_heads_alone(app, boundary, text):
    with app.app_context():
        with model.using(OFF):
            assert untouched(screen(text)), names(screen(text))
        verdict = screen(text)
    assert not (verdict.crisis or verdict.refuse), names(verdict)
    assert families(verdict) <= {f"{boundary}/sentence-model"}, names(verdict)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_ordinary_look_alikes_stay_untouched_by_the_model(app, text):
    with app.app_context():
        verdict = screen(text)
    assert untouched(verdict), names(verdict)


# --- a crisis long past, told from recovery -----------------------------------------------------

# The rules find a crisis phrase in each (a goodbye letter, wanting to kill oneself), and the
# model, reading the whole, hears a story of recovery.
TOLD_FROM_RECOVERY = [
    "Years ago I wrote goodbye letters to my kids during the worst of my drinking. My therapist "
    "and I burned them in her garden this afternoon. I'm staying, and I'm sober, and it felt like "
    "closing a door.",
    "When I joined this forum I posted that I wanted to kill myself. Someone answered within "
    "minutes. That was two years ago. I'm doing okay now, really okay, and I wanted to say thank "
    "you.",
]


@pytest.mark.parametrize("text", TOLD_FROM_RECOVERY)
def test_a_crisis_long_past_told_from_recovery_is_not_read_as_one(app, text):
    with app.app_context():
        with model.using(OFF):
            assert screen(text).crisis, "the rules alone read it as a crisis"
        verdict = screen(text)
    assert untouched(verdict), names(verdict)


@pytest.mark.parametrize("text", [
    "I had two years sober and I threw it all away this week. I've been writing letters to my "
    "kids and I've got the pills counted out on the table. I don't think I'll be here by the "
    "weekend and honestly that feels like a relief.",
    "I used to tell myself I'd stop when I hit thirty. I'm thirty-one and I drank all day again "
    "and I can't see any way out of this except not waking up. I've written to my sister and "
    "I've stopped answering the phone.",
])
def test_a_cry_told_beside_recovery_time_stays_urgent(app, text):
    with app.app_context():
        verdict = screen(text)
    assert verdict.crisis_tier == URGENT, names(verdict)


def test_short_lines_emergencies_and_unread_texts_are_never_taken_back(app):
    """With a stand-in sure that nothing is a cry for help: a long crisis text is taken back (so
    the stand-in works), but a short line, someone else's overdose in progress, and a text the
    model did not read (not English) stay with the rules."""
    long_cry = ("I want to die tonight. I have been thinking about it all week and I have the "
                "pills I saved up sitting on the table in front of me right now.")
    short = "want to die tonight, got the pills"
    emergency = ("My flatmate swallowed a whole strip of his pills an hour ago and now he's "
                 "snoring strangely, his lips look grey and I can't wake him up at all, what do I do")
    spanish = ("Quiero morir esta noche, ya no puedo más con todo esto y tengo las pastillas "
               "guardadas en el cajón de la mesa, nadie me va a echar de menos.")
    with app.app_context():
        with model.using({sentence.NAME: Stand(crisis=0.0)}):
            assert not screen(long_cry).crisis
            assert screen(short).crisis_tier == URGENT
            assert screen(emergency).emergency
        with model.using({sentence.NAME: Stand(crisis=0.0, heard=False)}):
            assert screen(spanish).crisis
            assert screen(long_cry).crisis
