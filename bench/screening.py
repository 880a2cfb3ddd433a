"""How well the screening treats labelled posts and chat messages, through the real paths.

    python bench/screening.py [--misses] [--set PATH ...]

Every item is posted as a reply (posting.create_reply) or sent as a chat message
(chat.send_message) on a fresh SQLite database, by an established member or, where the item says
so, by a newcomer; the outcome is read from what happened (refused, asked for a warning, held,
crisis notice, review item, published). Prints, per boundary, the share treated as expected and
the share of ordinary texts treated as anything but ordinary, for posts and chat, on each set:
the shared development set (../shared/corpus/screening) and the project's own (tests/data).
Targets (issue 8): crisis >= 0.95, sourcing and contact details >= 0.90, graphic use >= 0.80,
incitement refused >= 0.90, ordinary wrongly treated <= 0.05.
"""
import argparse
import json
import sys
import tempfile
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)
sys.path.insert(0, str(ROOT / "tests"))

from forum import create_app  # noqa: E402
from forum.config import TestConfig  # noqa: E402
from forum.extensions import db  # noqa: E402

SETS = [ROOT.parent / "shared" / "corpus" / "screening" / "screening.jsonl",
        ROOT / "tests" / "data" / "screening_cases.jsonl"]
TARGETS = {"crisis": 0.95, "sourcing": 0.90, "identifying-info": 0.90, "promotion": 0.90,
           "graphic-use": 0.80, "incitement": 0.90, "harassment": None, "medical-advice": None}


def load(path: Path) -> list[dict]:
    """The labelled items of one set."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def expected_ok(item: dict, outcome: str) -> bool:
    """Whether an outcome is the treatment the item's label asks for."""
    expect, chat = item["expect"], item["surface"] == "chat"
    if expect == "crisis":
        return outcome.startswith("crisis")
    if expect == "held":
        return outcome in ("held", "masked", "refused") if chat else outcome == "held"
    if expect == "warning":
        return outcome == "report" if chat else outcome == "warning"
    if expect == "report":
        return outcome in ("report", "refused")
    return outcome == expect


def group_of(item: dict) -> str:
    """The row an item counts in: its category, incitement apart from other harassment."""
    if item["category"] == "harassment" and item["expect"] == "refused":
        return "incitement"
    return item["category"]


class Forum:
    """A fresh forum with an established member, a newcomer, a thread and a chat room."""

    def __init__(self):
        from forum.models import Board, Room
        from forum.models.base import utcnow
        from forum.services.accounts.members import create_account
        from forum.services.boards.posting import create_thread
        from forum.services.seeding import seed_defaults

        folder = tempfile.mkdtemp()
        config = TestConfig(f"{folder}/instance", f"sqlite:///{folder}/bench.sqlite3")
        config.RATELIMIT_ENABLED = False
        self.app = create_app(config)
        self.context = self.app.app_context()
        self.context.push()
        db.create_all()
        seed_defaults()
        self.regular = create_account("password-for-the-bench", "SteadyRegular")[0]
        self.newcomer = create_account("password-for-the-bench", "BrandNewHere")[0]
        host = create_account("password-for-the-bench", "ThreadHost")[0]
        self.regular.created_at = utcnow() - timedelta(days=90)
        host.created_at = utcnow() - timedelta(days=90)
        db.session.commit()
        self.board = db.session.scalar(db.select(Board).where(Board.slug == "alcohol"))
        for day in range(5):
            create_thread(self.board, self.regular, f"Check-in {day}", "Still going, one day at a time.")
        self.thread, _, _ = create_thread(self.board, host, "How is everyone tonight?",
                                       "Checking in before bed.")
        self.room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))

    def post(self, author, text: str) -> str:
        """Reply with the text and say what happened to it."""
        from forum.models import ModerationItem
        from forum.services import ValidationError
        from forum.services.boards.posting import create_reply

        try:
            _thread, post, notice = create_reply(self.thread, author, text)
        except ValidationError as error:
            return {"refused": "refused", "content_warning_required": "warning"}.get(
                error.code, f"error:{error.code}")
        if notice and notice["code"] == "crisis":
            return "crisis:" + notice.get("tier", "urgent")
        if post.status == "pending":
            return "held"
        item = db.session.scalar(db.select(ModerationItem).where(
            ModerationItem.target_type == "post", ModerationItem.target_id == post.id))
        return "report" if item is not None else "publish"

    def send(self, author, text: str) -> str:
        """Send the text in chat and say what happened to it."""
        from forum.models import ModerationItem
        from forum.services import ValidationError
        from forum.services.chat.messages import send_message

        try:
            sent = send_message(self.room, author, text)
        except ValidationError as error:
            return "refused" if error.code == "refused" else f"error:{error.code}"
        self._forget_lines()
        notice = sent.notice
        if notice and notice["code"] == "crisis":
            return "crisis:" + notice.get("tier", "urgent")
        if notice and notice["code"] == "masked":
            return "masked"
        item = db.session.scalar(db.select(ModerationItem).where(
            ModerationItem.target_type == "message", ModerationItem.target_id == sent.message["id"]))
        return "report" if item is not None else "publish"

    def _forget_lines(self) -> None:
        """Each labelled line is judged on its own: the member's lines so far are moved back a
        day, out of the few minutes a chat line is read with the lines before it."""
        from forum.models import ChatMessage
        from forum.models.base import utcnow

        db.session.execute(db.update(ChatMessage).where(ChatMessage.room_id == self.room.id)
                           .values(created_at=utcnow() - timedelta(days=1)))
        db.session.commit()

    def outcome(self, item: dict) -> str:
        """What the forum did with one labelled item."""
        author = self.newcomer if item.get("from") == "newcomer" else self.regular
        return self.send(author, item["text"]) if item["surface"] == "chat" \
            else self.post(author, item["text"])


