"""In-process page cost: the forum's pages through Flask's test client beside the minimal
Flask + SQLAlchemy page (bench/minimal_sqla.py) on the same database, median of --repeat requests,
with the number of SQL statements each page runs; --profile LABEL prints cProfile's top entries.

    python bench/seed.py --keep /tmp/bench.sqlite3
    python bench/inprocess.py --db sqlite:////tmp/bench.sqlite3
    python bench/inprocess.py --db sqlite:////tmp/bench.sqlite3 --profile "thread, signed in"
    python bench/inprocess.py --db ... --no-page-cache   # the pages' own cost, no page cache
    python bench/inprocess.py --db ... --no-page-cache --no-shared-cache   # nor lists of posts
    python bench/inprocess.py --db ... --writes-elsewhere   # a busy forum: a reply elsewhere
                                                            # before every request
    python bench/inprocess.py --db ... --around-view   # also the request without its view

No server, no network: what a request costs in Python and in the database, the figure the
optimisations of issue 16 move. Quick (about 30 s); it asserts nothing.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import secrets  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from sqlalchemy import event  # noqa: E402

from bench.http_pages import find_fixtures, forum_pages  # noqa: E402
from bench.seed_content import READER  # noqa: E402
from bench.seed_db import PASSWORD  # noqa: E402


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line flags."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a database bench/seed.py filled")
    parser.add_argument("--repeat", type=int, default=30, help="requests per page")
    parser.add_argument("--profile", metavar="LABEL", help="profile the page whose label "
                        "starts with this text and print the top 30 entries")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="turn the page caches off, signed out and signed in "
                        "(FORUM_PAGE_CACHE_SECONDS=0, FORUM_MEMBER_PAGE_CACHE_SECONDS=0)")
    parser.add_argument("--no-shared-cache", action="store_true",
                        help="render a thread page's posts for every page, not once for alike "
                        "readers (FORUM_FRAGMENT_CACHE_SECONDS=0)")
    parser.add_argument("--writes-elsewhere", action="store_true",
                        help="before every timed request (outside its time), another member "
                        "replies in a thread of another board: a busy forum, where what a page "
                        "does not show is written all the time")
    parser.add_argument("--writes-here", action="store_true",
                        help="before every timed request (outside its time), the freshness "
                        "scopes of the benchmark's threads and boards and CONTENT move, as a "
                        "reply in each would move them: every page has to be made again, with "
                        "nothing it shows changed (its own thread just changed)")
    parser.add_argument("--around-view", action="store_true",
                        help="also time each page with its view answering the page it drew, "
                        "ready-made: what the request costs around the view (the test client, "
                        "hooks, session, headers, teardown), beside the minimal page's")
    return parser.parse_args(argv)


def forum_app(url: str, instance: str, page_cache: bool):
    """The forum on this database as a production process would run it (rate limits off)."""
    os.environ.update(FORUM_RATE_LIMITS="off")
    if not page_cache:
        os.environ["FORUM_PAGE_CACHE_SECONDS"] = "0"
        os.environ["FORUM_MEMBER_PAGE_CACHE_SECONDS"] = "0"
    from forum import create_app
    from forum.config import TestConfig
    config = TestConfig(instance, url)
    config.WTF_CSRF_ENABLED = False
    config.TESTING = False
    config.SECRET_KEY = secrets.token_hex(32)
    return create_app(config)


def minimal_app(url: str, thread_id: int):
    """bench/minimal_sqla.py's app on this database and thread."""
    os.environ.update(DATABASE_URL=url, BENCH_THREAD_ID=str(thread_id))
    return importlib.import_module("bench.minimal_sqla").app


def count_statements(engine) -> list[int]:
    """A one-item list counting the SQL statements the engine runs from now on."""
    counter = [0]
    event.listen(engine, "before_cursor_execute", lambda *a, **k: counter.__setitem__(
        0, counter[0] + 1))
    return counter


