"""API: following threads and boards, @mentions and support reactions, and who hears of what."""
import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, PostReaction, Thread
from test_api_errors import assert_error
from test_api_threads import open_thread, reply, set_status

HELD_BODY = "message me on whatsapp: soberjoe22 and we can talk"


def kinds_of(api, persona: str, kind: str | None = None) -> list[dict]:
    """The persona's notifications (of one kind), newest first."""
    notes = api.get("/me/notifications", persona).json["notifications"]
    return [n for n in notes if kind is None or n["kind"] == kind]


def block(api, blocker: str, blocked: str, personas) -> None:
    answer = api.post("/me/blocks", blocker, json={"handle": personas[blocked]})
    assert answer.status_code == 201, answer.json


def approve_only_item(api) -> None:
    [item] = api.get("/moderation/queue", "moderator").json["items"]
    answer = api.post(f"/moderation/queue/{item['id']}/actions", "moderator",
                      json={"action": "approve"})
    assert answer.status_code == 200, answer.json


# --- following ----------------------------------------------------------------------------------

def test_following_a_thread_brings_its_new_replies_once_each(api):
    thread_id = open_thread(api)["thread"]["id"]
    assert api.call("PUT", f"/threads/{thread_id}/follow", "mentor").status_code == 204
    assert api.call("PUT", f"/threads/{thread_id}/follow", "mentor").status_code == 204  # no-op
    post = reply(api, thread_id, "newcomer", body="Glad you're here.")
    [note] = kinds_of(api, "mentor")
    assert note["kind"] == "followed_reply" and note["post_id"] == post["id"]
    assert note["thread_id"] == thread_id
    assert kinds_of(api, "newcomer", "followed_reply") == []  # never about one's own post


def test_starting_or_replying_follows_by_default_and_stopping_sticks(api):
    thread_id = open_thread(api)["thread"]["id"]
    reply(api, thread_id, "newcomer")
    reply(api, thread_id, "mentor", body="Me as well.")
    # The newcomer replied, so follows; the thread's author hears "reply", not twice.
    assert [n["kind"] for n in kinds_of(api, "newcomer")] == ["followed_reply"]
    assert {n["kind"] for n in kinds_of(api, "member")} == {"reply"}
    assert len(kinds_of(api, "member")) == 2
    assert api.delete(f"/threads/{thread_id}/follow", "newcomer").status_code == 204
    reply(api, thread_id, "newcomer", body="I'm back.")  # replying again does not re-follow
    reply(api, thread_id, "mentor", body="Good.")
    assert len(kinds_of(api, "newcomer", "followed_reply")) == 1


def test_following_a_board_brings_new_threads_and_replies(api):
    assert api.call("PUT", "/boards/alcohol/follow", "mentor").status_code == 204
    created = open_thread(api)
    reply(api, created["thread"]["id"], "newcomer")
    notes = kinds_of(api, "mentor")
    assert [n["kind"] for n in notes] == ["followed_reply", "new_thread"]
    open_thread(api, board="slips")
    assert len(kinds_of(api, "mentor")) == 2  # another board: nothing
    assert api.delete("/boards/alcohol/follow", "mentor").status_code == 204
    assert api.delete("/boards/alcohol/follow", "mentor").status_code == 204
    open_thread(api)
    assert len(kinds_of(api, "mentor")) == 2


def test_following_what_one_cannot_see_is_404_like_what_does_not_exist(api, app):
    thread_id = open_thread(api)["thread"]["id"]
    set_status(app, Thread, thread_id, "pending")
    for method in ("PUT", "DELETE"):
        assert_error(api.call(method, f"/threads/{thread_id}/follow", "newcomer"), 404,
                     "not_found")
        assert_error(api.call(method, "/threads/999999/follow", "newcomer"), 404, "not_found")
        assert_error(api.call(method, "/boards/no-such-board/follow", "newcomer"), 404,
                     "not_found")
    assert_error(api.call("PUT", f"/threads/{thread_id}/follow"), 401, "unauthorized")


