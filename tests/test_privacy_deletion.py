"""Deleting an account: with the password, by the API (DELETE /api/v1/me) or from /me with a
confirmation step. Afterwards the handle is gone from every page, every API answer and every
column of every table; "deleted member" stands where it was. With erase_content the posts and
chat messages are erased too, and replies to them keep their place in the tree.

Every column that can hold personal data, and what deleting the account does to it
(test_every_column_is_classified keeps this list and the models in step):

Who the member is, and their secrets: deleted with the users row, or by CASCADE
    users.handle, users.handle_skeleton (the handle as it looks at a glance), users.password_hash
    (a hash), users.role, users.created_at, users.auth_epoch, users.muted_until,
    users.suspended_until, users.banned_at
    recovery_codes.user_id, recovery_codes.code_hash (a hash), recovery_codes.used_at
    api_tokens.user_id, api_tokens.token_hash (a hash), api_tokens.created_at,
    api_tokens.auth_epoch
    auth_sessions.user_id, auth_sessions.public_id, auth_sessions.label (browser and system,
    from the user agent: never an address), auth_sessions.auth_epoch, auth_sessions.created_at,
    auth_sessions.last_seen_at, auth_sessions.ended_at
    blocks.blocker_id, blocks.blocked_id, blocks.created_at (blocks made and received)
    chat_room_facilitators.user_id
    chat_room_mutes.user_id, chat_room_mutes.until, chat_room_mutes.created_at
    notifications.user_id, .kind, .message, .data, .created_at, .read_at, .dismissed_at (the
    member's own)
    member_preferences.user_id, .country (the country of their crisis lines), .updated_at,
    .show_recent_posts (whether their member page lists recent posts),
    .folded_warnings, .hidden_warnings (content-warning categories)
    thread_reads.user_id, .thread_id, .last_post_id, .read_at (how far they read each thread)
    recovery_records.user_id, .streak_start, .days_before, .time_zone, .show_badge, .updated_at
    checkins.user_id, .day, .note, .created_at (the member's own calendar)
    thread_mutes.user_id, .created_at; board_mutes.user_id, .created_at
    thread_follows.user_id, .thread_id, .following, .created_at; board_follows.user_id,
    .board_id, .created_at; post_reactions.user_id, .post_id, .kind, .created_at (what they
    follow and the reactions they gave: deleted with the account)
    space_members.user_id, .role, .created_at; space_join_requests.user_id, .note, .reason,
    .created_at, .decided_at, .decided_by_id (SET NULL for the deciding moderator)
    mentor_profiles.user_id, .offer, .max_mentees, .updated_at; mentor_requests.member_id,
    .note, .created_at, .accepted_at, .mentor_id (SET NULL for the accepting mentor)
    mentor_conversations.mentor_id, .mentee_id (SET NULL: the conversation ends, the other of
    the pair keeps it), .created_at, .ended_at
What the member wrote: kept, signed "deleted member", or erased with erase_content
    threads.author_id (SET NULL), threads.title (replaced by "A conversation started by a
    deleted member" when erased)
    posts.author_id (SET NULL), posts.body_source, posts.body_html, posts.content_warning
    (blanked when erased), posts.removed_at (set when erased)
    chat_messages.author_id (SET NULL), chat_messages.body_source, chat_messages.body_html
    (blanked when erased), chat_messages.removed_at (set when erased)
    mentor_messages.author_id (SET NULL), mentor_messages.body_source, .body_html (blanked when
    erased), .reported_at
    flags.reporter_id (SET NULL), flags.note (a report's note stays with the moderators)
What was written about the member for others: the handle becomes "deleted member"
    notifications.message, notifications.data of other members ("WillowFinch replied in ...",
    a moderator's note that names the member)
    moderation_events.note, flags.note (notes typed by moderators and reporters)
Moderation records: kept for the moderators, without the handle
    moderation_items.author_id, moderation_items.resolved_by_id,
    moderation_items.excluded_moderator_id, moderation_events.actor_id,
    chat_messages.removed_by_id, chat_room_mutes.created_by_id (SET NULL)
    moderation_items.snapshot (the content as it was reported; it holds no handle)
Not personal: the configuration tables (boards, chat_rooms, moderation_rules, spaces) and the ids,
counters, statuses and places listed in NOT_PERSONAL below (posts.body_html_version is the
version of the renderer that made the HTML).
"""
import pytest
from sqlalchemy import func, select

