"""HTTP benchmark: the forum's pages under gunicorn + gevent beside two minimal apps, with wrk.

    python bench/http.py                          # seeds a temporary SQLite (--scale large), ~7 min
    python bench/http.py --db sqlite:////tmp/bench.sqlite3   # reuse a database bench/seed.py filled
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/forum_bench python bench/http.py

In one run, for each --workers count, it starts three servers the same way
(`gunicorn -k gevent -w N`): the forum (FORUM_ASYNC_MODE=gevent, FORUM_RATE_LIMITS=off, a strong
random SECRET_KEY), bench/minimal_flask.py and bench/minimal_sqla.py (the same 20 posts as the
forum's thread page, one query, one template). wrk measures each page for --duration seconds
with 16 connections, and every forum page is printed with its cost relative to the minimal
SQLAlchemy page (its requests/s divided by the page's), measured before and after the forum's
pages. A database that lacks the fixtures is seeded first (it must be empty then).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import requests  # noqa: E402

from bench import wrk  # noqa: E402
from bench.http_pages import Page, find_fixtures, forum_pages  # noqa: E402
from bench.seed_content import READER  # noqa: E402
from bench.seed_db import PASSWORD  # noqa: E402
from bench.servers import forum_env, free_port, gunicorn, running  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line flags."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: DATABASE_URL, else a temporary "
                        "SQLite)")
    parser.add_argument("--scale", choices=("small", "large"), default="large",
                        help="how much to seed when the database is not seeded yet")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="gunicorn worker counts to measure (each a separate round)")
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    return parser.parse_args(argv)


def ensure_seeded(url: str, scale: str) -> None:
    """Seed the database with bench/seed.py unless its fixtures are there already."""
    from bench import seed
    from bench.seed_db import build_app, prepare_database
    prepare_database(url)  # PostgreSQL: created if missing; the shared `test` one refused
    if find_fixtures(url) is not None:
        print("database already seeded: reusing it")
        return
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(url, str(Path(tmp) / "instance"))
        print(f"seeding ({scale}):")
        made = seed.seed(app, seed.parse_args(["--scale", scale]))
        print(f"seeded in {made['seconds']} s")
        with app.app_context():
            from forum.extensions import db
            db.engine.dispose()


def sign_in(base_url: str) -> str:
    """A session cookie from a real login through /login (with its CSRF token)."""
    browser = requests.Session()
    form = browser.get(base_url + "/login", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', form)
    answer = browser.post(base_url + "/login", timeout=30, data={
        "handle": READER, "password": PASSWORD, "csrf_token": token.group(1), "next": "/"})
    cookie = browser.cookies.get("forum_session")
    if answer.status_code != 200 or not cookie or READER not in answer.text:
        raise SystemExit(f"could not sign in as {READER}: {answer.status_code}")
    return f"forum_session={cookie}"


def probe(base_url: str, page: Page, cookie: str) -> str | None:
    """None if the page answers 200 (a few requests warm it up), else why it is not measured."""
    headers = {"Cookie": cookie} if page.signed_in else {}
    for _ in range(3):
        status = requests.get(base_url + page.path, headers=headers, timeout=60).status_code
    if status == 404 and page.may_be_missing:
        return "not yet available (404)"
    return None if status == 200 else f"answers {status}"


def measure(server, page: Page, cookie: str, args) -> dict:
    """wrk on one page, and the server's CPU time per request meanwhile; a row for the table."""
    missing = probe(server.base_url, page, cookie)
    if missing:
        return {"page": page.label, "note": missing}
    headers = {"Cookie": cookie} if page.signed_in else {}
    cpu = server.cpu_seconds()
    result = wrk.run(server.base_url + page.path, args.duration, args.connections, headers=headers)
    cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(1, result.requests)
    print(f"    {page.label:<44}{result.requests_per_s:9.0f} req/s {cpu_ms:7.2f} ms CPU/request",
          flush=True)
    return {"page": page.label, "rps": result.requests_per_s, "mean_ms": result.mean_ms,
            "p50_ms": result.p50_ms, "p99_ms": result.p99_ms, "errors": result.errors,
            "cpu_ms": cpu_ms}


def round_of(url: str, fixtures: dict, workers: int, args, log_dir: Path) -> dict:
    """Start the three servers with this many workers and measure every page once."""
    env = forum_env(url, BENCH_THREAD_ID=str(fixtures["short_thread"]))
    ports = [free_port() for _ in range(3)]
    with running("minimal flask", gunicorn("bench.minimal_flask:app", ports[0], workers), env,
                 ports[0], log_dir) as flask_server, \
         running("minimal sqlalchemy", gunicorn("bench.minimal_sqla:app", ports[1], workers), env,
                 ports[1], log_dir) as sqla_server, \
         running("forum", gunicorn("wsgi:app", ports[2], workers), env, ports[2], log_dir,
                 ready_path="/api/v1/boards") as forum:
        cookie = sign_in(forum.base_url)
        reference = Page("minimal Flask + SQLAlchemy, 20 posts", "/")
        rows = {"sqla_before": measure(sqla_server, reference, "", args),
                "flask": measure(flask_server, Page("minimal Flask page", "/"), "", args),
                "pages": [measure(forum, page, cookie, args) for page in forum_pages(fixtures)],
                "sqla_after": measure(sqla_server, reference, "", args)}
    return rows


def main(argv=None) -> None:
    """Seed if needed, then measure each worker count and print the tables."""
    from bench.http_report import print_round
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or os.environ.get("DATABASE_URL") or \
            f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        ensure_seeded(url, args.scale)
        fixtures = find_fixtures(url)
        results = {"fixtures": fixtures, "duration": args.duration,
                   "connections": args.connections, "rounds": {}}
        for workers in args.workers:
            print(f"\nmeasuring with {workers} worker(s) a server:", flush=True)
            results["rounds"][workers] = round_of(url, fixtures, workers, args, Path(tmp))
        for workers, rows in results["rounds"].items():
            print_round(workers, rows, fixtures, args)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
