"""Chat protection and moderation: limits, slow mode, lock, mute, removal, blocks, meetings,
flags, and members who lose the right to send on every open connection at once."""
import json
from datetime import timedelta

import pytest

from clients import csrf_token_from, emit, received
from personas import PASSWORD
from forum.extensions import db
from forum.models import Block, ChatMessage, Flag, ModerationItem, Room
from forum.models.base import utcnow
from forum.services.accounts.handles import find_user


def _joined(chat, persona, room="lobby"):
    connection = chat(persona)
    assert emit(connection, "join", {"room": room})["ok"]
    return connection


def _count(app, model):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_flood_is_limited_with_retry_after_and_nothing_acknowledged_is_lost(make_app, personas):
    from clients import Api
    from forum.extensions import socketio
    from forum.services.seeding import seed_defaults
    from forum.services.accounts.members import create_account

    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        seed_defaults()
        create_account(PASSWORD, "FloodSam")
    token = Api(app, {}).token("FloodSam")
    connection = socketio.test_client(app, namespace="/chat", auth={"token": token})
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    answers = [emit(connection, "send", {"room": "lobby", "body": f"m{i}"}) for i in range(12)]
    acked = [a["message"]["id"] for a in answers if a["ok"]]
    refused = [a["error"] for a in answers if not a["ok"]]
    assert len(acked) == 10
    assert refused[0]["code"] == "rate_limited" and 1 <= refused[0]["retry_after"] <= 10
    notices = received(connection, "notice")
    assert notices and notices[0]["code"] == "rate_limited" and notices[0]["retry_after"] >= 1
    with app.app_context():
        stored = db.session.scalars(db.select(ChatMessage.id)).all()
    assert sorted(stored) == sorted(acked)
    connection.disconnect(namespace="/chat")


def test_slow_mode_set_by_a_moderator_applies_to_members(chat):
    mo, sam = _joined(chat, "moderator"), _joined(chat, "member")
    assert emit(mo, "slow_mode", {"room": "lobby", "seconds": 30})["slow_mode_seconds"] == 30
    assert {"room": "lobby", "locked": False, "slow_mode_seconds": 30, "in_session": True,
            "next_meeting": None} in received(sam, "room_state")
    assert emit(sam, "send", {"room": "lobby", "body": "one"})["ok"]
    second = emit(sam, "send", {"room": "lobby", "body": "two"})
    assert second["error"]["code"] == "slow_mode" and second["error"]["retry_after"] > 0
    assert emit(mo, "send", {"room": "lobby", "body": "moderators are exempt"})["ok"]
    assert emit(mo, "send", {"room": "lobby", "body": "still exempt"})["ok"]


@pytest.mark.parametrize("event, payload", [
    ("slow_mode", {"room": "lobby", "seconds": 10}),
    ("lock", {"room": "lobby", "locked": True}),
    ("mute", {"room": "lobby", "handle": "Nell", "minutes": 5}),
])
@pytest.mark.parametrize("persona", ["member", "mentor", "troll"])
def test_members_cannot_use_room_tools(chat, persona, event, payload):
    answer = emit(_joined(chat, persona), event, payload)
    assert answer["ok"] is False and answer["error"]["code"] == "forbidden"


@pytest.mark.parametrize("payload", [
    {"room": "lobby", "seconds": -1}, {"room": "lobby", "seconds": 301},
    {"room": "lobby", "seconds": "10"}, {"room": "lobby", "seconds": True}])
def test_slow_mode_values_are_checked(chat, payload):
    answer = emit(_joined(chat, "moderator"), "slow_mode", payload)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid"


def test_a_locked_room_refuses_members_but_not_moderators(chat):
    mo, sam = _joined(chat, "moderator"), _joined(chat, "member")
    assert emit(mo, "lock", {"room": "lobby", "locked": True})["locked"] is True
    refused = emit(sam, "send", {"room": "lobby", "body": "hello?"})
    assert refused["error"]["code"] == "room_locked"
    assert emit(mo, "send", {"room": "lobby", "body": "We'll reopen soon."})["ok"]
    emit(mo, "lock", {"room": "lobby", "locked": False})
    assert emit(sam, "send", {"room": "lobby", "body": "thanks"})["ok"]


def test_a_muted_member_is_told_and_cannot_send_in_that_room(chat):
    mo, tro = _joined(chat, "moderator"), _joined(chat, "troll")
    assert emit(tro, "join", {"room": "newcomers"})["ok"]
    answer = emit(mo, "mute", {"room": "lobby", "handle": "TroBridge", "minutes": 10})
    assert answer["ok"], answer
    assert [n["code"] for n in received(tro, "notice")] == ["muted"]
    assert emit(tro, "send", {"room": "lobby", "body": "hey"})["error"]["code"] == "muted"
    assert emit(tro, "send", {"room": "newcomers", "body": "other rooms are fine"})["ok"]