import privacy_journey as journey
from clients import csrf_token_from, emit, received
from forum.extensions import db
from forum.models import (ApiToken, AuthSession, Block, ChatMessage, Flag, ModerationEvent,
                          Notification, Post, RecoveryCode, Thread, User)
from forum.services.accounts.privacy import ERASED_TITLE
from privacy_search import crawl, found_in_database

PERSONAL = {
    "users": {"handle", "handle_skeleton", "password_hash", "role", "created_at", "auth_epoch",
              "muted_until", "suspended_until", "banned_at"},
    "recovery_codes": {"user_id", "code_hash", "used_at"},
    "api_tokens": {"user_id", "token_hash", "created_at", "auth_epoch"},
    "auth_sessions": {"user_id", "public_id", "label", "auth_epoch", "created_at",
                      "last_seen_at", "ended_at"},
    "blocks": {"blocker_id", "blocked_id", "created_at"},
    "chat_room_facilitators": {"user_id"},
    "chat_room_mutes": {"user_id", "until", "created_at", "created_by_id"},
    "notifications": {"user_id", "kind", "message", "data", "created_at", "read_at",
                      "dismissed_at"},
    "member_preferences": {"user_id", "country", "folded_warnings", "hidden_warnings",
                           "updated_at", "show_recent_posts"},
    "thread_reads": {"user_id", "thread_id", "last_post_id", "read_at"},
    "recovery_records": {"user_id", "streak_start", "days_before", "time_zone", "show_badge",
                         "updated_at"},
    "checkins": {"user_id", "day", "note", "created_at"},
    "thread_mutes": {"user_id", "created_at"},
    "board_mutes": {"user_id", "created_at"},
    "thread_follows": {"user_id", "thread_id", "following", "created_at"},
    "board_follows": {"user_id", "board_id", "created_at"},
    "post_reactions": {"user_id", "post_id", "kind", "created_at"},
    "space_members": {"user_id", "role", "created_at"},
    "space_join_requests": {"user_id", "note", "reason", "created_at", "decided_at",
                            "decided_by_id"},
    "mentor_profiles": {"user_id", "offer", "max_mentees", "updated_at"},
    "mentor_requests": {"member_id", "note", "created_at", "accepted_at", "mentor_id"},
    "mentor_conversations": {"mentor_id", "mentee_id", "created_at", "ended_at"},
    "mentor_messages": {"author_id", "body_source", "body_html", "reported_at"},
    "threads": {"author_id", "title"},
    "posts": {"author_id", "body_source", "body_html", "content_warning", "removed_at"},
    "chat_messages": {"author_id", "body_source", "body_html", "removed_at", "removed_by_id"},
    "flags": {"reporter_id", "note"},
    "moderation_events": {"note", "actor_id"},
    "moderation_items": {"author_id", "resolved_by_id", "excluded_moderator_id", "snapshot"},
}
NOT_PERSONAL = {
    "users": {"id"}, "recovery_codes": {"id"}, "api_tokens": {"id"}, "auth_sessions": {"id"},
    "chat_room_facilitators": {"room_id"}, "chat_room_mutes": {"id", "room_id"},
    "notifications": {"id"}, "post_reactions": {"id"},
    "post_announcements": {"post_id", "announced_at"},
    "checkins": {"id", "post_id"}, "thread_mutes": {"thread_id"}, "board_mutes": {"board_id"},
    "checkin_days": {"day", "thread_id", "created_at"},
    "threads": {"id", "board_id", "status", "created_at", "last_activity_at", "reply_count",
                "locked"},
    "posts": {"id", "thread_id", "parent_id", "root_id", "depth", "status", "created_at",
              "edited_at", "body_html_version"},
    "chat_messages": {"id", "room_id", "created_at", "status"},
    "flags": {"id", "target_type", "target_id", "reason", "item_id", "created_at",
              "outcome_sent_at"},
    "moderation_events": {"id", "item_id", "kind", "boundary", "created_at"},
    "moderation_items": {"id", "target_type", "target_id", "status", "priority", "reasons",
                         "board_id", "room_id", "version", "created_at", "opened_at",
                         "resolved_at", "resolution", "resolution_boundary", "appealed"},
    "space_members": {"space_id"}, "space_join_requests": {"id", "space_id", "status"},
    "mentor_requests": {"id", "status"}, "mentor_conversations": {"id", "request_id"},
    "mentor_messages": {"id", "conversation_id", "created_at", "status"},
}
CONFIGURATION = {"boards", "chat_rooms", "moderation_rules", "spaces"}


