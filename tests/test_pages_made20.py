"""Made pages, second stop (issue 16, branch pages20): a thread page reads its thread and posts
as plain rows (services.boards.rows), each post with its reactions in the posts' own statement;
boards and /latest read their threads as rows; links with text arguments and a session's signed
CSRF token are kept. None of it may change what a page shows or to whom."""
import re
import time

import pytest
from flask import url_for
from sqlalchemy import event

from forum.extensions import db
from forum.models import Post, PostStatus, Thread
from forum.services.boards.reading import thread_page
from forum.services.boards.rows import PostRow, ThreadRow
from personas import PERSONA_HANDLES as PERSONA_HANDLES_MAP
from test_page_pieces import _browser
from test_pages_threads import (csrf_token_from, first_post_id, reply, reply_id, set_row,
                                start_thread, submit)

def _article(page: str, post_id: int) -> str:
    """The HTML of one post's list item, up to the next post's."""
    start = page.index(f'id="post-{post_id}"')
    following = page.find('class="post-node', start + 1)
    return page[start:following if following != -1 else len(page)]


def _react(client, thread_id: int, post_id: int, kind: str = "strength"):
    answer = submit(client, f"/posts/{post_id}/reactions", {"kind": kind, "on": "1"},
                    token_from=f"/threads/{thread_id}")
    assert answer.status_code in (200, 302), answer.text


@pytest.fixture
def talk(app, personas):
    """Sam's thread with Nell's reply under it, both seen once by a visitor and by Sam and
    Nell, so every piece of the page is made and kept."""
    sam = _browser(app, PERSONA_HANDLES_MAP, "member")
    nell = _browser(app, PERSONA_HANDLES_MAP, "newcomer")
    thread_id = start_thread(sam, title="Evenings", body="Evenings are the hard part.")
    opening = first_post_id(app, thread_id)
    answer = reply_id(reply(nell, thread_id, "Walking helps me after dinner.", to=opening))
    visitor = app.test_client()
    for client in (visitor, sam, nell):
        assert client.get(f"/threads/{thread_id}").status_code == 200
    return dict(sam=sam, nell=nell, visitor=visitor, thread_id=thread_id, opening=opening,
                answer=answer)


def test_a_made_thread_page_reads_its_thread_and_posts_in_two_statements(app, talk):
    """Signed out, after a write in the thread: the thread with its board and author, then the
    posts with their authors, reactions and the count of top-level posts."""
    reply(talk["nell"], talk["thread_id"], "One more thought.")
    seen = []
    with app.app_context():
        listener = lambda *args, **kwargs: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = talk["visitor"].get(f"/threads/{talk['thread_id']}").text
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert "One more thought." in page and "Walking helps me after dinner." in page
    assert len(seen) == 2, seen
    assert "post_reactions" in seen[1] and "FROM threads" in seen[0]


def test_the_page_reads_rows_never_orm_objects(app, talk):
    """thread_page answers PostRows that hold what a Post holds for the page."""
    with app.app_context():
        thread = db.session.get(Thread, talk["thread_id"])
        page = thread_page(thread, None, 1)
        opening = page.items[0].post
        assert isinstance(opening, PostRow) and not isinstance(opening, Post)
        stored = db.session.get(Post, talk["opening"])
        for name in ("id", "thread_id", "author_id", "parent_id", "root_id", "depth", "body_html",
                     "content_warning", "status", "created_at", "edited_at", "is_removed"):
            assert getattr(opening, name) == getattr(stored, name), name
        assert opening.author.handle == stored.author.handle
        assert [child.post.id for child in page.items[0].children] == [talk["answer"]]


def test_a_kept_post_changes_at_once_when_edited(talk):
    thread_id, answer = talk["thread_id"], talk["answer"]
    edited = submit(talk["nell"], f"/posts/{answer}/edit",
                    {"body": "Walking and a warm bath help me.", "content_warning": ""})
    assert edited.status_code == 302, edited.text
    for client in (talk["visitor"], talk["sam"], talk["nell"]):
        shown = _article(client.get(f"/threads/{thread_id}").text, answer)
        assert "Walking and a warm bath help me." in shown and "(edited" in shown
        assert "Walking helps me after dinner." not in shown


def test_a_kept_post_is_gone_at_once_when_hidden(app, talk):
    thread_id, answer = talk["thread_id"], talk["answer"]
    set_row(app, Post, answer, status=PostStatus.HIDDEN.value)
    for client in (talk["visitor"], talk["sam"]):
        page = client.get(f"/threads/{thread_id}").text
        assert "Walking helps me after dinner." not in page
    own = talk["nell"].get(f"/threads/{thread_id}").text  # the author still sees it, marked
    assert "Walking helps me after dinner." in own and "Hidden until a moderator" in own


def test_a_reaction_counts_at_once_and_is_marked_only_for_who_gave_it(talk):
    thread_id, answer = talk["thread_id"], talk["answer"]
    _react(talk["sam"], thread_id, answer, "strength")
    visitor = _article(talk["visitor"].get(f"/threads/{thread_id}").text, answer)
    sam = _article(talk["sam"].get(f"/threads/{thread_id}").text, answer)
    nell = _article(talk["nell"].get(f"/threads/{thread_id}").text, answer)
    for shown in (visitor, sam, nell):
        assert re.search(r"Sending strength\D*1", shown), shown
    assert 'aria-pressed="true"' in sam
    assert 'aria-pressed="true"' not in visitor and 'aria-pressed="true"' not in nell
    assert PERSONA_HANDLES_MAP["member"] in nell.split('class="reacted-by"')[1], \
        "the author sees who reacted"
    assert 'class="reacted-by"' not in visitor and 'class="reacted-by"' not in sam


