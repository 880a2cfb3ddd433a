"""What is new: the home page's board counts and latest threads, /latest across boards, read
state per member and thread with unread counts and a "where you stopped" marker, /unread, and
what never shows there (held, hidden, removed). Runs on SQLite and, with TEST_DATABASE_URL,
on PostgreSQL (the read-state upsert differs between them)."""
from datetime import timedelta

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, Thread, ThreadRead
from forum.models.base import utcnow
from forum.services.accounts.handles import find_user
from forum.services.boards.activity import LATEST_PER_PAGE
from forum.services.boards.read_state import mark_read
from forum.services.moderation.items import set_visibility


def start(api, persona, title, body="Opening words.", board="alcohol"):
    answer = api.post(f"/boards/{board}/threads", persona, json={"title": title, "body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["thread"]["id"]


def reply(api, persona, thread_id, body="Me too."):
    answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]["id"]


def set_status(app, model, row_id, status):
    with app.app_context():
        db.session.get(model, row_id).status = status
        db.session.commit()


def unread_of(api, persona):
    answer = api.get("/unread", persona)
    assert answer.status_code == 200
    return {t["id"]: t["unread_count"] for t in answer.json["threads"]}


# --- latest ------------------------------------------------------------------------------------

def test_latest_lists_threads_from_every_board_by_last_activity(api):
    old = start(api, "member", "Older", board="alcohol")
    new = start(api, "member", "Newer", board="newcomers")
    answer = api.get("/latest").json
    assert [t["id"] for t in answer["threads"]] == [new, old]
    assert answer["threads"][0] == {"id": new, "title": "Newer",
                                    "board": {"slug": "newcomers", "name": "Newcomers (start here)"},
                                    "reply_count": 0,
                                    "last_activity_at": answer["threads"][0]["last_activity_at"]}
    reply(api, "newcomer", old)
    answer = api.get("/latest").json
    assert [t["id"] for t in answer["threads"]] == [old, new]
    assert answer["threads"][0]["reply_count"] == 1
    assert (answer["page"], answer["pages"]) == (1, 1)


def test_latest_pages_in_order_and_past_the_end_is_the_last_page(app, api, personas):
    with app.app_context():
        base = utcnow()
        for n in range(LATEST_PER_PAGE + 5):
            db.session.add(Thread(board_id=1, title=f"t{n}", last_activity_at=base
                                  - timedelta(minutes=n)))
        db.session.commit()
    first, second = api.get("/latest?page=1").json, api.get("/latest?page=2").json
    assert first["pages"] == 2 and len(first["threads"]) == LATEST_PER_PAGE
    titles = [t["title"] for t in first["threads"] + second["threads"]]
    assert titles == [f"t{n}" for n in range(LATEST_PER_PAGE + 5)]
    assert api.get("/latest?page=99").json["page"] == 2
    assert api.get("/latest?page=0").status_code == 422


def test_held_and_hidden_threads_are_on_latest_only_for_their_author_and_moderators(app, api):
    held = start(api, "newcomer", "Held one")
    set_status(app, Thread, held, "pending")
    assert held not in [t["id"] for t in api.get("/latest").json["threads"]]
    assert held not in [t["id"] for t in api.get("/latest", "member").json["threads"]]
    assert held in [t["id"] for t in api.get("/latest", "newcomer").json["threads"]]
    assert held in [t["id"] for t in api.get("/latest", "moderator").json["threads"]]


def test_the_latest_page_lists_threads_with_their_board(client, api):
    thread_id = start(api, "member", "Sunday check-in", board="milestones")
    page = client.get("/latest")
    assert page.status_code == 200
    assert f'href="/threads/{thread_id}"' in page.text and "Sunday check-in" in page.text
    assert 'href="/boards/milestones"' in page.text


# --- home --------------------------------------------------------------------------------------

def test_the_home_page_counts_what_the_reader_may_see_and_names_the_latest_thread(app, client,
                                                                                 api):
    first = start(api, "member", "First in alcohol")
    reply(api, "newcomer", first)
    hidden = reply(api, "newcomer", first, "A hidden reply")
    with app.app_context():  # as flags and moderators hide a reply
        set_visibility("post", db.session.get(Post, hidden), "hidden")
        db.session.commit()
    removed = reply(api, "mentor", first, "Removed by its author")
    api.delete(f"/posts/{removed}", "mentor")
    latest = start(api, "member", "Latest in alcohol")
    held = start(api, "newcomer", "Held thread")
    set_status(app, Thread, held, "pending")
    page = client.get("/")
    assert page.status_code == 200
    alcohol = page.text.split('href="/boards/alcohol"')[1].split("</li>")[0]
    assert "2 threads" in alcohol and "3 posts" in alcohol
    assert f'href="/threads/{latest}">Latest in alcohol</a>' in alcohol
    assert "Held thread" not in page.text
    assert "0 threads" in page.text.split('<a href="/boards/newcomers">')[-1].split("</li>")[0]


def test_the_home_page_asks_the_database_a_fixed_number_of_times(app, client, api):
    start(api, "member", "One")
    queries = []
    from sqlalchemy import event
    with app.app_context():
        engine = db.engine
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(queries) <= 3, queries  # the boards, their threads' counts (+ the session)


# --- read state and unread ---------------------------------------------------------------------

def test_unread_counts_rise_with_new_replies_and_fall_after_reading(app, api, auth, client):
    thread_id = start(api, "member", "Evening check-in")
    auth.login("member")
    assert client.get(f"/threads/{thread_id}").status_code == 200
    assert unread_of(api, "member") == {}
    reply(api, "newcomer", thread_id)
    reply(api, "mentor", thread_id)
    assert unread_of(api, "member") == {thread_id: 2}
    board = client.get("/boards/alcohol")
    assert "2 unread" in board.text
    assert "2 unread" in client.get("/latest").text
    unread_page = client.get("/unread")
    assert unread_page.status_code == 200 and "Evening check-in" in unread_page.text
    client.get(f"/threads/{thread_id}")
    assert unread_of(api, "member") == {}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ThreadRead)) == 1


