"""A space's own moderators work their space's review items, and only those: the queue (page and
API, with exact lane counts), each item, every action, the crisis check-in, the log and the live
counts, against the forum's moderators, the other space's moderator, a member of the space, a
member of no space and an anonymous visitor. Reports from a mentor conversation lie in no space:
the forum's moderators alone see them. Built on space_review_world (who is who, what is where).
"""
import re

import pytest
from sqlalchemy import select

from clients import csrf_token_from, emit, received
from forum.extensions import db
from forum.models import ModerationItem, User
from forum.permissions import ACCOUNT_SANCTIONS
from forum.services.accounts.handles import find_user
from forum.services.moderation.records import queue_page
from forum.visibility import can_review, can_view_item, visible_items

from personas import PERSONA_HANDLES
from space_review_world import BEA, GENERAL, SEEN_BY, SPACE_A, SPACE_B, WHO, build

ITEM_ON_PAGE = re.compile(r'<article class="queue-item[^"]*" id="item-(\d+)"')


@pytest.fixture
def world(copy_of):
    """The review world, built once per module; each test works on its own copy of it."""
    return copy_of(build)


def _ids(world, names) -> set[int]:
    return {world.items[name] for name in names}


def _lanes(names) -> dict:
    urgent = sum(1 for name in names if name.endswith("_urgent"))
    return {"urgent": urgent, "held": 0, "check_in": 0, "flagged": len(names) - urgent,
            "pending": len(names)}


# --- seeing: the queue, its counts, each item ---------------------------------------------------

@pytest.mark.parametrize("who", WHO)
def test_the_queue_api_lists_exactly_the_items_each_reviewer_may_see(api, world, who):
    answer = api.get("/moderation/queue", WHO[who])
    seen = SEEN_BY[who]
    if who == "anonymous":
        assert answer.status_code == 401
        return
    if not seen:
        assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"
        return
    assert answer.status_code == 200, answer.json
    assert {item["id"] for item in answer.json["items"]} == _ids(world, seen)
    lanes = _lanes(seen)
    assert answer.json["counts"] == lanes
    assert answer.json["next"] is None


@pytest.mark.parametrize("who", ["mod_a", "mod_b"])
def test_a_filter_naming_another_place_finds_nothing_as_for_a_board_that_does_not_exist(
        api, world, who):
    elsewhere = SPACE_B if who == "mod_a" else SPACE_A
    for args in ({"board": elsewhere}, {"board": GENERAL}, {"room": SPACE_A if who == "mod_b"
                                                           else "lobby"}):
        answer = api.get("/moderation/queue", WHO[who], query_string=args)
        nothing = api.get("/moderation/queue", WHO[who],
                          query_string={next(iter(args)): "no-such-place"})
        assert answer.status_code == 200 and answer.json == nothing.json
        assert answer.json["items"] == [] and answer.json["counts"]["urgent"] == 0


def test_keyset_pages_of_a_space_moderators_queue_hold_their_items_once_each(app, world):
    with app.app_context():
        viewer, seen, cursor = find_user("PatMentor"), [], None
        while True:  # pages of one item: the filter and the keyset compose
            page = queue_page(viewer, cursor=cursor, limit=1)
            assert page.counts == {k: v for k, v in _lanes(SEEN_BY["mod_a"]).items()
                                   if k != "pending"}
            seen += [item.id for item in page.items]
            if page.next is None:
                break
            cursor = page.next
    assert len(seen) == len(set(seen)) and set(seen) == _ids(world, SEEN_BY["mod_a"])


@pytest.mark.parametrize("who", WHO)
def test_the_queue_page_shows_exactly_the_items_each_reviewer_may_see(client, auth, world, who):
    if WHO[who]:
        auth.login(WHO[who])
    page = client.get("/moderation")
    seen = SEEN_BY[who]
    if who == "anonymous":
        assert page.status_code == 302 and page.headers["Location"].startswith("/login")
        return
    home = client.get("/").text
    if not seen:
        assert page.status_code == 403 and 'href="/moderation"' not in home
        return
    assert page.status_code == 200 and 'href="/moderation"' in home
    assert {int(n) for n in ITEM_ON_PAGE.findall(page.text)} == _ids(world, seen)
    lanes = _lanes(seen)
    assert (f"<strong>{lanes['urgent']}</strong> urgent, <strong>0</strong> crisis check-in "
            f"(published), <strong>{lanes['held']}</strong> held, "
            f"<strong>{lanes['flagged']}</strong> flagged") in page.text
    assert f'data-pending="{lanes["pending"]}" data-urgent="{lanes["urgent"]}"' in page.text
    assert f'id="nav-queue-count">{lanes["pending"]}<' in page.text
    for place, name in ((SPACE_A, "a_thread"), (SPACE_B, "b_thread"),
                        (GENERAL, "general_thread")):
        assert (f"Thoughts for {place}" in page.text) == (name in seen), place
    assert ('value="ban"' in page.text) == (who == "global")


