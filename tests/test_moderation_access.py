"""Who may reach what: every moderation page, every moderation API route and every moderator's
socket event, against an anonymous visitor, a member, a peer mentor, a moderator and an admin.

Pages: anonymous visitors are sent to log in; signed-in members without the role get 403. The
API answers 401 to anonymous callers, 403 for the queue and log, and 404 for a single item (as
if it did not exist). Socket events answer `forbidden` in the acknowledgement.
"""
from dataclasses import dataclass

import pytest

from clients import csrf_token_from, emit
from forum.extensions import db, socketio
from forum.models import ModerationItem, Rule

WHO = ("anonymous", "member", "mentor", "moderator", "admin")
LOGIN = "login"  # a redirect to /login?next=...


@dataclass
class World:
    """A reply by the troll flagged for review, another the moderators removed, and a rule."""

    post: int
    item: int
    version: int
    removed: int
    rule: int

    def fill(self, text: str) -> str:
        return text.format(**self.__dict__)


@pytest.fixture
def world(copy_of) -> World:
    """Built once for the module; each test gets its own copy of the rows (conftest.copy_of)."""
    return copy_of(_build_world)


def _build_world(app, api) -> World:
    thread = api.post("/boards/alcohol/threads", "newcomer",
                      json={"title": "Day two", "body": "Still here."}).json["thread"]["id"]
    post, removed = (api.post(f"/threads/{thread}/posts", "troll", json={"body": body}).json[
        "post"]["id"] for body in ("you'll slip again", "nobody cares"))
    for target in (post, removed):
        assert api.post(f"/posts/{target}/flags", "newcomer",
                        json={"reason": "harassment"}).status_code == 201
    with app.app_context():
        db.session.add(Rule(boundary="sourcing", name="Plugs", pattern=r"\bplug\b",
                            action="report", chat_action="report"))
        db.session.commit()
        items = {i.target_id: i for i in db.session.scalars(db.select(ModerationItem))}
        rule = db.session.scalar(db.select(Rule.id).limit(1))
    assert api.post(f"/moderation/queue/{items[removed].id}/actions", "moderator", json={
        "action": "remove", "reason": "harassment"}).status_code == 200
    return World(post, items[post].id, items[post].version, removed, rule)


RULE = {"name": "A rule", "boundary": "sourcing", "pattern": r"\bplug\b", "action": "report",
        "chat_action": "report", "explanation": "", "enabled": "y"}
PAGES = [
    ("GET", "/moderation", None, (LOGIN, 403, 403, 200, 200)),
    ("GET", "/moderation?status=resolved&reason=harassment", None, (LOGIN, 403, 403, 200, 200)),
    ("POST", "/moderation/items/{item}", {"action": "approve", "version": "{version}"},
     (LOGIN, 403, 403, 302, 302)),
    ("POST", "/moderation/items/999999", {"action": "approve", "version": "1"},
     (LOGIN, 403, 403, 404, 404)),
    ("POST", "/moderation/items/99999999999999999999", {"action": "approve", "version": "1"},
     (LOGIN, 403, 403, 404, 404)),
    ("GET", "/moderation/log", None, (LOGIN, 403, 403, 200, 200)),
    ("GET", "/transparency", None, (200, 200, 200, 200, 200)),
    ("GET", "/moderation/rules", None, (LOGIN, 403, 403, 403, 200)),
    ("POST", "/moderation/rules", RULE, (LOGIN, 403, 403, 403, 302)),
    ("GET", "/moderation/rules/{rule}", None, (LOGIN, 403, 403, 403, 200)),
    ("POST", "/moderation/rules/{rule}", RULE, (LOGIN, 403, 403, 403, 302)),
    ("GET", "/moderation/rules/999999", None, (LOGIN, 403, 403, 403, 404)),
    ("GET", "/moderation/rules/99999999999999999999", None, (LOGIN, 403, 403, 403, 404)),
    ("GET", "/me/notifications", None, (LOGIN, 200, 200, 200, 200)),
    ("POST", "/me/notifications/read", {}, (LOGIN, 302, 302, 302, 302)),
    ("GET", "/posts/{post}/flag", None, (LOGIN, 200, 200, 200, 200)),
    ("POST", "/posts/{post}/flag", {"reason": "other"}, (LOGIN, 302, 302, 302, 302)),
    ("GET", "/appeals/post/{removed}", None, (LOGIN, 404, 404, 404, 404)),
    ("POST", "/appeals/post/{removed}", {}, (LOGIN, 404, 404, 404, 404)),
]


