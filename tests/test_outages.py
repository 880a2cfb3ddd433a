"""A bad day: Redis or the database goes away under a running forum.

Redis: a redis-server of the test's own on a free port (the shared one is never stopped) is
stopped under a real gunicorn gevent server; members still log in (pages and API) and chat,
chat says it is degraded, the log says why once, and everything goes back to Redis when it
returns. A server started while Redis is unreachable starts without a traceback.
The database: an app pointed at a closed port answers 503 with Retry-After, for pages and the
API (in the error shape) and on the chat socket; connections the database ended are replaced.
"""
import os
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
import redis
import requests
from sqlalchemy.engine import make_url

from clients import csrf_token_from, emit
from forum import create_app
from forum import config as forum_config
from forum.extensions import db
from servers import BIN, free_port, run_forum, running, server_env
from test_chat_live import Member, _create_members, _gunicorn, _member, PASSWORD

# --- the database ------------------------------------------------------------------------------


@pytest.fixture
def no_database(tmp_path):
    """An app whose PostgreSQL is not there: nothing listens on its port."""
    app = create_app(forum_config.TestConfig(str(tmp_path / "instance"),
                                             f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/forum"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/api/v1/boards", None), ("GET", "/api/v1/threads/1", None),
    ("POST", "/api/v1/tokens", {"handle": "SamRiver", "password": PASSWORD}),
    ("POST", "/api/v1/accounts", {"password": PASSWORD}),
])
def test_the_api_answers_503_with_retry_after_when_the_database_is_away(no_database, caplog,
                                                                       method, path, body):
    answer = no_database.test_client().open(path, method=method, json=body)
    assert answer.status_code == 503, answer.get_data(as_text=True)[:300]
    assert int(answer.headers["Retry-After"]) >= 1
    error = answer.json["error"]
    assert error["code"] == "unavailable" and error["retry_after"] >= 1 and error["message"]
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("path", ["/", "/threads/1", "/boards/alcohol", "/chat"])
def test_pages_answer_503_with_retry_after_when_the_database_is_away(no_database, path):
    answer = no_database.test_client().get(path)
    assert answer.status_code == 503
    assert int(answer.headers["Retry-After"]) >= 1
    assert "catching its breath" in answer.text and "Need help now?" in answer.text


