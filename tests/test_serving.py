"""The production recipe of contract.md serves: FORUM_ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app

Run as in production: `forum db upgrade` and `forum seed` on an empty database, then gunicorn.
Once on SQLite; once on PostgreSQL with Redis as the Socket.IO message queue and rate-limit
storage (the `services` fixture: skipped without them, a failure under FORUM_REQUIRE_SERVICES=1).
"""
import time

import pytest
import redis
import requests

from servers import BIN, free_port, run_forum, running, server_env
from tempdb import fresh_postgres_database

DEFAULT_BOARDS = 12  # the 11 discussion boards and the daily check-in board


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def production_env(request, tmp_path):
    """The environment of a production server on an empty database."""
    if request.param == "sqlite":
        yield server_env(f"sqlite:///{tmp_path / 'production.sqlite3'}", FORUM_ASYNC_MODE="gevent")
        return
    services = request.getfixturevalue("services")
    with fresh_postgres_database(services.database_url, "forum_serving") as url:
        yield server_env(url, FORUM_ASYNC_MODE="gevent", REDIS_URL=services.redis_url)


def assert_listens_on_the_message_queue(redis_url: str, timeout: float = 10) -> None:
    """The server subscribed to its Socket.IO channel on Redis, so processes share chat."""
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    try:
        while not client.pubsub_channels("*socketio*"):
            assert time.monotonic() < deadline, "no process listens on the Redis message queue"
            time.sleep(0.2)
    finally:
        client.close()


def test_gunicorn_gevent_serves_the_forum(production_env, tmp_path):
    run_forum("db", "upgrade", env=production_env)
    assert "Added" in run_forum("seed", env=production_env).stdout
    port = free_port()
    command = [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
               "--graceful-timeout", "5", "wsgi:app"]
    with running(command, production_env, port, tmp_path / "gunicorn.log") as server:
        home = requests.get(server.base_url + "/", timeout=10)
        assert home.status_code == 200, home.text[:500]
        boards = requests.get(server.base_url + "/api/v1/boards", timeout=10)
        assert boards.status_code == 200, boards.text[:500]
        assert len(boards.json()["boards"]) == DEFAULT_BOARDS
        # Socket.IO answers through the gevent worker: an Engine.IO handshake opens a session.
        handshake = requests.get(server.base_url + "/socket.io/",
                                 params={"EIO": "4", "transport": "polling"}, timeout=10)
        assert handshake.status_code == 200, handshake.text[:500]
        assert handshake.text.startswith("0") and '"sid"' in handshake.text, handshake.text
        if "REDIS_URL" in production_env:
            assert_listens_on_the_message_queue(production_env["REDIS_URL"])
        assert server.stop() == 0, server.log()
    assert "Booting worker" in server.log()


CREATE_MEMBER = """
import sys
from forum import create_app
from forum.services.accounts.members import create_account
with create_app().app_context():
    create_account(sys.argv[1], sys.argv[2])
"""
PASSWORD = "a long enough passphrase 42"
DEVELOPMENT_WARNING = "development server"


def test_forum_run_serves_pages_and_websocket_chat_with_gevent(tmp_path):
    """`forum run` is the production server: pages, and Socket.IO over a real WebSocket."""
    import subprocess
    import sys

    import socketio

    env = server_env(f"sqlite:///{tmp_path / 'run.sqlite3'}")
    port = free_port()
    with running([str(BIN / "forum"), "run", "--port", str(port)], env, port,
                 tmp_path / "forum-run.log") as server:
        subprocess.run([sys.executable, "-c", CREATE_MEMBER, PASSWORD, "RunChecker"], env=env,
                       check=True, timeout=60)
        page = requests.get(server.base_url + "/boards/newcomers", timeout=10)
        assert page.status_code == 200 and "Newcomers" in page.text
        token = requests.post(server.base_url + "/api/v1/tokens",
                              json={"handle": "RunChecker", "password": PASSWORD}, timeout=10)
        assert token.status_code == 201, token.text
        client = socketio.Client(reconnection=False)
        client.connect(server.base_url, namespaces=["/chat"], transports=["websocket"],
                       auth={"token": token.json()["token"]}, wait_timeout=10)
        try:
            assert client.transport() == "websocket"
            joined = client.call("join", {"room": "lobby"}, namespace="/chat", timeout=10)
            assert joined["ok"] and "RunChecker" in joined["present"], joined
            sent = client.call("send", {"room": "lobby", "body": "Hello from gevent"},
                               namespace="/chat", timeout=10)
            assert sent["ok"] and sent["message"]["body_html"] == "Hello from gevent", sent
        finally:
            client.disconnect()
        assert server.stop() == 0, server.log()
    log = server.log()
    assert f"The forum is at http://127.0.0.1:{port}/ (Ctrl+C stops it)." in log.splitlines()
    assert DEVELOPMENT_WARNING not in log.lower() and "werkzeug" not in log.lower(), log
    assert "Traceback" not in log, log


def test_forum_run_prints_an_openable_address_for_a_wildcard_bind():
    from forum.serving import gevent_server_command, open_address

    assert open_address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert open_address("localhost", 5000) == "http://localhost:5000/"
    assert open_address("::1", 5000) == "http://[::1]:5000/"
    command = gevent_server_command("127.0.0.1", 5000)
    assert command[command.index("--worker-class") + 1] == "gevent"
    assert command[command.index("--workers") + 1] == "1"
    assert command[-1] == "forum:create_app()"
