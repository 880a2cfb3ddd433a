"""To everyone outside a restricted space it does not exist: every page, API path and chat event
that can name a place or its content answers for the space's board, room, thread, post and
message exactly as for ones that do not exist (same status, same body), and no list, count or
page shows a trace of it. Its members, its own moderators and the forum's moderators see it."""
import re
from urllib.parse import quote

import pytest

from clients import Auth, emit
from spaces_world import MISSING_SLUG, SPACE, build, row_counts

# Route arguments that name a place or its content, and the value from the space for each.
PLACE_ARGUMENTS = {"slug", "thread_id", "post_id", "message_id", "target_id", "kind"}
# Routes with other arguments: none of them can reach a space's content by that argument (they
# name the viewer's own things, or moderation records that only moderators may read).
NOT_ABOUT_A_PLACE = {
    "/api/v1/me/blocks/<handle>", "/api/v1/me/notifications/<int:note_id>/dismiss",
    "/api/v1/me/sessions/<signin_id>", "/api/v1/moderation/queue/<int:item_id>",
    "/api/v1/moderation/queue/<int:item_id>/actions",
    "/api/v1/moderation/queue/<int:item_id>/check-in", "/me/check-ins/<int:note_id>/read",
    "/me/crisis/<int:note_id>/dismiss", "/me/notifications/<int:note_id>/open", "/me/sessions/<signin_id>/end",
    "/moderation/items/<int:item_id>", "/moderation/items/<int:item_id>/check-in",
    "/moderation/rules/<int:rule_id>", "/static/<path:filename>",
    # Spaces are listed by name to everyone (GET /spaces); asking to join names one.
    "/api/v1/spaces/<slug>/join-requests", "/api/v1/spaces/<slug>/membership",
    "/spaces/<slug>/join", "/spaces/<slug>/leave",
    # The pair's own things, 404 to everyone else: tests/test_mentoring.py.
    "/api/v1/conversations/<int:conversation_id>/end",
    "/api/v1/conversations/<int:conversation_id>/messages",
    "/api/v1/conversation-messages/<int:message_id>/reports",
    "/conversations/<int:conversation_id>", "/conversations/<int:conversation_id>/messages",
    "/conversations/<int:conversation_id>/end", "/conversation-messages/<int:message_id>/report",
    "/api/v1/join-requests/<int:request_id>/approve",
    "/api/v1/join-requests/<int:request_id>/decline",
    "/api/v1/mentor-requests/<int:request_id>/accept", "/spaces/requests/<int:request_id>",
    "/mentors/requests/<int:request_id>/accept",
    # A member page names a member, not a place: tests/test_spaces_and_community.py checks that
    # it never lists a space's posts to anyone outside the space.
    "/members/<handle>", "/api/v1/members/<handle>",
}
SECRETS = ("Hidden harbour", "First words in the space", "A reply in the space", "Quiet room")
BODY = {"body": "Hello there", "title": "A title", "reason": "other", "note": "A note",
        "content_warning": None}


@pytest.fixture
def world(app, api, personas):
    return build(app, api, personas)


def _values(world, rule) -> tuple[dict, dict]:
    """The space's values for the rule's arguments, and values no row has."""
    space = {"slug": SPACE, "thread_id": world.thread_id, "post_id": world.reply_id,
             "message_id": world.message_id, "kind": "thread", "target_id": world.thread_id}
    missing = {"slug": MISSING_SLUG, "thread_id": world.missing_id, "post_id": world.missing_id,
               "message_id": world.missing_id, "kind": "thread", "target_id": world.missing_id}
    return ({k: space[k] for k in rule.arguments}, {k: missing[k] for k in rule.arguments})


