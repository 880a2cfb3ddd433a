"""Rate limits that follow the account, not only the address: wrong passwords and recovery
codes for one member neither lock out another member behind the same address nor stop
counting when the attacker changes address; behind FORUM_TRUSTED_PROXIES hops each client is
its own address; and joining chat rooms is limited, since each join is broadcast."""
import secrets

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from clients import csrf_token_from, emit
from forum.config import Config
from forum.services.accounts.members import create_account
from personas import PASSWORD
from test_api_errors import assert_error
from test_ratelimits import client_from, fresh_address, with_schema

FAILURES_PER_ACCOUNT = 10  # the default: README "Limits"


@pytest.fixture
def limited(make_app):
    """Rate limits on, at their defaults."""
    app = with_schema(make_app(RATELIMIT_ENABLED=True))
    with app.app_context():
        create_account(PASSWORD, "NellNewcomer")
    return app


def token(client, handle: str, password: str):
    return client.post("/api/v1/tokens", json={"handle": handle, "password": password})


def test_wrong_passwords_for_one_member_do_not_lock_out_another_at_the_same_address(limited):
    shared = client_from(limited, fresh_address())  # one café, one address
    for _ in range(FAILURES_PER_ACCOUNT):
        assert token(shared, "SamRiver", "not sams password").status_code == 401
    assert token(shared, "NellNewcomer", PASSWORD).status_code == 201
    assert token(shared, "nellnewcomer", PASSWORD).status_code == 201


def test_an_attacker_changing_address_still_cannot_guess_one_members_password(limited):
    for _ in range(FAILURES_PER_ACCOUNT):
        attacker = client_from(limited, fresh_address())
        assert token(attacker, "SamRiver", "guess").status_code == 401
    elsewhere = client_from(limited, fresh_address())
    assert_error(token(elsewhere, "SamRiver", "guess"), 429, "rate_limited")
    assert_error(token(elsewhere, "samriver", PASSWORD), 429, "rate_limited")  # case is one account
    assert token(elsewhere, "NellNewcomer", PASSWORD).status_code == 201


def test_right_passwords_do_not_count_against_the_account(limited):
    for _ in range(FAILURES_PER_ACCOUNT + 2):
        assert token(client_from(limited, fresh_address()), "SamRiver", PASSWORD).status_code == 201


def test_the_login_page_and_the_api_share_the_accounts_count(limited):
    browser = client_from(limited, fresh_address())
    for _ in range(FAILURES_PER_ACCOUNT - 1):
        page = browser.get("/login")
        wrong = browser.post("/login", data={"handle": "SamRiver", "password": "nope",
                                             "csrf_token": csrf_token_from(page.text)})
        assert wrong.status_code == 200 and "don&#39;t match" in wrong.text
    assert token(client_from(limited, fresh_address()), "SamRiver", "nope").status_code == 401
    page = browser.get("/login")
    refused = browser.post("/login", data={"handle": "SamRiver", "password": PASSWORD,
                                           "csrf_token": csrf_token_from(page.text)})
    assert refused.status_code == 429


def test_wrong_recovery_codes_count_against_the_account(limited):
    for _ in range(FAILURES_PER_ACCOUNT):
        browser = client_from(limited, fresh_address())
        page = browser.get("/recover")
        answer = browser.post("/recover", data={
            "handle": "SamRiver", "code": "AAAAA-BBBBB", "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase", "csrf_token": csrf_token_from(page.text)})
        assert answer.status_code == 200
    assert_error(token(client_from(limited, fresh_address()), "SamRiver", PASSWORD), 429,
                 "rate_limited")


# --- behind a proxy --------------------------------------------------------------------------

@pytest.mark.parametrize("value, hops", [(None, 0), ("0", 0), ("1", 1), ("2", 2)])
def test_forum_trusted_proxies_is_read_from_the_environment(monkeypatch, tmp_path, value, hops):
    if value is None:
        monkeypatch.delenv("FORUM_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("FORUM_TRUSTED_PROXIES", value)
    assert Config(str(tmp_path)).TRUSTED_PROXIES == hops


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_a_trusted_proxies_setting_that_is_not_a_count_is_refused(monkeypatch, tmp_path, value):
    monkeypatch.setenv("FORUM_TRUSTED_PROXIES", value)
    with pytest.raises(ValueError, match="FORUM_TRUSTED_PROXIES"):
        Config(str(tmp_path))


def test_behind_one_trusted_proxy_each_client_has_its_own_count(make_app):
    app = with_schema(make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1,
                               LOGIN_LIMIT="2 per minute", ACCOUNT_LIMIT="50 per minute"))
    assert isinstance(app.wsgi_app, ProxyFix)
    proxy = client_from(app, "10.0.0.5")  # every request arrives from the proxy
    first, second = fresh_address(), fresh_address()
    for _ in range(2):
        assert proxy.post("/api/v1/tokens", json={"handle": "SamRiver", "password": "x"},
                          headers={"X-Forwarded-For": first}).status_code == 401
    assert proxy.post("/api/v1/tokens", json={"handle": "SamRiver", "password": "x"},
                      headers={"X-Forwarded-For": first}).status_code == 429
    assert proxy.post("/api/v1/tokens", json={"handle": "SamRiver", "password": PASSWORD},
                      headers={"X-Forwarded-For": second}).status_code == 201


def test_without_trusted_proxies_a_forwarded_header_changes_nothing(make_app):
    app = with_schema(make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT="2 per minute",
                               ACCOUNT_LIMIT="50 per minute"))
    client = client_from(app, fresh_address())
    for _ in range(2):
        client.post("/api/v1/tokens", json={"handle": "SamRiver", "password": "x"},
                    headers={"X-Forwarded-For": fresh_address()})
    assert client.post("/api/v1/tokens", json={"handle": "SamRiver", "password": PASSWORD},
                       headers={"X-Forwarded-For": fresh_address()}).status_code == 429


# --- chat joins ------------------------------------------------------------------------------

def test_joining_rooms_too_often_is_rate_limited(make_app, tmp_path):
    from forum.extensions import socketio

    app = with_schema(make_app(RATELIMIT_ENABLED=True, CHAT_JOIN_LIMIT=(3, 60),
                               REDIS_KEY_PREFIX=f"forumtest{secrets.token_hex(4)}"))
    api = app.test_client()
    api.environ_base["REMOTE_ADDR"] = fresh_address()
    bearer = api.post("/api/v1/tokens", json={"handle": "SamRiver", "password": PASSWORD})
    connection = socketio.test_client(app, namespace="/chat", auth={"token": bearer.json["token"]})
    answers = [emit(connection, "join", {"room": room})
               for room in ("lobby", "newcomers", "lobby", "newcomers")]
    assert [a["ok"] for a in answers] == [True, True, True, False]
    refused = answers[-1]["error"]
    assert refused["code"] == "rate_limited" and refused["retry_after"] >= 1
    assert connection.is_connected("/chat")
    connection.disconnect(namespace="/chat")