def test_a_login_while_the_database_is_away_is_503_not_500(no_database):
    client = no_database.test_client()
    page = client.get("/login")  # the form itself needs no database
    assert page.status_code == 200
    answer = client.post("/login", data={"handle": "SamRiver", "password": PASSWORD,
                                         "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) >= 1


def test_the_log_says_once_that_the_database_is_away(no_database, caplog):
    client = no_database.test_client()
    for _ in range(5):
        assert client.get("/api/v1/boards").status_code == 503
    lines = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("The database is unreachable"), lines


def test_connections_the_database_ended_are_replaced(services, make_app):
    app = make_app()
    client = app.test_client()
    assert client.get("/api/v1/boards").status_code == 200
    url = make_url(services.database_url)
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as admin:
        ended = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                              "datname = %s AND pid <> pg_backend_pid()", (url.database,)).fetchall()
    assert ended, "the app's connections were ended"
    answer = client.get("/api/v1/boards")
    assert answer.status_code in (200, 503), answer.status_code
    assert client.get("/api/v1/boards").status_code == 200


def test_a_chat_event_while_the_database_is_away_says_unavailable(app, api, chat, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from forum.services.chat import messages as chat_service

    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["ok"]

    def away(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(chat_service, "send_message", away)
    answer = emit(sam, "send", {"room": "lobby", "body": "hello?"})
    assert answer["ok"] is False and answer["error"]["code"] == "unavailable"
    assert answer["error"]["retry_after"] >= 1
    assert sam.is_connected("/chat")


# --- Redis ---------------------------------------------------------------------------------------

def _redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    message = "redis-server is not installed: this test starts a Redis of its own"
    if os.environ.get("FORUM_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def own_redis(port: int):
    """A redis-server of this test's own on a loopback port, nothing saved to disk."""
    process = subprocess.Popen([_redis_server_binary(), "--port", str(port), "--bind",
                                "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield process
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


def _stop(process) -> None:
    process.terminate()
    process.wait(timeout=10)


def _page_login(base_url: str, handle: str) -> int:
    browser = requests.Session()
    page = browser.get(base_url + "/login", timeout=10)
    answer = browser.post(base_url + "/login", data={
        "handle": handle, "password": PASSWORD, "csrf_token": csrf_token_from(page.text)},
        timeout=10, allow_redirects=False)
    return answer.status_code


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.5)


class Notices:
    """The `notice` events one chat member receives."""

    def __init__(self, member: Member):
        self.seen: list[dict] = []
        self._lock = threading.Lock()
        member.client.on("notice", self._on_notice, namespace="/chat")

    def _on_notice(self, notice):
        with self._lock:
            self.seen.append(notice)

    def codes(self) -> list[str]:
        with self._lock:
            return [n["code"] for n in self.seen]


def test_redis_stopping_under_a_running_server_degrades_and_comes_back(tmp_path):
    port = free_port()
    with own_redis(port) as redis_process:
        redis_url = f"redis://127.0.0.1:{port}/0"
        env = server_env(f"sqlite:///{tmp_path / 'forum.sqlite3'}", FORUM_ASYNC_MODE="gevent",
                         REDIS_URL=redis_url)
        run_forum("db", "upgrade", env=env)
        run_forum("seed", env=env)
        _create_members(env, ["SamLive", "NellLive"])
        web = free_port()
        with running(_gunicorn(web), env, web, tmp_path / "server.log") as server:
            url = server.base_url
            sam = Member(url, _member(url, "SamLive"))
            notices = Notices(sam)
            assert sam.call("join", {"room": "lobby"})["ok"]
            assert redis.Redis(port=port).keys("forum:presence:*"), "presence lives in Redis"
            _stop(redis_process)

            assert _page_login(url, "NellLive") == 302
            token = requests.post(url + "/api/v1/tokens", json={"handle": "NellLive",
                                                                "password": PASSWORD}, timeout=10)
            assert token.status_code == 201, token.text
            sent = [sam.call("send", {"room": "lobby", "body": f"still here {i}"})
                    for i in range(3)]
            assert all(answer["ok"] for answer in sent), sent
            sam.wait_for(lambda m: len([x for x in m.messages if "still here" in x["body_html"]])
                         == 3)
            _wait_for(lambda: "degraded" in notices.codes(), 10, "the degraded notice")
            assert notices.codes().count("degraded") == 1, notices.seen
            for _ in range(5):
                assert requests.get(url + "/api/v1/boards", timeout=10).status_code == 200
            log = server.log()
            assert log.count("Redis is unreachable") == 1, log
            assert "Traceback" not in log and "Cannot publish to redis" not in log, log

            with own_redis(port):
                back = redis.Redis(port=port)

                def returned() -> bool:
                    requests.post(url + "/api/v1/tokens", json={"handle": "NellLive",
                                                               "password": "wrong"}, timeout=10)
                    sam.call("send", {"room": "lobby", "body": "and back"})
                    return bool(back.keys("forum:presence:*")) and bool(back.keys("*LIMITER*")) \
                        and "Redis is back" in server.log()
                _wait_for(returned, 45, "presence, rate limits and the log to return to Redis")
                back.close()
                sam.close()
        assert "Traceback" not in server.log(), server.log()


def test_a_server_started_while_redis_is_unreachable_serves_without_a_traceback(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'forum.sqlite3'}", FORUM_ASYNC_MODE="gevent",
                     REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    run_forum("db", "upgrade", env=env)
    run_forum("seed", env=env)
    _create_members(env, ["SamLive"])
    web = free_port()
    with running(_gunicorn(web), env, web, tmp_path / "server.log") as server:
        assert _page_login(server.base_url, "SamLive") == 302
        sam = Member(server.base_url, _member(server.base_url, "SamLive"))
        assert sam.call("join", {"room": "lobby"})["ok"]
        assert sam.call("send", {"room": "lobby", "body": "hello"})["ok"]
        sam.close()
        log = server.log()
    assert "Traceback" not in log, log
    assert log.count("Redis is unreachable") == 1, log
