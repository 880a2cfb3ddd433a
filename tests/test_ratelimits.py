"""Rate limits: sign-up and tokens answer 429 past their limits, keyed on a daily keyed hash of the
address (never the address), switched off by FORUM_RATE_LIMITS=off, and shared through Redis by
every server process."""
import json
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from forum.config import Config
from forum.extensions import db
from forum.models import User
from forum.ratelimits import client_key, hash_address
from forum.services.accounts.members import create_account
from forum.services.seeding import seed_defaults
from personas import PASSWORD
from test_api_errors import assert_error

LIMITS = {"SIGNUP_LIMIT": "2 per hour", "LOGIN_LIMIT": "3 per minute"}


def fresh_address() -> str:
    """A documentation-range address no other test uses, so counters never mix."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


def with_schema(app):
    """Create the tables and default boards, as the `app` fixture does; answer the app."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.drop_all()
        db.create_all()
        seed_defaults()
        create_account(PASSWORD, "SamRiver")
    return app


def users(app) -> int:
    """How many accounts exist."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


@pytest.fixture
def limited(make_app):
    """An app with rate limits on and small limits, and a client from one fresh address."""
    app = with_schema(make_app(RATELIMIT_ENABLED=True, **LIMITS))
    app.address = fresh_address()
    return app


def client_from(app, address: str):
    """A test client whose requests come from this address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_sign_up_past_its_limit_answers_429_in_the_error_shape(limited):
    client = client_from(limited, limited.address)
    for _ in range(2):
        assert client.post("/api/v1/accounts", json={"password": PASSWORD}).status_code == 201
    before = users(limited)
    refused = client.post("/api/v1/accounts", json={"password": PASSWORD})
    assert_error(refused, 429, "rate_limited")
    assert refused.json["error"]["retry_after"] >= 1
    assert int(refused.headers["Retry-After"]) >= 1
    assert users(limited) == before


def test_tokens_past_their_limit_answer_429_even_for_the_right_password(limited):
    client = client_from(limited, limited.address)
    for _ in range(3):
        wrong = client.post("/api/v1/tokens", json={"handle": "SamRiver", "password": "nope"})
        assert wrong.status_code == 401
    right = client.post("/api/v1/tokens", json={"handle": "SamRiver", "password": PASSWORD})
    assert_error(right, 429, "rate_limited")


def test_each_address_has_its_own_count(limited):
    first, second = client_from(limited, limited.address), client_from(limited, fresh_address())
    for _ in range(2):
        first.post("/api/v1/accounts", json={"password": PASSWORD})
    assert first.post("/api/v1/accounts", json={"password": PASSWORD}).status_code == 429
    assert second.post("/api/v1/accounts", json={"password": PASSWORD}).status_code == 201


def test_the_limiter_key_is_a_keyed_hash_that_changes_every_day(app):
    address = "203.0.113.77"
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        key = client_key()
    assert key.startswith("ip:") and address not in key and "203" not in key
    secret = app.config["ADDRESS_HASH_KEY"]
    today = hash_address(address, secret, "2026-03-01")
    assert key[3:] == hash_address(address, secret)
    assert today == hash_address(address, secret, "2026-03-01"), "stable within a day"
    assert today != hash_address(address, secret, "2026-03-02"), "rotates with the day"
    assert today != hash_address(address, "another secret", "2026-03-01"), "keyed by the secret"
    assert today != hash_address("203.0.113.78", secret, "2026-03-01")


@pytest.mark.parametrize("value, enabled", [("off", False), ("0", False), ("false", False),
                                            ("on", True), ("1", True)])
def test_forum_rate_limits_in_the_environment_turns_limits_on_and_off(monkeypatch, tmp_path,
                                                                      value, enabled):
    monkeypatch.setenv("FORUM_RATE_LIMITS", value)
    assert Config(str(tmp_path)).RATELIMIT_ENABLED is enabled


def test_with_limits_off_nothing_is_limited(make_app):
    app = with_schema(make_app(RATELIMIT_ENABLED=False, **LIMITS))
    client = client_from(app, fresh_address())
    for _ in range(5):
        assert client.post("/api/v1/accounts", json={"password": PASSWORD}).status_code == 201
        assert client.post("/api/v1/tokens", json={"handle": "SamRiver",
                                                   "password": "nope"}).status_code == 401


# --- several processes share one limit through Redis --------------------------------------

SECOND_PROCESS = textwrap.dedent("""
    import json, sys
    from forum import create_app
    from forum.config import TestConfig
    instance, database_url, redis_url, address, count = sys.argv[1:6]
    config = TestConfig(instance, database_url, redis_url)
    config.RATELIMIT_ENABLED, config.LOGIN_LIMIT = True, {login_limit!r}
    client = create_app(config).test_client()
    client.environ_base["REMOTE_ADDR"] = address
    print(json.dumps([client.post("/api/v1/tokens", json={{"handle": "SamRiver",
                      "password": "nope"}}).status_code for _ in range(int(count))]))
""")


def tokens_from_another_process(tmp_path, services, address: str, count: int) -> list[int]:
    """Ask for `count` tokens from a second server process; answer the status codes."""
    code = SECOND_PROCESS.format(login_limit=LIMITS["LOGIN_LIMIT"])
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "second"), services.database_url,
         services.redis_url, address, str(count)],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_processes_share_one_limit_through_redis(make_app, services, tmp_path):
    from redis import Redis

    app = with_schema(make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=services.redis_url,
                               **LIMITS))
    address = fresh_address()
    hashed = hash_address(address, app.config["ADDRESS_HASH_KEY"])
    redis = Redis.from_url(services.redis_url)
    try:
        here = client_from(app, address)
        assert here.post("/api/v1/tokens", json={"handle": "SamRiver",
                                                 "password": "nope"}).status_code == 401
        assert tokens_from_another_process(tmp_path, services, address, 3) == [401, 401, 429]
        assert_error(here.post("/api/v1/tokens", json={"handle": "SamRiver",
                                                       "password": PASSWORD}), 429, "rate_limited")
        assert list(redis.scan_iter(match=f"*{hashed}*")), "the counter lives in Redis"
    finally:
        for key in redis.scan_iter(match=f"*{hashed}*"):  # only this test's counters
            redis.delete(key)
        redis.close()
