"""What a chat message and a join cost the server (issue 16): a fixed few statements, whatever
the size of the room, and the shared history a join answers is never stale."""
import pytest
from sqlalchemy import event, text

from clients import emit, received
from forum import create_app
from forum import config
from forum.extensions import db
from forum.models.moderation import Rule
from forum.services.presence import MemoryPresence

# The insert. The member and their token, the room and its space, their mute and their blocks
# are held per connection or per freshness generation (tests/test_chat_held.py shows a change to
# any of them is seen at the next event), the admins' rules likewise, and nothing is read back
# after the commit.
SEND_STATEMENTS = 1
# Nothing once the room's history was read since the last message (it is shared) and the
# member is held; a connection's first event reads the member and their blocks.
JOIN_STATEMENTS = 0
FIRST_EVENT_STATEMENTS = 2


class Statements:
    """Counts the SQL statements the app's engine runs while it is switched on."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine
        self.seen: list[str] = []

    def _count(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __enter__(self):
        self.seen.clear()
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def _joined(chat, persona: str):
    connection = chat(persona)
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    return connection


def _send(connection, body: str) -> dict:
    answer = emit(connection, "send", {"room": "lobby", "body": body})
    assert answer["ok"], answer
    return answer["message"]


@pytest.mark.parametrize("others", [1, 7])
def test_a_message_costs_the_same_few_statements_in_a_small_or_a_larger_room(app, chat, others):
    sam = _joined(chat, "member")
    for n in range(others):
        _joined(chat, ("newcomer", "mentor", "troll")[n % 3])
    _send(sam, "warming up")  # the admins' rules are read once
    with Statements(app) as counted:
        message = _send(sam, "hello everyone")
    assert len(counted.seen) == SEND_STATEMENTS, counted.seen
    assert message["body_html"] == "hello everyone" and message["author"] == {"handle": "SamRiver"}


def test_a_sender_with_blocks_costs_no_more_and_the_blocked_member_hears_nothing(app, chat):
    sam, tro = _joined(chat, "member"), _joined(chat, "troll")
    assert emit(sam, "block", {"handle": "TroBridge"})["ok"]
    _send(sam, "warming up")
    received(tro, "message")
    with Statements(app) as counted:
        _send(sam, "not for Tro")
    assert len(counted.seen) == SEND_STATEMENTS, counted.seen
    assert received(tro, "message") == []


def test_a_join_costs_a_fixed_few_statements_and_reads_history_only_after_a_write(app, chat):
    sam = _joined(chat, "member")
    _send(sam, "one")
    _joined(chat, "mentor")  # reads the history once
    for persona in ("newcomer", "troll"):
        connection = chat(persona)
        with Statements(app) as counted:
            answer = emit(connection, "join", {"room": "lobby"})
        assert len(counted.seen) == FIRST_EVENT_STATEMENTS, counted.seen
        assert [m["body_html"] for m in answer["history"]] == ["one"]
        with Statements(app) as counted:
            answer = emit(connection, "join", {"room": "lobby"})  # joining again, held
        assert len(counted.seen) == JOIN_STATEMENTS, counted.seen
        assert [m["body_html"] for m in answer["history"]] == ["one"]
    mo = chat("moderator")
    assert emit(mo, "join", {"room": "lobby"})["ok"]
    _send(sam, "two")
    with Statements(app) as counted:
        answer = emit(mo, "join", {"room": "lobby"})
    assert len(counted.seen) == JOIN_STATEMENTS + 1, counted.seen  # a new message: read again
    assert [m["body_html"] for m in answer["history"]] == ["one", "two"]


def test_the_shared_history_never_shows_a_removed_message(chat):
    sam, mo = _joined(chat, "member"), _joined(chat, "moderator")
    first, second = _send(sam, "first"), _send(sam, "second")
    assert emit(chat("newcomer"), "join", {"room": "lobby"})["history"] == [first, second]
    assert emit(mo, "remove_message", {"id": first["id"]})["ok"]
    assert emit(chat("mentor"), "join", {"room": "lobby"})["history"] == [second]


def test_a_member_with_blocks_gets_their_own_history_and_others_keep_the_whole(chat):
    sam, nell = _joined(chat, "member"), _joined(chat, "newcomer")
    from_sam, from_nell = _send(sam, "from Sam"), _send(nell, "from Nell")
    assert emit(chat("mentor"), "join", {"room": "lobby"})["history"] == [from_sam, from_nell]
    assert emit(nell, "block", {"handle": "SamRiver"})["ok"]
    assert emit(chat("newcomer"), "join", {"room": "lobby"})["history"] == [from_nell]
    assert emit(chat("troll"), "join", {"room": "lobby"})["history"] == [from_sam, from_nell]
    assert emit(chat("member"), "join", {"room": "lobby"})["history"] == [from_sam]


def test_an_admins_rule_saved_after_messages_were_screened_applies_to_the_next(app, chat):
    sam = _joined(chat, "member")
    _send(sam, "the white dragon is a good film")  # the rules (none yet) are remembered
    with app.app_context():
        db.session.add(Rule(boundary="sourcing", name="Code word", pattern=r"\bwhite dragon\b",
                            action="hold", chat_action="refuse"))
        db.session.commit()
    answer = emit(sam, "send", {"room": "lobby", "body": "anyone seen the white dragon?"})
    assert answer["ok"] is False and answer["error"]["code"] == "refused", answer
    with app.app_context():
        db.session.scalar(db.select(Rule)).enabled = False
        db.session.commit()
    _send(sam, "anyone seen the white dragon?")


def test_the_present_list_stays_in_order_through_joins_leaves_and_second_connections():
    store = MemoryPresence()
    joins = [("a", 1, "zoe"), ("b", 2, "Adam"), ("c", 3, "bea"), ("d", 2, "Adam"),
             ("e", 4, "Carl"), ("f", 5, "amy")]
    for sid, user_id, handle in joins:
        store.join("lobby", sid, user_id, handle)
    assert store.present("lobby") == ["Adam", "amy", "bea", "Carl", "zoe"]
    store.leave("lobby", "b")  # Adam's other connection is still there
    store.leave("lobby", "f")
    store.join("lobby", "c", 3, "bea")  # the same connection joining again counts once
    assert store.present("lobby") == ["Adam", "bea", "Carl", "zoe"]
    store.leave("lobby", "d")
    store.leave("lobby", "c")
    assert store.present("lobby") == ["Carl", "zoe"] and store.present("empty") == []
    assert store.leave("lobby", "never-joined") is None


def test_sqlite_commits_to_the_log_without_waiting_for_the_disk(tmp_path):
    """The embedded database's own settings: checked on a SQLite file of its own, whatever
    database the rest of the run uses."""
    app = create_app(config.TestConfig(str(tmp_path / "instance"),
                                f"sqlite:///{tmp_path / 'forum.sqlite3'}"))
    with app.app_context():
        try:
            assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert db.session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        finally:
            db.session.remove()
            db.engine.dispose()
