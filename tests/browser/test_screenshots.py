"""Screenshots of every main page, light and dark, 1280 and 375 px wide, so a reviewer sees the
product without running it. They are written to docs/screenshots/ (named in the README) when
FORUM_SCREENSHOTS=1; otherwise the test only checks that each page answers and draws."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from personas import PASSWORD

pytestmark = pytest.mark.browser
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}
SCHEMES = ("light", "dark")
# (name, path, signed in as)
PAGES = [
    ("boards", "/", None),
    ("board", "/boards/newcomers", None),
    ("thread", "/threads/{thread}", "member"),
    ("signup", "/signup", None),
    ("help", "/help", None),
    ("chat-rooms", "/chat", "member"),
    ("chat-room", "/chat/lobby", "member"),
    ("chat-closed-meeting", "/chat/weekend-meeting", "member"),
    ("settings", "/me", "member"),
    ("moderation", "/moderation", "moderator"),
    ("empty-board", "/boards/family-and-friends", "member"),
]


def _seed(live_server) -> int:
    """A thread with replies (one held), a flagged post, and a little chat history."""
    opened = live_server.api_post("newcomer", "/boards/newcomers/threads", {
        "title": "Day one, and scared", "body": "I poured it out tonight. **Day one.**"})
    thread_id, opening_id = opened["thread"]["id"], opened["post"]["id"]
    reply = live_server.api_post("member", f"/threads/{thread_id}/posts", {
        "body": "Welcome. Day one is the bravest day. *Keep coming back.*", "parent_id": opening_id})
    live_server.api_post("mentor", f"/threads/{thread_id}/posts", {
        "body": "The first week was the hardest part of my own story.", "parent_id": reply["post"]["id"]})
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {
        "body": "Text me at 555-201-3344 if anyone wants to talk."})
    for persona in ("newcomer", "mentor", "admin"):
        live_server.api_post(persona, f"/posts/{reply['post']['id']}/flags", {"reason": "other"})
    _chat(live_server, [("member", "Evening all. Day 40 today."), ("member", "Rough afternoon, but here."),
                        ("mentor", "Well done on 40, that's real."), ("member", "Thank you, it helps to say it.")])
    return thread_id


def _chat(live_server, lines) -> None:
    """Messages in the lobby from personas, through the chat service."""
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Room, User
    from forum.services.chat.messages import send_message

    with live_server.app_context():
        room = db.session.scalar(select(Room).where(Room.slug == "lobby"))
        for persona, body in lines:
            member = db.session.scalar(select(User).where(User.handle == live_server.handle(persona)))
            send_message(room, member, body)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_screenshots_of_the_main_pages(live_server, new_context, log_in, width):
    thread_id = _seed(live_server)
    keep = os.environ.get("FORUM_SCREENSHOTS") == "1"
    OUT.mkdir(parents=True, exist_ok=True)
    for scheme in SCHEMES:
        pages = {}
        for persona in (None, "member", "moderator"):
            page = new_context(viewport={"width": width, "height": 900},
                               color_scheme=scheme).new_page()
            if persona:
                log_in(page, live_server.handle(persona))
            pages[persona] = page
        for name, path, persona in PAGES:
            page = pages[persona]
            answer = page.goto(path.format(thread=thread_id))
            assert answer is not None and answer.status == 200, (name, answer and answer.status)
            if name in ("chat-room", "chat-closed-meeting"):
                expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
            if keep:
                page.screenshot(path=str(OUT / f"{name}-{width}-{scheme}.png"), full_page=True)
        codes = new_context(viewport={"width": width, "height": 900}, color_scheme=scheme).new_page()
        codes.goto("/signup")
        codes.get_by_label("Handle").fill(f"Heron{width}{scheme}")
        codes.locator('input[name="password"]').fill(PASSWORD)
        codes.locator('input[name="confirm"]').fill(PASSWORD)
        codes.get_by_role("button", name="Create my account").click()
        expect(codes.locator("#codes-actions")).to_be_visible()
        if keep:
            codes.screenshot(path=str(OUT / f"recovery-codes-{width}-{scheme}.png"), full_page=True)
