"""The review queue end to end through the API: flags, hiding, actions, concurrency,
notifications and appeals, and who may do what."""
import threading

import pytest

from clients import emit
from established import make_established
from forum.extensions import db
from forum.models import ModerationEvent, ModerationItem, Post


def _thread(api, persona="member", body="Three weeks today. Mornings are the hardest."):
    answer = api.post("/boards/alcohol/threads", persona, json={"title": "Three weeks", "body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["thread"]["id"], answer.json["post"]["id"]


def _reply(api, thread_id, persona="troll", body="whatever, you'll slip again"):
    answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]["id"]


def _queue(api, persona="moderator", **params):
    answer = api.get("/moderation/queue", persona, query_string=params)
    assert answer.status_code == 200, answer.json
    return answer.json["items"]


def test_a_flag_opens_one_item_with_a_snapshot_that_survives_edits(api):
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    assert api.post(f"/posts/{post_id}/flags", "member",
                    json={"reason": "harassment", "note": "shaming"}).status_code == 201
    assert api.post(f"/posts/{post_id}/flags", "newcomer",
                    json={"reason": "harassment"}).status_code == 201
    api.patch(f"/posts/{post_id}", "troll", json={"body": "I didn't say anything"})
    [item] = _queue(api)
    assert item["target"] == {"type": "post", "id": post_id}
    assert item["reasons"] == ["harassment"] and item["priority"] == "flagged"
    assert "slip again" in item["snapshot"]["body_html"]
    assert [f["reason"] for f in item["flags"]] == ["harassment", "harassment"]
    assert item["author"]["handle"] == "TroBridge"


@pytest.mark.parametrize("reason, code", [("nonsense", "unknown_reason"), (None, "unknown_reason")])
def test_flags_with_unknown_reasons_are_refused(api, reason, code):
    thread_id, post_id = _thread(api)
    answer = api.post(f"/posts/{post_id}/flags", "newcomer", json={"reason": reason})
    assert answer.status_code == 422 and answer.json["error"]["code"] == code
    assert _queue(api) == []


def test_one_flag_per_member_and_never_on_your_own_post(api):
    thread_id, post_id = _thread(api)
    assert api.post(f"/posts/{post_id}/flags", "member", json={"reason": "other"}).json["error"][
        "code"] == "own_content"
    assert api.post(f"/posts/{post_id}/flags", "troll", json={"reason": "other"}).status_code == 201
    again = api.post(f"/posts/{post_id}/flags", "troll", json={"reason": "promotion"})
    assert again.status_code == 422 and again.json["error"]["code"] == "already_flagged"


def test_three_members_hide_a_post_until_a_moderator_decides(app, api, personas):
    from forum.services.accounts.members import create_account
    from personas import PASSWORD

    with app.app_context():
        create_account(PASSWORD, "FourthFriend")
    make_established(app, personas["member"], personas["newcomer"], "FourthFriend")
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    for persona in ("member", "newcomer"):
        api.post(f"/posts/{post_id}/flags", persona, json={"reason": "harassment"})
    assert api.get(f"/posts/{post_id}").status_code == 200
    api.post(f"/posts/{post_id}/flags", "FourthFriend", json={"reason": "harassment"})
    assert api.get(f"/posts/{post_id}").status_code == 404
    assert api.get(f"/posts/{post_id}", "troll").json["post"]["status"] == "hidden"
    kinds = [n["kind"] for n in api.get("/me/notifications", "troll").json["notifications"]]
    assert "hidden" in kinds


def test_one_flag_from_a_peer_mentor_hides_but_crisis_and_medical_flags_never_do(api):
    thread_id, _ = _thread(api)
    first, second = _reply(api, thread_id), _reply(api, thread_id, body="take 5mg less a week")
    api.post(f"/posts/{second}/flags", "member", json={"reason": "medical-advice"})
    api.post(f"/posts/{second}/flags", "newcomer", json={"reason": "crisis"})
    api.post(f"/posts/{second}/flags", "mentor", json={"reason": "medical-advice"})
    assert api.get(f"/posts/{second}").status_code == 200
    api.post(f"/posts/{first}/flags", "mentor", json={"reason": "harassment"})
    assert api.get(f"/posts/{first}").status_code == 404


def test_the_queue_puts_crisis_first_then_holds_then_flags_oldest_first(api):
    thread_id, _ = _thread(api)
    flagged = _reply(api, thread_id)
    api.post(f"/posts/{flagged}/flags", "member", json={"reason": "harassment"})
    held = api.post("/boards/newcomers/threads", "newcomer",
                    json={"title": "hi", "body": "text me at 555-201-3344 if you want"})
    assert held.json["post"]["status"] == "pending"
    crisis = _reply(api, thread_id, "newcomer", "I don't want to be here anymore")
    items = _queue(api)
    assert [i["priority"] for i in items] == ["urgent", "held", "flagged"]
    assert items[0]["target"] == {"type": "post", "id": crisis}


def test_members_cannot_reach_the_queue(api, personas):
    for persona in ("newcomer", "member", "mentor", "troll"):
        assert api.get("/moderation/queue", persona).status_code == 403
        assert api.get("/moderation/log", persona).status_code == 403
        assert api.post("/moderation/queue/1/actions", persona,
                        json={"action": "approve"}).status_code == 404
    assert api.get("/moderation/queue").status_code == 401
    assert api.get("/moderation/queue", "admin").status_code == 200


def _flagged_item(api):
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    api.post(f"/posts/{post_id}/flags", "member", json={"reason": "harassment"})
    [item] = _queue(api)
    return item, post_id


def test_remove_tells_the_author_the_boundary_and_the_reporter_the_outcome(api):
    item, post_id = _flagged_item(api)
    answer = api.post(f"/moderation/queue/{item['id']}/actions", "moderator",
                      json={"action": "remove", "reason": "harassment", "note": "shaming a slip"})
    assert answer.status_code == 200, answer.json
    assert answer.json["item"]["status"] == "resolved"
    assert api.get(f"/posts/{post_id}").status_code == 404
    [removed] = [n for n in api.get("/me/notifications", "troll").json["notifications"]
                 if n["kind"] == "removed"]
    assert removed["boundary"] == "harassment" and "shaming a slip" in removed["message"]
    kinds = {n["kind"]: n for n in api.get("/me/notifications", "member").json["notifications"]}
    assert kinds["report_outcome"]["outcome"] == "remove"
    assert kinds["reply"]["message"] == 'TroBridge replied in "Three weeks".'
    log = api.get("/moderation/log", "moderator").json["log"]
    assert log[0]["kind"] == "remove" and log[0]["by"] == "MoKeeper"
    assert log[0]["boundary"] == "harassment"


@pytest.mark.parametrize("body, status, code", [
    ({"action": "delete_everything"}, 422, "unknown_action"),
    ({"action": "remove"}, 422, "unknown_reason"),
    ({"action": "remove", "reason": "rudeness"}, 422, "unknown_reason"),
    ({"action": "mute"}, 422, "invalid"),
    ({"action": "mute", "duration": "forever"}, 422, "invalid"),
    ({"action": "approve", "version": 99}, 409, "stale"),
    ({"action": "approve", "version": "1"}, 422, "invalid"),
    ({"action": "add_warning", "content_warning": ""}, 422, "invalid"),
])
def test_bad_actions_are_refused_and_leave_the_item_as_it_was(app, api, body, status, code):
    item, _ = _flagged_item(api)
    answer = api.post(f"/moderation/queue/{item['id']}/actions", "moderator", json=body)
    assert answer.status_code == status and answer.json["error"]["code"] == code, answer.json
    [after] = _queue(api)
    assert after["version"] == item["version"] and after["status"] == "pending"
    assert after["history"] == item["history"]


def test_acting_on_a_closed_item_or_a_missing_one(api):
    item, _ = _flagged_item(api)
    url = f"/moderation/queue/{item['id']}/actions"
    assert api.post(url, "moderator", json={"action": "approve"}).status_code == 200
    closed = api.post(url, "moderator", json={"action": "approve"})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "item_closed"
    assert api.post("/moderation/queue/9999/actions", "moderator",
                    json={"action": "approve"}).status_code == 404


def test_two_moderators_at_once_exactly_one_wins(app, api):
    item, _ = _flagged_item(api)
    url = f"/moderation/queue/{item['id']}/actions"
    api.token("moderator"), api.token("admin")
    results, start = [], threading.Barrier(2)

    def act(persona, action):
        client = app.test_client()
        start.wait()
        answer = client.post("/api/v1" + url, json={"action": action, "reason": "harassment",
                                                    "version": item["version"]},
                             headers={"Authorization": f"Bearer {api.token(persona)}"})
        results.append(answer.status_code)

    threads = [threading.Thread(target=act, args=("moderator", "approve")),
               threading.Thread(target=act, args=("admin", "remove"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409]
    with app.app_context():
        acts = db.session.scalars(db.select(ModerationEvent.kind).where(
            ModerationEvent.kind.in_(["approve", "remove"]))).all()
        assert len(acts) == 1


def test_an_appeal_reopens_the_item_for_a_different_moderator(api):
    item, post_id = _flagged_item(api)
    url = f"/moderation/queue/{item['id']}/actions"
    api.post(url, "moderator", json={"action": "remove", "reason": "harassment"})
    assert api.post("/appeals", "member", json={"type": "post", "id": post_id}).status_code == 404
    appeal = api.post("/appeals", "troll", json={"type": "post", "id": post_id,
                                                 "note": "I was sharing my own experience"})
    assert appeal.status_code == 201, appeal.json
    again = api.post("/appeals", "troll", json={"type": "post", "id": post_id})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_appealed"
    [reopened] = _queue(api)
    assert reopened["appealed"] is True and reopened["id"] == item["id"]
    same = api.post(url, "moderator", json={"action": "approve"})
    assert same.status_code == 403
    assert api.post(url, "admin", json={"action": "approve"}).status_code == 200
    assert api.get(f"/posts/{post_id}").status_code == 200


def test_sanctions_apply_everywhere_at_once(app, api, chat):
    item, _ = _flagged_item(api)
    tro = chat("troll")
    assert emit(tro, "join", {"room": "lobby"})["ok"]
    url = f"/moderation/queue/{item['id']}/actions"
    answer = api.post(url, "moderator", json={"action": "suspend", "reason": "harassment",
                                              "duration": "3d"})
    assert answer.status_code == 200, answer.json
    assert not tro.is_connected("/chat")  # the suspension closed the open connection at once
    with app.app_context():
        from forum.services.accounts.handles import find_user
        from forum.services.accounts.tokens import issue_token
        token = issue_token(find_user("TroBridge"))
    headers = {"Authorization": f"Bearer {token}"}
    thread_id, _ = _thread(api)
    post = api.client.post(f"/api/v1/threads/{thread_id}/posts", json={"body": "x"}, headers=headers)
    assert post.status_code == 403
    flag = api.client.post(f"/api/v1/threads/{thread_id}/flags", json={"reason": "other"},
                           headers=headers)
    assert flag.status_code == 422 and flag.json["error"]["code"] == "sanctioned"


def test_the_live_queue_count_reaches_moderators_only(api, chat):
    from clients import received

    mo, sam = chat("moderator"), chat("member")
    assert emit(mo, "watch_queue", {}) == {"ok": True, "pending": 0, "urgent": 0}
    assert emit(sam, "watch_queue", {})["error"]["code"] == "forbidden"
    _flagged_item(api)
    assert received(mo, "queue_count")[-1] == {"pending": 1, "urgent": 0}
    assert received(sam, "queue_count") == []


def test_transparency_lists_acts_without_content_or_names(api):
    item, _ = _flagged_item(api)
    api.post(f"/moderation/queue/{item['id']}/actions", "moderator",
             json={"action": "remove", "reason": "harassment"})
    acts = api.get("/transparency").json["acts"]
    assert acts == [{"month": acts[0]["month"], "action": "remove", "boundary": "harassment",
                     "count": 1}]


def test_authors_hear_when_held_content_is_approved_or_an_appeal_succeeds(api):
    thread = api.post("/boards/alcohol/threads", "member", json={"title": "t", "body": "b"}).json
    held = api.post(f"/threads/{thread['thread']['id']}/posts", "newcomer",
                    json={"body": "text me 555-201-3344"}).json["post"]["id"]
    [item] = _queue(api)
    api.post(f"/moderation/queue/{item['id']}/actions", "moderator", json={"action": "approve"})
    kinds = [n["kind"] for n in api.get("/me/notifications", "newcomer").json["notifications"]]
    assert kinds[0] == "approved"

    item, post_id = _flagged_item(api)
    url = f"/moderation/queue/{item['id']}/actions"
    api.post(url, "moderator", json={"action": "remove", "reason": "harassment"})
    assert api.patch(f"/posts/{post_id}", "troll", json={"body": "sneaky edit"}).status_code == 403
    api.post("/appeals", "troll", json={"type": "post", "id": post_id})
    api.post(url, "admin", json={"action": "approve"})
    notes = api.get("/me/notifications", "troll").json["notifications"]
    assert notes[0]["kind"] == "appeal_upheld"
    assert held
