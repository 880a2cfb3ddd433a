"""Crisis care in Chromium, at 1280 and 375 px: after a crisis reply the help box is in view and
has focus, with or without JavaScript, and stays until hidden; in chat the card is still there
five seconds later; an open queue raises an alert within two seconds; a moderator's check-in
reaches the member; /help and the box pass axe. Screenshots go to /tmp/crisis-*.png."""
import re
import time

import pytest
from playwright.sync_api import expect

from axe import assert_accessible

CRISIS = "I can't do this anymore. I want to die tonight."
WIDTHS = [1280, 375]


def _long_thread(live_server) -> int:
    """A thread long enough that its newest reply is far below the top of the page."""
    made = live_server.api_post("member", "/boards/alcohol/threads", {
        "title": "Evenings", "body": "Evenings are the hardest part for me. What helps you?"})
    thread_id = made["thread"]["id"]
    for n in range(8):
        live_server.api_post("mentor" if n % 2 else "member", f"/threads/{thread_id}/posts", {
            "body": f"Reply {n}: a walk after dinner, tea, calling someone. " * 4})
    return thread_id


def _page(new_context, log_in, live_server, persona, width, **options):
    page = new_context(viewport={"width": width, "height": 800 if width > 400 else 740},
                       **options).new_page()
    log_in(page, live_server.handle(persona))
    return page


def _reply(page, thread_id: int, body: str = CRISIS) -> None:
    page.goto(f"/threads/{thread_id}")
    page.get_by_label(re.compile("^Your reply")).fill(body)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Post")).click()


def _top_in_view(page, locator) -> None:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height * 0.5, (box, height)