def test_moderators_cannot_be_muted_and_unknown_handles_are_not_found(chat):
    mo = _joined(chat, "moderator")
    assert emit(mo, "mute", {"room": "lobby", "handle": "AdaGarden", "minutes": 5})["error"]["code"] == "forbidden"
    assert emit(mo, "mute", {"room": "lobby", "handle": "Nobody", "minutes": 5})["error"]["code"] == "not_found"


def test_a_removed_message_disappears_from_every_client_and_history(chat):
    sam, nell, mo = _joined(chat, "member"), _joined(chat, "newcomer"), _joined(chat, "moderator")
    message = emit(sam, "send", {"room": "lobby", "body": "remove me"})["message"]
    member_try = emit(nell, "remove_message", {"id": message["id"]})
    assert member_try["error"]["code"] == "forbidden"
    assert emit(mo, "remove_message", {"id": message["id"]})["ok"]
    assert received(nell, "message_removed") == [{"id": message["id"], "room": "lobby"}]
    assert received(sam, "message_removed") == [{"id": message["id"], "room": "lobby"}]
    assert emit(_joined(chat, "mentor"), "join", {"room": "lobby"})["history"] == []


def test_blocked_members_messages_are_hidden_from_the_member_who_blocked(app, chat):
    with app.app_context():
        db.session.add(Block(blocker_id=find_user("Nell").id, blocked_id=find_user("TroBridge").id))
        db.session.commit()
    tro, nell, sam = _joined(chat, "troll"), _joined(chat, "newcomer"), _joined(chat, "member")
    emit(tro, "send", {"room": "lobby", "body": "you can't see this"})
    assert received(nell, "message") == []
    assert [m["body_html"] for m in received(sam, "message")] == ["you can't see this"]
    assert emit(nell, "join", {"room": "lobby"})["history"] == []
    assert [m["body_html"] for m in received(tro, "message")] == ["you can't see this"]
    emit(nell, "send", {"room": "lobby", "body": "nor this, the other way"})
    assert received(tro, "message") == []


def _meeting(app, in_session: bool, facilitator: str | None = None):
    now = utcnow()
    start = now - timedelta(minutes=10) if in_session else now + timedelta(hours=2)
    with app.app_context():
        room = db.session.scalar(db.select(Room).where(Room.slug == "evening-meeting"))
        room.schedule_json = json.dumps([{"weekday": start.weekday(),
                                          "start": start.strftime("%H:%M"), "minutes": 60}])
        if facilitator:
            room.facilitators.append(find_user(facilitator))
        db.session.commit()


def test_a_meeting_outside_its_hours_is_read_only_with_the_next_time(app, chat):
    _meeting(app, in_session=False, facilitator="PatMentor")
    sam = _joined(chat, "member", "evening-meeting")
    refused = emit(sam, "send", {"room": "evening-meeting", "body": "anyone?"})
    assert refused["error"]["code"] == "room_closed" and refused["error"]["opens_at"]
    pat = _joined(chat, "mentor", "evening-meeting")
    assert emit(pat, "send", {"room": "evening-meeting", "body": "Setting up."})["ok"]


def test_a_meeting_in_session_is_open_and_its_facilitator_can_moderate_it(app, chat):
    _meeting(app, in_session=True, facilitator="PatMentor")
    sam, pat = _joined(chat, "member", "evening-meeting"), _joined(chat, "mentor", "evening-meeting")
    message = emit(sam, "send", {"room": "evening-meeting", "body": "Checking in."})["message"]
    assert emit(pat, "slow_mode", {"room": "evening-meeting", "seconds": 5})["ok"]
    assert emit(pat, "remove_message", {"id": message["id"]})["ok"]
    assert emit(pat, "join", {"room": "lobby"})["ok"]
    assert emit(pat, "lock", {"room": "lobby", "locked": True})["error"]["code"] == "forbidden"


def test_flags_keep_a_snapshot_once_per_member_and_not_on_own_messages(app, chat):
    tro, sam = _joined(chat, "troll"), _joined(chat, "member")
    message = emit(tro, "send", {"room": "lobby", "body": "something unkind"})["message"]
    assert emit(sam, "flag", {"id": message["id"], "reason": "harassment", "note": "mean"})["ok"]
    again = emit(sam, "flag", {"id": message["id"], "reason": "harassment"})
    assert again["error"]["code"] == "already_flagged"
    assert emit(tro, "flag", {"id": message["id"], "reason": "other"})["error"]["code"] == "own_content"
    assert emit(sam, "flag", {"id": message["id"], "reason": "because"})["error"]["code"] == "unknown_reason"
    with app.app_context():
        db.session.get(ChatMessage, message["id"]).body_html = "edited later"
        db.session.commit()
        flag = db.session.scalar(db.select(Flag))
        item = db.session.get(ModerationItem, flag.item_id)
        assert flag.reason == "harassment" and flag.note == "mean"
        assert item.target_type == "message" and item.snapshot["body_html"] == "something unkind"


