"""A chat connection holds its member (identity, role, sanctions), the room, the member's mute
and blocks in memory instead of reading them at every event (issue 16). Whatever changes one of
them takes effect at the very next event, even when nothing closes the connection: these tests
change the database the way another page, process or command would, never through the
connection's own socket, and then ask the connection."""
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import delete, select, update

from clients import csrf_token_from, emit, received
from forum.extensions import db, socketio
from forum.models import ApiToken, AuthSession, Role, Room, RoomMute, User
from forum.models.base import utcnow
from forum.services.accounts.blocks import block_member
from forum.services.accounts.handles import find_user
from forum.services.chat.rooms import get_room_or_404, mute_member
from servers import run_forum, two_servers_sharing


def _joined(chat, persona: str):
    connection = chat(persona)
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    return connection


def _send(connection, body: str) -> dict:
    return emit(connection, "send", {"room": "lobby", "body": body})


def _change_member(app, handle: str, **values) -> None:
    """Write the member's row as another page or process would (an ORM change and a commit)."""
    with app.app_context():
        user = find_user(handle)
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def test_a_suspension_written_elsewhere_stops_the_very_next_message(app, chat):
    sam = _joined(chat, "member")
    assert _send(sam, "before")["ok"]  # the member is held from here on
    _change_member(app, "SamRiver", suspended_until=utcnow() + timedelta(days=1))
    answer = _send(sam, "after")
    assert answer["ok"] is False and answer["error"]["code"] == "sanctioned", answer
    _change_member(app, "SamRiver", suspended_until=None)
    assert _send(sam, "lifted")["ok"]


def test_a_role_change_written_elsewhere_counts_at_the_next_event(app, chat):
    sam = _joined(chat, "member")
    refused = emit(sam, "lock", {"room": "lobby", "locked": True})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    _change_member(app, "SamRiver", role=Role.MODERATOR)
    assert emit(sam, "lock", {"room": "lobby", "locked": True})["ok"]
    _change_member(app, "SamRiver", role=Role.MEMBER)
    assert emit(sam, "lock", {"room": "lobby", "locked": False})["ok"] is False


def test_an_ended_token_refuses_the_next_event_though_nothing_closed_the_connection(app, chat):
    sam = _joined(chat, "member")
    assert _send(sam, "before")["ok"]
    with app.app_context():
        user_id = find_user("SamRiver").id
        db.session.execute(delete(ApiToken).where(ApiToken.user_id == user_id))
        db.session.commit()
    answer = _send(sam, "after")
    assert answer["ok"] is False and answer["error"]["code"] == "unauthorized", answer


def test_a_session_ended_in_the_database_refuses_the_cookies_connection(app, client, auth):
    auth.login("member")
    connection = socketio.test_client(app, namespace="/chat", flask_test_client=client,
                                      auth={"csrf_token": csrf_token_from(client.get("/me").text)})
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    assert _send(connection, "before")["ok"]
    with app.app_context():  # by its public id, as a logout does: the member is not named
        db.session.execute(update(AuthSession).values(ended_at=utcnow()))
        db.session.commit()
    answer = _send(connection, "after")
    assert answer["ok"] is False and answer["error"]["code"] == "unauthorized", answer


def test_a_mute_made_elsewhere_stops_the_next_message_and_its_end_lets_the_member_speak(app, chat):
    sam = _joined(chat, "member")
    assert _send(sam, "before")["ok"]  # "not muted" is held from here on
    with app.app_context():
        moderator = find_user("MoKeeper")
        mute_member(get_room_or_404("lobby", moderator), moderator, "SamRiver", 5)
    answer = _send(sam, "after")
    assert answer["ok"] is False and answer["error"]["code"] == "muted", answer
    with app.app_context():  # the mute runs out (moved into the past, as time would)
        db.session.scalar(select(RoomMute)).until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert _send(sam, "free again")["ok"]