def test_a_signed_in_page_never_shows_another_members_controls(talk):
    """Sam's and Nell's pages, made after each other from the same kept pieces: each edits
    only their own post, and a visitor's page has no control at all."""
    thread_id, opening, answer = talk["thread_id"], talk["opening"], talk["answer"]
    reply(talk["sam"], thread_id, "Thank you, I will try it.", to=answer)
    pages = {}
    for name in ("sam", "nell", "visitor", "sam", "nell"):  # the second round from kept pieces
        pages[name] = talk[name].get(f"/threads/{thread_id}").text
    sam, nell = pages["sam"], pages["nell"]
    assert f"/posts/{opening}/edit" in sam and f"/posts/{answer}/edit" not in sam
    assert f"/posts/{answer}/edit" in nell and f"/posts/{opening}/edit" not in nell
    assert "/edit" not in pages["visitor"] and "/flag" not in pages["visitor"]
    assert 'name="csrf_token"' not in pages["visitor"]


def test_a_hidden_thread_still_says_why_to_its_author(app, talk):
    """The thread page reads its thread as a row; a removal notice finds its review by id."""
    thread_id = talk["thread_id"]
    moderator = _browser(app, PERSONA_HANDLES_MAP, "moderator")
    removed = submit(moderator, f"/posts/{talk['opening']}/flag",
                     {"reason": "harassment", "note": ""})
    assert removed.status_code in (200, 302)
    with app.app_context():
        thread = db.session.get(Thread, thread_id)
        thread.status = PostStatus.HIDDEN.value
        db.session.commit()
    page = talk["sam"].get(f"/threads/{thread_id}")
    assert page.status_code == 200
    assert "hidden until a moderator reviews it" in page.text or "removed this thread" in page.text
    assert talk["visitor"].get(f"/threads/{thread_id}").status_code == 404


def test_board_and_latest_rows_show_the_thread_as_it_is_now(app, talk):
    thread_id = talk["thread_id"]
    reply(talk["nell"], thread_id, "Back again tonight.")
    with app.app_context():
        thread = db.session.get(Thread, thread_id)
        thread.title = "Evenings, and what helps"
        db.session.commit()
    board = talk["visitor"].get("/boards/newcomers").text
    latest = talk["visitor"].get("/latest").text
    for page in (board, latest):
        assert "Evenings, and what helps" in page and "2 replies" in page
    assert f"Started by <span class=\"handle\">{PERSONA_HANDLES_MAP['member']}</span>" in board
    assert 'href="/boards/newcomers">Newcomers' in latest or "/boards/newcomers" in latest


def test_board_rows_are_rows_with_the_board_and_author(app, talk):
    from forum.services.boards.reading import get_board_or_404, list_threads
    with app.app_context():
        board = get_board_or_404("newcomers", None)
        rows = list_threads(board, None, 1).items
        assert rows and all(isinstance(row, ThreadRow) for row in rows)
        assert rows[0].board is board and rows[0].author.handle == PERSONA_HANDLES_MAP["member"]


def test_kept_links_with_text_arguments_equal_flasks(app):
    """Board links by slug, a login link's next, under two script roots; an anchor or a
    blueprint-relative endpoint is always built by Flask."""
    from forum.fasturls import fast_url_for
    cases = [("boards.board", {"slug": "newcomers"}), ("boards.board", {"slug": "newcomers",
                                                                         "page": 2}),
             ("boards.new_thread", {"slug": "family-and-friends"}),
             ("auth.login", {"next": "/threads/5?page=2"}), ("auth.login", {"next": "/a b&c"}),
             ("boards.thread", {"thread_id": 5, "_anchor": "post-9"})]
    for root in ("", "/forum"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            for _ in range(2):  # built, then kept
                for endpoint, values in cases:
                    assert fast_url_for(endpoint, **values) == url_for(endpoint, **values)
            assert fast_url_for("boards.board", slug="newcomers").startswith(f"{root}/boards/")


def test_a_kept_csrf_token_is_the_sessions_and_still_accepted(make_app, personas):
    """With CSRF on: one session's pages carry one token, which the form accepts; another
    session's token differs; signing out starts a new session with a token of its own."""
    app = make_app(WTF_CSRF_ENABLED=True)
    sam = _browser(app, PERSONA_HANDLES_MAP, "member")
    nell = _browser(app, PERSONA_HANDLES_MAP, "newcomer")
    thread_id = start_thread(sam)
    first = csrf_token_from(sam.get(f"/threads/{thread_id}").text)
    # A second later, a new signature would differ from the first: pages drawn by
    # render_template (whose context carries Flask-WTF's own csrf_token) and forms built by a
    # view (their field) show the kept one too.
    time.sleep(1.05)
    again = csrf_token_from(sam.get("/boards/newcomers").text)
    assert first == again
    assert csrf_token_from(sam.get("/").text) == first
    form_page = sam.get("/boards/newcomers/new").text
    assert re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', form_page) and set(
        re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', form_page)) == {first}
    assert csrf_token_from(nell.get(f"/threads/{thread_id}").text) != first
    answer = sam.post(f"/threads/{thread_id}/reply", data={
        "csrf_token": again, "body": "Still here.", "parent_id": "", "content_warning": ""})
    assert answer.status_code == 302, answer.text
    refused = sam.post(f"/threads/{thread_id}/reply", data={
        "csrf_token": first[:-2] + "xx", "body": "Still here.", "parent_id": "",
        "content_warning": ""})
    assert refused.status_code == 400
    submit(sam, "/logout", {}, token_from="/")
    after = _browser(app, PERSONA_HANDLES_MAP, "member")
    assert csrf_token_from(after.get(f"/threads/{thread_id}").text) != first
