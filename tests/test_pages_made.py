"""Made pages (issue 16, branch pages19): a thread page's count of top-level posts comes with
its page's ids in one statement when it is not remembered, and a board's space is remembered
per forum-wide generation; neither may change what a page shows or who may see it."""
import gc
import re

from sqlalchemy import select
from sqlalchemy.types import TypeEngine

from forum.extensions import db
from forum.models import Board, Post, PostStatus, Space, Thread, User
from forum.services.accounts.handles import find_user
from forum.services.boards import posting
from forum.visibility import can_view_board
from personas import PERSONA_HANDLES as PERSONA_HANDLES_MAP
from test_page_pieces import _browser
from test_pages_threads import start_thread

TOP_LEVEL = re.compile(r'<li class="post-node level-1" id="post-(\d+)"')


def _tops(page: str) -> list[int]:
    return [int(found) for found in TOP_LEVEL.findall(page)]


def _thread_of(app, count: int, client) -> tuple[int, list[int], int]:
    """A thread of `count` top-level posts by Nell after the opening one, and one more
    top-level post held for review: (thread id, the published top-level ids, the held id)."""
    thread_id = start_thread(client)
    with app.app_context():
        thread, author = db.session.get(Thread, thread_id), find_user("Nell")
        ids = [posting.create_reply(thread, author, f"Top-level post {n}").post.id
               for n in range(count)]
        held = posting.create_reply(thread, find_user(PERSONA_HANDLES_MAP["troll"]),
                                    "Held for review.").post
        held.status = PostStatus.PENDING.value
        db.session.commit()
        opening = db.session.scalar(select(Post.id).where(Post.thread_id == thread_id)
                                    .order_by(Post.id).limit(1))
        return thread_id, [opening, *ids], held.id


def test_pages_read_alike_whichever_page_counts_first(app, client, auth):
    """The count and the first page come from one statement when the count is not remembered; a
    page asked past the end falls back to the last page; every order of asking gives the
    same pages, and the held post counts for no one but its author."""
    auth.login("member")
    thread_id, tops, held = _thread_of(app, 44, client)  # 45 shown: pages of 20, 20, 5
    expected = {1: tops[:20], 2: tops[20:40], 3: tops[40:]}
    for order in ((1, 2, 3, 9), (9, 1, 2, 3), (2, 3, 1, 9), (3, 9, 2, 1)):
        with app.app_context():  # a reply moves the thread's scope: the count is made again
            posting.create_reply(db.session.get(Thread, thread_id), find_user("Nell"),
                                 "A reply under the opening post.", tops[0])
        visitor = app.test_client()
        for asked in order:
            page = visitor.get(f"/threads/{thread_id}?page={asked}").text
            shown = min(asked, 3)
            assert _tops(page) == expected[shown], (order, asked)
            assert f"Page {shown} of 3" in page
            assert held not in _tops(page)
    # The held post's author counts it: 46 top-level posts, the third page ends with it.
    troll = _browser(app, PERSONA_HANDLES_MAP, "troll")
    assert _tops(troll.get(f"/threads/{thread_id}?page=3").text) == [*tops[40:], held]
    assert _tops(app.test_client().get(f"/threads/{thread_id}?page=3").text) == tops[40:]