@pytest.mark.parametrize("width", WIDTHS)
def test_after_a_crisis_reply_the_help_is_in_view_focused_and_stays_until_hidden(
        live_server, new_context, log_in, width):
    thread_id = _long_thread(live_server)
    page = _page(new_context, log_in, live_server, "newcomer", width)
    _reply(page, thread_id)
    assert page.url.endswith("#crisis-help")
    box = page.locator("#crisis-help")
    expect(box).to_be_in_viewport()
    expect(box).to_be_focused()
    expect(box).to_have_attribute("role", "alert")
    _top_in_view(page, box)
    expect(box.get_by_role("heading", name="You are not alone")).to_be_visible()
    expect(box.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(box.get_by_role("link", name="Text 988")).to_have_attribute("href", "sms:988")
    # The post it answers is right below it.
    expect(page.locator("li.post-node:has(#crisis-help) > article")).to_contain_text("want to die")
    page.screenshot(path=f"/tmp/crisis-box-{width}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.reload()
    expect(box).to_be_visible()
    expect(box).not_to_have_attribute("role", "alert")
    page.goto("/")
    page.goto(f"/threads/{thread_id}")
    expect(box).to_be_visible()

    others = _page(new_context, log_in, live_server, "member", width)
    others.goto(f"/threads/{thread_id}")
    expect(others.locator(".crisis-box")).to_have_count(0)

    with page.expect_navigation():
        box.get_by_role("button", name="Hide this box").click()
    expect(page.locator(".crisis-box")).to_have_count(0)
    expect(page.locator(".flash")).to_contain_text("Put away")
    page.reload()
    expect(page.locator(".crisis-box")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_redirect_still_shows_the_help_first(live_server, new_context,
                                                                   log_in, width):
    thread_id = _long_thread(live_server)
    page = _page(new_context, log_in, live_server, "newcomer", width, java_script_enabled=False)
    _reply(page, thread_id)
    box = page.locator("#crisis-help")
    expect(box).to_be_in_viewport()
    _top_in_view(page, box)
    expect(box.get_by_role("link", name="Call 988")).to_be_in_viewport()
    page.screenshot(path=f"/tmp/crisis-nojs-{width}.png")
    with page.expect_navigation():
        box.get_by_role("button", name="Hide this box").click()
    expect(page.locator(".crisis-box")).to_have_count(0)
    page.goto("/chat/lobby")  # proof this browser runs no script: chat never connects
    page.wait_for_timeout(2000)
    expect(page.locator("#connection")).to_have_text("Connecting…")
    expect(page.locator("#composer")).to_be_hidden()


def _lobby(new_context, log_in, live_server, persona, width):
    page = _page(new_context, log_in, live_server, persona, width)
    page.goto("/chat/lobby")
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    expect(page.locator("#composer")).to_be_visible()
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_in_chat_the_card_is_still_there_five_seconds_later(live_server, new_context, log_in,
                                                            width):
    nell = _lobby(new_context, log_in, live_server, "newcomer", width)
    sam = _lobby(new_context, log_in, live_server, "member", width)
    nell.get_by_label("Your message").fill(CRISIS)
    nell.get_by_label("Your message").press("Enter")
    card = nell.locator("#messages li.crisis-card")
    expect(card).to_be_visible(timeout=10000)
    nell.wait_for_timeout(5000)
    expect(card).to_be_visible()
    expect(card).to_have_count(1)
    expect(card).to_be_in_viewport()
    expect(card.get_by_role("link", name="Call 988")).to_have_attribute("href", "tel:988")
    expect(card.locator("section")).to_have_attribute("role", "alert")
    # Right under the message that raised it, and the message box keeps the member's place.
    expect(nell.locator("#messages li.message:has-text('want to die') + li.crisis-card")) \
        .to_have_count(1)
    expect(nell.get_by_label("Your message")).to_be_focused()
    nell.screenshot(path=f"/tmp/crisis-chat-{width}.png")
    expect(sam.locator("#messages li.message").last).to_contain_text("want to die",
                                                                     timeout=10000)
    expect(sam.locator(".crisis-card")).to_have_count(0)

    nell.reload()
    expect(nell.locator("#connection")).to_have_text("Connected.", timeout=15000)
    expect(card).to_be_visible()
    card.get_by_role("button", name="Hide this box").click()
    expect(card).to_have_count(0)
    expect(nell.locator("#composer-status")).to_contain_text("Hidden.")
    nell.reload()
    expect(nell.locator("#connection")).to_have_text("Connected.", timeout=15000)
    expect(nell.locator(".crisis-card")).to_have_count(0)


def test_an_urgent_item_raises_an_alert_on_an_open_queue_within_two_seconds(
        live_server, new_context, log_in):
    thread_id = _long_thread(live_server)
    mod = _page(new_context, log_in, live_server, "moderator", 1280)
    mod.goto("/moderation")
    alert = mod.locator("#urgent-alert")
    expect(alert).to_be_hidden()
    mod.wait_for_timeout(1500)  # the queue page has joined the moderators' channel
    started = time.monotonic()
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": CRISIS})
    expect(alert).to_be_visible(timeout=2000)
    assert time.monotonic() - started < 2.5
    expect(alert).to_contain_text("New urgent item.")
    expect(alert).to_have_attribute("role", "alert")
    expect(mod.locator("#queue-count")).to_contain_text("1 urgent")


def test_a_moderator_reaches_the_member_from_one_card_for_all_their_posts(
        live_server, new_context, log_in):
    thread_id = _long_thread(live_server)
    for body in ("I want to die.", "Nobody would even notice. I want to die.",
                 "I want to die tonight."):
        live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": body})
    mod = _page(new_context, log_in, live_server, "moderator", 1280)
    mod.goto("/moderation")
    group = mod.locator("section.queue-group")
    expect(group).to_have_count(1)
    expect(group.locator("article.queue-item")).to_have_count(3)
    expect(group.locator(".item-title").first).to_contain_text("3 pieces from Nell")
    expect(group.locator(".waited")).to_contain_text("Waiting")
    group.locator("details.check-in summary").click()
    message = group.get_by_label(re.compile("^Your message"))
    expect(message).to_have_value(re.compile(r"^Hi Nell, this is MoKeeper"))
    message.fill("Hi Nell, it's MoKeeper. I read your posts and I'm here. How are you now?")
    mod.screenshot(path="/tmp/crisis-queue-1280.png", full_page=True)
    with mod.expect_navigation():
        group.get_by_role("button", name="Send the check-in").click()
    expect(mod.locator(".flash")).to_contain_text("marked \u201creached out\u201d")
    expect(mod.locator("section.queue-group .badge-reached")).to_be_visible()

    nell = _page(new_context, log_in, live_server, "newcomer", 375)
    banner = nell.locator(".check-in-banner")
    expect(banner).to_contain_text("A message for you from MoKeeper, a moderator")
    expect(banner).to_contain_text("I read your posts and I'm here.")
    nell.screenshot(path="/tmp/crisis-checkin-375.png")
    nell.goto("/boards/alcohol")
    expect(banner).to_be_visible()
    with nell.expect_navigation():
        banner.get_by_role("button", name="Thank you, I've read it").click()
    assert nell.url.endswith("/boards/alcohol")
    expect(nell.locator(".check-in-banner")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_help_and_the_crisis_box_pass_axe(live_server, a11y_context, log_in, width):
    thread_id = _long_thread(live_server)
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": CRISIS})
    context = a11y_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ("/help", "/help?country=GB", "/help?country=BR"):
        page.goto(path)
        assert_accessible(page, f"{path} at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto("/help")
    page.screenshot(path=f"/tmp/crisis-help-{width}.png", full_page=True)
    log_in(page, live_server.handle("newcomer"))
    for path in (f"/threads/{thread_id}", "/me", "/me/notifications", "/chat/lobby"):
        page.goto(path)
        if path.startswith("/threads"):
            expect(page.locator("#crisis-help")).to_be_visible()
        assert_accessible(page, f"{path} at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto("/me")
    page.locator("#country").screenshot(path=f"/tmp/crisis-me-{width}.png")
    context.close()
