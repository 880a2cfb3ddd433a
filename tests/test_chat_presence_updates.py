"""Presence as small coalesced deltas (issue 16): a room hears who came and went at most a few
times a second, with the whole list only while the room is small; a joining member gets the
whole list once, in the answer to `join`."""
import time

from clients import emit, received
from forum.services.chat.presence_updates import PRESENCE_LIST_MAX, presence_update_json


def test_joins_within_the_flush_interval_reach_the_room_as_one_update(app, chat):
    app.config["PRESENCE_FLUSH_SECONDS"] = 1.5  # long enough that a busy machine joins within it
    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["present"] == ["SamRiver"]
    time.sleep(2.0)
    received(sam, "presence")  # Sam's own arrival
    for persona in ("newcomer", "mentor", "troll"):
        assert emit(chat(persona), "join", {"room": "lobby"})["ok"]
    assert received(sam, "presence") == [], "sent before the interval was over"
    time.sleep(2.0)
    updates = received(sam, "presence")
    assert updates == [{"room": "lobby", "count": 4,
                        "joined": ["Nell", "PatMentor", "TroBridge"], "left": [],
                        "present": ["Nell", "PatMentor", "SamRiver", "TroBridge"]}]


def test_a_member_who_came_and_went_within_the_interval_is_only_gone(app, chat):
    app.config["PRESENCE_FLUSH_SECONDS"] = 1.5  # long enough that a busy machine joins within it
    sam = chat("member")
    emit(sam, "join", {"room": "lobby"})
    time.sleep(2.0)
    received(sam, "presence")
    nell = chat("newcomer")
    emit(nell, "join", {"room": "lobby"})
    emit(nell, "leave", {"room": "lobby"})
    time.sleep(2.0)
    assert received(sam, "presence") == [{"room": "lobby", "count": 1, "joined": [],
                                          "left": ["Nell"], "present": ["SamRiver"]}]


def test_a_second_connection_of_a_member_does_not_make_them_leave(chat):
    sam, sam_again, nell = chat("member"), chat("member"), chat("newcomer")
    for connection in (sam, sam_again, nell):
        emit(connection, "join", {"room": "lobby"})
    received(nell, "presence")
    sam_again.disconnect(namespace="/chat")
    assert received(nell, "presence") == [{"room": "lobby", "count": 2, "joined": [],
                                           "left": [], "present": ["Nell", "SamRiver"]}]


def test_past_the_list_size_a_room_hears_the_count_and_the_changes_only():
    crowd = [f"Member{n:03}" for n in range(PRESENCE_LIST_MAX + 10)]
    update = presence_update_json("lobby", crowd, {"Member001", "Gone"}, {"Member002", "Left"})
    assert update == {"room": "lobby", "count": PRESENCE_LIST_MAX + 10,
                      "joined": ["Member001"], "left": ["Left"]}
    small = presence_update_json("lobby", crowd[:PRESENCE_LIST_MAX], {"Member001"}, set())
    assert small["present"] == crowd[:PRESENCE_LIST_MAX] and small["count"] == PRESENCE_LIST_MAX


def test_the_history_a_join_answers_is_the_same_as_the_full_messages(app, chat):
    from forum.extensions import db
    from forum.models import Room, User
    from forum.services.chat.messages import history, history_json
    from forum.services.shapes import message_json

    sam, nell = chat("member"), chat("newcomer")
    emit(sam, "join", {"room": "lobby"})
    emit(nell, "join", {"room": "lobby"})
    for n in range(3):
        emit(sam, "send", {"room": "lobby", "body": f"**hello** {n}"})
        emit(nell, "send", {"room": "lobby", "body": f"hi {n}"})
    emit(nell, "block", {"handle": "SamRiver"})
    with app.app_context():
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        for handle in ("Nell", "SamRiver", "PatMentor"):
            viewer = db.session.scalar(db.select(User).where(User.handle == handle))
            assert history_json(room, viewer) == [message_json(m) for m in history(room, viewer)]
        nell_sees = history_json(room, db.session.scalar(db.select(User).where(
            User.handle == "Nell")))
        assert {m["author"]["handle"] for m in nell_sees} == {"Nell"}  # Sam is blocked