class HereWriter:
    """Moves the scopes a reply in every benchmarked thread and board would move (their thread
    and board numbers, CONTENT), without changing what the pages show: each next page is a
    miss of the page caches and of the shared list of posts, as right after a write there."""

    def __init__(self, app):
        from sqlalchemy import select
        from forum.extensions import db
        from forum.models import Board, Thread
        from forum.services.freshness import CONTENT, board_scope, thread_scope
        self.app = app
        with app.app_context():
            boards = db.session.scalars(select(Board.id).where(Board.slug.like("bench-%"))).all()
            threads = db.session.scalars(select(Thread.id).where(
                Thread.title.like("Bench%"))).all()
        self.scopes = [CONTENT, *map(board_scope, boards), *map(thread_scope, threads)]

    def __call__(self) -> None:
        with self.app.app_context():
            self.app.extensions["forum_generation"].bump_scopes(self.scopes)


class ElsewhereWriter:
    """Replies, through the posting service as a member would, in a thread outside the
    benchmark's boards (the newest published one of an ordinary board), by another member."""

    BODY = "Thinking of everyone here today, one day at a time."

    def __init__(self, app):
        from sqlalchemy import select
        from forum.extensions import db
        from forum.models import Board, Thread, User
        self.app = app
        with app.app_context():
            self.thread_id = db.session.scalar(
                select(Thread.id).join(Board, Board.id == Thread.board_id)
                .where(Board.slug.not_like("bench-%"), Thread.status == "published",
                       Thread.title.not_like("Bench%")).order_by(Thread.id.desc()).limit(1))
            self.author_id = db.session.scalar(
                select(User.id).where(User.role == "member", User.handle != READER)
                .order_by(User.id).limit(1))

    def __call__(self) -> None:
        """One reply, committed."""
        from forum.extensions import db
        from forum.models import Thread, User
        from forum.services.boards import posting
        with self.app.app_context():
            posting.create_reply(db.session.get(Thread, self.thread_id),
                                 db.session.get(User, self.author_id), self.BODY)


def timed(client, path: str, repeat: int, headers=None, before_each=None) -> float:
    """Median CPU ms of this thread for repeat GETs (after three warm-up requests). CPU time,
    not wall time: on a shared machine the wall clock mostly measures the neighbours; SQLite
    runs in this thread, so its work counts (a server database's would not)."""
    for _ in range(3):
        answer = client.get(path, headers=headers)
        assert answer.status_code in (200, 404), (path, answer.status_code)
    times = []
    for _ in range(repeat):
        if before_each is not None:
            before_each()
        start = time.thread_time()
        client.get(path, headers=headers)
        times.append((time.thread_time() - start) * 1000)
    return statistics.median(times)


