"""Edits are rate-limited: each one re-renders and re-screens a whole post, so a flood of them is
refused with 429, counted per member across the edit page and PATCH /api/v1/posts/<id>."""
import pytest

from clients import Api, Auth
from forum.extensions import db
from forum.models import Board, Post, Role
from forum.ratelimits import EDITS_PAUSED
from forum.services.accounts.handles import find_user
from forum.services.accounts.members import create_account
from forum.services.boards.posting import create_thread
from forum.services.seeding import seed_defaults
from personas import PASSWORD
from test_api_errors import assert_error
from test_pages_threads import submit

EDITS_A_MINUTE = 3


@pytest.fixture
def limited(make_app):
    """An app with rate limits on, at most EDITS_A_MINUTE edits a minute; two members who each
    wrote a thread."""
    app = make_app(RATELIMIT_ENABLED=True, EDIT_LIMIT=f"{EDITS_A_MINUTE} per minute")
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        seed_defaults()
        board = db.session.scalar(db.select(Board).order_by(Board.position))
        app.posts = {}
        for handle in ("SamRiver", "PatMentor"):
            create_account(PASSWORD, handle, Role.MEMBER)
            _thread, post, _ = create_thread(board, find_user(handle), "Day one", "I made it.")
            app.posts[handle] = post.id
    return app


def body_of(app, post_id: int) -> str:
    """A post's stored source text."""
    with app.app_context():
        return db.session.get(Post, post_id).body_source


def test_a_flood_of_api_edits_is_refused_with_429_and_the_post_keeps_its_last_edit(limited):
    api, post_id = Api(limited, {}), limited.posts["SamRiver"]
    for n in range(EDITS_A_MINUTE):
        answer = api.patch(f"/posts/{post_id}", "SamRiver", json={"body": f"edit {n}"})
        assert answer.status_code == 200, answer.json
    refused = api.patch(f"/posts/{post_id}", "SamRiver", json={"body": "*a" * 10_000})
    assert_error(refused, 429, "rate_limited")
    assert refused.json["error"]["message"] == EDITS_PAUSED
    assert refused.json["error"]["retry_after"] >= 1
    assert body_of(limited, post_id) == f"edit {EDITS_A_MINUTE - 1}"


def test_a_flood_of_page_edits_is_refused_with_429_and_a_clear_message(limited):
    client, post_id = limited.test_client(), limited.posts["SamRiver"]
    assert Auth(client, {}).login("SamRiver").status_code == 302
    for n in range(EDITS_A_MINUTE):
        saved = submit(client, f"/posts/{post_id}/edit", {"body": f"edit {n}",
                                                           "content_warning": ""})
        assert saved.status_code == 302
    refused = submit(client, f"/posts/{post_id}/edit", {"body": "one more",
                                                         "content_warning": ""})
    assert refused.status_code == 429
    assert "editing is paused for a minute" in refused.text
    assert "find people to talk to now" in refused.text  # the error page, with help close by
    assert body_of(limited, post_id) == f"edit {EDITS_A_MINUTE - 1}"
    assert client.get(f"/posts/{post_id}/edit").status_code == 200  # reading the form is free


def test_the_edit_page_and_the_api_share_one_count(limited):
    client, api, post_id = limited.test_client(), Api(limited, {}), limited.posts["SamRiver"]
    Auth(client, {}).login("SamRiver")
    for n in range(EDITS_A_MINUTE - 1):
        assert api.patch(f"/posts/{post_id}", "SamRiver", json={"body": f"api {n}"}).status_code \
            == 200
    assert submit(client, f"/posts/{post_id}/edit", {"body": "page",
                                                      "content_warning": ""}).status_code == 302
    assert_error(api.patch(f"/posts/{post_id}", "SamRiver", json={"body": "api again"}), 429,
                 "rate_limited")


def test_each_member_has_their_own_count_even_from_one_address(limited):
    api = Api(limited, {})  # every request from the test client's one address
    for n in range(EDITS_A_MINUTE + 1):
        api.patch(f"/posts/{limited.posts['SamRiver']}", "SamRiver", json={"body": f"{n}"})
    other = api.patch(f"/posts/{limited.posts['PatMentor']}", "PatMentor", json={"body": "mine"})
    assert other.status_code == 200
