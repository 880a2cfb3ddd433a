"""Chat refuses a member over the send limit before doing any work on the text: no length check,
no screening, no rendering, however long or costly the message would be."""
import pytest

from clients import Api, emit
from forum.extensions import db, socketio
from forum.models import ChatMessage, Room
from forum.services.accounts.handles import find_user
from forum.services.accounts.members import create_account
from forum.services.chat import messages as chat_service
from forum.services.chat.messages import MESSAGE_MAX, ChatRefused, check_send
from forum.services.seeding import seed_defaults
from personas import PASSWORD

SENDS = 10  # the default limit: 10 messages in 10 seconds
COSTLY = ("a-a." * (MESSAGE_MAX // 4))[:MESSAGE_MAX]  # slow for the old rules and linkifier


@pytest.fixture
def limited(make_app):
    """An app with rate limits on and one member."""
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        seed_defaults()
        create_account(PASSWORD, "FloodSam")
    return app


@pytest.fixture
def work_done(monkeypatch):
    """Every text chat screened or rendered from now on."""
    texts = []

    def spy(real):
        def recorded(text, *args, **kwargs):
            texts.append(text)
            return real(text, *args, **kwargs)
        return recorded

    monkeypatch.setattr(chat_service, "assess", spy(chat_service.assess))
    monkeypatch.setattr(chat_service, "render_message", spy(chat_service.render_message))
    return texts


def test_a_member_over_the_limit_is_refused_before_the_text_is_read(limited, work_done):
    with limited.app_context():
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        member = find_user("FloodSam")
        for n in range(SENDS):
            check_send(room, member, f"message {n}")
        work_done.clear()
        for body in (COSTLY, "x" * (MESSAGE_MAX * 50), "", None):
            with pytest.raises(ChatRefused) as refused:
                check_send(room, member, body)
            assert refused.value.code == "rate_limited"
            assert refused.value.extra["retry_after"] >= 1
    assert work_done == []


def test_a_flood_of_long_messages_over_the_socket_is_refused_as_rate_limited(limited):
    token = Api(limited, {}).token("FloodSam")
    connection = socketio.test_client(limited, namespace="/chat", auth={"token": token})
    assert emit(connection, "join", {"room": "lobby"})["ok"]
    answers = [emit(connection, "send", {"room": "lobby", "body": COSTLY}) for _ in range(SENDS)]
    assert all(answer["ok"] for answer in answers)
    for body in (COSTLY, "y" * (MESSAGE_MAX * 50)):
        refused = emit(connection, "send", {"room": "lobby", "body": body})
        assert not refused["ok"] and refused["error"]["code"] == "rate_limited"
    with limited.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ChatMessage)) == SENDS
    connection.disconnect(namespace="/chat")