def test_an_empty_page_and_a_one_page_thread(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    visitor = app.test_client()
    for asked in (5, 1, 2):
        page = visitor.get(f"/threads/{thread_id}?page={asked}")
        assert page.status_code == 200
        assert len(_tops(page.text)) == 1


def test_a_board_made_a_restricted_space_hides_its_threads_at_once(app, client, auth):
    """The board's space is remembered until the forum-wide generation moves: making the
    board a space (through the app) hides its thread from a visitor at the very next page,
    and inside the transaction that made it, before the commit, the answer is already the
    new one."""
    auth.login("member")
    thread_id = start_thread(client)
    visitor = app.test_client()
    assert visitor.get(f"/threads/{thread_id}").status_code == 200
    assert visitor.get("/boards/newcomers").status_code == 200
    with app.app_context():
        board = db.session.scalar(select(Board).where(Board.slug == "newcomers"))
        assert can_view_board(None, board)  # remembered: no space
        db.session.add(Space(board_id=board.id))
        assert not can_view_board(None, board)  # this transaction's own write counts
        moderator = db.session.scalar(select(User).where(User.role == "moderator"))
        if moderator is not None:
            assert can_view_board(moderator, board)
        board_id = board.id
        db.session.commit()
    assert visitor.get(f"/threads/{thread_id}").status_code == 404
    assert visitor.get("/boards/newcomers").status_code == 404
    with app.app_context():
        db.session.delete(db.session.scalar(select(Space).where(Space.board_id == board_id)))
        db.session.commit()
    assert visitor.get(f"/threads/{thread_id}").status_code == 200


def test_a_made_page_leaves_no_rows_to_the_garbage_collector(app, client, auth):
    """A template's macros and its context hold each other; the contexts of a request's
    renders are emptied when it ends (templating._let_go_of_contexts), so the page's rows are
    freed at once instead of by the garbage collector. The same pages keep coming out whole
    on the next requests (the template modules Jinja keeps are never emptied)."""
    auth.login("member")
    thread_id = start_thread(client, body="Rows freed at once.")
    visitor = app.test_client()
    first = visitor.get(f"/threads/{thread_id}").text
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        with app.app_context():  # the thread's scope moves: the next page is made
            posting.create_reply(db.session.get(Thread, thread_id), find_user("Nell"), "More.")
        gc.collect()
        gc.garbage.clear()
        made = visitor.get(f"/threads/{thread_id}").text
        gc.collect()
        # Column types (forum.models.base.UTCDateTime) are not rows: SQLAlchemy keeps a copy
        # of each per dialect it compiles for, which the collector frees with an engine that
        # an earlier test in the same process dropped, whenever that happens to be.
        left = [type(found).__name__ for found in gc.garbage
                if type(found).__module__.startswith(("forum.", "jinja2."))
                and not isinstance(found, TypeEngine)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
    assert "Rows freed at once." in first and "More." in made
    for path in (f"/threads/{thread_id}", "/boards/newcomers", "/latest", "/"):
        assert visitor.get(path).text == visitor.get(path).text


def test_kept_urls_are_flasks_for_each_script_root_and_static_version(app, monkeypatch):
    """Links without arguments and static files' versioned links are built once, per script
    root, and for a static file per content hash: a changed file gets its new link at once."""
    from flask import request, url_for

    from forum.fasturls import fast_url_for
    endpoints = [rule.endpoint for rule in app.url_map.iter_rules()
                 if not rule.arguments and "GET" in rule.methods]
    assert len(endpoints) > 10
    for root in ("", "/forum"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            assert request.script_root == root
            for _ in range(2):  # made, then kept
                for endpoint in endpoints:
                    assert fast_url_for(endpoint) == url_for(endpoint)
                for name in ("forum.css", "thread.js", "no-such-file.js"):
                    assert fast_url_for("static", filename=name) == \
                        url_for("static", filename=name)
            before = fast_url_for("static", filename="forum.css")
            files = app.extensions["forum_static_files"]
            monkeypatch.setattr(files, "digest", lambda filename: "0123456789ab")
            assert fast_url_for("static", filename="forum.css") == \
                url_for("static", filename="forum.css") == f"{root}/static/forum.css?v=0123456789ab"
            assert before != fast_url_for("static", filename="forum.css")
            monkeypatch.undo()


def _page_count(page: str) -> int:
    found = re.search(r"Page \d+ of (\d+)", page)
    return int(found.group(1)) if found else 1


def test_counts_of_threads_stand_through_replies_and_move_with_the_set_of_threads(app, personas):
    """A board's and /latest's counts of threads are remembered under THREAD_SET, which a new
    thread, a deleted one or a status change moves and a reply does not; each shows at once."""
    from forum.services.freshness import THREAD_SET, stamp

    def _fill_board(app, count: int) -> list[int]:  # rows as a script would add them
        with app.app_context():
            board = db.session.scalar(select(Board).where(Board.slug == "slips"))
            threads = [Thread(board_id=board.id, author_id=find_user(personas["member"]).id,
                              title=f"Thread {n}") for n in range(count)]
            db.session.add_all(threads)
            db.session.commit()
            return [thread.id for thread in threads]
    ids = _fill_board(app, 25)  # Slips: 25 threads, one page; /latest with the defaults' posts
    visitor = app.test_client()
    board = lambda: visitor.get("/boards/slips").text  # noqa: E731
    latest = lambda: _page_count(visitor.get("/latest").text)  # noqa: E731
    assert _page_count(board()) == 1
    before_latest = latest()
    with app.app_context():
        number = stamp((THREAD_SET,))
        posting.create_reply(db.session.get(Thread, ids[0]), find_user(personas["member"]), "A reply.")
        assert stamp((THREAD_SET,)) == number  # a reply: the counts stand
    assert "A reply." not in board() and _page_count(board()) == 1
    more = _fill_board(app, 1)  # the 26th thread: a second page at once
    with app.app_context():
        assert stamp((THREAD_SET,)) != number
    assert _page_count(board()) == 2
    with app.app_context():
        db.session.get(Thread, more[0]).status = "hidden"  # a moderator hides it
        db.session.commit()
    assert _page_count(board()) == 1
    with app.app_context():
        db.session.get(Thread, more[0]).status = "published"
        db.session.commit()
    assert _page_count(board()) == 2
    with app.app_context():
        for post in db.session.scalars(select(Post).where(Post.thread_id == more[0])):
            db.session.delete(post)
        db.session.delete(db.session.get(Thread, more[0]))
        db.session.commit()
    assert _page_count(board()) == 1
    # /latest counts every board's threads the same way (25 a page).
    with app.app_context():
        shown = db.session.scalar(select(db.func.count()).select_from(Thread)
                                  .where(Thread.status == "published"))
    assert latest() == max(1, -(-shown // 25)) and before_latest <= latest()
    _fill_board(app, 25)
    assert latest() == -(-(shown + 25) // 25)


def test_a_changed_static_file_gets_its_new_hash_within_the_second(tmp_path, monkeypatch):
    from forum import static_files
    files = static_files.StaticFiles(str(tmp_path))
    (tmp_path / "a.css").write_text("body { color: black; }")
    first = files.digest("a.css")
    (tmp_path / "a.css").write_text("body { color: navy; }")
    assert files.digest("a.css") == first  # looked at again at most once a second
    monkeypatch.setattr(static_files, "DIGEST_RECHECK_SECONDS", 0.0)
    assert files.digest("a.css") not in (first, None)
    assert files.digest("missing.css") is None
