"""Sessions: a new id at every login, idle and absolute timeouts, logout, and ending everything
at once (password change, suspension, ban) on pages, the API and open chat connections; a
member sees where they are logged in and can log any of those out (page and API)."""
import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clients import csrf_token_from, emit
from forum.extensions import db, socketio
from forum.models import AuthSession
from forum.models.base import utcnow
from forum.services.accounts.handles import find_user
from personas import PASSWORD

COOKIE = "forum_session"


def _cookie(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def _session_data(app, client) -> dict:
    """What the signed session cookie holds (it is signed, not encrypted: anyone can read it)."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(_cookie(client))


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def _sessions(app, handle: str) -> list[AuthSession]:
    with app.app_context():
        user = find_user(handle)
        return list(db.session.scalars(select(AuthSession).where(AuthSession.user_id == user.id)
                                       .order_by(AuthSession.id)))


def _age(app, public_id: str, **moved: timedelta) -> None:
    """Move a session's timestamps into the past."""
    with app.app_context():
        row = db.session.scalar(select(AuthSession).where(AuthSession.public_id == public_id))
        values = {column: getattr(row, column) - delta for column, delta in moved.items()}
        db.session.execute(update(AuthSession).where(AuthSession.id == row.id).values(**values))
        db.session.commit()


def _cookie_connection(app, client):
    token = csrf_token_from(client.get("/me").text)
    return socketio.test_client(app, namespace="/chat", flask_test_client=client,
                                auth={"csrf_token": token})


def test_login_gives_a_new_session_and_the_cookie_from_before_gets_nothing(app, client, auth):
    client.get("/login")
    before = _cookie(client)
    auth.login("member")
    after = _cookie(client)
    assert before and after and before != after
    assert _with_cookie(app, before).get("/me").status_code == 302  # no fixation
    assert _with_cookie(app, after).get("/me").status_code == 200
    first_id = _session_data(app, client)["auth_session"]
    auth.logout()
    auth.login("member")
    assert _session_data(app, client)["auth_session"] != first_id
    assert len({row.public_id for row in _sessions(app, "SamRiver")}) == 2


def test_the_cookie_holds_nothing_derived_from_the_address(app, client, auth):
    client.environ_base.update(REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Firefox/128.0")
    auth.login("member")
    client.get("/me")
    data = _session_data(app, client)
    assert "_id" not in data  # Flask-Login's sha512(address|user agent): see forum/security.py
    for guess in ("198.51.100.23|b'Firefox/128.0'", "198.51.100.23|Firefox/128.0"):
        assert hashlib.sha512(guess.encode()).hexdigest() not in str(data)
    assert "198.51.100.23" not in str(data)


def test_logout_ends_the_session_and_its_cookie_stops_working(app, client, auth):
    auth.login("member")
    kept = _cookie(client)
    auth.logout()
    (row,) = _sessions(app, "SamRiver")
    assert row.ended_at is not None
    assert _with_cookie(app, kept).get("/me").status_code == 302


@pytest.mark.parametrize("moved, still_in", [
    ({"last_seen_at": timedelta(days=8)}, False),  # idle longer than SESSION_IDLE_TIMEOUT
    ({"last_seen_at": timedelta(days=6)}, True),
    ({"created_at": timedelta(days=31)}, False),  # older than SESSION_ABSOLUTE_TIMEOUT
    ({"created_at": timedelta(days=29)}, True),
], ids=["idle-8d", "idle-6d", "absolute-31d", "absolute-29d"])
def test_idle_and_absolute_timeouts(app, client, auth, moved, still_in):
    auth.login("member")
    (row,) = _sessions(app, "SamRiver")
    _age(app, row.public_id, **moved)
    assert (client.get("/me").status_code == 200) is still_in
    (row,) = _sessions(app, "SamRiver")
    assert (row.ended_at is None) is still_in
    if still_in and "last_seen_at" in moved:
        assert utcnow() - row.last_seen_at < timedelta(minutes=1)  # use keeps it alive


def test_a_timed_out_session_closes_for_chat_too(app, client, auth):
    auth.login("member")
    connection = _cookie_connection(app, client)
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    (row,) = _sessions(app, "SamRiver")
    _age(app, row.public_id, last_seen_at=timedelta(days=8))
    answer = emit(connection, "send", {"room": "lobby", "body": "still here?"})
    assert answer["ok"] is False and answer["error"]["code"] == "unauthorized"


def _everywhere(app, api, chat, persona: str) -> dict:
    """A persona signed in on two browsers, with a token, and chat open on each."""
    browsers = [app.test_client() for _ in range(2)]
    from clients import Auth
    for browser in browsers:
        Auth(browser, api.personas).login(persona)
    return {"browsers": browsers,
            "sockets": [_cookie_connection(app, b) for b in browsers] + [chat(persona)],
            "token": api.token(persona)}


def _assert_ended_everywhere(api, signed_in: dict, keep_first_browser: bool = False) -> None:
    statuses = [b.get("/me").status_code for b in signed_in["browsers"]]
    assert statuses == [200 if keep_first_browser else 302, 302]
    headers = {"Authorization": f"Bearer {signed_in['token']}"}
    assert api.client.get("/api/v1/me", headers=headers).status_code == 401
    assert [s.is_connected("/chat") for s in signed_in["sockets"]] == [False, False, False]


def test_a_password_change_ends_every_other_session_token_and_connection(app, api, chat):
    signed_in = _everywhere(app, api, chat, "member")
    first = signed_in["browsers"][0]
    answer = first.post("/me/password", data={
        "pw-current_password": PASSWORD, "pw-new_password": "a brand new passphrase 7",
        "pw-confirm": "a brand new passphrase 7", "pw-csrf_token": csrf_token_from(first.get("/me").text)})
    assert answer.status_code == 302
    _assert_ended_everywhere(api, signed_in, keep_first_browser=True)


def _flagged_post_by(api, persona: str) -> int:
    thread = api.post("/boards/newcomers/threads", persona,
                      json={"title": "Hi", "body": "Just saying hello."}).json["thread"]["id"]
    assert api.post(f"/threads/{thread}/flags", "member",
                    json={"reason": "harassment"}).status_code == 201
    items = api.get("/moderation/queue", "moderator").json["items"]
    return next(i["id"] for i in items if i["target"] == {"type": "thread", "id": thread})


@pytest.mark.parametrize("action", [{"action": "suspend", "duration": "3d"}, {"action": "ban"}],
                         ids=["suspend", "ban"])
def test_a_suspension_or_ban_ends_every_session_token_and_connection(app, api, chat, action):
    item = _flagged_post_by(api, "troll")
    signed_in = _everywhere(app, api, chat, "troll")
    acted = api.post(f"/moderation/queue/{item}/actions", "moderator",
                     json={**action, "reason": "harassment"})
    assert acted.status_code == 200, acted.json
    _assert_ended_everywhere(api, signed_in)
    with app.app_context():
        assert all(row.ended_at is not None for row in _sessions(app, "TroBridge"))


def test_settings_list_every_session_and_log_one_out(app, api, chat):
    signed_in = _everywhere(app, api, chat, "member")
    here, there = signed_in["browsers"]
    page = here.get("/me").text
    assert "Where you&#39;re logged in" in page or "Where you're logged in" in page
    assert page.count("Log out there") == 2  # the other browser and the app, not this one
    assert "This browser" in page
    other_id = _sessions(app, "SamRiver")[1].id
    answer = here.post(f"/me/sessions/session-{other_id}/end",
                       data={"csrf_token": csrf_token_from(page)})
    assert answer.status_code == 302
    assert there.get("/me").status_code == 302 and here.get("/me").status_code == 200
    assert not signed_in["sockets"][1].is_connected("/chat")
    assert signed_in["sockets"][0].is_connected("/chat")


def test_settings_log_out_everywhere_else(app, api, chat):
    signed_in = _everywhere(app, api, chat, "member")
    here = signed_in["browsers"][0]
    answer = here.post("/me/sessions/end-others",
                       data={"csrf_token": csrf_token_from(here.get("/me").text)})
    assert answer.status_code == 302
    assert "Logged out everywhere else (2 sessions)." in here.get("/me").text
    assert signed_in["browsers"][1].get("/me").status_code == 302
    headers = {"Authorization": f"Bearer {signed_in['token']}"}
    assert api.client.get("/api/v1/me", headers=headers).status_code == 401
    assert [s.is_connected("/chat") for s in signed_in["sockets"]] == [True, False, False]


def test_a_member_cannot_end_someone_elses_session(app, client, auth, personas):
    other = app.test_client()
    from clients import Auth
    Auth(other, personas).login("troll")
    trolls = _sessions(app, "TroBridge")[0].id
    auth.login("member")
    answer = client.post(f"/me/sessions/session-{trolls}/end",
                         data={"csrf_token": auth.csrf("/me")})
    assert answer.status_code == 404
    assert other.get("/me").status_code == 200


def test_ending_this_very_session_from_the_list_is_logging_out(app, client, auth):
    auth.login("member")
    mine = _sessions(app, "SamRiver")[0].id
    client.post(f"/me/sessions/session-{mine}/end", data={"csrf_token": auth.csrf("/me")})
    assert client.get("/me").status_code == 302


def test_the_api_lists_sessions_and_tokens_and_ends_them(app, api, chat):
    signed_in = _everywhere(app, api, chat, "member")
    listed = api.get("/me/sessions", "member").json["sessions"]
    assert [(s["kind"], s["current"]) for s in listed] == \
        [("browser", False), ("browser", False), ("token", True)]
    assert set(listed[0]) == {"id", "kind", "label", "created_at", "last_seen_at", "current"}
    assert all("public_id" not in str(s) and "hash" not in str(s) for s in listed)
    assert api.delete(f"/me/sessions/{listed[0]['id']}", "member").status_code == 204
    assert signed_in["browsers"][1].get("/me").status_code == 302
    assert signed_in["browsers"][0].get("/me").status_code == 200
    assert api.delete(f"/me/sessions/{listed[0]['id']}", "member").status_code == 404
    for bad in ("session-999999", "token-999999", "nonsense", "session-", "token-1x"):
        assert api.delete(f"/me/sessions/{bad}", "member").status_code == 404


def test_the_api_ends_everything_but_the_token_asking(app, api, chat, personas):
    signed_in = _everywhere(app, api, chat, "member")
    with app.app_context():
        from forum.services.accounts.tokens import issue_token
        spare = issue_token(find_user("SamRiver"))
    answer = api.delete("/me/sessions", "member")
    assert answer.status_code == 200 and answer.json == {"ended": 3}
    assert api.get("/me", "member").status_code == 200
    assert api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {spare}"}) \
        .status_code == 401
    assert [b.get("/me").status_code for b in signed_in["browsers"]] == [302, 302]
    assert [s.is_connected("/chat") for s in signed_in["sockets"]] == [False, False, True]


def test_ending_a_token_closes_the_chat_opened_with_it(api, chat):
    connection = chat("member")
    listed = api.get("/me/sessions", "member").json["sessions"]
    (token,) = [s for s in listed if s["kind"] == "token"]
    assert api.delete(f"/me/sessions/{token['id']}", "member").status_code == 204
    assert not connection.is_connected("/chat")


def test_another_members_token_or_session_is_not_found(api, personas, chat):
    chat("troll")
    trolls = api.get("/me/sessions", "troll").json["sessions"]
    assert api.delete(f"/me/sessions/{trolls[0]['id']}", "member").status_code == 404
    assert api.get("/me", "troll").status_code == 200


def test_sessions_need_signing_in(api, client):
    assert api.get("/me/sessions").status_code == 401
    assert api.delete("/me/sessions").status_code == 401
    assert api.delete("/me/sessions/session-1").status_code == 401
    assert client.post("/me/sessions/end-others").status_code in (302, 400)