def _routes(app):
    """Every (rule, method) naming a place or its content; fails on a route nobody classified."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments:
            continue
        if rule.rule in NOT_ABOUT_A_PLACE:
            continue
        assert rule.arguments <= PLACE_ARGUMENTS, \
            f"{rule.rule}: say whether it can reach a restricted space's content"
        found += [(rule, method) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert len(found) > 20
    return found


def _normalised(answer, urls: tuple[str, str]) -> tuple:
    """Status, body and redirect, with the address asked for made alike (the sign-in page's
    ?next= names it)."""
    text = answer.get_data(as_text=True)
    location = answer.headers.get("Location", "")
    if answer.status_code in (301, 302, 303):
        for url in sorted(urls, key=len, reverse=True):  # /x/1 is in /x/1000000
            for form in (quote(url, safe=""), url):
                location, text = location.replace(form, "ADDRESS"), text.replace(form, "ADDRESS")
    text = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "csrf", text)
    text = re.sub(r'<meta name="csrf-token" content="[^"]+"', "csrf", text)
    text = re.sub(r'data-csrf="[^"]+"', "csrf", text)  # the live connection's token, signed anew
    return answer.status_code, text, location


def _call(client, rule, method, values, headers, csrf):
    with client.session_transaction() as session:  # a flash from the last call would show here
        session.pop("_flashes", None)
    url = rule.build(values, append_unknown=False)[1]
    if url.startswith("/api/"):
        return client.open(url, method=method, headers=headers,
                           json=BODY if method in ("POST", "PATCH", "PUT") else None)
    data = {**{k: v for k, v in BODY.items() if v is not None}, "csrf_token": csrf}
    return client.open(url, method=method, data=data if method == "POST" else None)


@pytest.mark.parametrize("who", ["anonymous", "newcomer", "troll"])
def test_every_route_answers_for_the_space_as_for_nothing(app, api, personas, world, who):
    client = app.test_client()
    headers = {}
    if who != "anonymous":
        Auth(client, personas).login(who)
        headers = {"Authorization": f"Bearer {api.token(who)}"}
    csrf = Auth(client, personas).csrf("/login" if who == "anonymous" else "/")
    before = row_counts(app)
    for rule, method in _routes(app):
        space_values, missing_values = _values(world, rule)
        seen = _call(client, rule, method, space_values, headers, csrf)
        nothing = _call(client, rule, method, missing_values, headers, csrf)
        urls = (rule.build(space_values)[1], rule.build(missing_values)[1])
        assert _normalised(seen, urls) == _normalised(nothing, urls), f"{method} {rule.rule}"
        if who != "anonymous" and method == "GET":
            assert seen.status_code == 404, f"{method} {rule.rule}"
        assert not any(secret in seen.get_data(as_text=True) for secret in SECRETS), rule.rule
    assert row_counts(app) == before, "nothing was written"


@pytest.mark.parametrize("who", ["member", "mentor", "moderator"])
def test_members_and_moderators_of_the_space_see_it(app, api, personas, world, who):
    """Sam is a member, Pat the space's moderator, Mo a moderator of the forum."""
    client = app.test_client()
    Auth(client, personas).login(who)
    for path in (f"/boards/{SPACE}", f"/threads/{world.thread_id}", f"/chat/{SPACE}",
                 f"/posts/{world.reply_id}/flag"):
        assert client.get(path).status_code == 200, path
    assert "Hidden harbour" in client.get(f"/boards/{SPACE}").text
    assert "Women in recovery" in client.get("/").text
    for path in (f"/boards/{SPACE}/threads", f"/threads/{world.thread_id}",
                 f"/posts/{world.post_id}", f"/chat/rooms/{SPACE}/messages"):
        assert api.get(path, who).status_code == 200, path
    assert SPACE in {b["slug"] for b in api.get("/boards", who).json["boards"]}
    assert SPACE in {r["slug"] for r in api.get("/chat/rooms", who).json["rooms"]}


@pytest.mark.parametrize("who", ["anonymous", "newcomer"])
def test_no_list_page_or_count_shows_a_trace_of_the_space(app, api, personas, world, who):
    client = app.test_client()
    persona = None if who == "anonymous" else who
    if persona:
        Auth(client, personas).login(persona)
    member = app.test_client()
    Auth(member, personas).login("member")
    for path in ("/", "/chat", "/me", "/moderation", "/guidelines", "/help"):
        page = client.get(path)
        assert "Women in recovery" not in page.text and SPACE not in page.text, path
        assert not any(secret in page.text for secret in SECRETS), path
    home, members_home = client.get("/").text, member.get("/").text
    assert home.count('<h2><a href="/boards/') == members_home.count('<h2><a href="/boards/') - 1
    boards = api.get("/boards", persona).json["boards"]
    assert SPACE not in {b["slug"] for b in boards}
    assert len(api.get("/boards", "member").json["boards"]) == len(boards) + 1
    rooms = api.get("/chat/rooms", persona).json["rooms"]
    assert SPACE not in {r["slug"] for r in rooms}
    if persona:
        answer = api.get("/me/notifications", persona).json
        assert not any(secret in str(answer) for secret in SECRETS)