def test_held_posts_reach_followers_only_once_published(api):
    thread_id = open_thread(api)["thread"]["id"]
    api.call("PUT", f"/threads/{thread_id}/follow", "mentor")
    held = api.post(f"/threads/{thread_id}/posts", "newcomer", json={"body": HELD_BODY}).json
    assert held["post"]["status"] == "pending"
    assert kinds_of(api, "mentor") == []
    approve_only_item(api)
    [note] = kinds_of(api, "mentor")
    assert note["post_id"] == held["post"]["id"]
    api.patch(f"/posts/{held['post']['id']}", "newcomer", json={"body": "Edited, thanks all."})
    assert len(kinds_of(api, "mentor")) == 1  # an edit never announces again


def test_blocked_members_and_those_who_cannot_see_hear_nothing(api, personas):
    thread_id = open_thread(api)["thread"]["id"]
    for persona in ("mentor", "newcomer"):
        api.call("PUT", f"/threads/{thread_id}/follow", persona)
    block(api, "mentor", "troll", personas)  # the mentor blocked the troll
    block(api, "troll", "newcomer", personas)  # the troll blocked the newcomer
    reply(api, thread_id, "troll", body="Hello all.")
    assert kinds_of(api, "mentor") == [] and kinds_of(api, "newcomer") == []
    assert len(kinds_of(api, "member")) == 1  # the thread's author blocked nobody


# --- mentions -----------------------------------------------------------------------------------

def test_a_mention_links_to_the_member_and_tells_them_once(api, personas):
    handle = personas["mentor"]
    thread_id = open_thread(api)["thread"]["id"]
    post = reply(api, thread_id, "newcomer", body=f"Thanks @{handle.upper()} for last night!")
    assert post["status"] == "published"
    assert f'<a href="/members/{handle}" class="mention">@{handle}</a>' in post["body_html"]
    [note] = kinds_of(api, "mentor")
    assert note["kind"] == "mention" and note["post_id"] == post["id"]
    api.patch(f"/posts/{post['id']}", "newcomer", json={"body": f"Thank you @{handle}!"})
    assert len(kinds_of(api, "mentor")) == 1  # edits do not notify again


@pytest.mark.parametrize("persona", ["member", "newcomer"])
def test_a_mention_is_not_held_by_screening(api, persona):
    thread_id = open_thread(api)["thread"]["id"]
    # "Thanks @Marco_77" was held before; a mention's link is not a way off the forum.
    post = reply(api, thread_id, persona, body="Thanks @Marco_77 and @SamRiver and @PatMentor")
    assert post["status"] == "published"
    assert api.get("/moderation/queue", "moderator").json["items"] == []
    held = api.post(f"/threads/{thread_id}/posts", persona, json={"body": "kik me @marco_77"})
    assert held.json["post"]["status"] == "pending"  # contact handles are still held


def test_unknown_handles_stay_text_and_nothing_gets_in_through_one(api):
    thread_id = open_thread(api)["thread"]["id"]
    post = reply(api, thread_id, "newcomer", body="hi @nobody_here_x, see `@SamRiver` and "
                 "[@SamRiver](https://example.org) and a@SamRiver.org @<b>x</b>")
    html = post["body_html"]
    assert "@nobody_here_x" in html and "/members/nobody_here_x" not in html
    assert "/members/" not in html  # code, links and e-mail-like text are left alone
    assert "<b>" not in html
    assert kinds_of(api, "member", "mention") == []


def test_no_mention_notice_for_a_blocker_or_on_a_held_post(api, personas):
    thread_id = open_thread(api, persona="mentor")["thread"]["id"]
    block(api, "member", "troll", personas)
    reply(api, thread_id, "troll", body=f"hey @{personas['member']}")
    assert kinds_of(api, "member") == []
    held = api.post(f"/threads/{thread_id}/posts", "newcomer",
                    json={"body": f"@{personas['moderator']} {HELD_BODY}"}).json
    assert held["post"]["status"] == "pending"
    assert kinds_of(api, "moderator", "mention") == []
    approve_only_item(api)
    assert [n["kind"] for n in kinds_of(api, "moderator", "mention")] == ["mention"]


