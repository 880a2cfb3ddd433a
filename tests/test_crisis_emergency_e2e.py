"""Someone else's overdose happening now, end to end: the screening marks it an emergency, so
the emergency steps come first, not the suicide-line card."""
from clients import emit

ROOMMATE = ("my roommate took a bunch of pills and his lips are turning blue, he won't wake "
            "up")


def _thread(api) -> int:
    return api.post("/boards/family-and-friends/threads", "member", json={
        "title": "Please", "body": "Asking for advice about my brother."}).json["thread"]["id"]


def test_an_overdose_in_progress_answers_with_the_emergency_steps_first(api):
    answer = api.post(f"/threads/{_thread(api)}/posts", "newcomer", json={"body": ROOMMATE})
    assert answer.status_code == 201
    notice = answer.json["notice"]
    assert notice["code"] == "crisis" and notice["emergency"] is True
    assert notice["message"].startswith("If someone may be overdosing or will not wake up, "
                                        "call 911 now")
    assert notice["emergency_steps"][0].startswith("Call 911 now")
    assert "naloxone" in notice["emergency_steps"][1]


def test_the_page_box_for_an_overdose_leads_with_what_to_do(client, auth, api):
    thread_id = _thread(api)
    auth.login("newcomer")
    answer = client.post(f"/threads/{thread_id}/reply", data={
        "body": ROOMMATE, "csrf_token": auth.csrf(f"/threads/{thread_id}")})
    assert answer.headers["Location"].endswith("#crisis-help")
    html = client.get(answer.headers["Location"]).text
    box = html[html.index('id="crisis-help"'):]
    assert box.index("If someone is overdosing: call 911 now") < box.index('class="lines"')
    assert box.index("naloxone") < box.index("988 Suicide")


def test_in_chat_an_overdose_gets_the_emergency_card(chat, personas):
    nell = chat("newcomer")
    assert emit(nell, "join", {"room": "lobby"})["ok"]
    ack = emit(nell, "send", {"room": "lobby", "body": ROOMMATE})
    assert ack["ok"] and ack["notice"]["code"] == "crisis"
    assert ack["notice"]["emergency"] is True
    assert ack["notice"]["emergency_steps"][0].startswith("Call 911 now")
