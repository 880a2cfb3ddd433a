"""Restricted spaces: listing, asking to join, the space's moderators deciding, leaving; and what
members of a space see that nobody else does."""
import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from forum.cli import main

from forum.extensions import db
from forum.models import Notification, SpaceMember
from forum.services.accounts.handles import find_user

from spaces_world import SPACE, build, row_counts


@pytest.fixture
def world(app, api, personas):
    return build(app, api, personas)


def test_spaces_are_listed_by_name_with_where_the_member_stands(api, world):
    listed = {s["slug"]: s for s in api.get("/spaces", "newcomer").json["spaces"]}
    assert set(listed) == {"women-in-recovery", "lgbtq-in-recovery"}
    assert listed[SPACE] == {"slug": SPACE, "name": "Women in recovery",
                             "description": listed[SPACE]["description"],
                             "member": False, "requested": False}
    mine = {s["slug"]: s for s in api.get("/spaces", "member").json["spaces"]}
    assert mine[SPACE]["member"] is True
    anonymous = api.get("/spaces").json["spaces"]
    assert all(not s["member"] and not s["requested"] for s in anonymous)


def test_a_member_asks_a_space_moderator_approves_and_the_member_reads_and_posts(api, world):
    assert api.get(f"/threads/{world.thread_id}", "newcomer").status_code == 404
    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "I'd like in"})
    assert asked.status_code == 201 and asked.json == {"id": asked.json["id"],
                                                       "status": "pending"}
    listed = {s["slug"]: s for s in api.get("/spaces", "newcomer").json["spaces"]}
    assert listed[SPACE]["requested"] is True
    waiting = api.get("/join-requests", "mentor").json["requests"]
    assert [r["id"] for r in waiting] == [asked.json["id"]]
    approved = api.post(f"/join-requests/{asked.json['id']}/approve", "mentor",
                        json={"reason": "Welcome aboard"})
    assert approved.status_code == 200 and approved.json["status"] == "approved"
    assert api.get(f"/threads/{world.thread_id}", "newcomer").status_code == 200
    assert api.post(f"/threads/{world.thread_id}/posts", "newcomer",
                    json={"body": "Glad to be here"}).status_code == 201
    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    decision = next(n for n in notes if n["kind"] == "join_decision")
    assert "approved" in decision["message"] and "Welcome aboard" in decision["message"]


def test_a_declined_member_sees_the_reason_and_still_sees_nothing(api, world):
    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Please"})
    declined = api.post(f"/join-requests/{asked.json['id']}/decline", "moderator",
                        json={"reason": "This space is for women"})
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    assert any("declined" in n["message"] and "This space is for women" in n["message"]
               for n in notes)
    assert api.get(f"/threads/{world.thread_id}", "newcomer").status_code == 404


def test_asking_twice_is_409_and_writes_nothing(app, api, world):
    first = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello"})
    assert first.status_code == 201
    before = row_counts(app)
    again = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello?"})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_requested"
    member = api.post(f"/spaces/{SPACE}/join-requests", "member", json={"note": "Hi"})
    assert member.status_code == 409 and member.json["error"]["code"] == "already_member"
    assert row_counts(app) == before


def test_deciding_twice_is_409_and_the_first_decision_stands(app, api, world):
    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello"})
    path = f"/join-requests/{asked.json['id']}"
    assert api.post(f"{path}/decline", "mentor", json={}).status_code == 200
    before = row_counts(app)
    again = api.post(f"{path}/approve", "moderator", json={})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_decided"
    assert row_counts(app) == before
    assert api.get(f"/threads/{world.thread_id}", "newcomer").status_code == 404


def test_only_the_spaces_moderators_and_the_forums_decide(api, world):
    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello"})
    path = f"/join-requests/{asked.json['id']}/approve"
    missing = api.post("/join-requests/999999/approve", "member", json={})
    for persona in ("member", "troll", "newcomer"):  # Sam is a member, not its moderator
        answer = api.post(path, persona, json={})
        assert (answer.status_code, answer.json) == (404, missing.json)
    assert api.get("/join-requests", "member").json == {"requests": []}


