"""Page speed without stale or shared pages (issue 16, part B): cooked post HTML by renderer
version, the signed-out page cache and its invalidation, a fixed number of queries per thread
page whatever its length, and board and thread paging at the page boundaries."""
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select, update

from forum.config import THREADS_PER_PAGE, TOP_LEVEL_POSTS_PER_PAGE
from forum.extensions import db
from forum.models import Board, Post, PostStatus, Thread, User
from forum.models.base import utcnow
from forum.sanitize import POST_RENDERER_VERSION
from test_pages_threads import first_post_id, reply, reply_id, start_thread, submit


@pytest.fixture
def reader(app):
    """A second browser, signed out, reading beside the writers."""
    return app.test_client()


def _write_behind_the_app(app, statement) -> None:
    """Change the database on a connection of its own, as another program would: no session
    of the app sees it, so no cache is told."""
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(statement)


# Cooked HTML

def test_an_edit_stores_new_html_with_the_current_renderer_version(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client, body="First *words*.")
    post_id = first_post_id(app, thread_id)
    answer = submit(client, f"/posts/{post_id}/edit", {"body": "Better **words**.",
                                                       "content_warning": ""})
    assert answer.status_code == 302
    page = client.get(f"/threads/{thread_id}").text
    assert "<p>Better <strong>words</strong>.</p>" in page and "First" not in page
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.body_html == "<p>Better <strong>words</strong>.</p>"
        assert post.body_html_version == POST_RENDERER_VERSION


def test_html_from_older_renderer_rules_is_made_again_when_shown(app, client, auth, reader):
    auth.login("member")
    thread_id = start_thread(client, body="Still *here*.")
    post_id = first_post_id(app, thread_id)
    for old_version in (None, POST_RENDERER_VERSION - 1):
        _write_behind_the_app(app, update(Post).where(Post.id == post_id).values(
            body_html="<p>made by old rules</p>", body_html_version=old_version))
        with app.app_context():
            db.session.remove()
        page = reader.get(f"/threads/{thread_id}?v={old_version}").text
        assert "<p>Still <em>here</em>.</p>" in page and "old rules" not in page
        with app.app_context():
            stored = db.session.execute(select(Post.body_html, Post.body_html_version)
                                        .where(Post.id == post_id)).one()
        assert stored == ("<p>Still <em>here</em>.</p>", POST_RENDERER_VERSION)


def test_html_made_again_keeps_the_members_mentions_linked(app, client, auth, reader, personas):
    auth.login("member")
    thread_id = start_thread(client, body=f"Thank you @{personas['mentor']} for tonight.")
    post_id = first_post_id(app, thread_id)
    _write_behind_the_app(app, update(Post).where(Post.id == post_id).values(
        body_html="<p>made by old rules</p>", body_html_version=None))
    with app.app_context():
        db.session.remove()
    page = reader.get(f"/threads/{thread_id}").text
    assert f'href="/members/{personas["mentor"]}"' in page and "old rules" not in page


def test_current_html_is_read_not_rendered_again(app, client, auth, reader):
    """HTML of today's version is served as stored (so it is not rendered on every view)."""
    auth.login("member")
    thread_id = start_thread(client, body="Plain words.")
    post_id = first_post_id(app, thread_id)
    _write_behind_the_app(app, update(Post).where(Post.id == post_id).values(
        body_html="<p>stored as cooked</p>"))
    assert "<p>stored as cooked</p>" in reader.get(f"/threads/{thread_id}?fresh=1").text


# The signed-out page cache

def test_signed_out_pages_are_cached_until_something_is_written(app, client, auth, reader):
    auth.login("member")
    thread_id = start_thread(client, title="Evenings", body="The evenings are hard.")
    assert "The evenings are hard." in reader.get(f"/threads/{thread_id}").text
    _write_behind_the_app(app, update(Thread).where(Thread.id == thread_id)
                          .values(title="Changed behind the app"))
    # Served from the cache: the same bytes, though the row changed behind the app's back.
    assert "Changed behind the app" not in reader.get(f"/threads/{thread_id}").text
    # A write through the app (a reply) makes every cached page stale at once.
    reply(client, thread_id, "You are not alone in the evenings.")
    fresh = reader.get(f"/threads/{thread_id}").text
    assert "You are not alone in the evenings." in fresh and "Changed behind the app" in fresh


