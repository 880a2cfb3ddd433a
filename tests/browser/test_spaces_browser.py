"""A restricted space in Chromium: Nell asks to join "Women in recovery" with a note, Pat (the
space's moderator) approves in another browser, and Nell reads the space and posts in it. The
pages pass axe on the way; a member outside the space finds it as absent as any missing page."""
import pytest

from forum.services.spaces.spaces import set_space_role
from axe import assert_accessible

pytestmark = pytest.mark.browser
SPACE = "women-in-recovery"


def test_ask_approve_read_and_post(live_server, a11y_context, log_in):
    with live_server.app_context():
        set_space_role(SPACE, live_server.handle("mentor"), "moderator")
    opened = live_server.api_post("mentor", f"/boards/{SPACE}/threads",
                                  {"title": "Welcome, everyone", "body": "Say hello here."})
    nell = a11y_context().new_page()
    log_in(nell, live_server.handle("newcomer"))
    assert nell.goto(f"/boards/{SPACE}").status == 404
    nell.goto("/spaces")
    assert_accessible(nell, "/spaces")
    with nell.expect_navigation():
        nell.get_by_role("link", name="Ask to join Women in recovery").click()
    assert_accessible(nell, "the request form")
    nell.get_by_label("A short note for the space's moderators").fill("I'd like some company.")
    with nell.expect_navigation():
        nell.get_by_role("button", name="Ask to join").click()
    assert "moderators will answer soon" in nell.content()

    pat = a11y_context().new_page()
    log_in(pat, live_server.handle("mentor"))
    pat.goto("/spaces/requests")
    assert_accessible(pat, "/spaces/requests")
    assert "I'd like some company." in pat.content()
    pat.get_by_label("Reason (the member sees it)").fill("Welcome in.")
    with pat.expect_navigation():
        pat.get_by_role("button", name="Approve").click()
    assert "Approved" in pat.content()

    nell.goto(f"/threads/{opened['thread']['id']}")
    assert "Say hello here." in nell.content()
    nell.goto(f"/threads/{opened['thread']['id']}/reply")
    nell.locator('textarea[name="body"]').fill("Hello, glad to be here.")
    with nell.expect_navigation():
        nell.get_by_role("button", name="Post reply").click()
    assert "Hello, glad to be here." in nell.content()

    sam = a11y_context().new_page()
    log_in(sam, live_server.handle("member"))
    assert sam.goto(f"/threads/{opened['thread']['id']}").status == 404
    sam.goto("/")
    assert "Women in recovery" not in sam.content()


def test_a_mentor_conversation_by_form_post_and_reload(live_server, a11y_context, log_in):
    nell = a11y_context().new_page()
    log_in(nell, live_server.handle("newcomer"))
    nell.goto("/mentors")
    assert_accessible(nell, "/mentors")
    nell.get_by_label("What you are looking for").fill("Evenings, SMART Recovery.")
    with nell.expect_navigation():
        nell.get_by_role("button", name="Ask for a mentor").click()
    pat = a11y_context().new_page()
    log_in(pat, live_server.handle("mentor"))
    pat.goto("/mentors")
    assert_accessible(pat, "/mentors as a mentor")
    with pat.expect_navigation():
        pat.get_by_role("button", name="Accept this request").click()
    pat.get_by_label("Your message").fill("Hello Nell, I'm here.")
    with pat.expect_navigation():
        pat.get_by_role("button", name="Send").click()
    assert_accessible(pat, "the conversation")
    nell.goto("/mentors")
    with nell.expect_navigation():
        nell.get_by_role("link", name="go to your conversation").click()
    assert "Hello Nell, I'm here." in nell.content()
    with nell.expect_navigation():
        nell.get_by_role("button", name="End this conversation").click()
    assert "The conversation has ended" in nell.content()
    assert nell.locator('textarea[name="body"]').count() == 0
