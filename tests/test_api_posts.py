"""API: authors edit and remove their own posts; nobody else can."""
import pytest

from forum.extensions import db
from forum.models import Thread
from test_api_errors import assert_error, rows
from test_api_threads import ids, open_thread, reply


@pytest.fixture
def conversation(api) -> dict:
    """A thread by the member, a reply by the newcomer, and the mentor's reply to that."""
    created = open_thread(api, body="Thirty days today.")
    thread_id = created["thread"]["id"]
    answer = reply(api, thread_id, "newcomer", body="Well done!", parent_id=created["post"]["id"])
    nested = reply(api, thread_id, "mentor", body="Seconded.", parent_id=answer["id"])
    return {"thread_id": thread_id, "opening": created["post"], "reply": answer, "nested": nested}


def test_an_author_edits_their_post_and_it_is_marked_edited(api, conversation):
    post = conversation["reply"]
    answer = api.patch(f"/posts/{post['id']}", "newcomer", json={"body": "Well *done*!"})
    assert answer.status_code == 200 and set(answer.json) == {"post"}
    edited = answer.json["post"]
    assert edited["body_html"] == "<p>Well <em>done</em>!</p>"
    assert edited["edited_at"] is not None and edited["edited_at"] >= edited["created_at"]
    assert edited["created_at"] == post["created_at"]
    assert {k: edited[k] for k in ("id", "parent_id", "depth", "status", "author")} == {
        k: post[k] for k in ("id", "parent_id", "depth", "status", "author")}
    assert api.get(f"/posts/{post['id']}").json["post"] == edited


def test_an_edit_keeps_changes_or_removes_the_content_warning(api, conversation):
    post_id = conversation["opening"]["id"]
    set_warning = api.patch(f"/posts/{post_id}", "member",
                            json={"body": "b", "content_warning": "  relapse  "}).json["post"]
    assert set_warning["content_warning"] == "relapse"
    kept = api.patch(f"/posts/{post_id}", "member", json={"body": "c"}).json["post"]
    assert kept["content_warning"] == "relapse"
    removed = api.patch(f"/posts/{post_id}", "member",
                        json={"body": "d", "content_warning": None}).json["post"]
    assert removed["content_warning"] is None


@pytest.mark.parametrize("persona", ["troll", "mentor", "moderator", "admin"])
def test_nobody_else_can_edit_or_remove_a_post(api, app, conversation, persona):
    post = conversation["reply"]
    before = api.get(f"/posts/{post['id']}").json
    assert_error(api.patch(f"/posts/{post['id']}", persona, json={"body": "mine now"}), 403,
                 "forbidden")
    assert_error(api.delete(f"/posts/{post['id']}", persona), 403, "forbidden")
    assert api.get(f"/posts/{post['id']}").json == before


def test_an_author_removes_a_post_and_a_placeholder_keeps_the_tree(api, conversation):
    thread_id, post = conversation["thread_id"], conversation["reply"]
    assert api.get(f"/threads/{thread_id}").json["thread"]["reply_count"] == 2
    answer = api.delete(f"/posts/{post['id']}", "newcomer")
    assert answer.status_code == 204 and answer.data == b""
    page = api.get(f"/threads/{thread_id}").json
    assert ids(page["posts"]) == [conversation["opening"]["id"], post["id"],
                                  conversation["nested"]["id"]]
    placeholder = page["posts"][1]
    assert placeholder["removed"] is True and placeholder["body_html"] == ""
    assert placeholder["content_warning"] is None and placeholder["parent_id"] == post["parent_id"]
    assert page["posts"][2]["parent_id"] == post["id"]
    assert page["posts"][2]["body_html"] == "<p>Seconded.</p>"
    assert page["thread"]["reply_count"] == 1


def test_removing_twice_is_harmless_and_a_removed_post_cannot_be_edited(api, app, conversation):
    post_id = conversation["reply"]["id"]
    assert api.delete(f"/posts/{post_id}", "newcomer").status_code == 204
    assert api.delete(f"/posts/{post_id}", "newcomer").status_code == 204
    assert api.get(f"/threads/{conversation['thread_id']}").json["thread"]["reply_count"] == 1
    refused = api.patch(f"/posts/{post_id}", "newcomer", json={"body": "back again"})
    assert_error(refused, 403, "forbidden")
    assert "removed" in refused.json["error"]["message"]


def test_removing_the_opening_post_keeps_the_thread_and_its_replies(api, conversation):
    thread_id = conversation["thread_id"]
    assert api.delete(f"/posts/{conversation['opening']['id']}", "member").status_code == 204
    page = api.get(f"/threads/{thread_id}").json
    assert page["posts"][0]["removed"] is True and len(page["posts"]) == 3
    assert page["thread"]["reply_count"] == 2


def test_a_reply_to_a_locked_thread_is_refused_except_for_moderators(api, app, conversation):
    thread_id = conversation["thread_id"]
    with app.app_context():
        db.session.get(Thread, thread_id).locked = True
        db.session.commit()
    before = rows(app)
    refused = api.post(f"/threads/{thread_id}/posts", "member", json={"body": "One more"})
    assert_error(refused, 403, "forbidden")
    assert "locked" in refused.json["error"]["message"]
    assert rows(app) == before
    assert api.post(f"/threads/{thread_id}/posts", "moderator",
                    json={"body": "Locked for now."}).status_code == 201


def test_a_post_can_be_read_alone(api, conversation):
    answer = api.get(f"/posts/{conversation['nested']['id']}")
    assert answer.status_code == 200 and answer.json == {"post": conversation["nested"]}
