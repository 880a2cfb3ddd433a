"""Benchmark: does a thread of thousands of posts load about as fast as a short one?

    python bench/thread_page.py                 # a temporary SQLite file
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/thread_page.py

Fills the database (migrated first; use an empty one) with a long thread (--posts, default 5,000:
top-level posts each carrying a small tree of nested replies) and a one-page one, then asks for the
first, middle and last page of each through the test client, as JSON (/api/v1/threads/<id>) and
as the HTML page (/threads/<id>), and prints the median time of --repeat requests in ms.
This is a benchmark, not a test: it asserts nothing and is not run by CI.
"""
import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from forum import config as forum_config
from forum import create_app
from forum.extensions import db
from forum.models import Board, Post, PostStatus
from forum.models.base import utcnow
from forum.sanitize import render_post
from forum.services.accounts.members import create_account
from forum.services.boards import posting
from forum.services.seeding import seed_defaults

PASSWORD = "a long enough passphrase 42"
POSTS_PER_TREE = 5  # a top-level post, two replies to it, and one reply to each reply
BODY = ("Day {n}. The evening was the hard part again, but I went to a meeting instead of the "
        "shop, and I *am* still here. Thank you all for being here at 2 a.m.")


def build_app(database_url: str, instance: str):
    """The forum on this database, migrated and seeded, with rate limits off."""
    app = create_app(forum_config.TestConfig(instance, database_url))
    with app.app_context():
        upgrade()
        seed_defaults()
    return app


def add_tree(thread, opening: Post, authors, top_level_count: int) -> None:
    """Give the thread top_level_count top-level posts (the opening one included), each with
    two replies and a reply to each of those, in a few bulk inserts."""
    html, now = render_post(BODY.format(n=1)), utcnow()

    def new_posts(parents, per_parent):
        posts = [Post(thread_id=thread.id, author_id=authors[i % len(authors)].id,
                      parent_id=parent.id if parent else None,
                      depth=parent.depth + 1 if parent else 0,
                      root_id=parent.root_id if parent else None,
                      body_source=BODY.format(n=i), body_html=html,
                      status=PostStatus.PUBLISHED.value, created_at=now)
                 for i, parent in enumerate(p for p in parents for _ in range(per_parent))]
        db.session.add_all(posts)
        db.session.flush()
        return posts

    tops = [opening] + new_posts([None] * (top_level_count - 1), 1)
    for top in tops:
        top.root_id = top.id
    db.session.flush()
    replies = new_posts(tops, 2)
    new_posts(replies, 1)
    thread.reply_count = top_level_count * POSTS_PER_TREE - 1
    db.session.commit()


def fill(app, long_posts: int) -> dict[str, int]:
    """Create a long thread and a one-page short thread; answer their ids by name.

    Every page of both holds the same 20 trees of 5 posts, so only the thread's length differs.
    """
    with app.app_context():
        authors = [create_account(PASSWORD, f"Bench{n}")[0] for n in range(5)]
        board = db.session.scalar(db.select(Board).order_by(Board.position))
        ids = {}
        one_page = POSTS_PER_TREE * forum_config.TOP_LEVEL_POSTS_PER_PAGE
        for label, posts in (("long", long_posts), ("short", one_page)):
            thread, opening, _ = posting.create_thread(board, authors[0], f"A {label} thread",
                                                    BODY.format(n=0))
            add_tree(thread, opening, authors, max(1, posts // POSTS_PER_TREE))
            ids[label] = thread.id
        if db.engine.dialect.name == "postgresql":
            # A live server's autovacuum gathers statistics soon after a bulk load; without
            # them the planner guesses, and the first minutes after loading are not the point.
            db.session.execute(db.text("ANALYZE"))
            db.session.commit()
        return ids


def median_ms(client, urls: list[str], repeat: int) -> dict[str, float | None]:
    """Median time of `repeat` GETs of each url, in ms (None: the page does not exist yet).

    The urls take turns, round after round, so a busy moment on the machine slows them alike.
    """
    found = [url for url in urls if client.get(url).status_code == 200]  # also warms caches
    times: dict[str, list[float]] = {url: [] for url in found}
    for _ in range(repeat):
        for url in found:
            start = time.perf_counter()
            client.get(url)
            times[url].append((time.perf_counter() - start) * 1000)
    return {url: statistics.median(times[url]) if url in times else None for url in urls}


def report(app, thread_ids: dict[str, int], repeat: int) -> None:
    """Print median times for the first, middle and last page of each thread."""
    client = app.test_client()
    rows = []
    for label, thread_id in thread_ids.items():
        pages = client.get(f"/api/v1/threads/{thread_id}").get_json()["pages"]
        with app.app_context():
            count = db.session.scalar(db.select(db.func.count()).select_from(Post)
                                      .where(Post.thread_id == thread_id))
        for page in sorted({1, (pages + 1) // 2, pages}):
            rows.append((label, count, page, pages, f"/api/v1/threads/{thread_id}?page={page}",
                         f"/threads/{thread_id}?page={page}"))
    medians = median_ms(client, [url for row in rows for url in row[4:]], repeat)
    print(f"{'thread':<7}{'posts':>7}{'page':>6}/{'of':<5}{'JSON ms':>9}{'HTML ms':>9}")
    for label, count, page, pages, api_url, html_url in rows:
        cells = [f"{medians[u]:9.1f}" if medians[u] is not None else f"{'n/a':>9}"
                 for u in (api_url, html_url)]
        print(f"{label:<7}{count:>7}{page:>6}/{pages:<5}{''.join(cells)}")


def main() -> None:
    """Fill a database, then time the pages."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000, help="posts in the long thread")
    parser.add_argument("--repeat", type=int, default=20, help="requests per measurement")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)  # quiet the migration log
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = build_app(url, str(Path(tmp) / "instance"))
        start = time.perf_counter()
        thread_ids = fill(app, args.posts)
        print(f"{make_url(url).get_backend_name()}: filled in {time.perf_counter() - start:.1f} s; "
              f"median of {args.repeat} requests each")
        report(app, thread_ids, args.repeat)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
