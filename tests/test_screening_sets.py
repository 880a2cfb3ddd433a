"""Every labelled development set through the screening: crisis found, ordinary left alone.

The sets are the shared development corpus (../shared/corpus/screening) and the project's own
(tests/data), each grown from the misses found so far; the bars are issue 8's targets. A change
to a lexicon that loses a family of crisis texts, starts treating ordinary recovery talk as a
crisis, or lets contact details through, fails here. (tests/validation holds a blind set that
only bench/screening.py reads.)
"""
import json
from pathlib import Path

import pytest

from forum.services.accounts.handles import find_user
from forum.services.screening.assess import assess

HERE = Path(__file__).resolve().parent
SETS = [HERE.parent.parent / "shared" / "corpus" / "screening" / "screening.jsonl",
        *sorted((HERE / "data").glob("screening_*.jsonl"))]


# Floors from issue 8's targets where every set meets them, and just under today's figures where
# a set written later does not yet (see the issue note): raise them, never lower them.
MISSED_AT_MOST = 0.08
ALARMED_AT_MOST = 0.06
EMERGENCIES_FOUND_AT_LEAST = 0.55
CONTACT_HELD_AT_LEAST = 0.88  # dev8's figure is 0.90; every other set is at 0.97 or more


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _has_contact_details(path: Path) -> bool:
    """A set missing from disk is kept, so its test fails (saying so) instead of vanishing."""
    return not path.exists() or any(item["category"] == "identifying-info" for item in _load(path))


CONTACT_SETS = [path for path in SETS if _has_contact_details(path)]


def _params(paths: list[Path]) -> list:
    """One parameter a set, grouped by set so both tests of a set run in one test process
    (pytest-xdist's loadgroup), where the set is read once."""
    return [pytest.param(p, id=p.name, marks=pytest.mark.xdist_group(p.name)) for p in paths]


# A set's verdicts, read once a test process: both tests of a set read the same verdicts (a
# verdict depends only on the text, the surface and the personas, made alike for every test).
_READ: dict[Path, list[tuple[dict, object]]] = {}


def _read_all(app, path: Path) -> list[tuple[dict, object]]:
    if path not in _READ:
        with app.app_context():
            regular, newcomer = find_user("SamRiver"), find_user("Nell")
            _READ[path] = [
                (item, assess(item["text"], newcomer if item.get("from") == "newcomer" else regular,
                              "message" if item["surface"] == "chat" else "post"))
                for item in _load(path)]
    return _READ[path]


@pytest.mark.parametrize("path", _params(SETS))
def test_crisis_is_found_and_ordinary_talk_is_left_alone(app, personas, path):
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared corpus sits beside the repository")
    results = _read_all(app, path)
    crisis = [(i, v) for i, v in results if i["category"] == "crisis"]
    ordinary = [(i, v) for i, v in results if i["category"] == "ordinary"]
    missed = [i["id"] for i, v in crisis if not v.crisis]
    alarmed = [i["id"] for i, v in ordinary if v.crisis]
    assert len(missed) <= MISSED_AT_MOST * len(crisis), f"crisis missed: {missed}"
    assert len(alarmed) <= ALARMED_AT_MOST * len(ordinary), f"ordinary read as crisis: {alarmed}"
    emergencies = [(i, v) for i, v in crisis if i.get("emergency")]
    found = [i["id"] for i, v in emergencies if v.emergency]
    assert len(found) >= EMERGENCIES_FOUND_AT_LEAST * len(emergencies), \
        f"emergencies missed: {sorted({i['id'] for i, _ in emergencies} - set(found))}"


def _kept_back(verdict, chat: bool) -> bool:
    """A contact detail does not go out as sent: held (a post), masked or refused (chat)."""
    return bool(verdict.mask_spans or verdict.refuse) if chat else verdict.hold is not None


@pytest.mark.parametrize("path", _params(CONTACT_SETS))
def test_contact_details_are_kept_back(app, personas, path):
    if not path.exists():
        pytest.fail(f"{path} is missing: the shared corpus sits beside the repository")
    contact = [(i, v) for i, v in _read_all(app, path) if i["category"] == "identifying-info"]
    assert contact, f"{path.name} has no contact details to read"
    published = [i["id"] for i, v in contact if not _kept_back(v, i["surface"] == "chat")]
    assert len(published) <= (1 - CONTACT_HELD_AT_LEAST) * len(contact), \
        f"contact details published: {published}"