def test_own_replies_hidden_ones_and_removed_ones_are_not_unread(app, api, auth, client):
    thread_id = start(api, "member", "Quiet one")
    auth.login("member")
    client.get(f"/threads/{thread_id}")
    reply(api, "member", thread_id, "My own reply")
    hidden = reply(api, "newcomer", thread_id)
    set_status(app, Post, hidden, "hidden")
    removed = reply(api, "mentor", thread_id)
    api.delete(f"/posts/{removed}", "mentor")
    assert unread_of(api, "member") == {}


def test_the_thread_marks_where_the_member_stopped_and_the_link_goes_there(api, auth, client):
    thread_id = start(api, "member", "Long talk")
    reply(api, "newcomer", thread_id, "Seen already")
    auth.login("member")
    assert "New since you last read" not in client.get(f"/threads/{thread_id}").text
    new = reply(api, "newcomer", thread_id, "Not seen yet")
    jump = client.get(f"/threads/{thread_id}/unread")
    assert jump.status_code == 302 and jump.location.endswith(f"#post-{new}")
    page = client.get(f"/threads/{thread_id}").text
    marker = page.index('id="unread"')
    assert page.index("Seen already") < marker < page.index("Not seen yet")
    assert 'href="#unread"' in page
    assert 'id="unread"' not in client.get(f"/threads/{thread_id}").text  # read now


def test_reading_an_earlier_page_never_makes_later_posts_unread_again(app, api, auth, client):
    thread_id = start(api, "member", "Paged")
    auth.login("member")
    client.get(f"/threads/{thread_id}")
    with app.app_context():
        row = db.session.get(ThreadRead, (db.session.scalar(
            select(ThreadRead.user_id)), thread_id))
        row.last_post_id = 10_000
        db.session.commit()
    client.get(f"/threads/{thread_id}")
    with app.app_context():
        assert db.session.scalar(select(ThreadRead.last_post_id)) == 10_000
        member, thread = find_user("SamRiver"), db.session.get(Thread, thread_id)
        mark_read(member, thread, [5])  # the upsert itself keeps the larger id
        assert db.session.scalar(select(ThreadRead.last_post_id)) == 10_000
        mark_read(member, thread, [20_000])
        assert db.session.scalar(select(ThreadRead.last_post_id)) == 20_000


def test_unread_needs_a_signed_in_member(api, client):
    answer = api.get("/unread")
    assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthorized"
    page = client.get("/unread")
    assert page.status_code == 302 and "/login" in page.location


def test_a_hidden_reply_leaves_the_reply_count_and_comes_back_when_approved(app, api):
    thread_id = start(api, "member", "Counting")
    post_id = reply(api, "newcomer", thread_id)
    count = lambda: api.get("/latest").json["threads"][0]["reply_count"]  # noqa: E731
    assert count() == 1
    for status, expected in (("hidden", 0), ("hidden", 0), ("published", 1), ("pending", 0)):
        with app.app_context():
            set_visibility("post", db.session.get(Post, post_id), status)
            db.session.commit()
        assert count() == expected, status