def test_a_non_member_cannot_join_the_spaces_room_nor_hear_it(app, api, chat, world):
    nell, sam = chat("newcomer"), chat("member")
    assert emit(sam, "join", {"room": SPACE})["ok"] is True
    for event, payload in (("join", {"room": "?"}), ("catch_up", {"room": "?", "after": 0}),
                           ("send", {"room": "?", "body": "hello"}), ("leave", {"room": "?"})):
        seen = emit(nell, event, {**payload, "room": SPACE})
        nothing = emit(nell, event, {**payload, "room": MISSING_SLUG})
        assert seen == nothing and seen["ok"] is False, event
    for event in ("remove_message", "flag"):
        seen = emit(nell, event, {"id": world.message_id, "reason": "other"})
        nothing = emit(nell, event, {"id": world.missing_id, "reason": "other"})
        assert seen == nothing and seen["ok"] is False, event
    emit(sam, "send", {"room": SPACE, "body": "Only for us"})
    heard = nell.get_received("/chat")
    assert not any(SPACE in str(event) or "Only for us" in str(event) for event in heard)


@pytest.mark.parametrize("who", [None, "newcomer", "member", "mentor", "moderator"])
def test_python_and_sql_agree_on_boards_rooms_and_notifications(app, personas, world, who):
    from flask_login import AnonymousUserMixin
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Board, Notification, Room
    from forum.services.accounts.handles import find_user
    from forum.visibility import (can_view_board, can_view_notification, can_view_room,
                                  visible_boards, visible_notifications, visible_rooms)

    with app.app_context():
        viewer = find_user(personas[who]) if who else AnonymousUserMixin()
        if who:
            for data in ({"thread_id": world.thread_id}, {"room": SPACE}, {"room": "lobby"},
                         {}, {"thread_id": 10 ** 6}):
                db.session.add(Notification(user_id=viewer.id, kind="test", message="x",
                                            data=data))
            db.session.commit()
        for model, question, where in ((Board, can_view_board, visible_boards),
                                       (Room, can_view_room, visible_rooms),
                                       (Notification, can_view_notification,
                                        visible_notifications)):
            rows = db.session.scalars(select(model)).all()
            in_python = {row.id for row in rows if question(viewer, row)}
            in_sql = set(db.session.scalars(select(model.id).where(where(viewer))))
            assert in_python == in_sql, model.__name__
        slugs = set(db.session.scalars(select(Board.slug).where(visible_boards(viewer))))
        assert (SPACE in slugs) == (who in ("member", "mentor", "moderator"))
        assert ("lgbtq-in-recovery" in slugs) == (who == "moderator")


def test_a_member_who_leaves_hears_the_room_no_more(app, api, chat, world):
    sam, pat = chat("member"), chat("mentor")
    assert emit(sam, "join", {"room": SPACE})["ok"] and emit(pat, "join", {"room": SPACE})["ok"]
    sam.get_received("/chat")
    assert api.delete(f"/spaces/{SPACE}/membership", "member").status_code == 204
    told = [e["args"][0] if isinstance(e["args"], list) else e["args"]
            for e in sam.get_received("/chat") if e["name"] == "notice"]
    assert [(n["code"], n["room"]) for n in told] == [("left_room", SPACE)]
    assert emit(pat, "send", {"room": SPACE, "body": "After she left"})["ok"]
    heard = sam.get_received("/chat")
    assert not any("After she left" in str(event) for event in heard), heard
    present = emit(pat, "join", {"room": SPACE})["present"]
    assert "SamRiver" not in present