def measure(forum: Forum, items: list[dict]) -> tuple[dict, list]:
    """Counts per (surface, row) of items treated as expected, and the misses."""
    counts = defaultdict(lambda: [0, 0])
    misses = []
    for item in items:
        outcome = forum.outcome(item)
        ok = expected_ok(item, outcome)
        for surface in (item["surface"], "all"):
            row = counts[(surface, group_of(item))]
            row[0] += ok
            row[1] += 1
        if not ok:
            misses.append((item, outcome))
    return counts, misses


def report(name: str, counts: dict) -> bool:
    """Print one set's table; True when every target is met."""
    print(f"\n## {name}\n")
    print("| boundary | posts | chat | all | target |")
    print("|---|---|---|---|---|")
    met = True
    rows = sorted({row for _, row in counts}, key=lambda r: (r == "ordinary", r))
    for row in rows:
        cells = []
        for surface in ("post", "chat", "all"):
            ok, total = counts.get((surface, row), (0, 0))
            if row == "ordinary":
                cells.append(f"{(total - ok) / total:.2f} wrongly ({total - ok}/{total})"
                             if total else "-")
            else:
                cells.append(f"{ok / total:.2f} ({ok}/{total})" if total else "-")
        ok, total = counts.get(("all", row), (0, 0))
        target = "<= 0.05 wrongly" if row == "ordinary" else \
            (f">= {TARGETS[row]:.2f}" if TARGETS.get(row) else "")
        if row == "ordinary":
            met &= not total or (total - ok) / total <= 0.05
        elif TARGETS.get(row):
            met &= not total or ok / total >= TARGETS[row]
        print(f"| {row} | " + " | ".join(cells) + f" | {target} |")
    return met


def main() -> int:
    """Measure every set given (both known sets by default) and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every item treated wrongly")
    parser.add_argument("--set", action="append", type=Path, help="a .jsonl set to measure")
    args = parser.parse_args()
    all_met = True
    for path in args.set or [p for p in SETS if p.exists()]:
        forum = Forum()
        counts, misses = measure(forum, load(path))
        all_met &= report(path.name if path.parent.name != "screening" else
                          f"shared/{path.parent.name}/{path.name}", counts)
        if args.misses:
            for item, outcome in misses:
                print(f"- {item['id']} ({item['surface']}, expected {item['expect']}, got "
                      f"{outcome}): {item['text'][:160]}")
        forum.context.pop()
    print("\nAll targets met." if all_met else "\nSome targets are not met yet.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
