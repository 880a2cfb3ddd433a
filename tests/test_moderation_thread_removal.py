"""A moderator removing a thread's opening post keeps the conversation under it; removing a
whole thread is its own action, which says (and, on the page, asks first) how many replies by
how many members go with it, and tells them. The author's notices never contradict each
other."""
from sqlalchemy import select

from clients import csrf_token_from
from forum.extensions import db
from forum.models import ModerationItem, Post, PostStatus, Thread


def _thread_with_replies(api):
    """Sam's thread, flagged, with replies from Nell and Pat (twice) under it."""
    opened = api.post("/boards/alcohol/threads", "member",
                      json={"title": "Friday night thoughts", "body": "You are all weak and pathetic"})
    assert opened.status_code == 201, opened.json
    thread_id, opener_id = opened.json["thread"]["id"], opened.json["post"]["id"]
    replies = []
    for persona, body in (("newcomer", "Please don't, call someone instead."),
                          ("mentor", "We're here if you want to talk."),
                          ("mentor", "The lobby is open all night.")):
        answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
        assert answer.status_code == 201, answer.json
        replies.append(answer.json["post"]["id"])
    assert api.post(f"/threads/{thread_id}/flags", "troll",
                    json={"reason": "harassment"}).status_code == 201
    return thread_id, opener_id, replies


def _item(app, thread_id) -> ModerationItem:
    with app.app_context():
        item = db.session.scalar(select(ModerationItem).filter_by(target_type="thread",
                                                                  target_id=thread_id))
        db.session.expunge(item)
        return item


def _act(api, item, action, **fields):
    return api.post(f"/moderation/queue/{item.id}/actions", "moderator",
                    json={"action": action, "reason": "harassment", "version": item.version,
                          **fields})


def _kinds(api, persona) -> list[str]:
    return [n["kind"] for n in api.get("/me/notifications", persona).json["notifications"]]


def test_removing_the_opening_post_keeps_the_replies_readable(app, api, client):
    thread_id, opener_id, replies = _thread_with_replies(api)
    answer = _act(api, _item(app, thread_id), "remove")
    assert answer.status_code == 200, answer.json
    assert "removed" not in answer.json
    for reader in (None, "newcomer", "troll"):
        shown = api.get(f"/threads/{thread_id}", reader)
        assert shown.status_code == 200, shown.json
        assert [p["id"] for p in shown.json["posts"]] == replies
    assert api.get(f"/posts/{opener_id}", "newcomer").status_code == 404
    page = client.get(f"/threads/{thread_id}")
    assert page.status_code == 200
    assert "This post isn't available." in page.text and "weak and pathetic" not in page.text
    assert "call someone instead." in page.text
    assert "thread_removed" not in _kinds(api, "newcomer")
    assert "removed" in _kinds(api, "member")


def test_removing_the_opening_post_of_a_thread_flags_had_hidden_brings_the_replies_back(
        app, api):
    thread_id, _opener_id, replies = _thread_with_replies(api)
    with app.app_context():  # three flags hid it, as they would
        db.session.get(Thread, thread_id).status = PostStatus.HIDDEN.value
        db.session.commit()
    assert api.get(f"/threads/{thread_id}", "newcomer").status_code == 404
    assert _act(api, _item(app, thread_id), "remove").status_code == 200
    assert [p["id"] for p in api.get(f"/threads/{thread_id}").json["posts"]] == replies


def test_removing_a_whole_thread_says_what_goes_with_it_and_tells_the_repliers(app, api):
    thread_id, _opener_id, replies = _thread_with_replies(api)
    answer = _act(api, _item(app, thread_id), "remove_thread", note="name-calling")
    assert answer.status_code == 200, answer.json
    assert answer.json["removed"] == {"replies": 3, "members": 2}
    assert answer.json["item"]["resolution"] == "remove_thread"
    assert api.get(f"/threads/{thread_id}", "troll").status_code == 404
    assert api.get(f"/posts/{replies[0]}", "troll").status_code == 404
    for persona in ("newcomer", "mentor"):
        notes = api.get("/me/notifications", persona).json["notifications"]
        [told] = [n for n in notes if n["kind"] == "thread_removed"]
        assert "not about anything you wrote" in told["message"]
        assert "Friday night" not in told["message"]  # the removed words are not repeated
    assert "thread_removed" not in _kinds(api, "member")  # the author is told the removal
    assert "removed" in _kinds(api, "member")
    log = api.get("/moderation/log", "moderator").json["log"]
    assert log[0]["kind"] == "remove_thread" and log[0]["boundary"] == "harassment"


