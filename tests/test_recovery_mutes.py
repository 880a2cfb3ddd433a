"""Muting a thread or a board (issue 14): no more notifications from it, it leaves the member's
thread lists (not_muted composes into any thread query), and muting what one cannot see is 404
exactly like muting what does not exist."""
import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Thread, User
from forum.services.recovery.mutes import not_muted
from forum.visibility import visible_threads

from test_api_threads import open_thread, reply, set_status


def reply_notes(api, persona="member") -> list[dict]:
    return [n for n in api.get("/me/notifications", persona).json["notifications"]
            if n["kind"] == "reply"]


def test_a_muted_thread_stops_notifying_and_unmuting_brings_it_back(api):
    thread = open_thread(api)["thread"]
    assert api.call("PUT", f"/threads/{thread['id']}/mute", "member").status_code == 204
    assert api.call("PUT", f"/threads/{thread['id']}/mute", "member").status_code == 204  # again
    reply(api, thread["id"], "newcomer")
    assert reply_notes(api) == []
    assert api.delete(f"/threads/{thread['id']}/mute", "member").status_code == 204
    reply(api, thread["id"], "mentor")
    assert len(reply_notes(api)) == 1


def test_a_muted_board_silences_its_threads(api):
    thread = open_thread(api, board="alcohol")["thread"]
    other = open_thread(api, board="slips", title="Elsewhere")["thread"]
    assert api.call("PUT", "/boards/alcohol/mute", "member").status_code == 204
    reply(api, thread["id"], "newcomer")
    reply(api, other["id"], "newcomer")
    notes = reply_notes(api)
    assert [n["thread_id"] for n in notes] == [other["id"]]
    assert api.delete("/boards/alcohol/mute", "member").status_code == 204
    reply(api, thread["id"], "mentor")
    assert len(reply_notes(api)) == 2


def test_moderators_decisions_still_arrive_in_a_muted_thread(api, app):
    thread = open_thread(api)["thread"]
    api.call("PUT", f"/threads/{thread['id']}/mute", "member")
    with app.app_context():
        from forum.services.notifications import notify
        member = db.session.scalar(select(User).where(User.handle == "SamRiver"))
        notify(member.id, "removed", "A moderator removed your post.", thread_id=thread["id"])
        db.session.commit()
    kinds = [n["kind"] for n in api.get("/me/notifications", "member").json["notifications"]]
    assert "removed" in kinds


def test_a_muted_thread_leaves_the_members_board_list_only(api):
    kept = open_thread(api, title="Kept")["thread"]
    muted = open_thread(api, title="Muted")["thread"]
    api.call("PUT", f"/threads/{muted['id']}/mute", "newcomer")
    titles = [t["title"] for t in api.get("/boards/alcohol/threads", "newcomer").json["threads"]]
    assert titles == ["Kept"]
    others = [t["title"] for t in api.get("/boards/alcohol/threads", "mentor").json["threads"]]
    assert sorted(others) == ["Kept", "Muted"]
    assert kept["id"] != muted["id"]


def test_not_muted_composes_into_thread_queries(api, app, personas):
    open_thread(api, board="alcohol", title="In alcohol")
    open_thread(api, board="slips", title="In slips")
    api.call("PUT", "/boards/slips/mute", "newcomer")
    with app.app_context():
        viewer = db.session.scalar(select(User).where(User.handle == personas["newcomer"]))
        titles = db.session.scalars(select(Thread.title).where(
            visible_threads(viewer), not_muted(viewer)).order_by(Thread.id)).all()
        assert titles == ["In alcohol"]
        assert len(db.session.scalars(select(Thread.id).where(not_muted(None))).all()) == 2


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_muting_what_one_cannot_see_is_404_like_what_does_not_exist(api, app, status):
    thread = open_thread(api)["thread"]
    set_status(app, Thread, thread["id"], status)
    for method in ("PUT", "DELETE"):
        assert api.call(method, f"/threads/{thread['id']}/mute", "troll").status_code == 404
        assert api.call(method, "/threads/999999/mute", "troll").status_code == 404
        assert api.call(method, "/boards/no-such-board/mute", "troll").status_code == 404
    assert api.call("PUT", f"/threads/{thread['id']}/mute", "member").status_code == 204  # own


def test_muting_needs_a_member(api):
    thread = open_thread(api)["thread"]
    assert api.call("PUT", f"/threads/{thread['id']}/mute").status_code == 401
    assert api.call("PUT", "/boards/alcohol/mute").status_code == 401
