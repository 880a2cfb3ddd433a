"""Benchmark: what the worst member text known costs, beside ordinary text of the same length.

    python bench/worst_case.py                  # posts (20,000 characters) and chat (2,000)
    python bench/worst_case.py --runs 9 --only "as dense"

For each input of tests/worst_cases.py, prints the median time of --runs runs of rendering
(posting.check_draft for a post, sanitize.render_message for a chat message), of screening
(rules.assess, on a temporary SQLite database with the default rules, as a newcomer, to whom
every rule applies) and of both, and the ratio of each to the ordinary text. The issue's target
for a 20,000-character post: within 3x of an ordinary one and under 50 ms. A step still running
after --limit seconds is stopped and shown as ">limit". This is a benchmark, not a test: it
asserts nothing and is not run by CI (tests/test_worst_case.py is).
"""
import argparse
import logging
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from forum import config as forum_config  # noqa: E402
from forum import create_app  # noqa: E402
from forum.extensions import db  # noqa: E402
from forum.models import Role, User  # noqa: E402
from forum.sanitize import render_message  # noqa: E402
from forum.services import ValidationError  # noqa: E402
from forum.services.accounts.members import create_account
from forum.services.boards.drafts import check_draft
from forum.screening import sentence  # noqa: E402
from forum.services.screening.assess import assess
from forum.services.seeding import seed_defaults  # noqa: E402
from worst_cases import message_inputs, ordinary_message, ordinary_post, post_inputs  # noqa: E402

PASSWORD = "a long enough passphrase 42"
TARGET_RATIO, TARGET_MS = 3, 50


class _Stopped(Exception):
    pass


def _stop(signum, frame):
    raise _Stopped()


def forget_readings() -> None:
    """Empty the sentence model's remembered readings: a repeated text would cost nothing."""
    heard = sentence.shipped()
    if heard is not None:
        heard._read.cache_clear()


def timed(step, args, runs: int, limit: float) -> float | None:
    """Median seconds of `runs` runs of step(*args); None if one ran past `limit` seconds."""
    times = []
    for _ in range(runs):
        forget_readings()  # each run pays for the sentence model, as a new text would
        signal.setitimer(signal.ITIMER_REAL, limit)
        started = time.perf_counter()
        try:
            step(*args)
        except ValidationError:
            pass  # only white space: refused, which is an answer too
        except _Stopped:
            return None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ms(seconds: float | None, limit: float) -> str:
    return f">{limit:g} s" if seconds is None else f"{seconds * 1000:.1f}"


def _ratio(seconds: float | None, base: float) -> str:
    return "-" if seconds is None else f"{seconds / base:.1f}x"


def table(title: str, ordinary: str, inputs: dict[str, str], render, channel: str, author,
          runs: int, limit: float) -> None:
    """Print one table: the ordinary text first, then every input, slowest total first."""
    def measure(text):
        rendered = timed(render, (text,), runs, limit)
        screened = timed(assess, (text, author, channel), runs, limit)
        total = None if rendered is None or screened is None else rendered + screened
        return rendered, screened, total

    base = measure(ordinary)
    rows = [(name, *measure(text)) for name, text in inputs.items()]
    rows.sort(key=lambda row: -(row[3] if row[3] is not None else float("inf")))
    print(f"\n{title} ({len(ordinary):,} characters; median of {runs} runs; ms)")
    header = f"{'input':<52} {'render':>9} {'screen':>9} {'total':>9} {'render/ord':>10} " \
             f"{'total/ord':>9}"
    print(header)
    print("-" * len(header))
    print(f"{'ORDINARY TEXT':<52} {_ms(base[0], limit):>9} {_ms(base[1], limit):>9} "
          f"{_ms(base[2], limit):>9} {'1.0x':>10} {'1.0x':>9}")
    for name, rendered, screened, total in rows:
        print(f"{name[:52]:<52} {_ms(rendered, limit):>9} {_ms(screened, limit):>9} "
              f"{_ms(total, limit):>9} {_ratio(rendered, base[0]):>10} "
              f"{_ratio(total, base[2]):>9}")
    worst_render = max((r for _, r, _, _ in rows), key=lambda r: float("inf") if r is None else r)
    print(f"worst render: {_ms(worst_render, limit)} ms, "
          f"{_ratio(worst_render, base[0])} of ordinary "
          f"(target: within {TARGET_RATIO}x and under {TARGET_MS} ms for 20,000 characters)")


def _draft(body: str):
    return check_draft(body)


def main() -> None:
    """Build a throwaway forum, then print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds a step may run")
    parser.add_argument("--only", default="", help="inputs whose name contains this")
    parser.add_argument("--kind", choices=["post", "message", "both"], default="both")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    signal.signal(signal.SIGALRM, _stop)
    with tempfile.TemporaryDirectory() as folder:
        config = forum_config.TestConfig(f"{folder}/instance", f"sqlite:///{folder}/forum.db")
        app = create_app(config)
        with app.app_context():
            db.create_all()
            seed_defaults()
            create_account(PASSWORD, "Nell", Role.MEMBER)
            newcomer = db.session.scalar(db.select(User).where(User.handle == "Nell"))
            if args.kind in ("post", "both"):
                inputs = {k: v for k, v in post_inputs().items() if args.only in k}
                table("Posts", ordinary_post(), inputs, _draft, "post", newcomer, args.runs,
                      args.limit)
            if args.kind in ("message", "both"):
                inputs = {k: v for k, v in message_inputs().items() if args.only in k}
                table("Chat messages", ordinary_message(), inputs, render_message, "message",
                      newcomer, args.runs, args.limit)
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
