"""Live over /chat for the boards: `thread_post` to members with a thread open who may see it,
and `notification_count` to a member's own connections when their unread count changes."""
from clients import emit
from test_api_interact import HELD_BODY, approve_only_item
from test_api_threads import open_thread, reply, set_status
from forum.models import Thread


def heard(connection) -> list[tuple[str, dict]]:
    """Every event the connection got since last asked, as (name, payload)."""
    return [(e["name"], e["args"] if isinstance(e["args"], dict) else e["args"][0])
            for e in connection.get_received("/chat")]


def of(events, name: str) -> list[dict]:
    return [payload for event, payload in events if event == name]


def test_a_new_reply_reaches_members_with_the_thread_open(api, chat):
    thread_id = open_thread(api)["thread"]["id"]
    watching, elsewhere = chat("mentor"), chat("troll")
    answer = emit(watching, "watch_thread", {"thread_id": thread_id})
    assert answer == {"ok": True, "thread_id": thread_id}
    heard(watching), heard(elsewhere)
    post = reply(api, thread_id, "newcomer")
    assert of(heard(watching), "thread_post") == [{"thread_id": thread_id, "post_id": post["id"]}]
    assert of(heard(elsewhere), "thread_post") == []
    assert emit(watching, "unwatch_thread", {"thread_id": thread_id}) == {"ok": True}
    reply(api, thread_id, "newcomer", body="Again.")
    assert of(heard(watching), "thread_post") == []


def test_a_held_reply_is_announced_only_once_published(api, chat):
    thread_id = open_thread(api)["thread"]["id"]
    watching = chat("mentor")
    emit(watching, "watch_thread", {"thread_id": thread_id})
    heard(watching)
    held = api.post(f"/threads/{thread_id}/posts", "newcomer", json={"body": HELD_BODY}).json
    assert of(heard(watching), "thread_post") == []
    approve_only_item(api)
    assert of(heard(watching), "thread_post") == [
        {"thread_id": thread_id, "post_id": held["post"]["id"]}]


def test_watching_a_thread_one_cannot_see_is_not_found_like_a_missing_one(api, app, chat):
    thread_id = open_thread(api)["thread"]["id"]
    set_status(app, Thread, thread_id, "pending")
    other = chat("troll")
    for payload in ({"thread_id": thread_id}, {"thread_id": 999999}, {"thread_id": 2**40}):
        answer = emit(other, "watch_thread", payload)
        assert answer["ok"] is False and answer["error"]["code"] == "not_found"
    for bad in ({}, {"thread_id": "7"}, {"thread_id": True}, None, []):
        answer = emit(other, "watch_thread", bad)
        assert answer["ok"] is False and answer["error"]["code"] in ("invalid", "bad_payload")
    # The author (who may see their held thread) can watch it.
    assert emit(chat("member"), "watch_thread", {"thread_id": thread_id})["ok"] is True


def test_the_unread_count_follows_each_change_on_the_members_own_connections(api, chat):
    thread_id = open_thread(api)["thread"]["id"]
    sam, other = chat("member"), chat("troll")
    heard(sam), heard(other)
    reply(api, thread_id, "newcomer")
    assert of(heard(sam), "notification_count") == [{"unread": 1}]
    reply(api, thread_id, "mentor", body="Hello")
    assert of(heard(sam), "notification_count") == [{"unread": 2}]
    assert of(heard(other), "notification_count") == []
    assert api.post("/me/notifications/read", "member").status_code == 204
    assert of(heard(sam), "notification_count") == [{"unread": 0}]
