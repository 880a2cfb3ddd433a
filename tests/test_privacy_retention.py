"""Retention: `forum purge` deletes chat messages older than CHAT_RETENTION_DAYS (default 90,
from FORUM_CHAT_RETENTION_DAYS) and the records of sessions that ended more than 30 days ago.
It is safe from cron: batched, and a second run straight after removes nothing."""
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from forum.cli import purge_command
from forum.config import Config
from forum.extensions import db
from forum.models import AuthSession, ChatMessage, ModerationItem, Room, User
from forum.models.base import utcnow
from forum.services.retention import purge_chat, purge_sessions


def _message(days_old: float, body: str = "hello") -> int:
    room = db.session.scalar(select(Room).where(Room.slug == "lobby"))
    message = ChatMessage(room_id=room.id, body_source=body, body_html=f"<p>{body}</p>",
                          created_at=utcnow() - timedelta(days=days_old))
    db.session.add(message)
    db.session.commit()
    return message.id


def _session(user: User, **ages: float) -> int:
    now = utcnow()
    row = AuthSession(public_id=secrets.token_urlsafe(32), user_id=user.id, label="Firefox",
                      created_at=now - timedelta(days=ages.get("created", 0)),
                      last_seen_at=now - timedelta(days=ages.get("seen", 0)),
                      ended_at=now - timedelta(days=ages["ended"]) if "ended" in ages else None)
    db.session.add(row)
    db.session.commit()
    return row.id


def _ids(model) -> set[int]:
    return set(db.session.scalars(select(model.id)))


def test_chat_older_than_the_retention_period_goes_in_batches(app):
    with app.app_context():
        old = {_message(91 + n) for n in range(5)}
        kept = {_message(89), _message(0.01)}
        assert purge_chat(timedelta(days=90), batch=2) == 5
        assert _ids(ChatMessage) == kept
        assert purge_chat(timedelta(days=90), batch=2) == 0  # again: nothing more
        assert not old & _ids(ChatMessage)


def test_a_message_waiting_for_a_moderator_stays_until_decided(app):
    with app.app_context():
        waiting, decided = _message(120), _message(120)
        for message_id, status in ((waiting, "pending"), (decided, "resolved")):
            db.session.add(ModerationItem(target_type="message", target_id=message_id,
                                          status=status, reasons=["other"],
                                          snapshot={"body_source": "hello"}))
        db.session.commit()
        assert purge_chat(timedelta(days=90)) == 1
        assert _ids(ChatMessage) == {waiting}
        assert db.session.scalar(select(func.count(ModerationItem.id))) == 2  # snapshots stay


def test_sessions_are_forgotten_30_days_after_they_end(app, personas):
    with app.app_context():
        sam = db.session.scalar(select(User).where(User.handle == "SamRiver"))
        gone = {_session(sam, created=40, seen=35, ended=31),
                _session(sam, created=50, seen=38),  # idle 7 days: it ended 31 days ago
                _session(sam, created=61, seen=1)}  # 30 days at most: it ended 31 days ago
        kept = {_session(sam, created=40, seen=35, ended=29),
                _session(sam, created=30, seen=30),
                _session(sam, created=1, seen=0)}
        assert purge_sessions(batch=2) == 3
        assert _ids(AuthSession) == kept
        assert purge_sessions() == 0
        assert not gone & _ids(AuthSession)


def test_forum_purge_prints_what_it_removed_and_can_run_again(app, personas):
    with app.app_context():
        _message(100)
        _message(1)
        sam = db.session.scalar(select(User).where(User.handle == "SamRiver"))
        _session(sam, created=45, seen=40, ended=40)
    runner = app.test_cli_runner()
    first = runner.invoke(purge_command)
    assert first.exit_code == 0, first.output
    assert first.output == ("Removed 1 chat message older than 90 days and 1 session "
                            "record that ended more than 30 days ago.\n")
    second = runner.invoke(purge_command)
    assert second.exit_code == 0 and "Removed 0 chat messages" in second.output
    assert "and 0 session records" in second.output


def test_the_retention_period_is_configurable(make_app, app):
    short = make_app(CHAT_RETENTION_DAYS=7)
    with short.app_context():
        _message(8)
        _message(6)
    result = short.test_cli_runner().invoke(purge_command)
    assert "Removed 1 chat message older than 7 days" in result.output


def test_the_retention_setting_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("FORUM_CHAT_RETENTION_DAYS", raising=False)
    assert Config(str(tmp_path)).CHAT_RETENTION_DAYS == 90
    monkeypatch.setenv("FORUM_CHAT_RETENTION_DAYS", "30")
    assert Config(str(tmp_path)).CHAT_RETENTION_DAYS == 30
    for wrong in ("0", "-5", "ninety", "1.5"):
        monkeypatch.setenv("FORUM_CHAT_RETENTION_DAYS", wrong)
        with pytest.raises(ValueError, match="FORUM_CHAT_RETENTION_DAYS"):
            Config(str(tmp_path))


def test_purged_chat_is_gone_from_the_history(app, api, personas):
    with app.app_context():
        old, new = _message(95, "from long ago"), _message(1, "from yesterday")
        db.session.execute(update(ChatMessage).values(author_id=None))
        db.session.commit()
        purge_chat(timedelta(days=90))
    history = api.get("/chat/rooms/lobby/messages", "member").json["messages"]
    assert [m["id"] for m in history] == [new] and old != new
