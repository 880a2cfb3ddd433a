"""A mentor conversation, live in Chromium: Pat has the conversation open; Nell writes from her
own page, and the message appears on Pat's page without a reload, screened as stored (contact
details masked), with its report button; when Nell ends the conversation Pat's message box goes.
The page passes axe with the live message in it."""
import pytest
from playwright.sync_api import expect

from axe import assert_accessible
from forum.services.accounts.handles import find_user
from forum.services.spaces.mentoring import accept

pytestmark = pytest.mark.browser


def _paired(live_server) -> int:
    """Nell asks for a mentor and Pat accepts: their conversation's id."""
    asked = live_server.api_post("newcomer", "/mentor-requests", {"note": "Evenings, please."})
    with live_server.app_context():
        return accept(asked["id"], find_user(live_server.handle("mentor"))).id


def test_a_message_reaches_the_other_sides_open_page(live_server, a11y_context, log_in):
    conversation = _paired(live_server)
    nell = a11y_context().new_page()
    log_in(nell, live_server.handle("newcomer"))
    nell.goto(f"/conversations/{conversation}")
    log = nell.locator("#conversation-log")
    expect(log).to_have_attribute("data-watching", "yes", timeout=10000)

    pat = a11y_context().new_page()
    log_in(pat, live_server.handle("mentor"))
    pat.goto(f"/conversations/{conversation}")
    pat.get_by_label("Your message").fill("Hi Nell. Mail me at pat@example.com anytime.")
    with pat.expect_navigation():
        pat.get_by_role("button", name="Send").click()

    arrived = log.locator("li").last
    expect(arrived).to_contain_text("Hi Nell.", timeout=10000)
    expect(arrived).not_to_contain_text("pat@example.com")  # masked, as it is stored
    expect(arrived.get_by_role("button", name="Report this message (the newest)")).to_be_visible()
    expect(nell.locator("#conversation-live")).to_contain_text("New message")
    assert "No messages yet" not in log.inner_text()
    assert_accessible(nell, "a conversation with a live message")

    with pat.expect_navigation():
        pat.get_by_role("button", name="End this conversation").click()
    expect(nell.locator("#conversation-ended")).to_be_visible(timeout=10000)
    expect(nell.get_by_label("Your message")).to_be_hidden()
