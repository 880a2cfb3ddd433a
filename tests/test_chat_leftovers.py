"""Chat odds and ends an attacker tried: ids no row can have, events that do not exist, and
presence entries of a process that died without saying goodbye."""
import json
import logging
import secrets
import time

import pytest
import redis

from clients import emit
from forum.models.base import MAX_ID
from forum.services.presence import RedisPresence


def _joined(chat, persona="member", room="lobby"):
    connection = chat(persona)
    assert emit(connection, "join", {"room": room})["ok"]
    return connection


@pytest.mark.parametrize("event, payload, field", [
    ("catch_up", {"room": "lobby", "after": 2**70}, "after"),
    ("catch_up", {"room": "lobby", "after": MAX_ID + 1}, "after"),
    ("catch_up", {"room": "lobby", "after": -1}, "after"),
    ("flag", {"id": 2**70, "reason": "harassment"}, "id"),
    ("flag", {"id": 0, "reason": "harassment"}, "id"),
    ("remove_message", {"id": 2**64}, "id"),
    ("remove_message", {"id": 1.5}, "id"),
])
def test_an_id_no_row_can_have_is_a_clear_validation_error_and_logs_nothing(
        chat, caplog, event, payload, field):
    sam = _joined(chat)
    with caplog.at_level(logging.WARNING):
        answer = emit(sam, event, payload)
    assert answer["ok"] is False, answer
    assert answer["error"]["code"] == "invalid" and answer["error"]["field"] == field
    assert "id" in answer["error"]["message"]
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == [], \
        "a bad id is the member's mistake, not ours: nothing to log"
    assert sam.is_connected("/chat")


def test_catch_up_after_the_largest_id_answers_nothing_new(chat):
    sam = _joined(chat)
    emit(sam, "send", {"room": "lobby", "body": "hello"})
    assert emit(sam, "catch_up", {"room": "lobby", "after": MAX_ID}) == {"ok": True,
                                                                          "messages": []}
    assert len(emit(sam, "catch_up", {"room": "lobby", "after": 0})["messages"]) == 1


@pytest.mark.parametrize("event", ["no_such_event", "message", "presence", "Join"])
def test_an_unknown_event_gets_an_error_acknowledgement(chat, event):
    sam = _joined(chat)
    answer = emit(sam, event, {"room": "lobby"})
    assert answer["ok"] is False and answer["error"]["code"] == "unknown_event", answer
    assert event in answer["error"]["message"]
    assert sam.is_connected("/chat")


# --- presence in Redis: every key expires, and a dead process's members leave ---------------

@pytest.fixture
def redis_prefix(services):
    """A key prefix of this test's own; its keys are removed afterwards."""
    prefix = f"forumtest{secrets.token_hex(4)}"
    yield prefix
    client = redis.Redis.from_url(services.redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_every_presence_key_in_redis_has_a_time_to_live(services, redis_prefix):
    store = RedisPresence(services.redis_url, redis_prefix)
    store.join("lobby", "sid-1", 1, "SamRiver")
    store.join("newcomers", "sid-1", 1, "SamRiver")
    client = redis.Redis.from_url(services.redis_url)
    keys = list(client.scan_iter(match=f"{redis_prefix}:*"))
    assert keys, "presence is kept in Redis"
    assert all(0 < client.ttl(key) <= 60 for key in keys), {k: client.ttl(k) for k in keys}
    assert store.present("lobby") == ["SamRiver"]
    client.close()


def test_members_of_a_process_that_died_leave_the_room_and_its_keys_expire(services,
                                                                          redis_prefix):
    dead = RedisPresence(services.redis_url, redis_prefix, stale_after=2)
    alive = RedisPresence(services.redis_url, redis_prefix, stale_after=2)
    dead.join("lobby", "sid-dead", 1, "GoneQuiet")
    alive.join("lobby", "sid-alive", 2, "StillHere")
    assert alive.present("lobby") == ["GoneQuiet", "StillHere"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # `dead` never beats again, as after a kill -9
        alive.heartbeat()
        if alive.present("lobby") == ["StillHere"]:
            break
        time.sleep(0.5)
    assert alive.present("lobby") == ["StillHere"]
    assert alive.sids_of("lobby", {1, 2}) == ["sid-alive"]
    time.sleep(2.5)
    alive.heartbeat()
    client = redis.Redis.from_url(services.redis_url)
    left = {key.decode(): client.type(key).decode()
            for key in client.scan_iter(match=f"{redis_prefix}:*")}
    assert not [key for key in left if dead.instance in key], left
    instances = client.hgetall(f"{redis_prefix}:presence:instances")
    assert dead.instance.encode() not in instances
    assert json.dumps(sorted(left))  # only the live process's keys are left
    client.close()