@pytest.mark.parametrize("who", WHO)
def test_each_item_opens_for_exactly_who_may_see_it(api, world, who):
    missing = api.get("/moderation/queue/999999", WHO[who])
    for name, item_id in world.items.items():
        answer = api.get(f"/moderation/queue/{item_id}", WHO[who])
        if who == "anonymous":
            assert answer.status_code == 401
        elif name in SEEN_BY[who]:
            assert answer.status_code == 200 and answer.json["item"]["id"] == item_id
        else:
            assert (answer.status_code, answer.json) == (404, missing.json), name


# --- doing: every action, through the page and the API ------------------------------------------

ACTIONS = {"thread": ("approve", "remove", "remove_thread", "edit_and_approve", "add_warning",
                      "lock_thread", "warn", "mute", "suspend", "ban"),
           "post": ("approve", "remove", "edit_and_approve", "add_warning", "lock_thread",
                    "warn", "mute", "suspend", "ban"),
           "message": ("approve", "remove", "warn", "mute", "suspend", "ban")}
INPUT = {"remove": {"reason": "harassment"}, "remove_thread": {"reason": "harassment"},
         "edit_and_approve": {"body": "Kinder words, edited"},
         "add_warning": {"content_warning": "Strong words"},
         "mute": {"duration": "1h"}, "suspend": {"duration": "1d"}}
KIND = {"a_thread": "thread", "b_thread": "thread", "general_thread": "thread",
        "a_post": "post", "a_urgent": "post", "b_post": "post", "general_post": "post",
        "a_room": "message"}


def _acting(who: str, names) -> list:
    return [pytest.param(who, name, action, id=f"{who}-{name}-{action}")
            for name in names for action in ACTIONS[KIND[name]]]


ACTING = (_acting("global", ("a_thread", "a_post", "a_room")) +
          _acting("mod_a", ("a_thread", "a_post", "a_urgent", "a_room")) +
          _acting("mod_b", ("b_thread", "b_post")))


def _state(app, item_id) -> tuple:
    with app.app_context():
        item = db.session.get(ModerationItem, item_id)
        troll = find_user("TroBridge")
        return (item.status, item.version, len(item.events), troll.muted_until,
                troll.suspended_until, troll.banned_at)


@pytest.mark.parametrize("who, name, action", ACTING)
def test_reviewers_take_every_action_on_the_items_they_see(app, api, world, who, name, action):
    item_id = world.items[name]
    before = _state(app, item_id)
    answer = api.post(f"/moderation/queue/{item_id}/actions", WHO[who],
                      json={"action": action, "version": world.versions[name],
                            **INPUT.get(action, {})})
    if who != "global" and action in ACCOUNT_SANCTIONS:
        # forum-wide sanctions stay with the forum's moderators; nothing is written
        assert answer.status_code == 403 and answer.json["error"]["code"] == "forbidden"
        assert _state(app, item_id) == before
        return
    assert answer.status_code == 200, answer.json
    after = _state(app, item_id)
    assert after[1] == before[1] + 1 and after[2] > before[2]
    assert answer.json["item"]["resolution"] == (
        action if action in ("approve", "remove", "remove_thread", "edit_and_approve") else None)


@pytest.mark.parametrize("who", ["anonymous", "nonmember", "member_a", "mod_a", "mod_b"])
def test_nobody_acts_on_an_item_they_may_not_see_and_nothing_is_written(app, api, world, who):
    for name, item_id in world.items.items():
        if name in SEEN_BY[who]:
            continue
        before = _state(app, item_id)
        for action in ACTIONS.get(KIND.get(name, "message")):
            answer = api.post(f"/moderation/queue/{item_id}/actions", WHO[who],
                              json={"action": action, **INPUT.get(action, {})})
            assert answer.status_code == (401 if who == "anonymous" else 404), (name, action)
        answer = api.post(f"/moderation/queue/{item_id}/check-in", WHO[who],
                          json={"message": "Thinking of you"})
        assert answer.status_code == (401 if who == "anonymous" else 404)
        assert _state(app, item_id) == before, name