def test_a_signed_out_reader_sees_a_reply_an_edit_and_a_removal_at_once(app, client, auth,
                                                                        reader):
    auth.login("member")
    thread_id = start_thread(client, body="Day three.")
    board = reader.get("/boards/newcomers").text
    assert "0 replies" in board
    assert "Day three." in reader.get(f"/threads/{thread_id}").text

    post_id = reply_id(reply(client, thread_id, "Keep going, one hour at a time."))
    assert "Keep going, one hour at a time." in reader.get(f"/threads/{thread_id}").text
    assert "1 reply" in reader.get("/boards/newcomers").text

    submit(client, f"/posts/{post_id}/edit", {"body": "Keep going, one day at a time.",
                                              "content_warning": ""})
    page = reader.get(f"/threads/{thread_id}").text
    assert "one day at a time" in page and "one hour at a time" not in page

    submit(client, f"/posts/{post_id}/remove", {})
    page = reader.get(f"/threads/{thread_id}").text
    assert "one day at a time" not in page and "This post was removed by its author." in page


def test_a_moderators_hiding_shows_at_once(app, client, auth, reader):
    auth.login("member")
    thread_id = start_thread(client, body="Opening.")
    post_id = reply_id(reply(client, thread_id, "A reply a moderator will hide."))
    assert "A reply a moderator will hide." in reader.get(f"/threads/{thread_id}").text
    with app.app_context():  # as the moderation services do: change the row, commit
        db.session.get(Post, post_id).status = PostStatus.HIDDEN.value
        db.session.commit()
    assert "A reply a moderator will hide." not in reader.get(f"/threads/{thread_id}").text


def test_the_cache_never_serves_a_signed_in_view_or_another_viewers_content(app, client, auth,
                                                                            reader):
    auth.login("member")
    thread_id = start_thread(client, body="Opening words.")
    held = reply(client, thread_id, "A held reply only its author sees.")
    held_id = reply_id(held)
    with app.app_context():
        db.session.get(Post, held_id).status = PostStatus.PENDING.value
        db.session.commit()
    # The author's view first, then the signed-out one: no sharing either way.
    own = client.get(f"/threads/{thread_id}").text
    assert "A held reply only its author sees." in own and "Log out" in own
    public = reader.get(f"/threads/{thread_id}").text
    assert "A held reply only its author sees." not in public and "Log out" not in public
    again = client.get(f"/threads/{thread_id}").text
    assert "A held reply only its author sees." in again and "Log out" in again
    assert "Log out" not in reader.get(f"/threads/{thread_id}").text
    # Another member (cache or not) sees neither the held reply nor the author's own menu.
    other = app.test_client()
    auth_other = type(auth)(other, auth.personas)
    auth_other.login("newcomer")
    theirs = other.get(f"/threads/{thread_id}").text
    assert "A held reply only its author sees." not in theirs and "Nell" in theirs


def test_a_bearer_token_or_a_flash_is_never_answered_from_the_cache(app, client, auth, api,
                                                                    reader):
    auth.login("member")
    thread_id = start_thread(client, body="Opening words.")
    reader.get(f"/threads/{thread_id}")  # cached for signed-out readers
    token = api.token("member")
    signed_in = reader.get(f"/threads/{thread_id}", headers={"Authorization": f"Bearer {token}"})
    assert "Log out" in signed_in.text
    # A flash waiting in the session is shown, not skipped by a cached page.
    reply(client, thread_id, "A reply.")
    page = client.get(f"/threads/{thread_id}").text
    assert "Log out" in page


