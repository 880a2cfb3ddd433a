"""The design in Chromium: the header keeps to one row at 1280 px for a moderator with a long
handle and folds into a menu at 375 px; "Need help now?" stays one line; the theme follows the
system and the switch is remembered across reloads; the footer sits at the bottom of short pages."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from personas import PASSWORD

pytestmark = pytest.mark.browser
LONG_HANDLE = "QuietMorningWalkerSinceAprilxyzw"  # 32 characters, the longest a handle may be


def _long_handled_moderator(live_server, handle=LONG_HANDLE) -> str:
    from forum.models import Role
    from forum.services.accounts.members import create_account

    with live_server.app_context():
        create_account(PASSWORD, handle, Role.MODERATOR)
    return handle


def _one_line(page, selector: str) -> bool:
    """Whether an element's text sits on a single line (its height under two line-heights)."""
    return page.evaluate("""(sel) => { const el = document.querySelector(sel);
        const lh = parseFloat(getComputedStyle(el).lineHeight) || 20;
        return el.getClientRects().length === 1 && el.getBoundingClientRect().height < lh * 1.9; }""",
                         selector)


def _header_rows(page) -> int:
    """How many rows the header's visible parts take (distinct vertical centres)."""
    return page.evaluate("""() => {
        const parts = [...document.querySelectorAll('.header-inner > *, .site-nav li, .site-nav details')]
          .filter((el) => !el.closest('.menu-panel') && el.offsetParent !== null && el.getBoundingClientRect().height > 0);
        const centres = parts.map((el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; });
        const rows = [];
        for (const c of centres.sort((a, b) => a - b)) {
          if (!rows.length || c - rows[rows.length - 1] > 12) rows.push(c);
        }
        return rows.length; }""")


def _overlaps(page) -> list:
    """Pairs of header parts (links, buttons, wordmark, help) that overlap side by side."""
    return page.evaluate("""() => {
        const parts = [...document.querySelectorAll('.wordmark, .site-nav li, .theme-wide, .help-link')]
          .filter((el) => !el.closest('.menu-panel') && el.offsetParent !== null)
          .map((el) => [el.textContent.trim().slice(0, 20), el.getBoundingClientRect()])
          .sort((a, b) => a[1].left - b[1].left);
        const found = [];
        for (let i = 1; i < parts.length; i++) {
          const inner = parts[i - 1][1].right - 1 > parts[i][1].left;
          if (inner) found.push([parts[i - 1][0], parts[i][0]]);
          const clipped = [...document.querySelectorAll('.site-nav li > *')].filter(
            (el) => !el.closest('.menu-panel') && el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1
              && !el.classList.contains('nav-handle'));
          if (clipped.length) found.push(['clipped', clipped[0].textContent.trim()]);
        }
        return found; }""")


def test_the_header_is_one_row_at_1280_for_a_moderator_with_a_long_handle(live_server, new_context,
                                                                          log_in):
    handle = _long_handled_moderator(live_server)
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    log_in(page, handle)
    for path in ("/", "/moderation", "/chat", "/me"):
        page.goto(path)
        expect(page.locator(".nav-wide").get_by_role("link", name="Review queue")).to_be_visible()
        expect(page.locator(".nav-wide").get_by_role("button", name="Log out")).to_be_visible()
        expect(page.locator(".nav-menu")).to_be_hidden()
        assert _header_rows(page) == 1, path
        assert not _overlaps(page), (path, _overlaps(page))
        assert _one_line(page, ".help-link"), path
        assert _one_line(page, ".nav-wide button.link-button"), path  # "Log out" on one line