def test_a_suspended_member_cannot_send_on_an_open_connection(app, chat):
    tro = _joined(chat, "troll")
    with app.app_context():
        find_user("TroBridge").suspended_until = utcnow() + timedelta(days=1)
        db.session.commit()
    assert emit(tro, "send", {"room": "lobby", "body": "x"})["error"]["code"] == "sanctioned"


def test_a_password_change_ends_open_token_connections(app, chat, api):
    sam = _joined(chat, "member")
    with app.app_context():
        from forum.services.accounts.members import change_password
        change_password(find_user("SamRiver"), PASSWORD, "a brand new passphrase 7")
    assert not sam.is_connected("/chat")  # closed at once, not only refused at its next event
    assert _count(app, ChatMessage) == 0


def _cookie_connection(app, client, auth, csrf=True):
    from forum.extensions import socketio

    auth.login("member")
    token = csrf_token_from(client.get("/me").text)
    return socketio.test_client(app, namespace="/chat", flask_test_client=client,
                                auth={"csrf_token": token} if csrf else {})


def test_the_session_cookie_connects_only_with_the_csrf_token(app, client, auth):
    assert not _cookie_connection(app, client, auth, csrf=False).is_connected("/chat")
    connection = _cookie_connection(app, client, auth)
    assert connection.is_connected("/chat")
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    connection.disconnect(namespace="/chat")


def test_logging_out_ends_the_browsers_open_connections(app, client, auth):
    connection = _cookie_connection(app, client, auth)
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    assert auth.logout().status_code in (302, 303)
    assert not connection.is_connected("/chat")  # closed at once, so it hears nothing more
    assert _count(app, ChatMessage) == 0


def test_the_chat_limit_is_shared_by_processes_through_redis(make_app, services):
    import secrets

    from forum.services.chat import messages as chat_service
    from forum.services.accounts.members import create_account
    from forum.services.seeding import seed_defaults

    shared = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": services.redis_url,
              "REDIS_KEY_PREFIX": f"forumtest{secrets.token_hex(4)}"}
    first, second = make_app(**shared), make_app(**shared)
    with first.app_context():
        db.create_all()
        seed_defaults()
        create_account(PASSWORD, "SharedSam")
    outcomes = []
    for attempt in range(14):
        with (first if attempt % 2 else second).app_context():
            room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
            try:
                chat_service.check_send(room, find_user("SharedSam"), f"m{attempt}")
                outcomes.append("ok")
            except chat_service.ChatRefused as refused:
                outcomes.append(refused.code)
            db.session.remove()
    assert outcomes.count("ok") == 10 and outcomes[10:] == ["rate_limited"] * 4


def test_only_peer_mentors_can_be_named_facilitators(app, personas):
    from forum.services import ValidationError
    from forum.services.chat.rooms import set_facilitator

    with app.app_context():
        with pytest.raises(ValidationError, match="mentor role"):
            set_facilitator("evening-meeting", "SamRiver")
        room = set_facilitator("evening-meeting", "patmentor")
        assert [f.handle for f in room.facilitators] == ["PatMentor"]
        set_facilitator("evening-meeting", "PatMentor")  # naming twice changes nothing
        assert len(room.facilitators) == 1
    with app.app_context():
        assert set_facilitator("evening-meeting", "PatMentor", facilitates=False).facilitators == []


def test_forum_rooms_facilitator_names_and_removes_a_mentor(app, personas):
    from forum.cli import main

    runner = app.test_cli_runner()
    named = runner.invoke(main, ["rooms", "facilitator", "evening-meeting", "PatMentor"])
    assert named.exit_code == 0 and "facilitated by: PatMentor" in named.output
    refused = runner.invoke(main, ["rooms", "facilitator", "evening-meeting", "SamRiver"])
    assert refused.exit_code != 0 and "mentor role" in refused.output
    missing = runner.invoke(main, ["rooms", "facilitator", "nowhere", "PatMentor"])
    assert missing.exit_code != 0 and "no room" in missing.output
    removed = runner.invoke(main, ["rooms", "facilitator", "--remove", "evening-meeting",
                                   "PatMentor"])
    assert removed.exit_code == 0 and "nobody yet" in removed.output
