"""Which forum pages bench/http.py measures, found through the fixtures bench/seed.py writes."""
import math
from dataclasses import dataclass

from sqlalchemy import create_engine, func, select, text

from bench.seed_content import FIXTURES

TOP_LEVEL_POSTS_PER_PAGE = 20  # forum.config.TOP_LEVEL_POSTS_PER_PAGE, as the pages count them
THREADS_PER_PAGE = 25  # forum.config.THREADS_PER_PAGE


@dataclass
class Page:
    """A page to measure: its label, path, whether signed in, and whether a 404 means "not
    built yet" rather than a failure."""

    label: str
    path: str
    signed_in: bool = False
    may_be_missing: bool = False


def find_fixtures(database_url: str) -> dict | None:
    """Ids and sizes of the fixed threads and boards, or None if the database lacks them."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            if "threads" not in _table_names(conn):
                return None
            found = {key: conn.scalar(text("SELECT id FROM threads WHERE title = :t"), {"t": title})
                     for key, title in (("short_thread", FIXTURES["short_thread"]),
                                        ("long_thread", FIXTURES["long_thread"]))}
            if None in found.values():
                return None
            found["long_posts"] = conn.scalar(text(
                "SELECT count(*) FROM posts WHERE thread_id = :t AND parent_id IS NULL"),
                {"t": found["long_thread"]})
            for key in ("small_board", "large_board"):
                found[key + "_threads"] = conn.scalar(text(
                    "SELECT count(*) FROM threads JOIN boards ON boards.id = threads.board_id "
                    "WHERE boards.slug = :s"), {"s": FIXTURES[key]})
            found["posts"] = conn.scalar(text("SELECT count(*) FROM posts"))
            found["threads"] = conn.scalar(text("SELECT count(*) FROM threads"))
            return found
    finally:
        engine.dispose()


def _table_names(conn) -> set[str]:
    from sqlalchemy import inspect
    return set(inspect(conn).get_table_names())


def forum_pages(fx: dict) -> list[Page]:
    """The pages, small cases first, then the same pages at size."""
    short, long_ = fx["short_thread"], fx["long_thread"]
    last_post_page = max(1, math.ceil(fx["long_posts"] / TOP_LEVEL_POSTS_PER_PAGE))
    last_board_page = max(1, math.ceil(fx["large_board_threads"] / THREADS_PER_PAGE))
    small, large = FIXTURES["small_board"], FIXTURES["large_board"]
    return [
        Page("thread, 20 of 50 posts, signed out", f"/threads/{short}"),
        Page("thread, 20 of 50 posts, signed in", f"/threads/{short}", signed_in=True),
        Page(f"board of {fx['small_board_threads']} threads", f"/boards/{small}"),
        Page(f"board of {fx['small_board_threads']} threads, signed in", f"/boards/{small}",
             signed_in=True),
        Page("/latest", "/latest", may_be_missing=True),
        Page("/latest, signed in", "/latest", signed_in=True, may_be_missing=True),
        Page("search", "/search?q=meeting", may_be_missing=True),
        Page("search, signed in", "/search?q=meeting", signed_in=True, may_be_missing=True),
        Page(f"thread of {fx['long_posts']:,} posts, first page", f"/threads/{long_}?page=1"),
        Page(f"thread of {fx['long_posts']:,} posts, last page",
             f"/threads/{long_}?page={last_post_page}"),
        Page(f"board of {fx['large_board_threads']:,} threads, first page", f"/boards/{large}"),
        Page(f"board of {fx['large_board_threads']:,} threads, last page",
             f"/boards/{large}?page={last_board_page}"),
    ]
