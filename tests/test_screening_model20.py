"""The crisis word model retrained on every set, and the word models hearing a member's chat
lines together (issue 8, model20).

A model speaks only where the rules are silent, and its reason names the model and the words
that weighed; each shipped file records what its threshold found and alarmed on sets it never
saw, within its budget; a chat line that leans towards a crisis is heard by the word models with
the member's few lines before it, through the real chat path. The sentences here were written
for this test (in no labelled set), each cry with an ordinary twin in the same words.
"""
import importlib.util
import json
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import ChatMessage, ModerationItem, Room
from forum.screening import crisis as crisis_reading
from forum.screening import model
from forum.services.accounts.handles import find_user
from forum.services.chat.messages import send_message

from screening_verdicts import screen, untouched

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "forum" / "data" / "screening"
RULES_ONLY = {name: None for name in (*model.NAMES, "crisis_meaning", "crisis_sentence")}


def _trainer():
    spec = importlib.util.spec_from_file_location("train_models", ROOT / "tools" / "train_models.py")
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    return trainer


# --- the crisis model hears what the rules miss, and names its words ----------------------------

CRIES = [
    # burden, said as others breathing easier
    ("everyone around me would breathe easier if i just stopped being around",
     "everyone at work would breathe easier if the printer stopped jamming"),
    # not waking, said as drifting off and staying
    ("would be nice to just drift off one night and stay there",
     "would be nice to just drift off on the couch after the meeting tonight"),
]


@pytest.mark.parametrize("cry, twin", CRIES)
def test_the_crisis_model_hears_a_cry_the_rules_miss_and_leaves_its_twin(app, cry, twin):
    # the word models' own twins: the sentence model (test_screening_sentence.py) is off here
    with app.app_context(), model.using({"crisis_sentence": None}):
        with model.using(RULES_ONLY):
            assert not screen(cry).crisis  # the rules alone are silent
        heard = screen(cry)
        assert heard.crisis_tier == crisis_reading.CHECK_IN and not heard.emergency
        assert untouched(screen(twin))


@pytest.mark.parametrize("cry, twin", CRIES)
def test_the_model_check_in_names_the_model_and_its_strongest_words(app, cry, twin):
    with app.app_context():
        finding = next(f for f in screen(cry).findings if f.boundary == "crisis")
    assert finding.family == "crisis/word-model"
    reason = finding.words[0]
    assert "crisis)" in reason and "p=" in reason  # the model's name and its probability
    named = reason.split(" (p=")[0].split(", ")
    assert named and all(word in cry.split() for term in named for word in term.split())


# --- thresholds and budgets --------------------------------------------------------------------

def _tiny_sets(folder: Path) -> list[Path]:
    """Two small sets, so each is scored by a model trained on the other."""
    rows = [("crisis", "i want to disappear forever and nobody would notice"),
            ("crisis", "tonight i end it, i have the pills lined up"),
            ("crisis", "i cant keep going, everyone is better off without me"),
            ("ordinary", "ninety days today and the garden is blooming"),
            ("ordinary", "meeting at seven tonight, bring a friend"),
            ("ordinary", "my sponsor says keep it simple and go to bed early")]
    paths = []
    for name in ("screening_a.jsonl", "screening_b.jsonl"):
        path = folder / name
        path.write_text("".join(json.dumps({"id": f"{name}-{k}", "text": text, "category": c,
                                            "expect": "publish", "surface": "post"}) + "\n"
                                for k, (c, text) in enumerate(rows)))
        paths.append(path)
    return paths


def test_a_new_set_is_trained_on_with_set_and_its_file_records_its_budget(tmp_path, monkeypatch):
    trainer = _trainer()
    paths = _tiny_sets(tmp_path)
    monkeypatch.setattr("sys.argv", ["train_models.py", "--only", "crisis", "--out",
                                     str(tmp_path), *[a for p in paths for a in ("--set", str(p))]])
    assert trainer.main() == 0
    data = json.loads((tmp_path / "crisis_model.json").read_text())
    assert data["trained_on"] == ["screening_a.jsonl", "screening_b.jsonl"] and data["items"] == 12
    figures = data["out_of_fold"]
    assert figures["threshold"] == data["threshold"] and data["budget"] == 0.02
    assert 0 <= figures["alarmed"] <= 1 and 0 <= figures["found"] <= 1


