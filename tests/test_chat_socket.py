"""Live chat over Socket.IO: who may connect, joining, sending, catching up, bad input."""
import pytest

from clients import emit, received
from forum.extensions import db
from forum.models import ChatMessage


def _joined(chat, persona, room="lobby"):
    connection = chat(persona)
    answer = emit(connection, "join", {"room": room})
    assert answer["ok"], answer
    return connection


def test_anonymous_connection_is_refused(app):
    from forum.extensions import socketio

    connection = socketio.test_client(app, namespace="/chat")
    assert not connection.is_connected("/chat")


def test_a_bad_token_is_refused(app, chat):
    assert not chat("member", auth={"token": "not-a-token"}).is_connected("/chat")


def test_two_members_talk_and_the_sender_gets_the_broadcast_too(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    answer = emit(sam, "send", {"room": "lobby", "body": "Hello **Nell**, welcome"})
    assert answer["ok"], answer
    message = answer["message"]
    assert message["body_html"] == "Hello <strong>Nell</strong>, welcome"
    assert message["author"] == {"handle": "SamRiver"} and message["room"] == "lobby"
    assert received(nell, "message") == [message]
    assert received(sam, "message") == [message]


def test_join_answers_history_and_presence(chat):
    sam = _joined(chat, "member")
    emit(sam, "send", {"room": "lobby", "body": "first"})
    nell = chat("newcomer")
    answer = emit(nell, "join", {"room": "lobby"})
    assert [m["body_html"] for m in answer["history"]] == ["first"]
    assert answer["present"] == ["Nell", "SamRiver"]
    assert {"room": "lobby", "count": 2, "joined": ["Nell"], "left": [],
            "present": ["Nell", "SamRiver"]} in received(sam, "presence")


def test_an_acknowledged_message_is_stored(app, chat):
    sam = _joined(chat, "member")
    answer = emit(sam, "send", {"room": "lobby", "body": "stored before the ack"})
    with app.app_context():
        stored = db.session.get(ChatMessage, answer["message"]["id"])
        assert stored.body_source == "stored before the ack"


def test_catch_up_returns_what_was_missed(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    last_seen = emit(sam, "send", {"room": "lobby", "body": "one"})["message"]["id"]
    nell.disconnect(namespace="/chat")
    emit(sam, "send", {"room": "lobby", "body": "two"})
    emit(sam, "send", {"room": "lobby", "body": "three"})
    back = _joined(chat, "newcomer")
    answer = emit(back, "catch_up", {"room": "lobby", "after": last_seen})
    assert [m["body_html"] for m in answer["messages"]] == ["two", "three"]


@pytest.mark.parametrize("event, payload, code", [
    ("join", "lobby", "bad_payload"),
    ("join", ["lobby"], "bad_payload"),
    ("join", None, "bad_payload"),
    ("join", {}, "unknown_room"),
    ("join", {"room": 7}, "unknown_room"),
    ("join", {"room": "no-such-room"}, "not_found"),
    ("send", {"room": "newcomers", "body": "not joined"}, "not_joined"),
    ("send", {"room": "lobby", "body": ""}, "required"),
    ("send", {"room": "lobby", "body": "   "}, "required"),
    ("send", {"room": "lobby", "body": 42}, "required"),
    ("send", {"room": "lobby", "body": "x" * 2001}, "too_long"),
    ("send", {"room": "lobby"}, "required"),
    ("catch_up", {"room": "lobby", "after": "abc"}, "invalid"),
    ("catch_up", {"room": "lobby"}, "invalid"),
    ("leave", {"room": "newcomers"}, "not_joined"),
    ("flag", {"id": 999999, "reason": "harassment"}, "not_found"),
])
def test_bad_input_gets_an_error_ack_and_the_connection_lives_on(app, chat, event, payload, code):
    sam = _joined(chat, "member")
    answer = emit(sam, event, payload)
    assert answer["ok"] is False and answer["error"]["code"] == code, answer
    assert answer["error"]["message"]
    assert sam.is_connected("/chat")
    assert emit(sam, "send", {"room": "lobby", "body": "still here"})["ok"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 1


def test_message_markup_is_sanitised_inline_only(chat):
    sam = _joined(chat, "member")
    answer = emit(sam, "send", {"room": "lobby",
                                "body": "# big\n<script>alert(1)</script> [x](javascript:alert(1))"})
    html = answer["message"]["body_html"]
    assert "<h" not in html and "<script" not in html and "javascript:" not in html.replace(
        "[x](javascript:alert(1))", "")


def test_leave_stops_broadcasts_and_updates_presence(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    assert emit(nell, "leave", {"room": "lobby"})["ok"]
    assert {"room": "lobby", "count": 1, "joined": [], "left": ["Nell"],
            "present": ["SamRiver"]} in received(sam, "presence")
    received(nell, "message")
    emit(sam, "send", {"room": "lobby", "body": "after you left"})
    assert received(nell, "message") == []


def test_disconnect_updates_presence(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    received(sam, "presence")
    nell.disconnect(namespace="/chat")
    assert {"room": "lobby", "count": 1, "joined": [], "left": ["Nell"],
            "present": ["SamRiver"]} in received(sam, "presence")


def test_typing_is_broadcast_to_others_at_most_every_two_seconds(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    assert emit(sam, "typing", {"room": "lobby"})["ok"]
    assert emit(sam, "typing", {"room": "lobby"})["ok"]
    assert received(nell, "typing") == [{"room": "lobby", "handle": "SamRiver"}]
    assert received(sam, "typing") == []
