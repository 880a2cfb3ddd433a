"""Waiting for SQLite's write lock never freezes a gevent chat server (issue 16): the wait is a
cooperative sleep between tries, not SQLite's busy wait inside C."""
import sqlite3
import threading
import time

import pytest

from forum import embedded_database
from forum.embedded_database import CooperativeConnection
from servers import free_port, gunicorn_gevent, run_forum, running, server_env

HOLD_SECONDS = 2.0


def _hold_write_lock(path, seconds: float) -> threading.Thread:
    """Another connection (a command, a second process) takes the write lock for `seconds`."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")

    def release():
        time.sleep(seconds)
        holder.execute("COMMIT")
        holder.close()
    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_write_waits_for_the_lock_and_then_succeeds(tmp_path):
    path = tmp_path / "w.sqlite3"
    writer = sqlite3.connect(path, factory=CooperativeConnection, timeout=0)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE notes (body TEXT)")
    writer.commit()
    released = _hold_write_lock(path, 0.3)
    started = time.monotonic()
    writer.cursor().execute("INSERT INTO notes VALUES ('after the lock')")
    writer.commit()
    assert time.monotonic() - started >= 0.25
    released.join()
    assert writer.execute("SELECT body FROM notes").fetchall() == [("after the lock",)]


def test_a_write_gives_up_as_locked_once_its_patience_runs_out(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded_database, "BUSY_SECONDS", 0.2)
    path = tmp_path / "w.sqlite3"
    writer = sqlite3.connect(path, factory=CooperativeConnection, timeout=0)
    writer.execute("CREATE TABLE notes (body TEXT)")
    writer.commit()
    released = _hold_write_lock(path, 1.0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        writer.cursor().execute("INSERT INTO notes VALUES ('too late')")
    released.join()


def test_while_another_process_holds_the_write_lock_chat_keeps_delivering(tmp_path):
    from test_chat_live import Member, _create_members, _member  # a real python-socketio client

    database = tmp_path / "chat.sqlite3"
    env = server_env(f"sqlite:///{database}", FORUM_ASYNC_MODE="gevent")
    run_forum("db", "upgrade", env=env)
    run_forum("seed", env=env)
    _create_members(env, ["SamWaits", "NellTalks", "PatReads"])
    port = free_port()
    with running(gunicorn_gevent(port), env, port, tmp_path / "server.log") as server:
        sam, nell, pat = (Member(server.base_url, _member(server.base_url, handle))
                          for handle in ("SamWaits", "NellTalks", "PatReads"))
        typing = []
        pat.client.on("typing", typing.append, namespace="/chat")
        try:
            for member in (sam, nell, pat):
                assert member.call("join", {"room": "lobby"})["ok"]
            released = _hold_write_lock(database, HOLD_SECONDS)
            started = time.monotonic()
            sent = {}
            sender = threading.Thread(target=lambda: sent.update(
                sam.call("send", {"room": "lobby", "body": "after the lock"})))
            sender.start()
            time.sleep(0.3)  # Sam's message is now waiting for the lock
            # Meanwhile the same process answers and delivers: a read, and a typing event.
            assert nell.call("catch_up", {"room": "lobby", "after": 0})["ok"]
            nell.client.emit("typing", {"room": "lobby"}, namespace="/chat")
            pat.wait_for(lambda _m: typing, timeout=HOLD_SECONDS / 2)
            assert time.monotonic() - started < HOLD_SECONDS * 0.8, "the server froze"
            assert not sent, "the message was stored while the lock was held"
            sender.join(timeout=15)
            released.join()
            assert sent.get("ok"), sent
            assert time.monotonic() - started >= HOLD_SECONDS * 0.9
            pat.wait_for(lambda m: any(x["id"] == sent["message"]["id"] for x in m.messages))
        finally:
            for member in (sam, nell, pat):
                member.close()
