"""Chat against real server processes, driven by the python-socketio client as an app would.

One gunicorn gevent server (the production recipe) on SQLite for two members talking, a
reconnect with catch-up, a flood, and a foreign origin. Then two servers sharing PostgreSQL and
Redis: a message sent on one reaches a member on the other, and presence spans both.
"""
import subprocess
import sys
import threading

import pytest
import requests
import socketio

from servers import (free_port, gunicorn_gevent, run_forum, running, server_env,
                     two_servers_sharing)

PASSWORD = "a long enough passphrase 42"


_gunicorn = gunicorn_gevent  # the other server tests start theirs alike


MEMBERS = ["SamLive", "NellLive", "SamAgain", "NellAgain", "FastFingers", "OriginCheck"]
CREATE_MEMBERS = """
import sys
from forum import create_app
from forum.services.accounts.members import create_account
with create_app().app_context():
    for handle in sys.argv[2:]:
        create_account(sys.argv[1], handle)
"""


def _create_members(env: dict, handles: list[str]) -> None:
    """Create members straight in the database (sign-up's own limit stays on in the server)."""
    subprocess.run([sys.executable, "-c", CREATE_MEMBERS, PASSWORD, *handles], env=env,
                   check=True, timeout=60)


def _member(base_url: str, handle: str, sign_up: bool = False) -> str:
    """A bearer token for the member (signing them up through the API first if asked)."""
    if sign_up:
        made = requests.post(base_url + "/api/v1/accounts",
                             json={"password": PASSWORD, "handle": handle}, timeout=10)
        assert made.status_code == 201, made.text
    token = requests.post(base_url + "/api/v1/tokens", json={"handle": handle, "password": PASSWORD},
                          timeout=10)
    assert token.status_code == 201, token.text
    return token.json()["token"]


class Member:
    """A python-socketio client connected to /chat, recording what it receives."""

    def __init__(self, base_url: str, token: str, **connect_options):
        self.client = socketio.Client(reconnection=False)
        self.messages: list[dict] = []
        self.presence: list[dict] = []
        self._arrived = threading.Condition()
        self.client.on("message", self._on_message, namespace="/chat")
        self.client.on("presence", self._on_presence, namespace="/chat")
        self.client.connect(base_url, namespaces=["/chat"], auth={"token": token},
                            transports=["websocket"], wait_timeout=10, **connect_options)

    def _on_message(self, message):
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()

    def _on_presence(self, event):
        with self._arrived:
            self.presence.append(event)
            self._arrived.notify_all()

    def call(self, event: str, payload: dict) -> dict:
        """Emit and wait for the acknowledgement."""
        return self.client.call(event, payload, namespace="/chat", timeout=10)

    def wait_for(self, predicate, timeout: float = 10):
        """Wait until predicate(self) is true; fail after timeout."""
        with self._arrived:
            assert self._arrived.wait_for(lambda: predicate(self), timeout), (
                f"waited {timeout} s: messages={self.messages} presence={self.presence}")

    def close(self):
        """Disconnect."""
        self.client.disconnect()


@pytest.fixture(scope="module")
def one_server(tmp_path_factory):
    """A production-style server on a fresh SQLite database, rate limits on, shared by the
    tests of this module (each uses members of its own)."""
    folder = tmp_path_factory.mktemp("chat-server")
    env = server_env(f"sqlite:///{folder / 'chat.sqlite3'}", FORUM_ASYNC_MODE="gevent")
    run_forum("db", "upgrade", env=env)
    run_forum("seed", env=env)
    _create_members(env, MEMBERS)
    port = free_port()
    with running(_gunicorn(port), env, port, folder / "server.log") as server:
        yield server


def test_two_members_talk_through_a_real_server(one_server):
    sam = Member(one_server.base_url, _member(one_server.base_url, "SamLive"))
    nell = Member(one_server.base_url, _member(one_server.base_url, "NellLive"))
    try:
        assert sam.call("join", {"room": "lobby"})["ok"]
        joined = nell.call("join", {"room": "lobby"})
        assert joined["present"] == ["NellLive", "SamLive"]
        sent = sam.call("send", {"room": "lobby", "body": "Hi *Nell*"})
        assert sent["ok"], sent
        nell.wait_for(lambda m: any(x["id"] == sent["message"]["id"] for x in m.messages))
        assert nell.messages[-1]["body_html"] == "Hi <em>Nell</em>"
        reply = nell.call("send", {"room": "lobby", "body": "Hi Sam, thanks"})
        sam.wait_for(lambda m: any(x["id"] == reply["message"]["id"] for x in m.messages))
    finally:
        sam.close()
        nell.close()


