"""Chat over HTTP: the room list, history paging, flags, and blocks."""
import pytest

from clients import emit
from forum.extensions import db
from forum.models import Block, Flag


def _say(chat, persona, *bodies):
    connection = chat(persona)
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    return [emit(connection, "send", {"room": "lobby", "body": b})["message"]["id"] for b in bodies]


def test_rooms_list_the_lobby_newcomers_and_meetings(api):
    rooms = api.get("/chat/rooms").json["rooms"]
    by_slug = {r["slug"]: r for r in rooms}
    assert list(by_slug)[:2] == ["lobby", "newcomers"]
    assert by_slug["lobby"]["kind"] == "open" and by_slug["lobby"]["in_session"] is True
    meeting = by_slug["evening-meeting"]
    assert meeting["kind"] == "meeting" and len(meeting["timetable"]) == 7
    assert meeting["next_meeting"]


def test_history_pages_back_with_before_and_limit(api, chat):
    ids = _say(chat, "member", *[f"m{i}" for i in range(7)])
    latest = api.get("/chat/rooms/lobby/messages?limit=3", "newcomer").json["messages"]
    assert [m["id"] for m in latest] == ids[-3:]
    older = api.get(f"/chat/rooms/lobby/messages?limit=3&before={ids[-3]}", "newcomer").json
    assert [m["id"] for m in older["messages"]] == ids[-6:-3]
    assert set(older["messages"][0]) == {"id", "room", "author", "body_html", "created_at"}


@pytest.mark.parametrize("query, status", [
    ("?limit=0", 422), ("?limit=201", 422), ("?limit=abc", 422), ("?before=-1", 422),
    ("?before=x", 422)])
def test_bad_history_queries_get_a_clear_error(api, query, status):
    answer = api.get("/chat/rooms/lobby/messages" + query, "member")
    assert answer.status_code == status and answer.json["error"]["message"]


def test_history_needs_a_member_and_a_real_room(api):
    assert api.get("/chat/rooms/lobby/messages").status_code == 401
    assert api.get("/chat/rooms/nowhere/messages", "member").status_code == 404


def test_flagging_a_message_over_http(app, api, chat):
    [message_id] = _say(chat, "troll", "nobody here is really sober, admit it")
    answer = api.post(f"/chat/messages/{message_id}/flags", "member",
                      json={"reason": "identifying-info", "note": "moving contact off-site"})
    assert answer.status_code == 201, answer.json
    again = api.post(f"/chat/messages/{message_id}/flags", "member", json={"reason": "sourcing"})
    assert again.status_code == 422 and again.json["error"]["code"] == "already_flagged"
    assert api.post(f"/chat/messages/{message_id}/flags", "newcomer",
                    json={"reason": "nope"}).status_code == 422
    assert api.post("/chat/messages/999/flags", "member",
                    json={"reason": "other"}).status_code == 404
    assert api.post(f"/chat/messages/{message_id}/flags", json={"reason": "other"}).status_code == 401
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_blocking_hides_messages_both_ways_and_can_be_undone(app, api, chat):
    assert api.post("/me/blocks", "newcomer", json={"handle": "trobridge"}).status_code == 201
    assert api.post("/me/blocks", "newcomer", json={"handle": "TroBridge"}).status_code == 201
    assert api.get("/me/blocks", "newcomer").json == {"blocks": ["TroBridge"]}
    _say(chat, "troll", "hello everyone")
    assert api.get("/chat/rooms/lobby/messages", "newcomer").json["messages"] == []
    assert len(api.get("/chat/rooms/lobby/messages", "member").json["messages"]) == 1
    assert api.delete("/me/blocks/TroBridge", "newcomer").status_code == 204
    assert len(api.get("/chat/rooms/lobby/messages", "newcomer").json["messages"]) == 1
    assert api.delete("/me/blocks/TroBridge", "newcomer").status_code == 404


@pytest.mark.parametrize("handle, status, code", [
    ("Nell", 422, "own_account"), ("MoKeeper", 422, "moderator"), ("Nobody", 404, "not_found"),
    (None, 404, "not_found"), (5, 404, "not_found")])
def test_blocks_that_cannot_be(app, api, handle, status, code):
    answer = api.post("/me/blocks", "newcomer", json={"handle": handle})
    assert answer.status_code == status and answer.json["error"]["code"] == code
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Block)) == 0


def test_blocking_from_the_chat(chat, api):
    nell = chat("newcomer")
    assert emit(nell, "block", {"handle": "TroBridge"}) == {"ok": True, "blocked": "TroBridge"}
    assert api.get("/me/blocks", "newcomer").json == {"blocks": ["TroBridge"]}