def test_each_model_file_that_records_its_figures_keeps_its_budget():
    trainer = _trainer()
    for name, spec in trainer.MODELS.items():
        data = json.loads((DATA / f"{name}_model.json").read_text())
        figures = data.get("out_of_fold")
        if figures is None:
            continue  # written before files recorded their figures (the first crisis model)
        assert data["threshold"] == figures["threshold"] in trainer.THRESHOLDS
        assert data["budget"] == spec.budget
        assert figures["alarmed"] <= spec.budget, name
        assert figures["found"] > 0.3, name


def test_the_threshold_is_the_lowest_whose_alarms_fit_the_budget():
    trainer = _trainer()
    spec = trainer.MODELS["crisis"]  # 2% of ordinary items
    items = [{"category": "ordinary", "set": "a"}] * 100 + [{"category": "crisis", "set": "a"}] * 10
    ordinary = [0.72] * 2 + [0.62] * 3 + [0.1] * 95  # 2 alarms at 0.70, 5 at 0.60
    table = []
    chosen = trainer.choose_threshold(items, ordinary + [0.8] * 10, spec, table)
    assert chosen == 0.65
    assert all(alarms <= spec.budget for t, _, alarms in table if t >= chosen)


# --- chat: a line heard with the member's lines before it --------------------------------------

# No line alone is a crisis, nor are the lines together for the rules; the word model hears them.
SPREAD = ["tired of pretending im ok", "nobody notices anyway", "wont matter soon"]
ORDINARY_LINES = [
    ["long day at work", "so tired", "going to sleep early tonight"],
    ["finished my step 4", "wrote it all out tonight", "feels calm for once"],
    ["gave my sister my old guitar", "she starts lessons next week", "so proud of her"],
]


def _lobby():
    return db.session.scalar(db.select(Room).where(Room.slug == "lobby"))


def test_a_crisis_spread_over_lines_is_heard_by_the_model_through_the_chat_path(app, personas):
    # the word model across lines; the sentence model would already answer the first line
    with app.app_context(), model.using({"crisis_sentence": None}):
        with model.using(RULES_ONLY):
            assert not any(screen("\n".join(SPREAD[:k + 1]), chat=True).crisis
                           for k in range(len(SPREAD)))
        room, sam, nell = _lobby(), find_user("SamRiver"), find_user("Nell")
        for line in SPREAD[:-1]:
            assert send_message(room, sam, line).notice is None
        assert send_message(room, nell, "hey sam, how's the week").notice is None
        sent = send_message(room, sam, SPREAD[-1])
        assert sent.notice is not None and sent.notice["code"] == "crisis"
        assert sent.notice.get("tier", "check_in") == "check_in"
        item = db.session.scalar(db.select(ModerationItem).where(
            ModerationItem.target_type == "message",
            ModerationItem.target_id == sent.message["id"]))
        assert item is not None and item.reasons == ["crisis"]
        named = json.dumps(item.snapshot["screening"])
        assert "crisis/word-model" in named and "across lines" in named and "crisis)" in named
        # Another member's line does not complete Sam's.
        assert send_message(room, nell, SPREAD[-1]).notice is None


def test_without_the_models_hearing_lines_the_same_lines_pass(app, personas, monkeypatch):
    monkeypatch.setattr(crisis_reading, "LINES_HEARD_BY_MODELS", False)
    with app.app_context():
        room, sam = _lobby(), find_user("SamRiver")
        assert all(send_message(room, sam, line).notice is None for line in SPREAD)


@pytest.mark.parametrize("lines", ORDINARY_LINES)
def test_ordinary_lines_read_together_by_the_model_stay_ordinary(app, personas, lines):
    # the word model across lines; the sentence model (test_screening_sentence.py) is off here
    with app.app_context(), model.using({"crisis_sentence": None}):
        room, sam = _lobby(), find_user("SamRiver")
        sent = [send_message(room, sam, line) for line in lines]
        assert all(s.notice is None for s in sent)
        assert db.session.scalar(db.select(db.func.count()).select_from(ModerationItem)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(ChatMessage)) == len(lines)
