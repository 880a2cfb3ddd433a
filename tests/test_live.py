"""Live events (forum/services/live.py) go out when the change they announce is committed, in
the order they were queued, and never when it is rolled back; a chat window whose session or
token ends hears why before it is closed."""
from forum.extensions import db
from forum.services import live
from forum.services.accounts.handles import find_user
from forum.services.notifications import notify

from clients import emit, received
from personas import PASSWORD


def _notices(connection) -> list:
    return [n for n in received(connection, "notice") if n.get("code") != "degraded"]


def test_an_event_queued_in_a_transaction_that_rolls_back_is_never_sent(app, chat, personas):
    sam = chat("member")
    _notices(sam)
    with app.app_context():
        channel = live.member_channel(find_user(personas["member"]).id)
        live.emit_on_commit("notice", {"code": "test", "message": "taken back"}, to=channel)
        db.session.rollback()
        db.session.commit()  # a later commit must not send what the rollback dropped
    assert _notices(sam) == []


def test_nothing_is_sent_before_the_commit_and_everything_in_order_after_it(app, chat, personas):
    sam = chat("member")
    _notices(sam)
    with app.app_context():
        channel = live.member_channel(find_user(personas["member"]).id)
        live.emit_on_commit("notice", {"code": "first", "message": "1"}, to=channel)
        live.emit_on_commit("notice", {"code": "second", "message": "2"}, to=channel)
        assert _notices(sam) == []
        db.session.commit()
    assert [n["code"] for n in _notices(sam)] == ["first", "second"]


def test_a_later_event_with_the_same_key_replaces_the_earlier_one(app, chat, personas):
    sam = chat("member")
    _notices(sam)
    with app.app_context():
        channel = live.member_channel(find_user(personas["member"]).id)
        for count in (1, 2, 3):
            live.emit_on_commit("notice", {"code": "count", "message": str(count)}, to=channel,
                                key="count")
        db.session.commit()
    assert [n["message"] for n in _notices(sam)] == ["3"]


def test_a_notification_tells_its_member_live_with_the_id_it_was_stored_under(app, chat,
                                                                             personas):
    sam = chat("member")
    _notices(sam)
    with app.app_context():
        note = notify(find_user(personas["member"]).id, "reply", "Someone answered you.")
        db.session.commit()
        note_id = note.id
    assert _notices(sam) == [{"code": "reply", "id": note_id, "message": "Someone answered you."}]


def test_a_room_hears_a_lock_from_the_service_itself_once_it_is_committed(app, chat):
    mo, sam = chat("moderator"), chat("member")
    for connection in (mo, sam):
        assert emit(connection, "join", {"room": "lobby"})["ok"]
        received(connection, "room_state")
    assert emit(mo, "lock", {"room": "lobby", "locked": True})["ok"]
    assert received(sam, "room_state")[-1]["locked"] is True
    refused = emit(mo, "lock", {"room": "lobby", "locked": "yes"})
    assert refused["error"]["field"] == "locked"
    assert received(sam, "room_state") == []  # refused, so nothing changed and nothing was said


def test_a_chat_window_whose_token_ends_is_told_it_is_signed_out_then_closed(app, api, chat,
                                                                           personas):
    answer = api.client.post("/api/v1/tokens", json={"handle": personas["member"],
                                                     "password": PASSWORD})
    other_device = chat("member", auth={"token": answer.json["token"]})
    assert emit(other_device, "join", {"room": "lobby"})["ok"]
    assert api.delete("/me/sessions", "member").json == {"ended": 1}
    assert not other_device.is_connected("/chat")
    notices = [e["args"][0] for e in other_device.queue if e["name"] == "notice"]
    assert notices[-1]["code"] == "signed_out"
    assert "log in again" in notices[-1]["message"]
