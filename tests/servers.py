"""Real server processes for tests: start one on a free loopback port, wait for it, stop it."""
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # console scripts (forum, gunicorn) pip installed beside python
# A server refuses a short or plain key; every test server of one run shares this random one.
SERVER_SECRET_KEY = secrets.token_hex(32)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict:
    """This environment minus any forum settings, plus the given database and settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("FORUM_") and k not in {"DATABASE_URL", "REDIS_URL"}}
    # SECRET_KEY is set so no key file is written into the project's instance/ folder.
    env.update(DATABASE_URL=database_url, SECRET_KEY=SERVER_SECRET_KEY,
               PYTHONUNBUFFERED="1", **extra)
    return env


@dataclass
class Server:
    """A running server: its address, process and combined output log."""

    base_url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text()

    def stop(self, timeout: float = 15) -> int:
        """Ask the server to stop (SIGTERM, as a service manager would); answer its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                pytest.fail(f"the server ignored SIGTERM for {timeout} s:\n{self.log()}")
        return self.process.returncode


def _wait_until_serving(server: Server, timeout: float) -> None:
    """Poll until the server answers HTTP at all; fail with its log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}:\n{server.log()}")
        try:
            requests.get(server.base_url + "/api/v1/boards", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or still loading the app
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {timeout} s:\n{server.log()}")


# A server starting while CI's test processes share two cores has taken over 30 s to load.
STARTING_SECONDS = 60


@contextmanager
def running(command: list[str], env: dict, port: int, log_path: Path,
            timeout: float = STARTING_SECONDS) -> Iterator[Server]:
    """Start a server from the project folder, yield it once it answers, stop it afterwards."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, env=env, cwd=PROJECT, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_serving(server, timeout)
        yield server
    finally:
        server.stop()


def run_forum(*args: str, env: dict) -> subprocess.CompletedProcess:
    """Run `forum ARGS` to completion; fail with its output if it fails."""
    done = subprocess.run([str(BIN / "forum"), *args], env=env, cwd=PROJECT, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, f"forum {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


def gunicorn_gevent(port: int) -> list[str]:
    """The production recipe: one gevent worker serving the forum on this loopback port."""
    return [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
            "--graceful-timeout", "3", "wsgi:app"]


@contextmanager
def two_servers_sharing(services, tmp_path: Path, name: str) -> Iterator[tuple[Server, Server, dict]]:
    """Two gunicorn gevent processes over one fresh PostgreSQL database (migrated and seeded)
    and the run's Redis under a prefix of their own, as behind a sticky load balancer; with the
    environment they run in, for `forum` commands beside them."""
    from tempdb import fresh_postgres_database

    prefix = f"forumtest{secrets.token_hex(4)}"
    with fresh_postgres_database(services.database_url, name) as database_url:
        env = server_env(database_url, FORUM_ASYNC_MODE="gevent", REDIS_URL=services.redis_url,
                         FORUM_REDIS_PREFIX=prefix)
        run_forum("db", "upgrade", env=env)
        run_forum("seed", env=env)
        port_a, port_b = free_port(), free_port()
        with running(gunicorn_gevent(port_a), env, port_a, tmp_path / "a.log") as server_a, \
                running(gunicorn_gevent(port_b), env, port_b, tmp_path / "b.log") as server_b:
            yield server_a, server_b, env
