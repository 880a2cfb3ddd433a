"""Every payload of the shared XSS corpus as a chat message, through the real chat path: what is
stored and broadcast holds only the inline tags chat allows, and nothing that can run."""
from html.parser import HTMLParser

import pytest

from clients import emit
from forum.extensions import db
from forum.models import ChatMessage, Room
from forum.sanitize import MESSAGE_TAGS
from forum.services import ValidationError
from forum.services.accounts.handles import find_user
from forum.services.chat.messages import send_message
from test_xss_corpus import corpus, executing_ids, corpus_dir, html_problems  # noqa: F401

EXPLAINED = {"refused", "too_long", "required"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def _problems(body_html: str) -> list[str]:
    tags = _Tags()
    tags.feed(body_html)
    return html_problems(body_html) + [f"<{t}> is not allowed in chat"
                                       for t in tags.tags - MESSAGE_TAGS]


def test_every_payload_as_a_chat_message(app, personas, corpus):
    failures = {}
    with app.app_context():
        room = db.session.scalar(db.select(Room).where(Room.slug == "lobby"))
        author = find_user("SamRiver")
        for record in corpus:
            try:
                message = send_message(room, author, record["payload"]).message  # MESSAGE
            except ValidationError as refused:
                if refused.code not in EXPLAINED or not refused.message:
                    failures[record["id"]] = [f"refused without a clear reason: {refused.code}"]
                continue
            stored = db.session.get(ChatMessage, message["id"])
            problems = _problems(stored.body_html)
            if problems:
                failures[record["id"]] = problems
        assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) > len(corpus) // 2
    assert failures == {}, failures


def test_payloads_that_run_raw_are_harmless_over_the_socket(chat, corpus):
    runs_raw = executing_ids(corpus_dir())
    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["ok"]
    sent = 0
    for record in (r for r in corpus if r["id"] in runs_raw):
        answer = emit(sam, "send", {"room": "lobby", "body": record["payload"]})
        if answer["ok"]:
            sent += 1
            assert _problems(answer["message"]["body_html"]) == [], record["id"]
        else:
            assert answer["error"]["code"] in EXPLAINED, (record["id"], answer)
    assert sent > 100
