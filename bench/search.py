"""Benchmark: search and /latest on the big seeded database.

    python bench/search.py --keep /tmp/bench.sqlite3          # seeds it first if it is empty
    python bench/search.py --scale small                       # a quick check, temporary file
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/forum_bench python bench/search.py

Seeds like bench/seed.py when the database holds no threads yet (the migrations build the
search index; the seed's rows pass through its triggers on SQLite and its GIN indexes on
PostgreSQL), then asks through the test client, signed out and as a member, for searches from
rare to very common words, a page past the end, /latest (first and a deep page, JSON and HTML)
and the home page with its board counts, and prints the median of --repeat requests in ms.
This is a benchmark, not a test: it asserts nothing and is not run by CI.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from urllib.parse import quote  # noqa: E402

from sqlalchemy import func, select  # noqa: E402

from bench.seed import SCALES, seed  # noqa: E402
from bench.seed_db import build_app, prepare_database  # noqa: E402

SEARCHES = [  # label, query: from a word in no post to words in most of them
    ("no match", "zanzibarquokka"),
    ("rare word", "sponsor moved"),
    ("common word", "cravings"),
    ("very common word", "day"),
    ("prefix", "crav"),
    ("four words", "one day at a time"),
    ("syntax characters", '"NEAR(*) -OR'),
]
PATHS = [("search, page 25 (the last allowed)", "/api/v1/search?q=day&page=25"),
         ("latest JSON, page 1", "/api/v1/latest"),
         ("latest JSON, page 100", "/api/v1/latest?page=100"),
         ("latest page, page 1", "/latest"),
         ("home page (board counts)", "/")]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="large")
    parser.add_argument("--keep", metavar="FILE", help="SQLite: use (or seed) this file")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=16)
    return parser.parse_args(argv)


def median_ms(client, path: str, repeat: int, headers: dict) -> tuple[float, int]:
    """The median time of `repeat` requests for path, and the status of the last."""
    times, status = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        status = client.get(path, headers=headers).status_code
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), status


def seeded(app, args) -> None:
    """Seed the database at --scale unless it already holds threads."""
    from forum.extensions import db
    from forum.models import Thread
    with app.app_context():
        if db.session.scalar(select(func.count(Thread.id))):
            return
    from bench.seed import parse_args as seed_args
    print(f"seeding (scale {args.scale}) ...")
    seed(app, seed_args(["--scale", args.scale, "--seed", str(args.seed)]))


def member_token(app) -> str:
    """A bearer token for a seeded member (every seeded password is PASSWORD)."""
    from forum.extensions import db
    from forum.models import User
    from forum.services.accounts.tokens import issue_token
    with app.app_context():
        return issue_token(db.session.scalar(select(User).where(User.role == "member").limit(1)))


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or \
            f"sqlite:///{Path(args.keep).resolve() if args.keep else Path(tmp) / 'bench.sqlite3'}"
        prepare_database(url)
        app = build_app(url, str(Path(tmp) / "instance"))
        seeded(app, args)
        client = app.test_client()
        signed_in = {"Authorization": f"Bearer {member_token(app)}"}
        print(f"{url.split('://')[0]}, median of {args.repeat} requests (ms):")
        rows = [(f"search: {label} ({q!r})", f"/api/v1/search?q={quote(q)}")
                for label, q in SEARCHES]
        for label, path in rows + PATHS:
            anonymous, status = median_ms(client, path, args.repeat, {})
            member, _ = median_ms(client, path, args.repeat, signed_in)
            print(f"  {label:<48} {anonymous:8.1f} signed out {member:8.1f} signed in  [{status}]")
        with app.app_context():
            from forum.extensions import db
            db.engine.dispose()


if __name__ == "__main__":
    main()