def test_the_cache_can_be_turned_off(make_app, personas):
    app = make_app(PAGE_CACHE_SECONDS=0)
    with app.app_context():
        db.create_all() if db.engine.dialect.name != "postgresql" else None
        from forum.services.seeding import seed_defaults
        seed_defaults()
    reader = app.test_client()
    first = reader.get("/boards/newcomers")
    assert first.status_code == 200
    _write_behind_the_app(app, update(Board).where(Board.slug == "newcomers")
                          .values(name="Renamed behind the app"))
    assert "Renamed behind the app" in reader.get("/boards/newcomers").text


# Queries per page

def _statements(app, client, path: str) -> int:
    """How many SQL statements one GET of the path runs."""
    counted = []
    with app.app_context():
        engine = db.engine

    def count(*_args, **_kwargs):
        counted.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(counted)


def _add_posts(app, thread_id: int, count: int, authors: list[int]) -> None:
    """Top-level posts by several authors, in one insert."""
    with app.app_context():
        now = utcnow()
        rows = [{"thread_id": thread_id, "author_id": authors[n % len(authors)], "parent_id": None,
                 "depth": 0, "body_source": f"Post {n}", "body_html": f"<p>Post {n}</p>",
                 "body_html_version": POST_RENDERER_VERSION, "status": "published",
                 "created_at": now} for n in range(count)]
        db.session.execute(insert(Post), rows)
        db.session.execute(update(Post).where(Post.thread_id == thread_id,
                                              Post.root_id.is_(None)).values(root_id=Post.id))
        db.session.commit()


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_thread_page_runs_the_same_few_queries_for_2_posts_or_20(app, client, auth, reader,
                                                                     signed_in):
    auth.login("member")
    short = start_thread(client, title="Short", body="Opening.")
    long_ = start_thread(client, title="Long", body="Opening.")
    with app.app_context():
        authors = list(db.session.scalars(select(User.id)))
    _add_posts(app, short, 1, authors[:1])
    _add_posts(app, long_, 60, authors)  # 20 posts a page by every author there is
    viewer = client if signed_in else reader
    # Count the page's own work, not a cached page or list of posts.
    app.config.update(PAGE_CACHE_SECONDS=0, MEMBER_PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)
    for path in (f"/threads/{short}", f"/threads/{long_}", f"/threads/{long_}?page=3"):
        viewer.get(path)  # counts remembered, as on a live forum
    counts = [_statements(app, viewer, path) for path in
              (f"/threads/{short}", f"/threads/{long_}", f"/threads/{long_}?page=2",
               f"/threads/{long_}?page=4")]
    assert max(counts) - min(counts) <= 1, counts  # never one more per post
    # signed out: the thread (board and author joined), whether its board is a space (when
    # not remembered), the page's post ids (with their count, when not remembered), the posts with their authors, the page's reactions and recovery badges;
    # signed in, also the member, the session, whether they moderate a space (the header's
    # review queue link), the frame's looks at notifications, the read mark, follows, mutes,
    # warning choices and the check-in thread
    assert max(counts) <= (18 if signed_in else 6), counts


def test_a_cached_signed_out_page_runs_no_query(app, client, auth, reader):
    auth.login("member")
    thread_id = start_thread(client, body="Opening.")
    reader.get(f"/threads/{thread_id}")
    assert _statements(app, reader, f"/threads/{thread_id}") == 0


def test_signed_out_latest_is_cached_and_shows_a_new_thread_at_once(app, client, auth, reader):
    auth.login("member")
    start_thread(client, title="First of the evening", body="Opening.")
    assert "First of the evening" in reader.get("/latest").text
    assert _statements(app, reader, "/latest") == 0
    start_thread(client, title="Second of the evening", body="Opening.")
    assert "Second of the evening" in reader.get("/latest").text


# Paging at the boundaries

