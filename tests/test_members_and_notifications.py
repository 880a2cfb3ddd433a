"""Member pages (/members/<handle>, GET /api/v1/members/{handle}) with recent posts only when
the member chose to show them, and notifications that are marked read when opened and carry
an excerpt of the reply they are about."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, Post
from forum.services.accounts.handles import find_user

from clients import csrf_token_from
from personas import PASSWORD


def start(api, persona, title, body="Opening words.", board="alcohol"):
    answer = api.post(f"/boards/{board}/threads", persona, json={"title": title, "body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["thread"]["id"], answer.json["post"]["id"]


def reply(api, persona, thread_id, body="Me too."):
    answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]["id"]


def show_posts(auth, client, show: bool):
    """Turn the member-page setting on or off through the settings page."""
    token = csrf_token_from(client.get("/me").text)
    data = {"csrf_token": token, **({"show_recent_posts": "y"} if show else {})}
    return client.post("/me/member-page", data=data)


# --- member pages ------------------------------------------------------------------------------

def test_a_member_page_shows_handle_month_and_role_but_no_posts_by_default(app, api, personas):
    start(api, "mentor", "A thought from a mentor")
    answer = api.get("/members/patmentor")
    assert answer.status_code == 200
    with app.app_context():
        joined = find_user("PatMentor").created_at.strftime("%Y-%m")
    assert answer.json == {"handle": "PatMentor", "role": "mentor", "joined": joined}


def test_recent_posts_show_once_the_member_turns_them_on_and_only_visible_ones(app, api, auth,
                                                                             client):
    thread_id, _ = start(api, "member", "Week one")
    shown = reply(api, "member", thread_id, "Visible reply")
    held = reply(api, "member", thread_id, "Held reply")
    with app.app_context():
        db.session.get(Post, held).status = "pending"
        db.session.commit()
    auth.login("member")
    settings = client.get("/me")
    assert 'name="show_recent_posts"' in settings.text and " checked" not in \
        settings.text.split('name="show_recent_posts"')[1].split(">")[0]
    assert show_posts(auth, client, True).status_code == 302
    posts = api.get("/members/SamRiver").json["posts"]
    assert [p["id"] for p in posts][:1] == [shown] and held not in [p["id"] for p in posts]
    assert held in [p["id"] for p in api.get("/members/SamRiver", "member").json["posts"]]
    page = client.get("/members/SamRiver")
    assert page.status_code == 200 and "Week one" in page.text and "Recent posts" in page.text
    show_posts(auth, client, False)
    assert "posts" not in api.get("/members/SamRiver").json


def test_unknown_and_deleted_members_are_404(api, client):
    assert api.get("/members/nobody-here").status_code == 404
    assert api.get("/members/%00bad").status_code in (400, 404)
    assert api.delete("/me", "newcomer", json={"password": PASSWORD}).status_code == 204
    assert api.get("/members/Nell").status_code == 404
    assert client.get("/members/Nell").status_code == 404


def test_the_member_page_shows_role_marks(client, personas):
    page = client.get("/members/MoKeeper")
    assert page.status_code == 200 and "Moderator" in page.text and "MoKeeper" in page.text


# --- notifications -----------------------------------------------------------------------------

def test_a_reply_notification_carries_an_excerpt_of_the_reply(api):
    thread_id, _ = start(api, "member", "Nights")
    reply(api, "newcomer", thread_id, "**Tea** and a book helped me " + "a lot " * 60)
    note = api.get("/me/notifications", "member").json["notifications"][0]
    assert note["kind"] == "reply"
    assert note["excerpt"].startswith("Tea and a book helped me") and len(note["excerpt"]) < 150


def test_a_removed_replys_excerpt_is_gone(api):
    thread_id, _ = start(api, "member", "Nights")
    post_id = reply(api, "newcomer", thread_id, "Something I regret saying")
    api.delete(f"/posts/{post_id}", "newcomer")
    note = api.get("/me/notifications", "member").json["notifications"][0]
    assert "excerpt" not in note


def test_opening_a_notification_marks_it_read_and_goes_to_the_reply(app, api, auth, client):
    thread_id, _ = start(api, "member", "Mornings")
    post_id = reply(api, "newcomer", thread_id, "Coffee first, then a walk")
    auth.login("member")
    listing = client.get("/me/notifications")
    assert "Coffee first, then a walk" in listing.text
    with app.app_context():
        note_id = db.session.scalar(select(Notification.id).where(Notification.kind == "reply"))
    assert f"/me/notifications/{note_id}/open" in listing.text
    opened = client.get(f"/me/notifications/{note_id}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"#post-{post_id}")
    assert api.get("/me/notifications", "member").json["notifications"][0]["read"] is True


def test_another_members_notification_cannot_be_opened(app, api, auth, client):
    thread_id, _ = start(api, "member", "Mornings")
    reply(api, "newcomer", thread_id)
    with app.app_context():
        note_id = db.session.scalar(select(Notification.id))
    auth.login("troll")
    assert client.get(f"/me/notifications/{note_id}/open").status_code == 404
    assert api.get("/me/notifications", "member").json["notifications"][0]["read"] is False


def test_a_post_link_goes_to_its_page_or_404(api, client):
    thread_id, _ = start(api, "member", "Links")
    post_id = reply(api, "newcomer", thread_id)
    answer = client.get(f"/posts/{post_id}")
    assert answer.status_code == 302 and answer.location.endswith(f"#post-{post_id}")
    assert client.get("/posts/999999").status_code == 404
