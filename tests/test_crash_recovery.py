"""kill -9 under load: members chat through a gunicorn gevent server, the server's whole process
group is killed with SIGKILL mid-conversation, a new server starts on the same database, and
every message that was acknowledged before the kill is in the room's history.

Once on SQLite; once on PostgreSQL with Redis (the `services` fixture). Rate limits are off
(FORUM_RATE_LIMITS=off, as for load tests on loopback) so the members can send as fast as the
server acknowledges; the load is bounded in members and time.
"""
import gc
import os
import signal
import subprocess
import threading
import time

import pytest
import requests
import socketio

from servers import PROJECT, free_port, run_forum, server_env
from tempdb import fresh_postgres_database
from test_chat_live import Member, _create_members, _gunicorn, _member

MEMBERS = [f"Crash{i:02d}" for i in range(8)]
CHATTING_SECONDS = 3


@pytest.fixture(params=["sqlite", "postgresql+redis"])
def crash_env(request, tmp_path):
    if request.param == "sqlite":
        yield server_env(f"sqlite:///{tmp_path / 'crash.sqlite3'}", FORUM_ASYNC_MODE="gevent",
                         FORUM_RATE_LIMITS="off")
        return
    services = request.getfixturevalue("services")
    with fresh_postgres_database(services.database_url, "forum_crash") as url:
        yield server_env(url, FORUM_ASYNC_MODE="gevent", FORUM_RATE_LIMITS="off",
                         REDIS_URL=services.redis_url,
                         FORUM_REDIS_PREFIX=f"forumcrash{os.getpid()}")


def _start(env: dict, port: int, log_path) -> subprocess.Popen:
    """gunicorn in a process group of its own, so SIGKILL reaches master and worker at once."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(_gunicorn(port), env=env, cwd=PROJECT, stdout=log,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, open(log_path).read()
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/boards", timeout=5)
            return process
        except requests.RequestException:
            assert time.monotonic() < deadline, open(log_path).read()
            time.sleep(0.2)


def _chat_until_stopped(member: Member, name: str, acked: list, stop: threading.Event):
    """Send as fast as acknowledgements come; keep the id of every acknowledged message."""
    count = 0
    while not stop.is_set():
        try:
            answer = member.call("send", {"room": "lobby", "body": f"{name} says {count}"})
        except (socketio.exceptions.SocketIOError, OSError):
            return  # the server is gone: what was acknowledged is what counts
        if answer.get("ok"):
            acked.append(answer["message"]["id"])
        count += 1


def _history_ids(base_url: str, token: str) -> set[int]:
    """Every message id in the lobby's history, paging back from the newest."""
    ids, before = set(), None
    while True:
        params = {"limit": 200, **({"before": before} if before else {})}
        page = requests.get(base_url + "/api/v1/chat/rooms/lobby/messages", params=params,
                            headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        batch = [m["id"] for m in page["messages"]]
        if not batch:
            return ids
        ids.update(batch)
        before = min(batch)


# The killed server leaves the clients' sockets half-open; they are reclaimed whenever the
# garbage collector gets to them, which is no fault of the forum's.
@pytest.mark.filterwarnings("ignore::ResourceWarning",
                            "ignore::pytest.PytestUnraisableExceptionWarning")
def test_every_acknowledged_message_survives_a_kill_9(crash_env, tmp_path):
    run_forum("db", "upgrade", env=crash_env)
    run_forum("seed", env=crash_env)
    _create_members(crash_env, MEMBERS)
    port = free_port()
    server = _start(crash_env, port, tmp_path / "before.log")
    url = f"http://127.0.0.1:{port}"
    try:
        members = [Member(url, _member(url, name)) for name in MEMBERS]
        for member in members:
            assert member.call("join", {"room": "lobby"})["ok"]
        acked: list[int] = []
        stop = threading.Event()
        threads = [threading.Thread(target=_chat_until_stopped, args=(m, n, acked, stop))
                   for m, n in zip(members, MEMBERS)]
        for thread in threads:
            thread.start()
        time.sleep(CHATTING_SECONDS)
        os.killpg(server.pid, signal.SIGKILL)  # mid-conversation, master and worker alike
        server.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        for member in members:
            member.client.disconnect()
        del members, threads
        gc.collect()  # reclaim the half-open sockets now, where their warning is expected
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
    assert len(acked) > 20, f"only {len(acked)} messages were acknowledged before the kill"

    port = free_port()
    again = _start(crash_env, port, tmp_path / "after.log")
    try:
        url = f"http://127.0.0.1:{port}"
        stored = _history_ids(url, _member(url, MEMBERS[0]))
        missing = sorted(set(acked) - stored)
        assert not missing, f"{len(missing)} of {len(acked)} acknowledged messages were lost"
    finally:
        again.terminate()
        again.wait(timeout=15)
