"""The design in Chromium: the header keeps to one row at 1280 px for a moderator with a long
handle and folds into a menu at 375 px; "Need help now?" stays one line; the theme follows the
system and the switch is remembered across reloads; the footer sits at the bottom of short pages."""
import pytest
from playwright.sync_api import expect

from personas import PASSWORD

pytestmark = pytest.mark.browser
LONG_HANDLE = "QuietMorningWalkerSinceAprilxyz"  # 31 characters, the longest-looking kind


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