@pytest.mark.parametrize("width", [375, 320])
def test_at_phone_width_the_rest_of_the_links_are_in_a_menu(live_server, new_context, log_in, width):
    handle = _long_handled_moderator(live_server)
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    log_in(page, handle)
    page.goto("/")
    assert _one_line(page, ".help-link")
    expect(page.locator(".nav-wide")).to_be_hidden()
    menu = page.locator(".nav-menu")
    expect(menu.get_by_role("button", name="Log out")).to_be_hidden()
    assert _header_rows(page) == 2  # wordmark and help; Boards, Chat and Menu
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Review queue")).to_be_visible()
    expect(menu.get_by_role("button", name="Log out")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_menu_works_without_javascript(live_server, new_context, log_in):
    page = new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False).new_page()
    page.goto("/")
    page.locator(".nav-menu summary").click()
    expect(page.locator(".nav-menu").get_by_role("link", name="Log in")).to_be_visible()


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_dark_theme_follows_the_system(live_server, new_context):
    light = new_context(color_scheme="light").new_page()
    dark = new_context(color_scheme="dark").new_page()
    light.goto("/")
    dark.goto("/")
    assert _background(light) == "rgb(250, 246, 240)"
    assert _background(dark) == "rgb(24, 22, 19)"
    expect(dark.locator(".theme-wide .theme-to-light")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_theme_switch_is_remembered_across_reloads(live_server, new_context, javascript):
    page = new_context(color_scheme="light", viewport={"width": 1280, "height": 800},
                       java_script_enabled=javascript).new_page()
    page.goto("/guidelines")
    page.locator(".theme-wide .theme-to-dark").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.url.endswith("/guidelines")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert _background(page) == "rgb(24, 22, 19)"
    page.goto("/help")
    assert _background(page) == "rgb(24, 22, 19)"
    page.locator(".theme-wide .theme-to-light").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    page.reload()
    assert _background(page) == "rgb(250, 246, 240)"


def test_the_footer_sits_at_the_bottom_of_a_short_page(live_server, new_context):
    page = new_context(viewport={"width": 1280, "height": 1400}).new_page()
    page.goto("/login")
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert abs(bottom - 1400) <= 1


# --- recovery codes ---------------------------------------------------------------------------

def _sign_up(page, handle: str) -> None:
    page.goto("/signup")
    page.get_by_label("Handle").fill(handle)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="confirm"]').fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account").click()


def test_recovery_codes_are_shown_once_and_a_reload_does_not_sign_up_again(live_server,
                                                                           new_context):
    context = new_context(viewport={"width": 375, "height": 800}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _sign_up(page, "MorningHeron")
    assert page.url.endswith("/me/recovery-codes")
    codes = page.locator("#recovery-codes code").all_text_contents()
    assert len(codes) == 10

    page.get_by_role("button", name="Copy the codes").click()
    expect(page.locator("#codes-status")).to_contain_text("Copied")
    assert all(code in page.evaluate("navigator.clipboard.readText()") for code in codes)
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download as a text file").click()
    download = waiting.value
    assert download.suggested_filename == "recovery-codes-MorningHeron.txt"
    saved = Path(download.path()).read_text()
    assert all(code in saved for code in codes)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#recovery-codes")).to_be_visible()
    page.emulate_media(media="screen")

    answer = page.reload()  # a GET: nothing is posted again
    assert answer.request.method == "GET" and answer.status == 200
    expect(page.locator("#recovery-codes")).to_have_count(0)
    expect(page.get_by_text("shown once")).to_be_visible()
    with live_server.app_context():
        from sqlalchemy import func, select

        from forum.extensions import db
        from forum.models import User
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.handle == "MorningHeron")) == 1


# --- chat -------------------------------------------------------------------------------------

def _chat_lines(live_server, room_slug, lines) -> None:
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Room, User
    from forum.services.chat.messages import send_message

    with live_server.app_context():
        room = db.session.scalar(select(Room).where(Room.slug == room_slug))
        for persona, body in lines:
            member = db.session.scalar(select(User).where(User.handle == live_server.handle(persona)))
            send_message(room, member, body)


def test_the_chat_room_groups_runs_marks_own_messages_and_folds_actions(live_server, new_context,
                                                                        log_in):
    _chat_lines(live_server, "lobby", [("member", "Evening all."), ("member", "Day 40 today."),
                                       ("mentor", "Well done on 40.")])
    page = new_context(viewport={"width": 375, "height": 700}).new_page()
    log_in(page, live_server.handle("member"))
    page.goto("/chat/lobby")
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    messages = page.locator("#messages li.message")
    expect(messages).to_have_count(3)
    expect(messages.nth(0)).to_have_class(re.compile(r"\bis-mine\b"))
    expect(messages.nth(1)).to_have_class(re.compile(r"\bis-continued\b"))
    grouped_name = messages.nth(1).locator(".message-meta").bounding_box()
    assert grouped_name["width"] <= 1 and grouped_name["height"] <= 1  # kept for screen readers
    expect(messages.nth(2)).not_to_have_class(re.compile(r"\bis-mine\b"))
    # Flag and Block are in a small menu on someone else's message, not under every message.
    expect(page.get_by_role("button", name="Flag to the moderators")).to_be_hidden()
    messages.nth(2).locator("summary").click()
    messages.nth(2).get_by_role("button", name="Flag to the moderators").click()
    expect(messages.nth(2).locator("form.flag-form")).to_be_visible()
    # The composer stays in reach at the bottom of the viewport.
    composer = page.locator("#composer")
    expect(composer).to_be_visible()
    box = composer.bounding_box()
    assert box["y"] + box["height"] <= 700 + 1

    page.get_by_label("Your message").fill("And thank you.")
    page.get_by_label("Your message").press("Enter")
    expect(messages).to_have_count(4, timeout=10000)
    expect(messages.nth(3)).to_have_class(re.compile(r"\bis-mine\b"))
    expect(messages.nth(3)).not_to_have_class(re.compile(r"\bis-continued\b"))