def test_every_column_is_classified():
    """A new column must be placed in the docstring's list (and here) before it ships."""
    for table in db.metadata.sorted_tables:
        columns = {c.name for c in table.columns}
        if table.name in CONFIGURATION:
            continue
        classified = PERSONAL.get(table.name, set()) | NOT_PERSONAL.get(table.name, set())
        assert columns == classified, (table.name, columns ^ classified)


@pytest.fixture
def willow(app, api, chat, personas):
    """Willow after her full journey; the other personas around her."""
    return journey.run(app, api, chat)


def _delete_by_api(api, willow, erase: bool):
    answer = journey.call_as_willow(api, willow.token, "DELETE", "/me",
                                    json={"password": journey.PASSWORD, "erase_content": erase})
    assert answer.status_code == 204, answer.json
    assert answer.data == b""


@pytest.mark.parametrize("erase", [True, False], ids=["erase", "keep"])
def test_after_deletion_no_table_holds_the_handle_password_token_codes_or_address(
        app, api, willow, erase):
    with app.app_context():
        before = found_in_database(willow.needles())
    assert {needle for _t, _c, needle in before} == {journey.HANDLE}, before  # never stored
    assert ("users", "handle", journey.HANDLE) in before  # the search does find things
    _delete_by_api(api, willow, erase)
    with app.app_context():
        assert found_in_database(willow.needles()) == []
        assert db.session.scalar(select(func.count(User.id))) == 6  # the personas remain


def test_the_account_and_everything_hanging_from_it_is_gone(app, api, willow):
    with app.app_context():
        willow_id = db.session.scalar(select(User.id).where(User.handle == journey.HANDLE))
    _delete_by_api(api, willow, erase=False)
    with app.app_context():
        assert db.session.get(User, willow_id) is None
        for model in (RecoveryCode, ApiToken, AuthSession, Notification):
            assert db.session.scalar(select(func.count()).select_from(model)
                                     .where(model.user_id == willow_id)) == 0, model
        assert db.session.scalar(select(func.count()).select_from(Block).where(
            (Block.blocker_id == willow_id) | (Block.blocked_id == willow_id))) == 0
        assert db.session.scalar(select(func.count(Post.id)).where(Post.author_id.is_(None))) == 2
        assert db.session.scalar(select(func.count(Flag.id)).where(Flag.reporter_id.is_(None))) \
            == 1


def test_keeping_content_leaves_it_signed_deleted_member(api, willow):
    _delete_by_api(api, willow, erase=False)
    thread = api.get(f"/threads/{willow.thread_id}").json
    assert thread["thread"]["title"] == "Third night"
    assert thread["thread"]["author"] == {"handle": "deleted member"}
    mine = {p["id"]: p for p in thread["posts"]}
    assert journey.OPENING in mine[willow.opening_post_id]["body_html"]
    assert mine[willow.reply_post_id]["author"] == {"handle": "deleted member"}
    history = api.get("/chat/rooms/lobby/messages", "member").json["messages"]
    assert [m["author"]["handle"] for m in history if m["id"] in willow.message_ids] == \
        ["deleted member", "deleted member"]


