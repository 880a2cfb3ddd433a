"""The pages of spaces and mentoring, without JavaScript: /spaces and its request form, the space
moderators' queue, leaving; /mentors (asking, a mentor's profile, the open requests, accepting)
and a mentor conversation (a form post and reload, ended, reported)."""
import pytest

from clients import Auth
from spaces_world import SPACE, build


@pytest.fixture
def world(app, api, personas):
    return build(app, api, personas)


def _as(app, personas, persona):
    client = app.test_client()
    Auth(client, personas).login(persona)
    return client, Auth(client, personas)


def test_ask_approve_read_and_post_through_the_pages(app, personas, world):
    nell, nell_auth = _as(app, personas, "newcomer")
    listing = nell.get("/spaces")
    assert listing.status_code == 200 and "Women in recovery" in listing.text
    assert f'href="/spaces/{SPACE}/join"' in listing.text
    assert "Hidden harbour" not in listing.text
    form = nell.get(f"/spaces/{SPACE}/join")
    assert form.status_code == 200
    empty = nell.post(f"/spaces/{SPACE}/join", data={"note": " ",
                                                     "csrf_token": nell_auth.csrf(f"/spaces/{SPACE}/join")})
    assert empty.status_code == 422 and "short note" in empty.text
    sent = nell.post(f"/spaces/{SPACE}/join", data={
        "note": "I'd like to join", "csrf_token": nell_auth.csrf(f"/spaces/{SPACE}/join")},
        follow_redirects=True)
    assert "moderators will answer soon" in sent.text
    pat, pat_auth = _as(app, personas, "mentor")
    assert "1 request to join waits for you" in pat.get("/spaces").text
    queue = pat.get("/spaces/requests")
    assert "I&#39;d like to join" in queue.text or "I'd like to join" in queue.text
    request_id = int(queue.text.split('action="/spaces/requests/')[1].split('"')[0])
    approved = pat.post(f"/spaces/requests/{request_id}", data={
        "reason": "Welcome", "approve": "Approve", "csrf_token": pat_auth.csrf("/spaces/requests")},
        follow_redirects=True)
    assert "Approved" in approved.text
    again = pat.post(f"/spaces/requests/{request_id}", data={
        "decline": "Decline", "csrf_token": pat_auth.csrf("/spaces/requests")},
        follow_redirects=True)
    assert "already decided" in again.text
    assert "Hidden harbour" in nell.get(f"/boards/{SPACE}").text
    assert "Welcome" in nell.get("/me/notifications").text
    reply = nell.post(f"/threads/{world.thread_id}/reply", data={
        "body": "Glad to be here", "csrf_token": nell_auth.csrf(f"/threads/{world.thread_id}/reply")},
        follow_redirects=True)
    assert reply.status_code == 200 and "Glad to be here" in reply.text
    left = nell.post(f"/spaces/{SPACE}/leave", data={"csrf_token": nell_auth.csrf("/spaces")},
                     follow_redirects=True)
    assert "You left Women in recovery" in left.text
    assert nell.get(f"/boards/{SPACE}").status_code == 404


def test_the_requests_queue_is_empty_for_members_who_moderate_no_space(app, personas, world):
    sam, sam_auth = _as(app, personas, "member")
    assert "No requests are waiting" in sam.get("/spaces/requests").text
    assert sam.post("/spaces/requests/999999", data={
        "approve": "Approve", "csrf_token": sam_auth.csrf("/spaces")}).status_code == 404


def test_mentoring_through_the_pages(app, personas):
    nell, nell_auth = _as(app, personas, "newcomer")
    pat, pat_auth = _as(app, personas, "mentor")
    saved = pat.post("/mentors/profile", data={
        "offer": "12-step, English and Spanish, evenings", "max_mentees": "2",
        "csrf_token": pat_auth.csrf("/mentors")}, follow_redirects=True)
    assert "Your mentor profile is saved" in saved.text
    bad = pat.post("/mentors/profile", data={"offer": "x", "max_mentees": "40",
                                             "csrf_token": pat_auth.csrf("/mentors")})
    assert bad.status_code == 422 and "from 1 to 10" in bad.text
    assert "12-step, English and Spanish, evenings" in nell.get("/mentors").text
    asked = nell.post("/mentors/request", data={"note": "Evenings please",
                                                "csrf_token": nell_auth.csrf("/mentors")},
                      follow_redirects=True)
    assert "a peer mentor will answer soon" in asked.text
    page = pat.get("/mentors")
    assert "Evenings please" in page.text
    request_id = int(page.text.split('action="/mentors/requests/')[1].split("/")[0])
    accepted = pat.post(f"/mentors/requests/{request_id}/accept",
                        data={"csrf_token": pat_auth.csrf("/mentors")}, follow_redirects=True)
    assert "You are their mentor now" in accepted.text
    conversation = accepted.request.path
    sent = nell.post(f"{conversation}/messages", data={
        "body": "Hello Pat", "csrf_token": nell_auth.csrf(conversation)}, follow_redirects=True)
    assert "Hello Pat" in sent.text
    sam, _ = _as(app, personas, "member")
    assert sam.get(conversation).status_code == 404
    mo, _ = _as(app, personas, "moderator")
    assert mo.get(conversation).status_code == 404
    ended = pat.post(f"{conversation}/end", data={"csrf_token": pat_auth.csrf(conversation)},
                     follow_redirects=True)
    assert "The conversation has ended" in ended.text
    late = nell.post(f"{conversation}/messages", data={
        "body": "Still there?", "csrf_token": nell_auth.csrf("/mentors")})
    assert late.status_code == 409 and "has ended" in late.text


def test_only_mentors_see_requests_and_a_profile_form(app, personas):
    sam, _ = _as(app, personas, "member")
    page = sam.get("/mentors")
    assert page.status_code == 200 and "Open requests" not in page.text
    assert "Ask for a mentor" in page.text
    assert app.test_client().get("/mentors").status_code == 302  # sign in first