def _board_with_threads(app, count: int) -> tuple[str, list[int]]:
    """A board of `count` threads (ties in last activity included); answers its slug and the
    thread ids in the board's order: most recent activity first, then newest id."""
    with app.app_context():
        board = db.session.scalar(select(Board).where(Board.slug == "newcomers"))
        author = db.session.scalar(select(User.id))
        start = utcnow()
        rows = [{"board_id": board.id, "author_id": author, "title": f"Topic {n}",
                 "status": "published", "created_at": start,
                 "last_activity_at": start - timedelta(minutes=n // 3), "reply_count": 0,
                 "locked": False} for n in range(count)]
        db.session.execute(insert(Thread), rows)
        db.session.commit()
        order = list(db.session.scalars(select(Thread.id).where(Thread.board_id == board.id)
                                        .order_by(Thread.last_activity_at.desc(),
                                                  Thread.id.desc())))
        return board.slug, order


def _ids_on(page: str, prefix: str) -> list[int]:
    import re
    return [int(n) for n in re.findall(rf'href="/{prefix}/(\d+)"', page)]


@pytest.mark.parametrize("count", [THREADS_PER_PAGE, THREADS_PER_PAGE + 1,
                                   3 * THREADS_PER_PAGE - 1, 3 * THREADS_PER_PAGE + 1])
def test_board_pages_hold_every_thread_once_in_order(app, personas, reader, count):
    slug, order = _board_with_threads(app, count)
    pages = -(-count // THREADS_PER_PAGE)
    seen = []
    for number in range(1, pages + 2):  # one past the end shows the last page
        page = reader.get(f"/boards/{slug}?page={number}").text
        ids = _ids_on(page, "threads")
        expected = order[(min(number, pages) - 1) * THREADS_PER_PAGE:][:THREADS_PER_PAGE]
        assert ids == expected, number
        if number <= pages:
            seen += ids
    assert seen == order


def test_a_new_thread_shows_on_the_board_and_moves_the_pages_at_once(app, client, auth, reader):
    slug, order = _board_with_threads(app, THREADS_PER_PAGE)
    assert "?page=2" not in reader.get(f"/boards/{slug}").text
    auth.login("member")
    new = start_thread(client, title="One more")
    first = reader.get(f"/boards/{slug}").text
    assert _ids_on(first, "threads")[0] == new and "?page=2" in first
    assert _ids_on(reader.get(f"/boards/{slug}?page=2").text, "threads") == [order[-1]]


def test_thread_pages_hold_every_top_level_post_once_in_order(app, client, auth, reader):
    auth.login("member")
    thread_id = start_thread(client, body="Opening.")
    with app.app_context():
        authors = list(db.session.scalars(select(User.id)))
    _add_posts(app, thread_id, 3 * TOP_LEVEL_POSTS_PER_PAGE + 4, authors)
    with app.app_context():
        order = list(db.session.scalars(select(Post.id).where(Post.thread_id == thread_id)
                                        .order_by(Post.id)))
    pages = -(-len(order) // TOP_LEVEL_POSTS_PER_PAGE)
    seen = []
    for number in range(1, pages + 1):
        page = reader.get(f"/threads/{thread_id}?page={number}").text
        import re
        ids = [int(n) for n in re.findall(r'<li class="post-node[^"]*" id="post-(\d+)"', page)]
        assert ids == order[(number - 1) * TOP_LEVEL_POSTS_PER_PAGE:][:TOP_LEVEL_POSTS_PER_PAGE]
        seen += ids
    assert seen == order


def test_the_board_page_runs_two_queries_on_any_page(app, personas, reader):
    slug, _ = _board_with_threads(app, 3 * THREADS_PER_PAGE + 1)
    app.config["PAGE_CACHE_SECONDS"] = 0
    paths = [f"/boards/{slug}?page={n}" for n in (1, 2, 3, 4)]
    for path in paths:
        reader.get(path)  # the count is remembered, as on a live forum
    # The board, then one page of threads with their authors joined (the count and the
    # board's space, whether it is restricted, are remembered until a write moves them).
    assert [_statements(app, reader, path) for path in paths] == [2, 2, 2, 2]


def test_a_write_in_one_process_makes_the_other_processes_pages_stale(make_app, services):
    """Two servers on one database and one Redis: the generation is shared, so a reply made
    through the first is shown at once by the second, which had the page cached."""
    import secrets

    from forum.services.accounts.members import create_account
    from forum.services.boards import posting
    from forum.services.seeding import seed_defaults
    from personas import PASSWORD

    shared = {"REDIS_URL": services.redis_url,
              "REDIS_KEY_PREFIX": f"forumtest{secrets.token_hex(4)}"}
    first, second = make_app(**shared), make_app(**shared)
    with first.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        seed_defaults()
        author, _codes = create_account(PASSWORD, "SharedSam")
        board = db.session.scalar(select(Board).where(Board.slug == "newcomers"))
        thread_id = posting.create_thread(board, author, "Shared", "Opening words.").thread.id
        author_id = author.id
    reader = second.test_client()
    assert "Opening words." in reader.get(f"/threads/{thread_id}").text
    _write_behind_the_app(second, update(Thread).where(Thread.id == thread_id)
                          .values(title="Retitled behind the app"))
    assert "Retitled behind the app" not in reader.get(f"/threads/{thread_id}").text  # cached
    with first.app_context():
        thread = db.session.get(Thread, thread_id)
        posting.create_reply(thread, db.session.get(User, author_id), "A reply from afar.")
    page = reader.get(f"/threads/{thread_id}").text
    assert "A reply from afar." in page and "Retitled behind the app" in page


@pytest.mark.parametrize("number, pages, shown, gaps", [
    (1, 1, [], 0), (1, 2, [1, 2], 0), (3, 5, [1, 2, 3, 4, 5], 0), (1, 4000, [1, 2, 3, 4000], 1),
    (50, 4000, [1, 48, 49, 50, 51, 52, 4000], 2), (4000, 4000, [1, 3998, 3999, 4000], 1),
    (4, 7, [1, 2, 3, 4, 5, 6, 7], 0)])
def test_pagination_links_the_first_last_and_nearby_pages_only(app, number, pages, shown, gaps):
    import re

    from flask import render_template_string

    from forum.services.boards.reading import Page
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "_macros.html" import pagination %}'
            '{{ pagination(page, "boards.board", slug="newcomers") }}',
            page=Page([], number, pages))
    assert [int(n) for n in re.findall(r"Page </span>(\d+)</a>", html)] == shown
    assert html.count("&hellip;") == gaps
    assert len(html) < 3000  # not a loop over every page


def test_templates_url_for_builds_the_same_urls_as_flask(app):
    from flask import url_for
    from werkzeug.routing import IntegerConverter

    from forum.fasturls import fast_url_for
    checked = 0
    with app.test_request_context("/"):
        for rule in app.url_map.iter_rules():
            if rule.arguments and all(isinstance(rule._converters[name], IntegerConverter)
                                      for name in rule.arguments):
                for values in ({name: 7 for name in rule.arguments},
                               {name: 1234567 + n for n, name in enumerate(rule.arguments)},
                               {**{name: 42 for name in rule.arguments}, "page": 3, "to": 9}):
                    for _ in range(2):  # the first call makes the pattern, the second uses it
                        assert fast_url_for(rule.endpoint, **values) == url_for(rule.endpoint,
                                                                               **values)
                checked += 1
        assert fast_url_for("boards.board", slug="newcomers", page=2) == \
            url_for("boards.board", slug="newcomers", page=2)
        assert fast_url_for("boards.index") == url_for("boards.index")
        assert fast_url_for("boards.thread", thread_id=5, _anchor="post-9") == \
            url_for("boards.thread", thread_id=5, _anchor="post-9")
    assert checked >= 5


def test_the_signed_out_cache_keeps_each_readers_theme_and_sets_no_session(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client, body="Night and day.")
    dark, light = app.test_client(), app.test_client()
    dark.set_cookie("theme", "dark")
    light.set_cookie("theme", "light")
    first = light.get(f"/threads/{thread_id}")
    assert "Set-Cookie" not in first.headers  # no session, so the page can be shared
    assert 'data-theme="dark"' in dark.get(f"/threads/{thread_id}").text
    assert 'data-theme="light"' in light.get(f"/threads/{thread_id}").text