# --- reactions ----------------------------------------------------------------------------------

@pytest.fixture
def post_id(api) -> int:
    return open_thread(api, body="Ninety days.")["post"]["id"]


def test_reactions_are_counted_once_each_and_shown_with_mine(api, post_id):
    url = f"/posts/{post_id}/reactions"
    for persona, kind in (("newcomer", "me-too"), ("newcomer", "me-too"), ("mentor", "me-too"),
                          ("mentor", "congrats")):
        assert api.call("PUT", f"{url}/{kind}", persona).status_code == 204
    mine = api.get(f"/posts/{post_id}", "mentor").json["post"]
    assert mine["reactions"] == {"me-too": 2, "congrats": 1}
    assert mine["my_reactions"] == ["me-too", "congrats"]
    anyone = api.get(f"/posts/{post_id}").json["post"]
    assert anyone["reactions"] == {"me-too": 2, "congrats": 1} and anyone["my_reactions"] == []
    assert api.delete(f"{url}/me-too", "mentor").status_code == 204
    assert api.delete(f"{url}/me-too", "mentor").status_code == 204  # a quiet no-op
    assert api.delete(f"{url}/strength", "troll").status_code == 204  # never given: no-op
    thread = api.get(f"/threads/{mine['thread_id']}", "newcomer").json
    assert thread["posts"][0]["reactions"] == {"me-too": 1, "congrats": 1}
    assert thread["posts"][0]["my_reactions"] == ["me-too"]


@pytest.mark.parametrize("kind", ["downvote", "ME-TOO", "like", "me_too"])
def test_an_unknown_kind_is_not_found_and_writes_nothing(api, app, post_id, kind):
    assert_error(api.call("PUT", f"/posts/{post_id}/reactions/{kind}", "newcomer"), 404,
                 "not_found")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PostReaction)) == 0


def test_no_reaction_on_ones_own_or_unseen_or_removed_posts(api, app, post_id):
    url = f"/posts/{post_id}/reactions/strength"
    assert_error(api.call("PUT", url, "member"), 403, "forbidden")  # one's own post
    assert_error(api.call("PUT", url), 401, "unauthorized")
    assert_error(api.call("PUT", "/posts/999999/reactions/strength", "newcomer"), 404,
                 "not_found")
    set_status(app, Post, post_id, "hidden")
    assert_error(api.call("PUT", url, "newcomer"), 404, "not_found")
    assert_error(api.call("DELETE", url, "newcomer"), 404, "not_found")
    set_status(app, Post, post_id, "published")
    api.delete(f"/posts/{post_id}", "member")
    assert_error(api.call("PUT", url, "newcomer"), 403, "forbidden")


def test_a_reaction_notifies_nobody(api, post_id):
    api.call("PUT", f"/posts/{post_id}/reactions/strength", "newcomer")
    assert kinds_of(api, "member") == []


# --- preview ------------------------------------------------------------------------------------

def test_the_preview_renders_through_the_sanitiser_and_stores_nothing(api, app, personas):
    from test_api_errors import rows
    before = rows(app)
    answer = api.post("/preview", "newcomer", json={
        "body": f"**hi** @{personas['mentor']} <script>alert(1)</script> [x](javascript:alert(1))"})
    assert answer.status_code == 200 and set(answer.json) == {"body_html"}
    html = answer.json["body_html"]
    assert "<strong>hi</strong>" in html and f'href="/members/{personas["mentor"]}"' in html
    assert "<script" not in html and "href=\"javascript" not in html
    assert rows(app) == before and kinds_of(api, "mentor") == []


@pytest.mark.parametrize("body, status", [({}, 422), ({"body": ""}, 422), ({"body": "  "}, 422),
                                          ({"body": 5}, 422), ({"body": "x" * 20_001}, 422)])
