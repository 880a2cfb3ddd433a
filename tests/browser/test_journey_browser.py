"""A first night on the forum, in Chromium, by keyboard where a person would use one.

Someone signs up through /signup (Tab and Enter), sees their recovery codes, opens Newcomers and
starts a thread with a content warning. A second member, in another browser, replies to that
post. The first sees the reply nested under their post, which stays folded behind its warning
until opened.
"""
import re

import pytest

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/forum-thread-320px.png"
NEW_PASSWORD = "quiet harbour lanterns 7"
CODE = re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$")


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def sign_up_by_keyboard(page) -> str:
    """Sign up on /signup with the suggested handle and a password typed twice; answer the
    handle."""
    page.goto("/signup")
    tab_to(page, 'input[name="handle"]')
    handle = page.input_value('input[name="handle"]')
    assert re.fullmatch(r"[A-Za-z0-9_-]{3,32}", handle), f"suggested handle {handle!r}"
    tab_to(page, 'input[name="password"]')
    page.keyboard.type(NEW_PASSWORD)
    tab_to(page, 'input[name="confirm"]')
    page.keyboard.type(NEW_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return handle


def start_thread_by_keyboard(page, title: str, body: str, warning: str) -> None:
    """On a board page, follow "Start a thread" and fill the form with the keyboard."""
    tab_to(page, 'a[href$="/new"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for name, text in (("title", title), ("body", body), ("content_warning", warning)):
        tab_to(page, f'[name="{name}"]')
        page.keyboard.type(text)
    tab_to(page, 'button[type="submit"][name="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_first_night(live_server, new_context, log_in):
    newcomer = new_context(viewport={"width": 1280, "height": 900}).new_page()

    handle = sign_up_by_keyboard(newcomer)
    codes = [c.strip() for c in newcomer.locator("ol.codes li").all_inner_texts()]
    assert len(codes) == 10 and all(CODE.match(c) for c in codes), codes
    assert newcomer.get_by_role("heading", name="Recovery codes").is_visible()
    assert handle in newcomer.locator("header").inner_text()  # signing up signed them in

    tab_to(newcomer, 'a[href$="/boards/newcomers"]')
    with newcomer.expect_navigation():
        newcomer.keyboard.press("Enter")
    assert newcomer.url.endswith("/boards/newcomers")

    start_thread_by_keyboard(newcomer, "Day one, again", "I poured it all out tonight.",
                             "mentions drinking")
    thread_url = newcomer.url.split("#")[0]
    assert re.search(r"/threads/\d+$", thread_url), thread_url
    opening = newcomer.locator("li.post-node").first
    opening_id = opening.get_attribute("id")

    # A second member, in a browser of their own, replies to that very post.
    member = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(member, live_server.handle("member"))
    member.goto(thread_url)
    member.locator(f"#{opening_id} summary").first.click()  # opens the warning to read it
    member.locator(f"#{opening_id} .post-actions").first.get_by_role("link", name="Reply").click()
    member.locator('textarea[name="body"]').fill("Welcome. Day one is the bravest one.")
    with member.expect_navigation():
        member.get_by_role("button", name="Post reply").click()

    # The newcomer sees the reply nested under their post, which stays folded until opened.
    newcomer.set_viewport_size({"width": 320, "height": 900})
    newcomer.goto(thread_url)
    reply = newcomer.locator(f"#{opening_id} li.post-node")
    assert reply.count() == 1, "the reply is not nested under the post it answers"
    assert "bravest" in reply.inner_text()
    assert live_server.handle("member") in reply.inner_text()
    warned = newcomer.locator(f"#{opening_id} details").first
    assert "mentions drinking" in warned.locator("summary").inner_text()
    assert not warned.evaluate("(d) => d.open")
    assert not newcomer.get_by_text("I poured it all out tonight.").is_visible()
    newcomer.screenshot(path=SCREENSHOT, full_page=True)
    warned.locator("summary").focus()
    newcomer.keyboard.press("Enter")
    assert warned.evaluate("(d) => d.open")
    assert newcomer.get_by_text("I poured it all out tonight.").is_visible()
    assert newcomer.evaluate("document.documentElement.scrollWidth") <= 320
