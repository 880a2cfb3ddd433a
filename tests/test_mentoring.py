"""Peer mentors and their private conversations: asking for a mentor, exactly one mentor winning
a request (also when two accept at the same moment, on PostgreSQL), the limits on both sides,
the conversation for the pair only, screened like chat, ended by either, reported to the
moderators; and a deleted member's requests and conversations."""
import threading

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (Conversation, ConversationMessage, MentorRequest, ModerationItem, Role)
from forum.services.accounts.members import create_account

from clients import Auth
from personas import PASSWORD


@pytest.fixture
def second_mentor(app, api, personas):
    with app.app_context():
        create_account(PASSWORD, "RowanGuide", Role.MENTOR)
    api.personas["second_mentor"] = "RowanGuide"
    return "second_mentor"


def _ask(api, persona="newcomer", note="Looking for someone on a 12-step path, evenings UTC"):
    answer = api.post("/mentor-requests", persona, json={"note": note})
    assert answer.status_code == 201, answer.json
    return answer.json["id"]


def _paired(api, mentee="newcomer", mentor="mentor") -> int:
    request_id = _ask(api, mentee)
    accepted = api.post(f"/mentor-requests/{request_id}/accept", mentor)
    assert accepted.status_code == 200, accepted.json
    return accepted.json["conversation"]["id"]


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_member_asks_mentors_see_it_one_accepts_and_the_pair_talk(app, api):
    request_id = _ask(api)
    listed = api.get("/mentor-requests", "mentor").json["requests"]
    assert [r["id"] for r in listed] == [request_id]
    assert set(listed[0]) == {"id", "note", "created_at"}
    assert api.get("/mentor-requests", "member").status_code == 403
    accepted = api.post(f"/mentor-requests/{request_id}/accept", "mentor")
    assert accepted.status_code == 200
    conversation_id = accepted.json["conversation"]["id"]
    assert api.get("/mentor-requests", "mentor").json == {"requests": []}
    mine = api.get("/conversations", "newcomer").json["conversations"]
    assert mine == [{"id": conversation_id, "with": {"handle": "PatMentor"}, "ended": False,
                     "created_at": mine[0]["created_at"]}]
    path = f"/conversations/{conversation_id}/messages"
    sent = api.post(path, "newcomer", json={"body": "Hello, thank you for taking me on"})
    assert sent.status_code == 201
    assert set(sent.json["message"]) == {"id", "room", "author", "body_html", "created_at"}
    assert api.post(path, "mentor", json={"body": "Glad to. How are evenings?"}).status_code == 201
    messages = api.get(path, "mentor").json["messages"]
    assert [m["author"]["handle"] for m in messages] == ["Nell", "PatMentor"]
    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    assert any(n["kind"] == "mentor_found" for n in notes)


def test_anyone_but_the_pair_gets_404_like_nothing(api):
    conversation_id = _paired(api)
    path = f"/conversations/{conversation_id}/messages"
    message = api.post(path, "newcomer", json={"body": "Just between us"}).json["message"]
    for persona in ("member", "moderator", "admin", "troll", None):
        for method, url, body in (("GET", path, None), ("POST", path, {"body": "hi"}),
                                  ("POST", f"/conversations/{conversation_id}/end", None),
                                  ("POST", f"/conversation-messages/{message['id']}/reports",
                                   {})):
            seen = api.call(method, url, persona, json=body)
            nothing = api.call(method, url.replace(str(conversation_id), "999999")
                               .replace(str(message["id"]), "999999"), persona, json=body)
            assert (seen.status_code, seen.json) == (nothing.status_code, nothing.json)
            assert seen.status_code in (401, 404)
        if persona:
            assert api.get("/conversations", persona).json == {"conversations": []}


def test_contact_details_are_masked_as_in_chat(app, api):
    conversation_id = _paired(api)  # mentors are never new accounts, so theirs is masked
    sent = api.post(f"/conversations/{conversation_id}/messages", "mentor",
                    json={"body": "Text me on 07700 900123 or mail nell@example.com"})
    assert sent.status_code == 201
    html = sent.json["message"]["body_html"]
    assert "900123" not in html and "nell@example.com" not in html
    assert sent.json["notice"]["code"] == "masked"


def test_crisis_help_is_for_the_author_only(api):
    conversation_id = _paired(api)
    sent = api.post(f"/conversations/{conversation_id}/messages", "newcomer",
                    json={"body": "I want to kill myself tonight"})
    assert sent.status_code == 201 and sent.json["notice"]["code"] == "crisis"
    assert sent.json["notice"]["resources"]
    other = api.get("/me/notifications", "mentor").json["notifications"]
    assert not any(n["kind"] == "crisis" for n in other)