def test_the_preview_refuses_what_a_post_would(api, body, status):
    answer = api.post("/preview", "newcomer", json=body)
    assert answer.status_code == status and answer.json["error"]["field"] == "body"


def test_the_preview_is_for_members_and_cookie_writes_need_csrf(api, client, auth):
    assert_error(api.post("/preview", json={"body": "hi"}), 401, "unauthorized")
    auth.login("member")
    assert client.post("/api/v1/preview", json={"body": "hi"}).status_code == 400
    answer = client.post("/api/v1/preview", json={"body": "hi"},
                         headers={"X-CSRFToken": auth.csrf()})
    assert answer.status_code == 200 and answer.json == {"body_html": "<p>hi</p>"}


def test_the_database_keeps_one_reaction_of_a_kind_even_in_a_race(app, api, post_id, personas,
                                                                  monkeypatch):
    """Two requests that both found no reaction yet: the unique constraint refuses the second
    insert, and the service treats it as the no-op it is."""
    from forum.services.accounts.handles import find_user
    from forum.services.boards import reactions
    from forum.services.boards.reading import get_post_or_404
    with app.app_context():
        member = find_user(personas["newcomer"])
        post = get_post_or_404(post_id, member)
        reactions.react(post, member, "me-too")
        monkeypatch.setattr(reactions, "_existing", lambda *_: None)  # the race: both saw none
        reactions.react(post, member, "me-too")
        reactions.react(post, member, "strength")
        kinds = db.session.scalars(select(PostReaction.kind).where(
            PostReaction.post_id == post_id).order_by(PostReaction.kind)).all()
        assert kinds == ["me-too", "strength"]
        db.session.remove()


def test_approving_a_flagged_post_does_not_announce_it_again(api):
    thread_id = open_thread(api)["thread"]["id"]
    api.call("PUT", f"/threads/{thread_id}/follow", "mentor")
    post = reply(api, thread_id, "newcomer", body="Day three, rough one.")
    assert len(kinds_of(api, "mentor")) == 1
    api.post(f"/posts/{post['id']}/flags", "troll", json={"reason": "harassment"})
    approve_only_item(api)
    assert len(kinds_of(api, "mentor")) == 1


def test_a_deleted_members_handle_stays_plain_text(api, personas):
    from personas import PASSWORD
    assert api.delete("/me", "troll", json={"password": PASSWORD}).status_code == 204
    thread_id = open_thread(api)["thread"]["id"]
    post = reply(api, thread_id, "newcomer", body=f"Where did @{personas['troll']} go?")
    assert f"@{personas['troll']}" in post["body_html"] and "/members/" not in post["body_html"]


def test_deleting_an_account_unlinks_its_mentions_and_takes_its_follows_and_reactions(
        api, app, personas):
    from personas import PASSWORD
    from forum.models import BoardFollow, ThreadFollow
    thread_id = open_thread(api)["thread"]["id"]
    post = reply(api, thread_id, "newcomer", body=f"Thank you @{personas['troll']}")
    api.call("PUT", f"/posts/{post['id']}/reactions/me-too", "troll")
    api.call("PUT", "/boards/alcohol/follow", "troll")
    api.call("PUT", f"/threads/{thread_id}/follow", "troll")
    exported = api.get("/me/export", "troll").json
    assert exported["reactions"][0]["kind"] == "me-too" and len(exported["follows"]) == 2
    assert api.delete("/me", "troll", json={"password": PASSWORD}).status_code == 204
    html = api.get(f"/posts/{post['id']}").json["post"]["body_html"]
    assert html == f"<p>Thank you @{personas['troll']}</p>"
    assert api.get(f"/posts/{post['id']}").json["post"]["reactions"] == {}
    with app.app_context():
        for model in (ThreadFollow, BoardFollow, PostReaction):
            assert db.session.scalar(select(func.count()).select_from(model).where(
                model.user_id.not_in(select(__import__("forum.models", fromlist=["User"])
                                            .User.id)))) == 0