def test_a_block_made_elsewhere_stops_the_next_message_reaching_the_blocker(app, chat):
    sam, tro = _joined(chat, "member"), _joined(chat, "troll")
    assert _send(tro, "first")["ok"]  # Tro's blocks (none) are held from here on
    assert [m["body_html"] for m in received(sam, "message")][-1] == "first"
    with app.app_context():
        block_member(find_user("SamRiver"), "TroBridge")
        db.session.commit()
    assert _send(tro, "second")["ok"]
    assert "second" not in [m["body_html"] for m in received(sam, "message")]


def test_a_room_locked_elsewhere_is_locked_at_the_next_message(app, chat):
    sam = _joined(chat, "member")
    assert _send(sam, "before")["ok"]  # the room is held from here on
    with app.app_context():
        db.session.execute(update(Room).where(Room.slug == "lobby").values(locked=True))
        db.session.commit()
    answer = _send(sam, "after")
    assert answer["ok"] is False and answer["error"]["code"] == "room_locked", answer


def test_a_handle_change_shows_in_the_next_message(app, chat):
    sam = _joined(chat, "member")
    assert _send(sam, "before")["message"]["author"] == {"handle": "SamRiver"}
    with app.app_context():
        db.session.execute(update(User).where(User.handle == "SamRiver")
                           .values(handle="SamBrook"))
        db.session.commit()
    assert _send(sam, "after")["message"]["author"] == {"handle": "SamBrook"}


# --- two server processes over one PostgreSQL database and Redis -----------------------------

END_TOKENS = """
import sys
from sqlalchemy import delete
from forum import create_app
from forum.extensions import db
from forum.models import ApiToken
from forum.services.accounts.handles import find_user
with create_app().app_context():
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == find_user(sys.argv[1]).id))
    db.session.commit()
"""


def test_across_two_processes_a_change_made_on_one_counts_at_the_next_event_on_the_other(
        services, tmp_path):
    from test_chat_live import Member, _member  # a real python-socketio client

    with two_servers_sharing(services, tmp_path, "forum_chat_held") as (server_a, server_b, env):
        sam = Member(server_a.base_url, _member(server_a.base_url, "SamHeld", sign_up=True))
        _member(server_b.base_url, "NellHeld", sign_up=True)
        run_forum("users", "set-role", "NellHeld", "moderator", env=env)
        nell = Member(server_b.base_url, _member(server_b.base_url, "NellHeld"))
        try:
            assert sam.call("join", {"room": "lobby"})["ok"]
            assert sam.call("send", {"room": "lobby", "body": "held from here"})["ok"]
            assert sam.call("lock", {"room": "lobby", "locked": True})["ok"] is False
            # A role given by the command line (a third process) counts on server A.
            run_forum("users", "set-role", "SamHeld", "moderator", env=env)
            assert sam.call("lock", {"room": "lobby", "locked": True})["ok"]
            run_forum("users", "set-role", "SamHeld", "member", env=env)
            assert sam.call("lock", {"room": "lobby", "locked": False})["ok"] is False
            assert nell.call("lock", {"room": "lobby", "locked": False})["ok"]
            assert sam.call("send", {"room": "lobby", "body": "unlocked"})["ok"]
            # A mute made by a moderator on server B stops Sam's next message on server A.
            assert nell.call("join", {"room": "lobby"})["ok"]
            assert nell.call("mute", {"room": "lobby", "handle": "SamHeld", "minutes": 5})["ok"]
            muted = sam.call("send", {"room": "lobby", "body": "still here?"})
            assert muted["ok"] is False and muted["error"]["code"] == "muted", muted
            # Tokens ended by another process, with nothing closing the connection.
            subprocess.run([sys.executable, "-c", END_TOKENS, "SamHeld"], env=env, check=True,
                           timeout=60)
            sam.client.emit("join", {"room": "lobby"}, namespace="/chat")
            deadline = time.monotonic() + 10  # the server closes the connection at this event
            while "/chat" in sam.client.namespaces and time.monotonic() < deadline:
                time.sleep(0.05)
            assert "/chat" not in sam.client.namespaces
        finally:
            sam.close()
            nell.close()