def test_exactly_one_mentor_wins_and_the_other_is_409(app, api, second_mentor):
    request_id = _ask(api)
    first = api.post(f"/mentor-requests/{request_id}/accept", "mentor")
    second = api.post(f"/mentor-requests/{request_id}/accept", second_mentor)
    assert first.status_code == 200
    assert second.status_code == 409 and second.json["error"]["code"] == "already_taken"
    assert _count(app, Conversation) == 1


def test_two_mentors_accepting_at_once_one_wins(app, api, services, second_mentor):
    """On PostgreSQL: the conditional UPDATE lets exactly one of two simultaneous accepts win."""
    for attempt in range(5):
        request_id = _ask(api, "newcomer" if attempt % 2 == 0 else "member",
                          note=f"Attempt {attempt}")
        start = threading.Barrier(2)
        answers = {}

        def accept(persona):
            client = app.test_client()
            headers = {"Authorization": f"Bearer {api.token(persona)}"}
            start.wait()
            answers[persona] = client.post(f"/api/v1/mentor-requests/{request_id}/accept",
                                           headers=headers)

        threads = [threading.Thread(target=accept, args=(p,)) for p in ("mentor", second_mentor)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = sorted(a.status_code for a in answers.values())
        assert statuses == [200, 409], [a.json for a in answers.values()]
        loser = next(a for a in answers.values() if a.status_code == 409)
        assert loser.json["error"]["code"] == "already_taken"
        assert _count(app, Conversation, Conversation.request_id == request_id) == 1
        with app.app_context():
            winner = db.session.scalar(select(Conversation).where(
                Conversation.request_id == request_id))
            db.session.execute(Conversation.__table__.update()
                               .where(Conversation.id == winner.id)
                               .values(ended_at=func.now()))
            db.session.commit()


def test_one_open_request_and_one_mentor_at_a_time(app, api):
    _ask(api)
    again = api.post("/mentor-requests", "newcomer", json={"note": "Me again"})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_requested"
    requests = _count(app, MentorRequest)
    api.post(f"/mentor-requests/{api.get('/mentor-requests', 'mentor').json['requests'][0]['id']}"
             "/accept", "mentor")
    mentored = api.post("/mentor-requests", "newcomer", json={"note": "Another one?"})
    assert mentored.status_code == 409 and mentored.json["error"]["code"] == "already_mentored"
    assert _count(app, MentorRequest) == requests


def test_a_mentor_takes_no_more_than_their_limit(app, api):
    profile = api.call("PUT", "/mentor-profile", "mentor",
                       json={"offer": "SMART Recovery, English and Polish, weekday evenings",
                             "max_mentees": 1})
    assert profile.status_code == 200 and profile.json["max_mentees"] == 1
    _paired(api, "newcomer")
    request_id = _ask(api, "member")
    full = api.post(f"/mentor-requests/{request_id}/accept", "mentor")
    assert full.status_code == 409 and full.json["error"]["code"] == "mentor_full"
    assert api.get("/mentor-requests", "mentor").json["requests"][0]["id"] == request_id


@pytest.mark.parametrize("body, field", [
    ({"max_mentees": 0}, "max_mentees"), ({"max_mentees": 11}, "max_mentees"),
    ({"max_mentees": "2"}, "max_mentees"), ({"max_mentees": True}, "max_mentees"),
    ({"offer": "x" * 1001, "max_mentees": 2}, "offer"), ({"offer": 3, "max_mentees": 2}, "offer"),
])
def test_a_bad_profile_is_422(api, body, field):
    answer = api.call("PUT", "/mentor-profile", "mentor", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field


def test_only_mentors_have_a_profile_and_accept(api):
    assert api.call("PUT", "/mentor-profile", "member",
                    json={"max_mentees": 2}).status_code == 403
    request_id = _ask(api)
    assert api.post(f"/mentor-requests/{request_id}/accept", "member").status_code == 403
    assert api.post("/mentor-requests/999999/accept", "mentor").status_code == 404


def test_messaging_after_the_end_is_409_and_writes_nothing(app, api):
    conversation_id = _paired(api)
    ended = api.post(f"/conversations/{conversation_id}/end", "mentor")
    assert ended.status_code == 200 and ended.json["conversation"]["ended"] is True
    before = _count(app, ConversationMessage)
    late = api.post(f"/conversations/{conversation_id}/messages", "newcomer",
                    json={"body": "Are you there?"})
    assert late.status_code == 409 and late.json["error"]["code"] == "conversation_ended"
    assert "ended" in late.json["error"]["message"]
    assert _count(app, ConversationMessage) == before
    again = api.post(f"/conversations/{conversation_id}/end", "newcomer")
    assert again.status_code == 409
    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    assert any(n["kind"] == "conversation_ended" for n in notes)
    assert api.post("/mentor-requests", "newcomer", json={"note": "Again"}).status_code == 201


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "   "}, {"body": 5},
                                  {"body": "x" * 2001}])
