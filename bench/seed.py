"""Fill a database in bulk for the benchmarks: members, threads with reply trees, chat history and
moderation items, plus fixed pages that bench/http.py measures.

    python bench/seed.py                        # --scale large into a temporary SQLite file
    python bench/seed.py --scale small          # a quick check (seconds)
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/forum_bench python bench/seed.py
    python bench/seed.py --keep /tmp/bench.sqlite3   # keep the SQLite file for bench/http.py

The database is migrated first and must hold no threads yet; a PostgreSQL database is created if
it does not exist (--reset drops it first). Rows are written with SQLAlchemy Core executemany in
batches straight into the models' tables, never through the posting services (which screen and
render every post: hours for a million). Every member's password is PASSWORD.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench import seed_content  # noqa: E402
from bench.seed_db import build_app, prepare_database, tables  # noqa: E402

SCALES = {  # threads, posts, chat messages, members, big board threads, long thread posts
    "large": (100_000, 1_000_000, 500_000, 20_000, 100_000, 10_000),
    "small": (2_000, 20_000, 10_000, 2_000, 5_000, 2_000),
}


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line flags; counts left out come from --scale."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=SCALES, default="large")
    parser.add_argument("--threads", type=int, help="threads spread over the default boards")
    parser.add_argument("--posts", type=int, help="posts in those threads (opening posts included)")
    parser.add_argument("--messages", type=int, help="chat messages over the default rooms")
    parser.add_argument("--members", type=int, help="members who write them")
    parser.add_argument("--big-board", type=int, help="threads in the board 'bench-large'")
    parser.add_argument("--long-thread", type=int, help="posts in the long fixed thread")
    parser.add_argument("--seed", type=int, default=16, help="random seed (same data each run)")
    parser.add_argument("--keep", metavar="FILE", help="SQLite: write here instead of a temp dir")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop the database first")
    args = parser.parse_args(argv)
    defaults = dict(zip(("threads", "posts", "messages", "members", "big_board", "long_thread"),
                        SCALES[args.scale]))
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def seed(app, args, report=print) -> dict:
    """Fill the app's (migrated, empty) database; answer what was made, by name."""
    rng = random.Random(args.seed)
    made, started = {}, time.perf_counter()
    with app.app_context():
        from forum.extensions import db
        with db.engine.connect() as conn:
            steps = seed_content.steps(conn, tables(), rng, args)
            for label, step in steps:
                began = time.perf_counter()
                made[label] = step()
                conn.commit()
                report(f"  {label:<22}{made[label]:>10,}  {time.perf_counter() - began:6.1f} s")
            seed_content.finish(conn)
            conn.commit()
            report("  rows now: " + ", ".join(f"{name} {count:,}" for name, count
                                              in seed_content.row_counts(conn).items()))
    made["seconds"] = round(time.perf_counter() - started, 1)
    return made


def main(argv=None) -> None:
    """Create or reuse the database, fill it, print what it made and how long it took."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or \
            f"sqlite:///{Path(args.keep).resolve() if args.keep else Path(tmp) / 'bench.sqlite3'}"
        prepare_database(url, reset=args.reset)
        app = build_app(url, str(Path(tmp) / "instance"))
        print(f"seeding {app.config['SQLALCHEMY_DATABASE_URI'].split('://')[0]} "
              f"(scale {args.scale}, seed {args.seed}):")
        made = seed(app, args)
        print(f"done in {made['seconds']} s")
        if not os.environ.get("DATABASE_URL") and not args.keep:
            print("(a temporary SQLite file: gone now; --keep FILE keeps it)")
        with app.app_context():
            from forum.extensions import db
            db.engine.dispose()


if __name__ == "__main__":
    main()