def test_a_closed_meeting_is_read_only(live_server, new_context, log_in):
    from sqlalchemy import select

    from forum.extensions import db
    from forum.models import Room
    from forum.services.chat.meetings import meeting_in_session

    with live_server.app_context():  # the two default meetings never overlap: one is closed
        rooms = db.session.scalars(select(Room).where(Room.kind == "meeting")).all()
        closed = next(room.slug for room in rooms if not meeting_in_session(room))
    page = new_context().new_page()
    log_in(page, live_server.handle("member"))
    page.goto(f"/chat/{closed}")
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    expect(page.locator(".read-only")).to_contain_text("It opens again")
    expect(page.locator("#composer")).to_be_hidden()
    expect(page.get_by_text("Say hello?")).to_have_count(0)


def test_the_room_list_is_styled_and_says_times_in_words(live_server, new_context):
    page = new_context().new_page()
    page.goto("/chat")
    expect(page.locator(".room-card").first).to_have_css("border-left-style", "solid")
    expect(page.get_by_text("Meets 7 times a week")).to_be_visible()
    expect(page.get_by_text("Meets 2 times a week")).to_be_visible()
    assert "(s)" not in page.content()


# --- feedback beside the post -----------------------------------------------------------------

def test_a_held_reply_says_so_beside_the_post_and_says_why(live_server, new_context, log_in):
    opened = live_server.api_post("member", "/boards/alcohol/threads", {
        "title": "Three weeks", "body": "Three weeks today. Mornings are hard."})
    page = new_context(viewport={"width": 375, "height": 700}).new_page()
    log_in(page, live_server.handle("newcomer"))
    page.goto(f"/threads/{opened['thread']['id']}")
    page.get_by_label("Your reply").fill("Text me at 555-201-3344 if you want to talk.")
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(re.compile(r"#post-\d+$"))
    post_id = page.url.rsplit("#post-", 1)[1]
    here = page.locator(f"#post-{post_id} > .flash-here[role=status]")
    expect(here).to_contain_text(re.compile("held for a moderator", re.I))
    expect(here).to_be_in_viewport()
    badge = page.locator(f"#post-{post_id} .badge-held")
    expect(badge).to_contain_text("because it seems to include contact details")
    # Only its author hears why.
    other = new_context().new_page()
    log_in(other, live_server.handle("moderator"))
    other.goto(f"/threads/{opened['thread']['id']}")
    expect(other.locator(f"#post-{post_id} .badge-held")).not_to_contain_text("because")


# --- the pages this work changed, through axe, light and dark ----------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_redesigned_pages_pass_axe_in_both_themes(live_server, a11y_context, log_in, scheme):
    from axe import assert_accessible

    _chat_lines(live_server, "lobby", [("member", "Evening all."), ("mentor", "Hello Sam.")])
    live_server.api_post("newcomer", "/boards/newcomers/threads", {
        "title": "hi", "body": "text me at 555-201-3344 if you want"})
    for width in (1280, 320):
        page = a11y_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
        log_in(page, live_server.handle("moderator"))
        for path in ("/chat", "/chat/lobby", "/moderation", "/me/notifications",
                     "/boards/family-and-friends", "/me/recovery-codes"):
            page.goto(path)
            if path == "/chat/lobby":
                expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
            assert_accessible(page, f"{path} at {width} px, {scheme}")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        if width == 320:
            page.locator(".nav-menu summary").click()
            assert_accessible(page, f"the open menu at {width} px, {scheme}")