@pytest.mark.parametrize("body, field", [({}, "note"), ({"note": "   "}, "note"),
                                         ({"note": 5}, "note"), ({"note": "x" * 501}, "note")])
def test_a_bad_note_is_422(app, api, world, body, field):
    before = row_counts(app)
    answer = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field
    assert row_counts(app) == before


def test_a_reason_too_long_is_422_and_decides_nothing(api, world):
    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello"})
    answer = api.post(f"/join-requests/{asked.json['id']}/approve", "mentor",
                      json={"reason": "x" * 501})
    assert answer.status_code == 422
    assert api.get("/join-requests", "mentor").json["requests"][0]["status"] == "pending"


def test_a_member_leaves_and_the_space_is_gone_for_them(app, api, world):
    assert api.get(f"/threads/{world.thread_id}", "member").status_code == 200
    with app.app_context():
        sam = find_user("SamRiver")
        db.session.add(Notification(user_id=sam.id, kind="reply", message="A reply",
                                    data={"thread_id": world.thread_id}))
        db.session.commit()
    kinds = [n["kind"] for n in api.get("/me/notifications", "member").json["notifications"]]
    assert "reply" in kinds
    assert api.delete(f"/spaces/{SPACE}/membership", "member").status_code == 204
    assert api.get(f"/threads/{world.thread_id}", "member").status_code == 404
    kinds = [n["kind"] for n in api.get("/me/notifications", "member").json["notifications"]]
    assert "reply" not in kinds
    again = api.delete(f"/spaces/{SPACE}/membership", "member")
    assert again.status_code == 409 and again.json["error"]["code"] == "not_a_member"


def test_unknown_space_is_404(api, world):
    answer = api.post("/spaces/no-such-space/join-requests", "newcomer", json={"note": "Hi"})
    assert answer.status_code == 404


def test_admins_make_a_space_from_the_command_line(app, personas):
    runner, info = CliRunner(), ScriptInfo(create_app=lambda: app)
    made = runner.invoke(main, ["spaces", "create", "parents-in-recovery", "Parents in recovery",
                                "--description", "For parents"], obj=info)
    assert made.exit_code == 0, made.output
    named = runner.invoke(main, ["spaces", "set-role", "parents-in-recovery",
                                 personas["mentor"], "moderator"], obj=info)
    assert named.exit_code == 0, named.output
    with app.app_context():
        from forum.services.boards.reading import list_boards
        assert "parents-in-recovery" not in {b.slug for b in list_boards(None)}
        pat = find_user(personas["mentor"])
        assert "parents-in-recovery" in {b.slug for b in list_boards(pat)}
        assert db.session.scalar(select(SpaceMember.role).where(
            SpaceMember.user_id == pat.id)) == "moderator"


def test_two_moderators_deciding_at_once_one_decision_stands(app, api, services, world):
    """On PostgreSQL: an approve and a decline sent at the same moment; exactly one wins, and
    the member is in the space only if the approval won."""
    import threading

    asked = api.post(f"/spaces/{SPACE}/join-requests", "newcomer", json={"note": "Hello"})
    start, answers = threading.Barrier(2), {}

    def decide(persona, verb):
        client = app.test_client()
        headers = {"Authorization": f"Bearer {api.token(persona)}"}
        start.wait()
        answers[verb] = client.post(f"/api/v1/join-requests/{asked.json['id']}/{verb}",
                                    headers=headers, json={})

    threads = [threading.Thread(target=decide, args=("mentor", "approve")),
               threading.Thread(target=decide, args=("moderator", "decline"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers.values()) == [200, 409]
    approved = answers["approve"].status_code == 200
    assert (api.get(f"/threads/{world.thread_id}", "newcomer").status_code == 200) == approved
    notes = [n for n in api.get("/me/notifications", "newcomer").json["notifications"]
             if n["kind"] == "join_decision"]
    assert len(notes) == 1
