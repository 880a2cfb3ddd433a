"""Every main page passes axe (no serious or critical violation) at 1280 and 320 px wide, in the
light and the dark theme, and nothing scrolls sideways at 320 px (contract: every page works at
320 px)."""
import pytest
from axe import blocking, check_accessibility, describe

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1280, "narrow": 320}
SCHEMES = ("light", "dark")
# (what, path, signed in as); "{thread}" is a thread with a reply and a content-warned post.
PAGES = [
    ("boards", "/", None),
    ("a board", "/boards/newcomers", None),
    ("a thread", "/threads/{thread}", None),
    ("sign up", "/signup", None),
    ("log in", "/login", None),
    ("guidelines", "/guidelines", None),
    ("help", "/help", None),
    ("a board, signed in", "/boards/newcomers", "member"),
    ("a thread, signed in", "/threads/{thread}", "member"),
    ("settings", "/me", "member"),
    ("latest", "/latest", None),
    ("search results", "/search?q=day", None),
    ("unread", "/unread", "member"),
    ("a member page", "/members/{member}", None),
    ("recovery", "/me/recovery", "member"),
    ("check-in", "/me/checkins", "member"),
    ("boundaries", "/me/boundaries", "member"),
]


def seed_thread(live_server) -> int:
    """A thread in Newcomers with a reply to its opening post and a content-warned reply."""
    opened = live_server.api_post("newcomer", "/boards/newcomers/threads", {
        "title": "Day one, and scared", "body": "I poured it out tonight. **Day one.**"})
    thread_id, opening_id = opened["thread"]["id"], opened["post"]["id"]
    live_server.api_post("member", f"/threads/{thread_id}/posts", {
        "body": "Welcome. Day one is the bravest day. *Keep coming back.*",
        "parent_id": opening_id})
    live_server.api_post("mentor", f"/threads/{thread_id}/posts", {
        "body": "The first week was the hardest part of my own story, physically.",
        "content_warning": "withdrawal"})
    return thread_id


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_pages_pass_axe_and_fit_the_screen(live_server, a11y_context, log_in, width, scheme):
    thread_id = seed_thread(live_server)
    view = {"viewport": {"width": width, "height": 900}, "color_scheme": scheme}
    anonymous = a11y_context(**view).new_page()
    member = a11y_context(**view).new_page()
    log_in(member, live_server.handle("member"))
    assert anonymous.evaluate("window.innerWidth") == width
    problems = []
    for what, path, persona in PAGES:
        page = member if persona else anonymous
        answer = page.goto(path.format(thread=thread_id, member=live_server.handle("mentor")))
        if answer is None or answer.status != 200:
            problems.append(f"{what} ({path}): answered {answer and answer.status}")
            continue
        if found := blocking(check_accessibility(page)):
            problems.append(f"{what} ({page.url}) at {width} px, {scheme}:\n{describe(found)}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{what} ({page.url}) scrolls sideways at {width} px: "
                            f"{scroll_width} px wide{_widest(page, width)}")
    assert not problems, "\n\n".join(problems)


def _widest(page, width: int) -> str:
    """Name the elements that stick out past the viewport, to say what to fix."""
    culprits = page.evaluate("""(width) => [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))""", width)
    return (":\n  " + "\n  ".join(culprits)) if culprits else ""


def test_axe_finds_what_it_should(page_server, offline_context):
    """A positive control: axe, as injected here, reports a page's serious violations."""
    page_server.pages["/broken"] = (
        '<!DOCTYPE html><html><head><title>broken</title></head><body><main>'
        '<img src="/missing.png"><form><input type="text" name="q"></form>'
        '<p style="color:#777;background:#888">low contrast</p></main></body></html>')
    page = offline_context(page_server.url).new_page()
    page.goto(page_server.url + "/broken")
    found = {v["id"] for v in blocking(check_accessibility(page))}
    assert {"image-alt", "label", "color-contrast"} <= found, found
