"""The benchmark helpers stay true to the forum: bench/seed.py writes rows the forum reads as its
own (reply trees, counts, review items, ids the forum can go on from), and the parsers of
bench/http.py and bench/chat.py read what wrk and the chat clients give them.

The benchmarks themselves are not run here (minutes each); a tiny seed is.
"""
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import seed, wrk  # noqa: E402
from bench.chat_load import Load, Plan, stamp  # noqa: E402
from bench.seed_content import FIXTURES, READER  # noqa: E402
from bench.seed_db import PASSWORD, build_app  # noqa: E402
from tempdb import fresh_postgres_database  # noqa: E402

TINY = ["--threads", "60", "--posts", "900", "--messages", "300", "--members", "80",
        "--big-board", "30", "--long-thread", "45"]


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(request, tmp_path):
    """A tiny seeded database on SQLite, and on a fresh PostgreSQL database of its own."""
    if request.param == "postgresql":
        request.getfixturevalue("services")  # skipped, or failed, without PostgreSQL
        databases = fresh_postgres_database(os.environ["TEST_DATABASE_URL"], "forum_bench_seed")
    else:
        databases = nullcontext(f"sqlite:///{tmp_path / 'bench.sqlite3'}")
    with databases as url:
        app = build_app(url, str(tmp_path / "instance"))
        made = seed.seed(app, seed.parse_args(TINY), report=lambda *_: None)
        yield app, made
        with app.app_context():
            from forum.extensions import db
            db.engine.dispose()


def _scalar(app, sql: str) -> int:
    with app.app_context():
        from forum.extensions import db
        return db.session.scalar(text(sql))


def test_the_seed_writes_the_counts_it_was_asked_for(seeded):
    app, made = seeded
    assert made["members"] == 80 and made["chat messages"] == 300
    assert _scalar(app, "SELECT count(*) FROM threads") == 60 + 40 + 30
    # general posts, then the fixtures: 50, the long thread, 38 one-post threads, the big board
    assert _scalar(app, "SELECT count(*) FROM posts") == 900 + 50 + 45 + 38 + 30


def test_every_post_hangs_in_a_tree_of_its_own_thread(seeded):
    app, _ = seeded
    assert _scalar(app, """SELECT count(*) FROM posts p JOIN posts r ON r.id = p.root_id
                           WHERE r.parent_id IS NOT NULL OR r.thread_id <> p.thread_id""") == 0
    assert _scalar(app, "SELECT count(*) FROM posts WHERE root_id IS NULL") == 0
    assert _scalar(app, """SELECT count(*) FROM posts c JOIN posts p ON p.id = c.parent_id
                           WHERE p.thread_id <> c.thread_id OR c.depth <> p.depth + 1""") == 0
    assert _scalar(app, """SELECT count(*) FROM threads t WHERE reply_count <>
                           (SELECT count(*) - 1 FROM posts WHERE thread_id = t.id)""") == 0
    assert _scalar(app, "SELECT max(depth) FROM posts") >= 2  # real trees, not flat lists


def test_held_and_hidden_content_has_a_review_item(seeded):
    app, _ = seeded
    unreviewed = """SELECT count(*) FROM posts p WHERE p.status <> 'published'
        AND p.id <> (SELECT min(id) FROM posts WHERE thread_id = p.thread_id)
        AND NOT EXISTS (SELECT 1 FROM moderation_items i
                        WHERE i.target_type = 'post' AND i.target_id = p.id)"""
    assert _scalar(app, unreviewed) == 0
    assert _scalar(app, """SELECT count(*) FROM threads t WHERE t.status <> 'published' AND NOT
        EXISTS (SELECT 1 FROM moderation_items i WHERE i.target_type = 'thread'
                AND i.target_id = t.id)""") == 0
    for kind, table in (("post", "posts"), ("thread", "threads"), ("message", "chat_messages")):
        assert _scalar(app, f"""SELECT count(*) FROM moderation_items i JOIN {table} c
            ON i.target_type = '{kind}' AND c.id = i.target_id
            WHERE i.author_id <> c.author_id""") == 0, kind


def test_the_forum_reads_the_seed_and_writes_after_it(seeded):
    app, _ = seeded
    client = app.test_client()
    short = _scalar(app, f"SELECT id FROM threads WHERE title = '{FIXTURES['short_thread']}'")
    page = client.get(f"/threads/{short}")
    assert page.status_code == 200 and page.data.count(b'id="post-') == 20
    assert client.get(f"/boards/{FIXTURES['large_board']}?page=2").status_code == 200
    token = client.post("/api/v1/tokens", json={"handle": READER, "password": PASSWORD})
    assert token.status_code == 201
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    # New rows take ids after the seeded ones (PostgreSQL's sequences were moved on).
    reply = client.post(f"/api/v1/threads/{short}/posts", headers=bearer,
                        json={"body": "Thank you, this helped me tonight."})
    assert reply.status_code == 201, reply.get_json()
    assert reply.get_json()["post"]["id"] > _scalar(app, "SELECT max(id) FROM posts") - 1


WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.85ms    3.10ms  48.00ms   80.00%
  Latency Distribution
     50%    9.40ms
     75%   11.00ms
     90%   13.20ms
     99%    1.42s
  4051 requests in 10.00s, 60.11MB read
  Non-2xx or 3xx responses: 3
Requests/sec:    405.09
Transfer/sec:      6.01MB
"""


def test_wrk_summaries_are_read_with_their_units():
    result = wrk.parse(WRK_OUTPUT)
    assert (result.requests_per_s, result.p50_ms, result.p99_ms) == (405.09, 9.4, 1420.0)
    assert result.mean_ms == 9.85
    assert (result.requests, result.errors) == (4051, 3)


def test_a_chat_delivery_is_counted_with_its_latency_from_the_body():
    load = Load(Plan("http://x", [], "lobby", epoch=time.time() - 5))
    client = object()
    load.ids[id(client)] = []
    body = stamp(load.plan.epoch)
    time.sleep(0.02)
    load.on_message(client, f'42/chat,["message",{{"id":77,"room":"lobby","body_html":"{body}"}}]')
    assert load.ids[id(client)] == [77]
    assert 15 <= load.out.latencies_ms[0] < 1000
    assert body.startswith("bench-") and not any(c.isdigit() for c in body)
