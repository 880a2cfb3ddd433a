"""API writes with the browser's session cookie need the CSRF token; bearer tokens do not."""
import pytest
from flask import session
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from forum.services.accounts.handles import find_user
from forum.services.accounts.members import change_password
from personas import PASSWORD
from test_api_errors import assert_error, rows
from test_api_threads import open_thread

API = "/api/v1"


def cookie_login(app, client, handle: str) -> str:
    """Sign the test client in with a session cookie, as the login page does; answer the
    session's CSRF token. (Signing in runs the app's own login hooks, so the session is real.)"""
    with app.test_request_context(environ_base=client.environ_base):
        login_user(find_user(handle))
        token = generate_csrf()
        state = dict(session)
    with client.session_transaction() as cookie_session:
        cookie_session.update(state)
    return token


@pytest.fixture
def browser(app, client, personas):
    """The `client` signed in as the member with a cookie; .csrf is its token."""
    client.csrf = cookie_login(app, client, personas["member"])
    return client


def test_the_cookie_signs_the_browser_in(browser):
    assert browser.get(f"{API}/me").json["handle"] == "SamRiver"


WRITES = [("POST", "/boards/alcohol/threads", {"title": "t", "body": "b"}),
          ("POST", "/threads/{thread}/posts", {"body": "b"}),
          ("PATCH", "/posts/{post}", {"body": "edited"}),
          ("DELETE", "/posts/{post}", None)]


@pytest.mark.parametrize("method, path, body", WRITES)
@pytest.mark.parametrize("header", [None, "", "not-the-token"])
def test_a_cookie_write_without_a_valid_csrf_token_is_refused(api, app, browser, method, path,
                                                              body, header):
    created = open_thread(api)
    url = API + path.format(thread=created["thread"]["id"], post=created["post"]["id"])
    headers = {} if header is None else {"X-CSRFToken": header}
    before = rows(app)
    answer = browser.open(url, method=method, json=body, headers=headers)
    assert_error(answer, 400, "csrf_failed")
    assert rows(app) == before
    assert api.get(f"/posts/{created['post']['id']}").json["post"] == created["post"]


@pytest.mark.parametrize("method, path, body", WRITES)
def test_a_cookie_write_with_the_csrf_token_succeeds(app, browser, method, path, body):
    created = browser.post(f"{API}/boards/alcohol/threads", json={"title": "Mine", "body": "b"},
                           headers={"X-CSRFToken": browser.csrf}).json
    url = API + path.format(thread=created["thread"]["id"], post=created["post"]["id"])
    answer = browser.open(url, method=method, json=body, headers={"X-CSRFToken": browser.csrf})
    assert answer.status_code in (200, 201, 204), answer.get_data(as_text=True)


def test_a_bearer_token_needs_no_csrf_token_even_with_a_cookie(api, browser):
    token = api.token("newcomer")
    answer = browser.post(f"{API}/boards/alcohol/threads", json={"title": "t", "body": "b"},
                          headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 201
    assert answer.json["thread"]["author"] == {"handle": "Nell"}, "the token decides who posts"


def test_a_bad_token_beside_a_good_cookie_is_refused_not_ignored(browser):
    answer = browser.get(f"{API}/me", headers={"Authorization": "Bearer no-such-token"})
    assert_error(answer, 401, "invalid_token")


def test_another_sessions_csrf_token_is_refused(app, browser, personas):
    other = app.test_client()
    other_token = cookie_login(app, other, personas["newcomer"])
    answer = browser.post(f"{API}/boards/alcohol/threads", json={"title": "t", "body": "b"},
                          headers={"X-CSRFToken": other_token})
    assert_error(answer, 400, "csrf_failed")


def test_a_password_change_ends_the_cookie_session(app, browser):
    with app.app_context():
        change_password(find_user("SamRiver"), PASSWORD, "a brand new passphrase 9")
    assert_error(browser.get(f"{API}/me"), 401, "unauthorized")
    answer = browser.post(f"{API}/boards/alcohol/threads", json={"title": "t", "body": "b"},
                          headers={"X-CSRFToken": browser.csrf})
    assert_error(answer, 401, "unauthorized")
