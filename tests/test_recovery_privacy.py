"""Export and deletion include the recovery tools (issue 14): the recovery date, the check-in
calendar, muted threads and boards and the content-warning choices are in /me/export, and
DELETE /me leaves none of them behind."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (BoardMute, Checkin, MemberPreferences, Post, RecoveryRecord,
                          ThreadMute)
from personas import PASSWORD
from test_api_threads import open_thread


def _set_everything(api) -> dict:
    api.call("PUT", "/me/recovery", "member", json={"date": "2026-01-01", "show_badge": True,
                                                    "time_zone": "Europe/Dublin"})
    checkin = api.post("/checkins", "member", json={"note": "A quiet good day."}).json
    thread = open_thread(api, "mentor", title="Someone else's")["thread"]
    api.call("PUT", f"/threads/{thread['id']}/mute", "member")
    api.call("PUT", "/boards/slips/mute", "member")
    api.call("PUT", "/me/preferences", "member", json={"hidden_warnings": ["relapse"]})
    return {"checkin": checkin, "thread": thread}


def test_the_export_holds_the_recovery_tools(app, api):
    app.config["CLOCK"] = lambda: datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
    made = _set_everything(api)
    data = api.get("/me/export", "member").json
    assert data["recovery"] | {"updated_at": None} == {
        "streak_start": "2026-01-01", "days_before": 0, "time_zone": "Europe/Dublin",
        "show_badge": True, "updated_at": None}
    assert [(c["date"], c["note"], c["post_id"]) for c in data["checkins"]] == [
        ("2026-03-10", "A quiet good day.", made["checkin"]["post_id"])]
    assert data["mutes"] == {"threads": [{"id": made["thread"]["id"],
                                          "title": "Someone else's"}], "boards": ["slips"]}
    assert data["preferences"]["hidden_warnings"] == ["relapse"]


def test_deleting_the_account_leaves_none_of_it_behind(app, api):
    made = _set_everything(api)
    other = api.post("/checkins", "mentor", json={}).json
    answer = api.call("DELETE", "/me", "member", json={"password": PASSWORD,
                                                       "erase_content": True})
    assert answer.status_code == 204
    with app.app_context():
        for model in (RecoveryRecord, Checkin, ThreadMute, BoardMute, MemberPreferences):
            rows = db.session.scalar(select(func.count()).select_from(model))
            assert rows == (1 if model is Checkin else 0), model  # the mentor's check-in stays
        pledge = db.session.get(Post, made["checkin"]["post_id"])
        assert pledge.body_source == "" and pledge.author_id is None  # erased with the rest
    # The day's thread stays for everyone else.
    assert api.get(f"/threads/{other['thread_id']}").status_code == 200
