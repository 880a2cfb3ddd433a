"""Nobody passes for the forum or for another member: handles are compared by what they look
like at a glance (a confusable skeleton) with the official words and with every existing
handle; and bidi controls and invisible characters never reach stored titles, warnings, posts
or chat messages, where they could make text read differently from what is stored."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from clients import emit
from forum import create_app
from forum import config as forum_config
from forum.extensions import db
from forum.models import ChatMessage, Post, Thread, User
from forum.services import ValidationError
from forum.services.accounts.handles import check_handle
from forum.services.accounts.handles import fill_missing_keys
from personas import PASSWORD
from test_api_errors import assert_error

HIDDEN = "\u202e\u200b\u2066\u200f\ufeff"  # right-to-left override, zero-width space, isolate...


def refusal(handle: str) -> ValidationError:
    with pytest.raises(ValidationError) as raised:
        check_handle(handle)
    return raised.value


@pytest.fixture
def ctx(app, personas):
    with app.app_context():
        yield


@pytest.mark.parametrize("handle", ["Adrnin", "adm1n", "AdmIn", "M0DERAT0R", "Modera7or",
                                    "0fficial", "5taff", "DeIetedMember", "deleted-member",
                                    "Supp0rt", "F0rum_Team", "Th3rapist", "Cr1sis"])
def test_handles_that_pass_for_the_forum_are_refused(ctx, handle):
    error = refusal(handle)
    assert (error.field, error.code) == ("handle", "invalid")
    assert "official" in error.message


@pytest.mark.parametrize("handle", ["M0Keeper", "MoKeeper_", "Mo-Keeper", "MOKEEPER",
                                    "5amRiver", "Sam_River", "SamRlver", "SamRiver"])
def test_a_near_copy_of_an_existing_handle_is_refused_as_taken(ctx, handle):
    # MoKeeper is the moderator persona, SamRiver a member.
    error = refusal(handle)
    assert (error.field, error.code) == ("handle", "taken")


def test_the_api_answers_409_handle_taken_for_a_near_copy(api, personas):
    answer = api.post("/accounts", json={"password": PASSWORD, "handle": "5am_River"})
    assert_error(answer, 409, "handle_taken", "handle")
    assert "looks too much like" in answer.json["error"]["message"]


@pytest.mark.parametrize("handle", ["QuietHeron27", "SamRiverside", "Samuel", "Rivers",
                                    "MoKeepers", "ModKeeper"])
def test_handles_that_only_share_letters_are_fine(ctx, handle):
    assert check_handle(handle) == handle


def test_members_from_before_the_skeleton_column_are_compared_too(app, personas):
    with app.app_context():
        db.session.execute(text("UPDATE users SET handle_skeleton = NULL"))
        db.session.commit()
        assert refusal("5amRiver").code == "taken"
        assert db.session.scalar(select(User.handle_skeleton).where(
            User.handle == "SamRiver")) == "samrlver"
        assert fill_missing_keys() == 0


def test_the_migration_adds_an_indexed_skeleton_column(tmp_path):
    app = create_app(forum_config.TestConfig(str(tmp_path / "instance"),
                                             f"sqlite:///{tmp_path / 'm.sqlite3'}"))
    with app.app_context():
        upgrade(revision="0003")
        db.session.execute(text("INSERT INTO users (handle, password_hash, role, created_at, "
                                "auth_epoch) VALUES ('MoKeeper', 'x', 'moderator', "
                                "'2026-01-01 00:00:00', 0)"))
        db.session.commit()
        upgrade()
        indexes = db.session.execute(text("PRAGMA index_list('users')")).all()
        assert "ix_users_handle_skeleton" in {row[1] for row in indexes}
        assert refusal("M0Keeper").code == "taken"
        db.session.remove()
        db.engine.dispose()


# --- hidden characters never reach what is stored --------------------------------------------

def test_titles_warnings_and_posts_are_stored_without_hidden_characters(app, api):
    answer = api.post("/boards/alcohol/threads", "member", json={
        "title": f"Day{HIDDEN} one", "body": f"Still{HIDDEN} here",
        "content_warning": f"re{HIDDEN}lapse"})
    assert answer.status_code == 201, answer.json
    assert answer.json["thread"]["title"] == "Day one"
    assert answer.json["post"]["content_warning"] == "relapse"
    with app.app_context():
        post = db.session.get(Post, answer.json["post"]["id"])
        assert post.body_source == "Still here" and HIDDEN[0] not in post.body_html
        assert db.session.get(Thread, answer.json["thread"]["id"]).title == "Day one"
    edited = api.patch(f"/posts/{answer.json['post']['id']}", "member",
                       json={"body": f"Edited\u202e{HIDDEN}"})
    assert edited.status_code == 200
    with app.app_context():
        assert db.session.get(Post, answer.json["post"]["id"]).body_source == "Edited"


def test_emoji_sequences_keep_their_joiners(api):
    family = "\U0001F469\u200d\U0001F467"
    answer = api.post("/boards/alcohol/threads", "member",
                      json={"title": f"My {family}", "body": f"With my {family} today"})
    assert answer.json["thread"]["title"] == f"My {family}"


def test_chat_messages_are_stored_without_hidden_characters(app, chat):
    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["ok"]
    sent = emit(sam, "send", {"room": "lobby", "body": f"hel{HIDDEN}lo"})
    assert sent["ok"], sent
    with app.app_context():
        assert db.session.get(ChatMessage, sent["message"]["id"]).body_source == "hello"
