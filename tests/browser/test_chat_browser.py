"""Two members in two Chromium windows talk live in the lobby, and the room page is usable."""
from playwright.sync_api import expect

from axe import assert_accessible


def _open_lobby(new_context, log_in, handle, **options):
    page = new_context(**options).new_page()
    log_in(page, handle)
    page.goto("/chat/lobby")
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    expect(page.locator("#composer")).to_be_visible()
    return page


def _send(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")
    expect(page.locator("#composer-status")).to_have_text("", timeout=10000)


def test_two_members_see_each_others_messages_live(new_context, log_in, live_server):
    sam = _open_lobby(new_context, log_in, live_server.handle("member"))
    nell = _open_lobby(new_context, log_in, live_server.handle("newcomer"),
                       viewport={"width": 320, "height": 740})
    expect(sam.locator("#present li")).to_have_text(["Nell", "SamRiver"], timeout=10000)

    _send(sam, "Hello **Nell**, glad you're here")
    from_sam = nell.locator("#messages li.message").last
    expect(from_sam.locator(".message-body")).to_have_text("Hello Nell, glad you're here",
                                                           timeout=10000)
    expect(from_sam.locator("strong")).to_have_text("Nell")
    expect(from_sam.locator(".handle")).to_have_text("SamRiver")

    _send(nell, "Thank you. First night in a while.")
    expect(sam.locator("#messages li.message").last.locator(".message-body")).to_have_text(
        "Thank you. First night in a while.", timeout=10000)
    assert sam.locator("#messages li.message").count() == 2
    expect(nell.locator("#typing")).to_have_text("")  # cleared once Sam's message arrived
    nell.screenshot(path="/tmp/chat-320.png", full_page=True)

    nell.context.close()
    expect(sam.locator("#present li")).to_have_text(["SamRiver"], timeout=10000)


def test_a_refused_message_stays_in_the_box_with_the_reason(new_context, log_in, live_server):
    page = _open_lobby(new_context, log_in, live_server.handle("member"))
    box = page.get_by_label("Your message")
    box.fill("x" * 2000 + "y")  # maxlength stops typing, so set the value past it by script
    page.evaluate("document.getElementById('message-body').value = 'x'.repeat(2001)")
    box.press("Enter")
    expect(page.locator("#composer-status")).to_contain_text("at most 2,000 characters")
    assert len(box.input_value()) == 2001


def test_the_chat_pages_have_no_serious_accessibility_problems(a11y_context, log_in, live_server):
    for width in (1280, 320):
        page = a11y_context(viewport={"width": width, "height": 800}).new_page()
        log_in(page, live_server.handle("moderator"))
        page.goto("/chat")
        assert_accessible(page, f"/chat at {width} px")
        page.goto("/chat/lobby")
        expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
        assert_accessible(page, f"/chat/lobby at {width} px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_dropped_connection_catches_up_by_itself(new_context, log_in, live_server):
    sam = _open_lobby(new_context, log_in, live_server.handle("member"))
    nell = _open_lobby(new_context, log_in, live_server.handle("newcomer"))
    _send(sam, "before the tunnel")
    expect(nell.locator("#messages li.message")).to_have_count(1, timeout=10000)

    nell.context.set_offline(True)
    expect(nell.locator("#connection")).not_to_have_text("Connected.", timeout=20000)
    _send(sam, "while you were away, one")
    _send(sam, "while you were away, two")
    nell.context.set_offline(False)

    expect(nell.locator("#connection")).to_have_text("Connected.", timeout=30000)
    expect(nell.locator("#messages li.message .message-body")).to_have_text(
        ["before the tunnel", "while you were away, one", "while you were away, two"],
        timeout=15000)


def test_a_chat_window_whose_session_ends_elsewhere_says_so_and_stops(new_context, log_in,
                                                                      live_server):
    handle = live_server.handle("member")
    left_open = _open_lobby(new_context, log_in, handle)
    elsewhere = new_context().new_page()
    log_in(elsewhere, handle)
    elsewhere.goto("/me")
    with elsewhere.expect_navigation():
        elsewhere.get_by_role("button", name="Log out everywhere else").click()

    expect(left_open.locator("#composer-status")).to_contain_text("signed out here",
                                                                   timeout=15000)
    expect(left_open.locator("#connection")).to_have_text("Signed out.")
    expect(left_open.locator("#composer")).to_be_hidden()
