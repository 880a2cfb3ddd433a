"""Boundary rules on the real posting paths: what the author sees at once, in the API and on
the page, and what moderators find in the queue."""
from clients import csrf_token_from


def _queue(api):
    return api.get("/moderation/queue", "moderator").json["items"]


def test_a_newcomers_plain_first_post_is_published_at_once(api):
    answer = api.post("/boards/newcomers/threads", "newcomer", json={
        "title": "First night", "body": "It's 2am and I really want a drink. Day one again."})
    assert answer.status_code == 201
    assert answer.json["post"]["status"] == "published" and "notice" not in answer.json
    assert api.get(f"/threads/{answer.json['thread']['id']}").status_code == 200
    assert _queue(api) == []


def test_crisis_is_published_answered_with_resources_and_urgent(api):
    answer = api.post("/boards/newcomers/threads", "newcomer", json={
        "title": "can't do this", "body": "I don't want to wake up tomorrow."})
    assert answer.status_code == 201
    assert answer.json["post"]["status"] == "published"
    notice = answer.json["notice"]
    assert notice["code"] == "crisis" and "988" in notice["message"]
    assert {r.get("phone") for r in notice["resources"]} >= {"988", "1-800-662-4357"}
    assert notice["country"] == "US" and notice["emergency_number"] == "911"
    assert api.get(f"/threads/{answer.json['thread']['id']}").status_code == 200
    [item] = _queue(api)
    assert item["priority"] == "urgent" and item["reasons"] == ["crisis"]
    kinds = [n["kind"] for n in api.get("/me/notifications", "newcomer").json["notifications"]]
    assert kinds == ["crisis"]


def test_contact_details_hold_a_post_and_the_author_is_told_why(api):
    thread = api.post("/boards/alcohol/threads", "member", json={"title": "t", "body": "b"}).json
    answer = api.post(f"/threads/{thread['thread']['id']}/posts", "newcomer",
                      json={"body": "message me on whatsapp: soberjoe22 and we can talk"})
    assert answer.status_code == 201
    assert answer.json["post"]["status"] == "pending"
    assert answer.json["notice"]["code"] == "held"
    assert answer.json["notice"]["boundary"] == "identifying-info"
    post_id = answer.json["post"]["id"]
    assert api.get(f"/posts/{post_id}").status_code == 404
    assert api.get(f"/posts/{post_id}", "newcomer").status_code == 200
    [item] = _queue(api)
    assert item["priority"] == "held" and item["target"] == {"type": "post", "id": post_id}
    [held] = [n for n in api.get("/me/notifications", "newcomer").json["notifications"]
              if n["kind"] == "held"]
    assert held["boundary"] == "identifying-info"
    approve = api.post(f"/moderation/queue/{item['id']}/actions", "moderator",
                       json={"action": "approve"})
    assert approve.status_code == 200
    assert api.get(f"/posts/{post_id}").status_code == 200


def test_a_held_opening_post_holds_its_thread(api):
    answer = api.post("/boards/drugs-and-other-substances/threads", "troll",
                      json={"title": "where can i get subs", "body": "asking for a friend"})
    thread_id = answer.json["thread"]["id"]
    assert answer.json["thread"]["status"] == "pending"
    assert api.get(f"/threads/{thread_id}").status_code == 404
    assert all(t["id"] != thread_id for t in
               api.get("/boards/drugs-and-other-substances/threads").json["threads"])
    [item] = _queue(api)
    assert item["target"] == {"type": "thread", "id": thread_id}
    assert item["snapshot"]["title"] == "where can i get subs"


def test_refused_and_warning_rules_write_nothing_and_say_why(api):
    refused = api.post("/boards/alcohol/threads", "troll", json={"title": "lol", "body": "kys"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "refused"
    story = "the first time I shot up I thought I'd found the answer"
    needs = api.post("/boards/slips/threads", "member", json={"title": "my story", "body": story})
    assert needs.status_code == 422
    assert needs.json["error"]["code"] == "content_warning_required"
    assert needs.json["error"]["field"] == "content_warning"
    warned = api.post("/boards/slips/threads", "member", json={
        "title": "my story", "body": story, "content_warning": "drug use in detail"})
    assert warned.status_code == 201 and warned.json["post"]["status"] == "published"
    assert [t["title"] for t in api.get("/boards/alcohol/threads").json["threads"]] == []


def test_an_edit_is_screened_like_a_new_post(api):
    made = api.post("/boards/alcohol/threads", "newcomer", json={"title": "t", "body": "hello"})
    post_id = made.json["post"]["id"]
    edited = api.patch(f"/posts/{post_id}", "newcomer",
                       json={"body": "hello, email me: nell.r@example.com"})
    assert edited.status_code == 200 and edited.json["notice"]["code"] == "held"
    assert api.get(f"/threads/{made.json['thread']['id']}").status_code == 404


def test_the_page_shows_crisis_resources_right_after_posting(client, auth):
    auth.login("newcomer")
    form = client.get("/boards/newcomers/new")
    answer = client.post("/boards/newcomers/new", data={
        "csrf_token": csrf_token_from(form.text), "title": "tonight",
        "body": "I keep thinking about ending it all"}, follow_redirects=True)
    assert answer.status_code == 200
    assert "You are not alone" in answer.text and 'href="tel:988"' in answer.text
    assert "I keep thinking about ending it all" in answer.text  # published, not buried


def test_the_page_explains_a_hold_and_keeps_the_post_for_its_author(client, auth):
    auth.login("newcomer")
    form = client.get("/boards/newcomers/new")
    answer = client.post("/boards/newcomers/new", data={
        "csrf_token": csrf_token_from(form.text), "title": "hi",
        "body": "my number is 555-201-3344"}, follow_redirects=True)
    assert "Held for a moderator to review" in answer.text
    assert "555-201-3344" in answer.text


def test_replying_to_a_thread_you_cannot_see_is_not_found_not_locked(app, personas):
    import pytest

    from forum.extensions import db
    from forum.models import Board
    from forum.services import NotFound
    from forum.services.accounts.handles import find_user
    from forum.services.boards.posting import create_reply, create_thread

    with app.app_context():
        board = db.session.scalar(db.select(Board).where(Board.slug == "newcomers"))
        thread, _, _ = create_thread(board, find_user("Nell"), "hi", "call me 555-201-3344")
        assert thread.status == "pending"
        with pytest.raises(NotFound):
            create_reply(thread, find_user("SamRiver"), "welcome")
