"""A signed-in member's session read once and held (sessions.held_session_member, issue 16):
a repeat page runs no query at all, and whatever could change who is signed in counts at the
very next request: a logout or an ended session elsewhere, a suspension, a new password."""
from datetime import timedelta

from sqlalchemy import event, update

from forum.extensions import db
from forum.models import AuthSession, User
from forum.models.base import utcnow
from forum.services.accounts import sessions
from forum.services.accounts.handles import find_user
from test_member_page_cache import _signed_in
from test_pages_threads import set_row, start_thread


def _statements(app, client, path: str) -> int:
    """The SQL statements one GET runs."""
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


def _signed_in_as_sam(client) -> bool:
    return "Log out" in client.get("/latest").text


def test_a_repeat_page_runs_no_query(app, personas):
    sam = _signed_in(app, personas, "member")
    thread_id = start_thread(sam, body="A quiet evening.")
    path = f"/threads/{thread_id}"
    sam.get(path), sam.get(path)
    assert _statements(app, sam, path) == 0  # the member's cached page, the session held


def test_a_session_ended_elsewhere_ends_at_once(app, personas):
    phone, laptop = _signed_in(app, personas, "member"), _signed_in(app, personas, "member")
    assert _signed_in_as_sam(phone) and _signed_in_as_sam(phone)
    with app.app_context():
        sam = find_user(personas["member"])
        ended = sessions.end_other_sessions(sam, _public_id_of(laptop, app))
        db.session.commit()
    assert ended == 1
    assert not _signed_in_as_sam(phone)
    assert _signed_in_as_sam(laptop)


def test_logging_out_ends_the_held_session(app, personas, auth, client):
    auth.login("member")
    assert _signed_in_as_sam(client) and _signed_in_as_sam(client)
    cookie = client.get_cookie("forum_session")
    auth.logout()
    again = app.test_client()
    again.set_cookie("forum_session", cookie.value)  # the old cookie, sent again
    assert not _signed_in_as_sam(again)


def test_a_suspension_and_a_new_password_count_at_the_next_request(app, personas):
    sam = _signed_in(app, personas, "member")
    assert sam.get("/boards/newcomers/new").status_code == 200
    with app.app_context():
        sam_id = find_user(personas["member"]).id
    set_row(app, User, sam_id, suspended_until=utcnow() + timedelta(days=7))
    assert sam.get("/boards/newcomers/new").status_code == 403
    set_row(app, User, sam_id, suspended_until=None)
    assert sam.get("/boards/newcomers/new").status_code == 200
    with app.app_context():
        user = db.session.get(User, sam_id)
        user.auth_epoch += 1  # what a new password or a reset does to every session
        db.session.commit()
    assert not _signed_in_as_sam(sam)


def test_a_session_ended_behind_the_app_counts_once_the_hold_is_over(app, personas,
                                                                     monkeypatch):
    """A write outside the app's sessions moves no number: it counts when the reading's hold
    is over (HOLD_SECONDS, here none)."""
    monkeypatch.setattr(sessions, "HOLD_SECONDS", 0)
    sam = _signed_in(app, personas, "member")
    assert _signed_in_as_sam(sam) and _signed_in_as_sam(sam)
    with app.app_context():
        with db.engine.begin() as conn:  # no session of the app's: no number moves
            conn.execute(update(AuthSession).values(ended_at=utcnow()))
    assert not _signed_in_as_sam(sam)


def _public_id_of(client, app) -> str:
    with client.session_transaction() as cookie_session:
        return cookie_session[sessions.SESSION_KEY]