def test_erasing_blanks_posts_and_messages_and_replies_keep_their_place(app, api, chat, willow):
    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["ok"]
    received(sam, "message_removed")
    _delete_by_api(api, willow, erase=True)
    thread = api.get(f"/threads/{willow.thread_id}").json
    assert thread["thread"]["title"] == ERASED_TITLE
    posts = {p["id"]: p for p in thread["posts"]}
    for erased in (willow.opening_post_id, willow.reply_post_id):
        assert posts[erased]["removed"] is True and posts[erased]["body_html"] == ""
        assert posts[erased]["content_warning"] is None
    sams, nells = willow.others_reply_ids
    assert posts[sams]["parent_id"] == willow.opening_post_id
    assert posts[nells]["parent_id"] == willow.reply_post_id  # the tree keeps its shape
    assert "A walk sounds good." in posts[nells]["body_html"]
    history = api.get("/chat/rooms/lobby/messages", "member").json["messages"]
    assert not {m["id"] for m in history} & set(willow.message_ids)
    assert {e["id"] for e in received(sam, "message_removed")} == set(willow.message_ids)
    with app.app_context():
        for model in (Post, ChatMessage):
            rows = db.session.scalars(select(model).where(model.author_id.is_(None))).all()
            assert rows and all(r.body_source == "" and r.body_html == "" for r in rows)
            assert all(r.removed_at is not None for r in rows)


def test_text_about_others_names_a_deleted_member_instead(app, api, willow):
    _delete_by_api(api, willow, erase=False)
    sams = api.get("/me/notifications", "member").json["notifications"]
    reply = next(n for n in sams if n["kind"] == "reply")
    assert reply["message"] == 'A deleted member replied in "Third night".'
    trolls = api.get("/me/notifications", "troll").json["notifications"]
    removal = next(n for n in trolls if n["kind"] == "removed")
    assert "Removed for harassing a deleted member." in removal["message"]
    assert removal["reason"] == "Removed for harassing a deleted member."
    with app.app_context():
        notes = db.session.scalars(select(Flag.note)).all() + \
            db.session.scalars(select(ModerationEvent.note)).all()
    assert "A deleted member keeps lecturing people, make a deleted member stop" in notes
    assert journey.WILLOW_FLAG_NOTE in notes  # her own report stays with the moderators


def test_moderators_keep_the_snapshot_and_the_act_without_the_handle(api, willow):
    _delete_by_api(api, willow, erase=True)
    items = api.get("/moderation/queue", "moderator").json["items"]
    thread_item = next(i for i in items if i["target"]["type"] == "thread")
    assert thread_item["snapshot"]["body_source"] == journey.OPENING
    full = api.get(f"/moderation/queue/{thread_item['id']}", "moderator")
    assert journey.HANDLE.lower() not in full.text.lower()
    assert "deleted member" in full.text
    log = api.get("/moderation/log", "moderator")
    assert log.status_code == 200 and journey.HANDLE.lower() not in log.text.lower()
    assert "warn" in log.text


def test_the_handle_is_on_no_page_and_in_no_api_answer(app, api, auth, client, willow):
    _delete_by_api(api, willow, erase=False)
    for persona in (None, "member", "moderator"):
        if persona:
            auth.login(persona)
        pages = crawl(client, ("/", f"/threads/{willow.thread_id}", "/chat/lobby",
                               "/moderation"))
        assert f"/threads/{willow.thread_id}" in pages
        for path, html in pages.items():
            assert journey.HANDLE.lower() not in html.lower(), (persona, path)
        if persona:
            auth.logout()
    assert "deleted member" in client.get(f"/threads/{willow.thread_id}").text
    for persona, path in [(None, "/boards/newcomers/threads"), (None, f"/threads/{willow.thread_id}"),
                          ("member", "/chat/rooms/lobby/messages"), ("member", "/me/notifications"),
                          ("troll", "/me/notifications"), ("troll", "/me/blocks"),
                          ("moderator", "/moderation/queue"), ("moderator", "/moderation/log")]:
        answer = api.get(path, persona)
        assert answer.status_code == 200, path
        assert journey.HANDLE.lower() not in answer.text.lower(), path


def test_deletion_ends_every_session_token_and_connection_and_frees_nothing_else(
        api, willow):
    _delete_by_api(api, willow, erase=False)
    assert not willow.chat_connection.is_connected("/chat")
    for browser in willow.browsers:
        assert browser.get("/me").status_code == 302
    assert journey.call_as_willow(api, willow.token, "GET", "/me").status_code == 401
    assert api.client.post("/api/v1/tokens", json={"handle": journey.HANDLE,
                                                   "password": journey.PASSWORD}).status_code == 401