def _cases(table):
    return [pytest.param(method, path, body, who, expected[i], id=f"{method} {path} {who}")
            for method, path, body, expected in table for i, who in enumerate(WHO)]


@pytest.mark.parametrize("method, path, body, who, expected", _cases(PAGES))
def test_moderation_pages(client, auth, world, method, path, body, who, expected):
    if who != "anonymous":
        auth.login(who)
    path = world.fill(path)
    if method == "GET":
        answer = client.get(path)
    else:
        token = csrf_token_from(client.get("/login" if who == "anonymous" else "/").text)
        data = {key: world.fill(value) for key, value in body.items()}
        answer = client.post(path, data={"csrf_token": token, **data})
    if expected == LOGIN:
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login?next=")
    else:
        assert answer.status_code == expected, answer.text[:500]
        if expected == 302:
            assert not answer.headers["Location"].startswith("/login")


API = [
    ("GET", "/moderation/queue", None, (401, 403, 403, 200, 200)),
    ("GET", "/moderation/queue/{item}", None, (401, 404, 404, 200, 200)),
    ("POST", "/moderation/queue/{item}/actions", {"action": "approve"}, (401, 404, 404, 200, 200)),
    ("GET", "/moderation/log", None, (401, 403, 403, 200, 200)),
    ("GET", "/transparency", None, (200, 200, 200, 200, 200)),
    ("POST", "/posts/{post}/flags", {"reason": "other"}, (401, 201, 201, 201, 201)),
    ("GET", "/me/notifications", None, (401, 200, 200, 200, 200)),
    ("POST", "/me/notifications/read", None, (401, 204, 204, 204, 204)),
    ("POST", "/appeals", {"type": "post", "id": "{removed}"}, (401, 404, 404, 404, 404)),
]


@pytest.mark.parametrize("method, path, body, who, expected", _cases(API))
def test_moderation_api(api, world, method, path, body, who, expected):
    persona = None if who == "anonymous" else who
    json = None if body is None else {k: int(world.fill(v)) if v.startswith("{") else v
                                      for k, v in body.items()}
    answer = api.call(method, world.fill(path), persona, json=json)
    assert answer.status_code == expected, answer.get_data(as_text=True)[:300]


def _a_message(chat) -> int:
    troll = chat("troll")
    assert emit(troll, "join", {"room": "lobby"})["ok"]
    return emit(troll, "send", {"room": "lobby", "body": "hello all"})["message"]["id"]


EVENTS = [
    ("watch_queue", {}, ("refused", "forbidden", "forbidden", "ok", "ok")),
    ("remove_message", {"id": "message"}, ("refused", "forbidden", "forbidden", "ok", "ok")),
    ("mute", {"room": "lobby", "handle": "TroBridge", "minutes": 5},
     ("refused", "forbidden", "forbidden", "ok", "ok")),
    ("slow_mode", {"room": "lobby", "seconds": 5},
     ("refused", "forbidden", "forbidden", "ok", "ok")),
    ("lock", {"room": "lobby", "locked": True}, ("refused", "forbidden", "forbidden", "ok", "ok")),
]


@pytest.mark.parametrize("event, payload, who, expected", [
    pytest.param(event, payload, who, expected[i], id=f"{event} {who}")
    for event, payload, expected in EVENTS for i, who in enumerate(WHO)])
def test_moderators_socket_events(app, chat, event, payload, who, expected):
    if payload.get("id") == "message":
        payload = {"id": _a_message(chat)}
    if who == "anonymous":
        connection = socketio.test_client(app, namespace="/chat")
        assert not connection.is_connected("/chat")
        assert expected == "refused"
        return
    answer = emit(chat(who), event, payload)
    if expected == "ok":
        assert answer["ok"] is True, answer
    else:
        assert answer == {"ok": False, "error": {"code": expected, "message": answer["error"][
            "message"]}}, answer
