"""Export: everything a member wrote and set, as JSON, from GET /api/v1/me/export and as a file
to download from /me. Never a hash of a secret, and nothing about others they haven't seen."""
import json

import pytest
from sqlalchemy import select

import privacy_journey as journey
from clients import csrf_token_from
from forum.extensions import db
from forum.models import ApiToken, AuthSession, RecoveryCode, User

SECTIONS = {"exported_at", "account", "threads", "posts", "chat_messages", "flags",
            "moderation_history", "blocks", "notifications", "sessions", "preferences",
            "reading", "recovery", "checkins", "mutes", "spaces_and_mentoring", "follows",
            "reactions"}


@pytest.fixture
def willow(app, api, chat, personas):
    """Willow after her full journey."""
    return journey.run(app, api, chat)


def _export(api, willow) -> dict:
    answer = journey.call_as_willow(api, willow.token, "GET", "/me/export")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    return answer.json


def test_the_export_holds_everything_she_wrote_and_set(api, willow):
    data = _export(api, willow)
    assert set(data) == SECTIONS
    assert data["account"] | {"created_at": None} == {
        "handle": journey.HANDLE, "role": "member", "created_at": None, "muted_until": None,
        "suspended_until": None, "banned_at": None, "recovery_codes_left": 10, "api_tokens": 1}
    assert [(t["id"], t["title"], t["board"]) for t in data["threads"]] == \
        [(willow.thread_id, "Third night", "newcomers")]
    assert any(f.get("thread_id") == willow.thread_id and f["following"] for f in data["follows"])
    posts = {p["id"]: p for p in data["posts"]}
    assert set(posts) == {willow.opening_post_id, willow.reply_post_id}
    assert posts[willow.opening_post_id]["body_source"] == journey.OPENING
    assert posts[willow.reply_post_id]["parent_id"] == willow.others_reply_ids[0]
    assert {"content_warning", "status", "body_html", "created_at", "edited_at",
            "removed_at"} <= set(posts[willow.opening_post_id])
    assert [m["body_source"] for m in data["chat_messages"]] == [journey.CHAT,
                                                                 "Evenings are hard."]
    assert [(f["reason"], f["note"]) for f in data["flags"]] == \
        [("harassment", journey.WILLOW_FLAG_NOTE)]
    assert [b["handle"] for b in data["blocks"]] == ["TroBridge"]
    assert data["preferences"]["country"] == "IE"
    kinds = {n["kind"] for n in data["notifications"]}
    assert {"reply", "warn"} <= kinds
    assert sorted(s["label"] for s in data["sessions"]) == ["Chrome on Android", "Firefox on Linux"]
    assert all(set(s) == {"label", "created_at", "last_seen_at", "ended_at"}
               for s in data["sessions"])


def test_the_export_holds_no_hash_no_secret_and_no_address(app, api, willow):
    text = json.dumps(_export(api, willow))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.handle == journey.HANDLE))
        hashes = [user.password_hash]
        hashes += db.session.scalars(select(RecoveryCode.code_hash)
                                     .where(RecoveryCode.user_id == user.id)).all()
        hashes += db.session.scalars(select(ApiToken.token_hash)
                                     .where(ApiToken.user_id == user.id)).all()
        hashes += db.session.scalars(select(AuthSession.public_id)
                                     .where(AuthSession.user_id == user.id)).all()
    assert len(hashes) == 14
    for secret in [*hashes, journey.PASSWORD, willow.token, *willow.codes, *journey.ADDRESSES]:
        assert secret not in text


def test_who_blocked_her_is_not_hers_to_see(api, willow):
    """The troll blocked her too; that is the troll's boundary, not her data."""
    data = _export(api, willow)
    assert [b["handle"] for b in data["blocks"]] == ["TroBridge"]
    assert "blocked_by" not in json.dumps(data)


def test_a_used_recovery_code_counts_down(app, api, willow):
    first = journey.browser(app, 0)
    page = first.get("/recover")
    first.post("/recover", data={"handle": journey.HANDLE, "code": willow.codes[0],
                                 "new_password": "another long passphrase 9",
                                 "confirm": "another long passphrase 9",
                                 "csrf_token": csrf_token_from(page.text)})
    answer = api.client.post("/api/v1/tokens", json={"handle": journey.HANDLE,
                                                     "password": "another long passphrase 9"})
    token = answer.json["token"]
    data = api.client.get("/api/v1/me/export", headers={"Authorization": f"Bearer {token}"}).json
    assert data["account"]["recovery_codes_left"] == 9


def test_the_settings_page_offers_the_download_as_a_file(app, willow):
    first = willow.browsers[0]
    assert 'href="/me/export"' in first.get("/me").text
    answer = first.get("/me/export")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".json" in disposition
    assert journey.HANDLE not in disposition
    assert answer.headers["Cache-Control"] == "no-store"
    data = json.loads(answer.data)
    assert set(data) == SECTIONS and data["account"]["handle"] == journey.HANDLE


def test_the_export_needs_signing_in(api, client):
    assert api.get("/me/export").status_code == 401
    answer = client.get("/me/export")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_a_new_member_exports_empty_lists(api, personas):
    data = api.get("/me/export", "newcomer").json
    assert data["account"]["handle"] == "Nell"
    assert all(data[section] == []
               for section in SECTIONS - {"exported_at", "account", "preferences", "reading",
                                          "recovery", "mutes", "spaces_and_mentoring"})
    assert data["spaces_and_mentoring"] == {"spaces": [], "join_requests": [],
                                            "mentor_requests": [], "mentor_profile": None,
                                            "conversations": []}
    assert data["preferences"]["country"] is None
    assert data["reading"] == {"show_recent_posts": False, "threads_read": []}
    assert data["recovery"] is None and data["mutes"] == {"threads": [], "boards": []}
