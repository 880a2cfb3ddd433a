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


def _read_all(app, path: Path) -> list[tuple[dict, object]]:
    with app.app_context():
        regular, newcomer = find_user("SamRiver"), find_user("Nell")
        return [(item, assess(item["text"], newcomer if item.get("from") == "newcomer" else regular,
                              "message" if item["surface"] == "chat" else "post"))
                for item in _load(path)]


def _kept_back(verdict, chat: bool) -> bool:
    """A contact detail does not go out as sent: held (a post), masked or refused (chat)."""
    return bool(verdict.mask_spans or verdict.refuse) if chat else verdict.hold is not None


# One test a set, so that each set is screened once (it is the largest share of CI's time).
@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_crisis_is_found_ordinary_talk_left_alone_and_contact_details_kept_back(app, personas,
                                                                                path):
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
    contact = [(i, v) for i, v in results if i["category"] == "identifying-info"]
    published = [i["id"] for i, v in contact if not _kept_back(v, i["surface"] == "chat")]
    assert len(published) <= (1 - CONTACT_HELD_AT_LEAST) * len(contact), \
        f"contact details published: {published}"


def test_many_sets_hold_contact_details_to_read():
    """The contact floor above is not vacuous: many sets have contact details in them (14 of
    31 when this was written)."""
    with_contact = [p for p in SETS if p.exists() and any(
        item["category"] == "identifying-info" for item in _load(p))]
    assert len(with_contact) >= 10