@pytest.mark.parametrize("body, field, status", [
    ({}, "password", 422), ({"password": "not my password at all"}, "password", 403),
    ({"password": journey.PASSWORD, "erase_content": "yes"}, "erase_content", 422),
    ({"password": 12345}, "password", 422),
])
def test_deletion_needs_the_password_and_a_clear_choice(app, api, willow, body, field, status):
    answer = journey.call_as_willow(api, willow.token, "DELETE", "/me", json=body)
    assert answer.status_code == status
    assert answer.json["error"]["field"] == field
    with app.app_context():
        assert db.session.scalar(select(User).where(User.handle == journey.HANDLE)) is not None


def test_deletion_without_signing_in_answers_401(api):
    assert api.delete("/me", json={"password": "whatever it is"}).status_code == 401


def test_a_cookie_deletion_through_the_api_needs_the_csrf_token(app, client, auth):
    auth.login("member")
    answer = client.delete("/api/v1/me", json={"password": "a long enough passphrase 42"})
    assert answer.status_code == 400 and answer.json["error"]["code"] == "csrf_failed"


def _confirm_page(client, choice: str):
    start = client.get("/me/delete")
    assert start.status_code == 200
    return client.post("/me/delete", data={"content": choice,
                                           "csrf_token": csrf_token_from(start.text)})


def test_the_settings_page_leads_to_deletion_with_a_confirmation_step(app, api, willow):
    first = willow.browsers[0]
    settings = first.get("/me").text
    assert 'href="/me/delete"' in settings
    confirm = _confirm_page(first, "erase")
    assert confirm.status_code == 200
    assert "Are you sure?" in confirm.text and "2 posts" in confirm.text
    assert "2 chat messages" in confirm.text and 'type="password"' in confirm.text
    assert journey.PASSWORD not in confirm.text
    wrong = first.post("/me/delete/confirm", data={
        "content": "erase", "password": "not my password at all",
        "csrf_token": csrf_token_from(confirm.text)})
    assert wrong.status_code == 200 and "That is not your password." in wrong.text
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 7  # nothing happened yet
    done = first.post("/me/delete/confirm", data={
        "content": "erase", "password": journey.PASSWORD,
        "csrf_token": csrf_token_from(wrong.text)})
    assert done.status_code == 200 and "Your account is deleted" in done.text
    assert journey.HANDLE not in done.text
    assert first.get("/me").status_code == 302  # logged out
    with app.app_context():
        assert db.session.get(Thread, willow.thread_id).title == ERASED_TITLE
        assert found_in_database(willow.needles()) == []


def test_keeping_content_from_the_page(app, api, willow):
    first = willow.browsers[0]
    confirm = _confirm_page(first, "keep")
    assert "stays where it is" in confirm.text
    done = first.post("/me/delete/confirm", data={
        "content": "keep", "password": journey.PASSWORD,
        "csrf_token": csrf_token_from(confirm.text)})
    assert "Your account is deleted" in done.text
    with app.app_context():
        assert db.session.get(Thread, willow.thread_id).title == "Third night"
        assert db.session.get(Post, willow.opening_post_id).body_source == journey.OPENING


def test_the_deletion_pages_need_a_signed_in_member_and_the_csrf_token(client, auth):
    assert client.get("/me/delete").status_code == 302
    auth.login("member")
    assert client.post("/me/delete", data={"content": "keep"}).status_code == 400
    assert client.post("/me/delete/confirm", data={
        "content": "keep", "password": "a long enough passphrase 42"}).status_code == 400
    assert client.get("/me").status_code == 200  # still here


def test_a_notification_naming_an_everyday_word_handle_keeps_its_title(app, api, personas):
    """A reply notice names the replier only at its start: the title after it is left alone."""
    api.client.post("/api/v1/accounts", json={"handle": "Hope", "password": journey.PASSWORD})
    api.token("Hope", journey.PASSWORD)
    created = api.post("/boards/newcomers/threads", "member",
                       json={"title": "Finding hope again", "body": "Day one."}).json
    api.post(f"/threads/{created['thread']['id']}/posts", "Hope", json={"body": "Me too."})
    assert api.delete("/me", "Hope", json={"password": journey.PASSWORD}).status_code == 204
    with app.app_context():
        messages = db.session.scalars(select(Notification.message)).all()
    assert messages == ['A deleted member replied in "Finding hope again".']