def test_a_bad_message_is_422(app, api, body):
    conversation_id = _paired(api)
    answer = api.post(f"/conversations/{conversation_id}/messages", "newcomer", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == "body"
    assert _count(app, ConversationMessage) == 0


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "  "}, {"note": ["x"]},
                                  {"note": "x" * 501}])
def test_a_bad_request_note_is_422(app, api, body):
    answer = api.post("/mentor-requests", "newcomer", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == "note"
    assert _count(app, MentorRequest) == 0


def test_moderators_see_a_message_only_once_reported_with_its_context(app, api, personas):
    conversation_id = _paired(api)
    path = f"/conversations/{conversation_id}/messages"
    api.post(path, "mentor", json={"body": "How was today?"})
    bad = api.post(path, "newcomer", json={"body": "You are useless"}).json["message"]
    assert api.get("/moderation/queue", "moderator").json["items"] == []
    reported = api.post(f"/conversation-messages/{bad['id']}/reports", "mentor",
                        json={"note": "This felt unkind"})
    assert reported.status_code == 201
    items = api.get("/moderation/queue", "moderator").json["items"]
    assert len(items) == 1 and items[0]["target"] == {"type": "conversation", "id": bad["id"]}
    snapshot = items[0]["snapshot"]
    assert "You are useless" in snapshot["body_html"]
    assert [c["by"] for c in snapshot["context"]] == ["mentor"]
    assert "PatMentor" not in str(snapshot) and "Nell" not in str(snapshot)
    again = api.post(f"/conversation-messages/{bad['id']}/reports", "newcomer", json={})
    assert again.status_code == 409
    assert api.get(path, "moderator").status_code == 404  # the rest stays private
    page = app.test_client()
    Auth(page, personas).login("moderator")
    queue = page.get("/moderation")
    assert queue.status_code == 200 and "Mentor conversation message" in queue.text
    assert "How was today?" in queue.text and "You are useless" in queue.text
    removed = api.post(f"/moderation/queue/{items[0]['id']}/actions", "moderator",
                       json={"action": "remove", "reason": "harassment",
                             "version": items[0]["version"]})
    assert removed.status_code == 200, removed.json
    seen_by_mentor = [m["id"] for m in api.get(path, "mentor").json["messages"]]
    assert bad["id"] not in seen_by_mentor
    refused = api.post(f"/moderation/queue/{items[0]['id']}/actions", "moderator",
                       json={"action": "lock_thread", "version": items[0]["version"] + 1})
    assert refused.status_code in (409, 422)


def test_a_deleted_member_s_conversations_end_and_requests_go(app, api, personas):
    conversation_id = _paired(api)
    api.post(f"/conversations/{conversation_id}/messages", "newcomer", json={"body": "Bye"})
    _ask(api, "member")
    export = api.get("/me/export", "newcomer").json["spaces_and_mentoring"]
    assert export["conversations"][0]["messages"][0]["body"] == "Bye"
    assert export["mentor_requests"][0]["status"] == "accepted"
    gone = api.call("DELETE", "/me", "newcomer", json={"password": PASSWORD,
                                                       "erase_content": True})
    assert gone.status_code == 204
    listed = api.get("/conversations", "mentor").json["conversations"]
    assert listed[0]["ended"] is True and listed[0]["with"] == {"handle": "deleted member"}
    messages = api.get(f"/conversations/{conversation_id}/messages", "mentor").json["messages"]
    assert messages[0]["body_html"] == "" and messages[0]["author"]["handle"] == "deleted member"
    late = api.post(f"/conversations/{conversation_id}/messages", "mentor", json={"body": "Hi"})
    assert late.status_code == 409
    gone = api.call("DELETE", "/me", "member", json={"password": PASSWORD})
    assert gone.status_code == 204
    assert api.get("/mentor-requests", "mentor").json == {"requests": []}
    assert _count(app, MentorRequest) == 0  # a member's requests go with the account


def test_a_new_account_sharing_contact_details_is_refused_as_in_chat(app, api):
    conversation_id = _paired(api)
    refused = api.post(f"/conversations/{conversation_id}/messages", "newcomer",
                       json={"body": "Text me on 07700 900123"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "refused"
    assert _count(app, ConversationMessage) == 0