def main(argv=None) -> None:
    """Time every page of bench/http_pages.py in-process, and the minimal page, and print a
    Markdown table with each page's cost beside the minimal one."""
    args = parse_args(argv)
    fixtures = find_fixtures(args.db)
    if fixtures is None:
        raise SystemExit("seed the database first: python bench/seed.py --keep FILE")
    with tempfile.TemporaryDirectory() as tmp:
        if args.no_shared_cache:
            os.environ["FORUM_FRAGMENT_CACHE_SECONDS"] = "0"
        app = forum_app(args.db, str(Path(tmp) / "instance"), not args.no_page_cache)
        reference = minimal_app(args.db, fixtures["short_thread"]).test_client()
        anonymous, member = app.test_client(), app.test_client()
        answer = member.post("/login", data={"handle": READER, "password": PASSWORD, "next": "/"})
        assert answer.status_code in (200, 302), answer.status_code
        with app.app_context():
            from forum.extensions import db
            statements = count_statements(db.engine)
        writer = ElsewhereWriter(app) if args.writes_elsewhere else \
            HereWriter(app) if args.writes_here else None
        minimal_before = timed(reference, "/", args.repeat)
        # On a busy forum the minimal page is timed with the same write before each request
        # too: what the write leaves behind (the processor's caches, the allocator, the young
        # objects of the garbage collector) is paid by whatever request comes next.
        busy_minimal = [timed(reference, "/", args.repeat, before_each=writer)] \
            if writer is not None else []
        rows = []
        for page in forum_pages(fixtures):
            client = member if page.signed_in else anonymous
            label = page.label + (" (signed in)" if page.signed_in and "signed" not in page.label
                                  else "")
            if client.get(page.path).status_code == 404 and page.may_be_missing:
                rows.append((label, None, None))
                continue
            cpu_ms = timed(client, page.path, args.repeat, before_each=writer)
            if writer is not None:
                writer()
            before = statements[0]  # the statements of one more request, as it is served now
            client.get(page.path)
            rows.append((label, cpu_ms, statements[0] - before))
            if args.profile and page.label.startswith(args.profile):
                profile(client, page.path, args.repeat, writer)
        minimal = (minimal_before + timed(reference, "/", args.repeat)) / 2
        around = around_view(app, anonymous, member, reference, fixtures, args.repeat) \
            if args.around_view else None
        if writer is not None:
            busy_minimal.append(timed(reference, "/", args.repeat, before_each=writer))
    busy = "; a reply elsewhere before each" if args.writes_elsewhere else \
        "; the pages' scopes moved before each" if args.writes_here else ""
    print(f"\nin-process{busy}, median CPU time of {args.repeat} requests; minimal Flask + "
          f"SQLAlchemy page {minimal:.2f} ms" + (
              f", {sum(busy_minimal) / 2:.2f} ms with the same write before each"
              if busy_minimal else "") + "\n")
    same = sum(busy_minimal) / 2 if busy_minimal else None
    print("| page | CPU ms | × minimal | SQL statements |" + (
        " × minimal, same writes |\n|---|---:|---:|---:|---:|" if same else "\n|---|---:|---:|---:|"))
    for label, ms, queries in rows:
        extra = "" if same is None else " |" if ms is None else f" {ms / same:.2f} |"
        print(f"| {label} | not available | | |{extra}" if ms is None else
              f"| {label} | {ms:.2f} | {ms / minimal:.2f} | {queries} |{extra}")
    if around is not None:
        print("\naround the view (the view answering its page ready-made), median CPU ms\n")
        print("| page | CPU ms |\n|---|---:|")
        for label, ms in around:
            print(f"| {label} | {ms:.2f} |")


def around_view(app, anonymous, member, reference, fixtures, repeat: int) -> list:
    """Each page timed with its view swapped for one answering the page it just drew (and the
    minimal page's likewise): the request's cost outside the view. Run last: it replaces the
    views."""
    rows = []
    adapter = app.url_map.bind("localhost")
    for page in forum_pages(fixtures):
        client = member if page.signed_in else anonymous
        answer = client.get(page.path)
        if answer.status_code != 200:
            continue
        endpoint, _ = adapter.match(page.path.split("?")[0])
        body = answer.get_data(as_text=True)
        app.view_functions[endpoint] = lambda *args, _body=body, **kwargs: _body
        rows.append((page.label + (" (signed in)" if page.signed_in and "signed" not in page.label
                                   else ""),
                     timed(client, page.path, repeat)))
    drawn = reference.get("/").get_data(as_text=True)
    reference.application.view_functions["thread"] = lambda: drawn
    rows.append(("minimal page", timed(reference, "/", repeat)))
    return rows


def profile(client, path: str, repeat: int, before_each=None) -> None:
    """cProfile over repeat GETs of the page (with --writes-elsewhere, the reply before each
    outside the profile); the top 30 by cumulative and own time."""
    profiler = cProfile.Profile()
    for _ in range(repeat):
        if before_each is not None:
            before_each()
        profiler.enable()
        client.get(path)
        profiler.disable()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler).sort_stats(order).print_stats(30)


if __name__ == "__main__":
    main()
