"""Secrets: a server outside development refuses a short or default SECRET_KEY with one clear
line; the generated key is fine; and addresses are hashed with a key of their own, derived
from SECRET_KEY with a label, so the session key never keys the address hashes itself."""
import hashlib
import hmac
import subprocess

import pytest

from forum import create_app
from forum.config import Config, WeakSecretKey
from forum.ratelimits import client_key, hash_address
from servers import BIN, PROJECT, server_env

WEAK = ["x", "secret", "changeme", "dev", "a" * 64, "0123456789" * 4,
        "please-change-this-secret-key-now"]


def _clean_env(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "FLASK_DEBUG", "DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'forum.sqlite3'}")


@pytest.mark.parametrize("weak", WEAK)
def test_a_production_app_refuses_a_short_or_default_secret_key(monkeypatch, tmp_path, weak):
    _clean_env(monkeypatch, tmp_path)
    monkeypatch.setenv("SECRET_KEY", weak)
    with pytest.raises(WeakSecretKey) as refused:
        create_app(Config(str(tmp_path / "instance")))
    message = str(refused.value)
    assert "SECRET_KEY" in message and "\n" not in message
    assert weak not in message or len(weak) <= 6, "the key itself is never printed"


def test_a_strong_key_from_the_environment_and_the_generated_key_are_accepted(monkeypatch,
                                                                              tmp_path):
    _clean_env(monkeypatch, tmp_path)
    monkeypatch.setenv("SECRET_KEY", "k7Qz2LmP9xWv4RtY8sBn3JhG6fDc1aEu")
    assert create_app(Config(str(tmp_path / "a"))).config["SECRET_KEY"].startswith("k7Qz")
    monkeypatch.delenv("SECRET_KEY")
    generated = create_app(Config(str(tmp_path / "b")))
    assert len(generated.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "b" / "secret_key").read_text().strip() == generated.config["SECRET_KEY"]


def test_development_and_tests_may_use_any_key(monkeypatch, tmp_path):
    _clean_env(monkeypatch, tmp_path)
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app(Config(str(tmp_path / "instance"))).config["SECRET_KEY"] == "x"


def test_forum_run_with_a_weak_key_exits_with_one_clear_line(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'forum.sqlite3'}")
    env["SECRET_KEY"] = "x"
    done = subprocess.run([str(BIN / "forum"), "run", "--port", "1"], env=env, cwd=PROJECT,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    output = (done.stdout + done.stderr).strip()
    assert "Traceback" not in output, output
    assert len(output.splitlines()) == 1 and "SECRET_KEY" in output, output


def test_addresses_are_hashed_with_a_key_of_their_own(app):
    secret = app.config["SECRET_KEY"]
    address_key = app.config["ADDRESS_HASH_KEY"]
    assert isinstance(address_key, bytes) and len(address_key) == 32
    assert address_key != secret.encode() and secret.encode() not in address_key
    with app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        key = client_key()
    assert key == "ip:" + hash_address("203.0.113.9", address_key)
    day = hash_address("203.0.113.9", address_key, "2026-03-01")
    # Neither the session key itself nor the old "SECRET_KEY + day" derivation gives the hash:
    for keyed_by in (secret.encode(),
                     hmac.new(secret.encode(), b"ratelimit:2026-03-01", hashlib.sha256).digest()):
        assert hmac.new(keyed_by, b"203.0.113.9", hashlib.sha256).hexdigest()[:32] != day


def test_gunicorn_with_a_weak_key_stops_instead_of_retrying(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'forum.sqlite3'}", FORUM_ASYNC_MODE="gevent")
    env["SECRET_KEY"] = "changeme"
    done = subprocess.run([str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b",
                           "127.0.0.1:0", "wsgi:app"], env=env, cwd=PROJECT,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "refusing to start: SECRET_KEY" in output and "Traceback" not in output, output
    assert "Worker failed to boot" in output