def test_a_member_who_reconnects_catches_up_on_what_they_missed(one_server):
    url = one_server.base_url
    sam_token, nell_token = _member(url, "SamAgain"), _member(url, "NellAgain")
    sam, nell = Member(url, sam_token), Member(url, nell_token)
    try:
        sam.call("join", {"room": "lobby"})
        nell.call("join", {"room": "lobby"})
        seen = sam.call("send", {"room": "lobby", "body": "before the tunnel"})["message"]["id"]
        nell.wait_for(lambda m: m.messages)
        nell.close()
        missed = [sam.call("send", {"room": "lobby", "body": f"missed {i}"})["message"]["id"]
                  for i in range(3)]
        nell = Member(url, nell_token)
        assert nell.call("join", {"room": "lobby"})["ok"]
        caught = nell.call("catch_up", {"room": "lobby", "after": seen})
        assert [m["id"] for m in caught["messages"]] == missed
    finally:
        sam.close()
        nell.close()


def test_a_flood_is_limited_and_no_acknowledged_message_is_lost(one_server):
    url = one_server.base_url
    token = _member(url, "FastFingers")
    sam = Member(url, token)
    try:
        sam.call("join", {"room": "lobby"})
        answers = [sam.call("send", {"room": "lobby", "body": f"flood {i}"}) for i in range(15)]
        acked = [a["message"]["id"] for a in answers if a["ok"]]
        refused = [a["error"] for a in answers if not a["ok"]]
        assert len(acked) == 10 and len(refused) == 5
        assert all(r["code"] == "rate_limited" and r["retry_after"] >= 1 for r in refused)
        stored = requests.get(url + "/api/v1/chat/rooms/lobby/messages?limit=200",
                              headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        assert [m["id"] for m in stored["messages"] if m["author"]["handle"] == "FastFingers"] == acked
        assert sam.client.connected
    finally:
        sam.close()


def test_connections_from_a_foreign_origin_are_refused(one_server):
    token = _member(one_server.base_url, "OriginCheck")
    with pytest.raises(socketio.exceptions.ConnectionError):
        Member(one_server.base_url, token, headers={"Origin": "http://elsewhere.example"})
    # The websocket client sends the server's own origin by itself, which is accepted:
    same = Member(one_server.base_url, token)
    assert same.client.connected
    same.close()


def test_anonymous_connections_are_refused_by_a_real_server(one_server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(one_server.base_url, namespaces=["/chat"], transports=["websocket"],
                       wait_timeout=10)


def test_two_server_processes_share_messages_and_presence(services, tmp_path):
    with two_servers_sharing(services, tmp_path, "forum_chat") as (server_a, server_b, _env):
        sam = Member(server_a.base_url, _member(server_a.base_url, "SamOnA", sign_up=True))
        nell = Member(server_b.base_url, _member(server_b.base_url, "NellOnB", sign_up=True))
        try:
            assert sam.call("join", {"room": "lobby"})["present"] == ["SamOnA"]
            assert nell.call("join", {"room": "lobby"})["present"] == ["NellOnB", "SamOnA"]
            sam.wait_for(lambda m: any(p.get("present") == ["NellOnB", "SamOnA"]
                                       and p["joined"] == ["NellOnB"] and p["count"] == 2
                                       for p in m.presence))
            sent = sam.call("send", {"room": "lobby", "body": "across processes"})
            nell.wait_for(lambda m: any(x["id"] == sent["message"]["id"] for x in m.messages))
            nell.close()
            sam.wait_for(lambda m: m.presence[-1] == {"room": "lobby", "present": ["SamOnA"],
                                                      "count": 1, "joined": [],
                                                      "left": ["NellOnB"]})
        finally:
            sam.close()
            nell.close()
