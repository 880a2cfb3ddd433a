"""Mentor conversations, live: the pair's open pages hear of each new message (then fetch it drawn
by the server, screened exactly as stored) and of the end; nobody else can listen, moderators
included, and the message card answers anyone else exactly as for a message that does not
exist."""
import re

import pytest

from clients import emit, received

PHONE = "07700 900123"


def _page_alike(answer) -> tuple:
    """Status and page, without the tokens a page signs anew each time."""
    text = re.sub(r'(name="csrf_token"[^>]*value|data-csrf)="[^"]+"', "csrf", answer.text)
    return answer.status_code, text


def _paired(api, mentee="newcomer", mentor="mentor") -> int:
    asked = api.post("/mentor-requests", mentee, json={"note": "Evenings, SMART Recovery"})
    accepted = api.post(f"/mentor-requests/{asked.json['id']}/accept", mentor)
    assert accepted.status_code == 200, accepted.json
    return accepted.json["conversation"]["id"]


@pytest.fixture
def conversation(api) -> int:
    return _paired(api)


def test_the_other_side_hears_each_new_message_and_reads_it_screened(
        api, chat, client, auth, conversation):
    nell = chat("newcomer")  # mentors are never new accounts: their contact details are masked
    assert emit(nell, "watch_conversation", {"conversation_id": conversation}) == {
        "ok": True, "conversation_id": conversation}
    received(nell, "conversation_message")
    sent = api.post(f"/conversations/{conversation}/messages", "mentor",
                    json={"body": f"Welcome. Text me on {PHONE} if that's easier"})
    assert sent.status_code == 201
    message_id = sent.json["message"]["id"]
    assert sent.json["notice"]["code"] == "masked"
    assert received(nell, "conversation_message") == [{"conversation_id": conversation,
                                                       "message_id": message_id}]
    auth.login("newcomer")
    card = client.get(f"/conversation-messages/{message_id}/card")
    assert card.status_code == 200 and f'id="message-{message_id}"' in card.text
    assert "900123" not in card.text and "Welcome" in card.text  # masked, as stored
    assert "Report this message" in card.text
    page = client.get(f"/conversations/{conversation}")
    assert card.text.split('<div class="post-body">')[1].split("</div>")[0] in page.text


@pytest.mark.parametrize("who", ["member", "moderator", "admin", "troll"])
def test_nobody_else_can_listen_or_read_a_card(api, chat, client, auth, conversation, who):
    listener = chat(who)
    answer = emit(listener, "watch_conversation", {"conversation_id": conversation})
    missing = emit(listener, "watch_conversation", {"conversation_id": 10 ** 6})
    assert answer == missing and answer["error"]["code"] == "not_found"
    received(listener, "conversation_message")
    sent = api.post(f"/conversations/{conversation}/messages", "mentor",
                    json={"body": "Glad to. How are evenings?"}).json["message"]["id"]
    assert received(listener, "conversation_message") == []
    auth.login(who)
    client.get("/")  # the welcome line is shown once, here
    card, nothing = (client.get(f"/conversation-messages/{n}/card") for n in (sent, 10 ** 6))
    assert _page_alike(card) == _page_alike(nothing) and card.status_code == 404


def test_the_end_reaches_the_other_sides_open_page(api, chat, conversation):
    nell = chat("newcomer")
    assert emit(nell, "watch_conversation", {"conversation_id": conversation})["ok"]
    assert api.post(f"/conversations/{conversation}/end", "mentor").status_code == 200
    assert received(nell, "conversation_ended") == [{"conversation_id": conversation}]


@pytest.mark.parametrize("payload", [{}, {"conversation_id": "1"}, {"conversation_id": True},
                                     {"conversation_id": 2 ** 70}])
def test_a_bad_conversation_id_is_a_clear_error(chat, conversation, payload):
    answer = emit(chat("newcomer"), "watch_conversation", payload)
    assert answer["ok"] is False
    assert answer["error"]["code"] in ("invalid", "not_found", "required") or \
        answer["error"].get("field") == "conversation_id"
