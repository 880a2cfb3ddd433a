"""The production recipe of contract.md serves: FORUM_ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app

Run as in production: `forum db upgrade` and `forum seed` on an empty database, then gunicorn.
Once on SQLite; once on PostgreSQL with Redis as the Socket.IO message queue and rate-limit
storage (the `services` fixture: skipped without them, a failure under FORUM_REQUIRE_SERVICES=1).
"""
import pytest
import requests

from servers import BIN, free_port, run_forum, running, server_env
from tempdb import fresh_postgres_database

DEFAULT_BOARDS = 11


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def production_env(request, tmp_path):
    """The environment of a production server on an empty database."""
    if request.param == "sqlite":
        yield server_env(f"sqlite:///{tmp_path / 'production.sqlite3'}", FORUM_ASYNC_MODE="gevent")
        return
    services = request.getfixturevalue("services")
    with fresh_postgres_database(services.database_url, "forum_serving") as url:
        yield server_env(url, FORUM_ASYNC_MODE="gevent", REDIS_URL=services.redis_url)


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
        # Socket.IO's transport answers through the gevent worker (and Redis when configured).
        handshake = requests.get(server.base_url + "/socket.io/",
                                 params={"EIO": "4", "transport": "polling"}, timeout=10)
        assert handshake.status_code in (200, 400), handshake.text[:500]
        assert server.stop() == 0, server.log()
    assert "Booting worker" in server.log()