def test_removing_a_whole_thread_is_only_for_a_threads_item(app, api):
    thread_id, _opener_id, replies = _thread_with_replies(api)
    api.post(f"/posts/{replies[0]}/flags", "troll", json={"reason": "other"})
    with app.app_context():
        item = db.session.scalar(select(ModerationItem).filter_by(target_type="post",
                                                                  target_id=replies[0]))
        db.session.expunge(item)
    answer = _act(api, item, "remove_thread")
    assert answer.status_code == 422 and answer.json["error"]["field"] == "action"
    assert api.get(f"/threads/{thread_id}").status_code == 200


def test_the_page_asks_before_removing_a_whole_thread(app, api, client, auth):
    thread_id, _opener_id, _replies = _thread_with_replies(api)
    item = _item(app, thread_id)
    auth.login("moderator")
    queue = client.get("/moderation").text
    assert 'name="action" value="remove_thread"' in queue
    data = {"csrf_token": csrf_token_from(queue), "action": "remove_thread",
            "version": item.version, "reason": "harassment", "note": "name-calling"}
    asked = client.post(f"/moderation/items/{item.id}", data=data)
    assert asked.status_code == 200
    assert "3 replies by 2 members" in asked.text
    assert api.get(f"/threads/{thread_id}").status_code == 200, "nothing happens before yes"
    done = client.post(f"/moderation/items/{item.id}",
                       data={**data, "csrf_token": csrf_token_from(asked.text), "confirm": "yes"})
    assert done.status_code == 302
    assert api.get(f"/threads/{thread_id}").status_code == 404


def test_the_authors_notices_never_contradict_each_other(app, api, client, auth):
    thread_id, opener_id, _replies = _thread_with_replies(api)
    with app.app_context():  # hidden by flags first, then removed by a moderator
        thread = db.session.get(Thread, thread_id)
        thread.status = PostStatus.HIDDEN.value
        db.session.get(Post, opener_id).status = PostStatus.HIDDEN.value
        db.session.commit()
    auth.login("member")
    waiting = client.get(f"/threads/{thread_id}").text
    assert "hidden until a moderator reviews it" in waiting
    assert _act(api, _item(app, thread_id), "remove").status_code == 200
    page = client.get(f"/threads/{thread_id}").text
    assert "A moderator removed this post" in page
    assert "until a moderator reviews it" not in page
    assert _act(api, _item(app, thread_id), "approve").status_code == 409  # already decided


def test_after_a_whole_thread_removal_the_author_reads_one_story(app, api, client, auth):
    thread_id, _opener_id, _replies = _thread_with_replies(api)
    assert _act(api, _item(app, thread_id), "remove_thread").status_code == 200
    auth.login("member")
    page = client.get(f"/threads/{thread_id}").text
    assert "A moderator removed this thread" in page
    assert "until a moderator reviews it" not in page


def test_an_appeal_of_a_whole_thread_removal_can_bring_it_back(app, api):
    thread_id, _opener_id, replies = _thread_with_replies(api)
    assert _act(api, _item(app, thread_id), "remove_thread").status_code == 200
    appeal = api.post("/appeals", "member", json={"type": "thread", "id": thread_id})
    assert appeal.status_code == 201, appeal.json
    item = _item(app, thread_id)
    decided = api.post(f"/moderation/queue/{item.id}/actions", "admin",
                       json={"action": "approve", "version": item.version})
    assert decided.status_code == 200, decided.json
    assert [p["id"] for p in api.get(f"/threads/{thread_id}").json["posts"]][1:] == replies