@pytest.mark.parametrize("who", WHO)
def test_the_queue_pages_actions_answer_each_reviewer_for_each_place(app, client, auth, world,
                                                                     who):
    if WHO[who]:
        auth.login(WHO[who])
    token = csrf_token_from(client.get("/login" if who == "anonymous" else "/").text)
    for name, item_id in world.items.items():
        before = _state(app, item_id)
        answer = client.post(f"/moderation/items/{item_id}", data={
            "csrf_token": token, "action": "approve", "version": world.versions[name]})
        if who == "anonymous":
            assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
        elif not SEEN_BY[who]:
            assert answer.status_code == 403
        elif name not in SEEN_BY[who]:
            assert answer.status_code == 404, name
        else:
            assert answer.status_code == 302 and answer.headers["Location"] == "/moderation", \
                re.findall(r"Nothing was changed: [^<]*", answer.text)
            assert _state(app, item_id)[0] == "resolved", name
            continue
        assert _state(app, item_id) == before, name


def test_a_space_moderator_asking_the_page_to_ban_is_refused_and_told_why(app, client, auth,
                                                                          world):
    auth.login("mentor")
    item_id = world.items["a_post"]
    before = _state(app, item_id)
    answer = client.post(f"/moderation/items/{item_id}", data={
        "csrf_token": auth.csrf(), "action": "ban", "version": world.versions["a_post"]})
    assert answer.status_code == 403
    assert "the forum&#39;s moderators decide them" in answer.text
    assert _state(app, item_id) == before


@pytest.mark.parametrize("who, expected", [("global", 201), ("mod_a", 201), ("mod_b", 404),
                                           ("member_a", 404), ("nonmember", 404)])
def test_the_space_moderator_and_the_forums_reach_out_from_a_crisis_in_the_space(
        app, api, world, who, expected):
    answer = api.post(f"/moderation/queue/{world.items['a_urgent']}/check-in", WHO[who],
                      json={"message": "I read what you wrote. How are you doing right now?"})
    assert answer.status_code == expected, answer.json
    notes = api.get("/me/notifications", "troll").json["notifications"]
    assert any(n["kind"] == "check_in" for n in notes) == (expected == 201)


# --- what a space moderator learns of other places: nothing --------------------------------------

def test_the_log_and_an_authors_past_show_a_space_moderator_only_their_spaces(app, api, world):
    for who, name in (("global", "b_post"), ("global", "general_post"), ("mod_a", "a_post")):
        assert api.post(f"/moderation/queue/{world.items[name]}/actions", WHO[who], json={
            "action": "remove", "reason": "harassment"}).status_code == 200
    logged = {who: {entry["item_id"] for entry in api.get("/moderation/log", WHO[who]).json["log"]}
              for who in ("global", "mod_a", "mod_b")}
    assert logged == {"global": _ids(world, ("b_post", "general_post", "a_post")),
                      "mod_a": _ids(world, ("a_post",)), "mod_b": _ids(world, ("b_post",))}
    assert api.get("/moderation/log", "member").status_code == 403
    [own] = api.get("/moderation/log", "mentor").json["log"]
    assert own["by"] == "PatMentor" and own["kind"] == "remove"  # who acted is named
    past = {who: api.get(f"/moderation/queue/{world.items['a_thread']}", WHO[who])
            .json["item"]["author_history"] for who in ("global", "mod_a")}
    assert len(past["global"]) == 3 and len(past["mod_a"]) == 1  # Tro's removals: A's only


def test_live_counts_reach_each_reviewer_for_the_items_they_see_only(app, api, chat, world):
    sockets = {who: chat(WHO[who]) for who in ("global", "mod_a", "mod_b", "member_a")}
    answers = {who: emit(socket, "watch_queue", {}) for who, socket in sockets.items()}
    for who in ("global", "mod_a", "mod_b"):
        lanes = _lanes(SEEN_BY[who])
        assert answers[who] == {"ok": True, "pending": lanes["pending"],
                                "urgent": lanes["urgent"]}
    assert answers["member_a"]["error"]["code"] == "forbidden"
    for socket in sockets.values():
        received(socket, "queue_count")
    thread = api.post(f"/boards/{SPACE_B}/threads", "troll",
                      json={"title": "More", "body": "Still nobody gets it"}).json["thread"]["id"]
    assert api.post(f"/threads/{thread}/flags", BEA,
                    json={"reason": "crisis"}).status_code == 201
    heard = {who: received(socket, "queue_count") for who, socket in sockets.items()}
    assert heard["mod_b"][-1] == {"pending": 3, "urgent": 1}
    assert heard["global"][-1] == {"pending": 10, "urgent": 2}
    assert heard["mod_a"] == [] and heard["member_a"] == []
    assert api.post(f"/moderation/queue/{world.items['a_room']}/actions", "mentor",
                    json={"action": "approve"}).status_code == 200
    heard = {who: received(socket, "queue_count") for who, socket in sockets.items()}
    assert heard["mod_a"][-1] == {"pending": 3, "urgent": 1}
    assert heard["global"][-1] == {"pending": 9, "urgent": 2}
    assert heard["mod_b"] == [] and heard["member_a"] == []


# --- one question, asked in Python and in SQL ----------------------------------------------------

@pytest.mark.parametrize("who", WHO)
def test_python_and_sql_agree_on_who_sees_each_review_item(app, world, who):
    with app.app_context():
        viewer = find_user(PERSONA_HANDLES.get(WHO[who], WHO[who])) if WHO[who] else None
        items = db.session.scalars(select(ModerationItem)).all()
        in_python = {item.id for item in items if can_view_item(viewer, item)}
        in_sql = set(db.session.scalars(select(ModerationItem.id).where(visible_items(viewer))))
        assert in_python == in_sql == _ids(world, SEEN_BY[who])
        assert can_review(viewer) == bool(SEEN_BY[who])


def test_a_space_moderator_who_leaves_the_space_sees_its_items_no_more(app, api, world):
    assert api.delete(f"/spaces/{SPACE_A}/membership", "mentor").status_code == 204
    assert api.get("/moderation/queue", "mentor").status_code == 403
    assert api.get(f"/moderation/queue/{world.items['a_post']}", "mentor").status_code == 404
    with app.app_context():
        assert not can_review(db.session.scalar(select(User).where(User.handle == "PatMentor")))


def test_a_post_held_in_the_space_waits_for_its_moderator_who_publishes_it(app, api, client,
                                                                          auth, world):
    thread = api.post(f"/boards/{SPACE_A}/threads", "member",
                      json={"title": "Evenings", "body": "How do you spend them?"})
    held = api.post(f"/threads/{thread.json['thread']['id']}/posts", "troll",
                    json={"body": "New here. Text me at 555-201-3344 if anyone wants to talk."})
    assert held.json["post"]["status"] == "pending"
    post_id = held.json["post"]["id"]
    queue = api.get("/moderation/queue", "mentor").json
    assert queue["counts"]["held"] == 1 and queue["counts"]["pending"] == 5
    [item] = [i for i in queue["items"] if i["priority"] == "held"]
    assert api.get("/moderation/queue", BEA).json["counts"]["held"] == 0
    auth.login("mentor")
    page = client.get("/moderation").text
    assert "held or hidden, so not shown in place to you" in page
    answer = api.post(f"/moderation/queue/{item['id']}/actions", "mentor",
                      json={"action": "approve", "version": item["version"]})
    assert answer.status_code == 200 and answer.json["item"]["resolution"] == "approve"
    posts = api.get(f"/threads/{thread.json['thread']['id']}", "member").json["posts"]
    assert any(p["id"] == post_id and p["status"] == "published" for p in posts)


def test_a_check_in_from_a_space_marks_only_the_items_its_moderator_sees(app, api, world):
    b_post = api.get(f"/moderation/queue/{world.items['b_post']}", "moderator").json["item"]
    assert api.post(f"/posts/{b_post['target']['id']}/flags", "moderator",
                    json={"reason": "crisis"}).status_code == 201  # Tro's, urgent now too
    assert api.post(f"/moderation/queue/{world.items['a_urgent']}/check-in", "mentor",
                    json={"message": "Thinking of you tonight."}).status_code == 201
    with app.app_context():
        reached = {item.id for item in db.session.scalars(select(ModerationItem))
                   if any(e.kind == "reached_out" for e in item.events)}
    assert reached == {world.items["a_urgent"]}
