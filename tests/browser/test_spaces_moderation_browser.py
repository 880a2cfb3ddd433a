"""A space's own moderator works the review queue in Chromium: Pat moderates "Women in recovery"
and nothing else. The queue shows Pat the reply reported in that space, never the one reported in
"LGBTQ+ in recovery" nor on a general board, counts only what Pat sees (live too), offers no
forum-wide sanctions, and Pat removes the reply from the queue. The page passes axe."""
import re

import pytest
from playwright.sync_api import expect

from forum.services.spaces.spaces import set_space_role
from axe import assert_accessible

pytestmark = pytest.mark.browser
SPACE_A, SPACE_B = "women-in-recovery", "lgbtq-in-recovery"
CRUEL = "Whatever. You'll slip again, you always do."


def _reported_reply(live_server, board: str, title: str, reporter: str) -> int:
    """The troll replies in a new thread on the board; the reporter flags the reply."""
    opened = live_server.api_post("member", f"/boards/{board}/threads",
                                  {"title": title, "body": "Three weeks today."})
    reply = live_server.api_post("troll", f"/threads/{opened['thread']['id']}/posts",
                                 {"body": CRUEL})
    live_server.api_post(reporter, f"/posts/{reply['post']['id']}/flags",
                         {"reason": "harassment"})
    return reply["post"]["id"]


def test_a_space_moderator_works_their_spaces_items_only(live_server, a11y_context, log_in):
    with live_server.app_context():
        set_space_role(SPACE_A, live_server.handle("mentor"), "moderator")
        for slug in (SPACE_A, SPACE_B):
            for persona in ("member", "troll"):
                set_space_role(slug, live_server.handle(persona), "member")
    _reported_reply(live_server, SPACE_A, "Mornings in the space", "member")
    _reported_reply(live_server, SPACE_B, "Evenings elsewhere", "member")
    _reported_reply(live_server, "alcohol", "On the open board", "newcomer")

    pat = a11y_context().new_page()
    log_in(pat, live_server.handle("mentor"))
    with pat.expect_navigation():
        pat.get_by_role("link", name=re.compile(r"^Review queue")).first.click()
    expect(pat.locator("#queue-scope")).to_contain_text("You moderate Women in recovery")
    expect(pat.locator("#queue-count")).to_have_text("1 waiting for review, 0 urgent.")
    items = pat.locator("article.queue-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("In Women in recovery")
    body = pat.content()
    assert "Evenings elsewhere" not in body and "LGBTQ+" not in body
    assert "On the open board" not in body
    expect(items.first.locator("button[value='ban']")).to_have_count(0)
    assert_accessible(pat, "the review queue as a space's moderator")

    # A new report in the space reaches Pat's count live; one in the other space does not.
    _reported_reply(live_server, SPACE_B, "Another evening", "member")
    _reported_reply(live_server, SPACE_A, "Another morning", "member")
    expect(pat.locator("#queue-count")).to_have_text("2 waiting for review, 0 urgent.",
                                                     timeout=15000)
    with pat.expect_navigation():
        pat.get_by_role("link", name="Show the latest").click()
    expect(items).to_have_count(2)

    first = items.first
    first.get_by_role("button", name="Show content").click()
    expect(first.locator(".snapshot")).to_contain_text("You'll slip again")
    first.locator("select[data-shortcut='remove-reason']").select_option("harassment")
    with pat.expect_navigation():
        first.get_by_role("button", name="Remove", exact=True).click()
    expect(pat.locator(".flash")).to_contain_text("Removed. The author is told which boundary")
    expect(items).to_have_count(1)
    expect(pat.locator("#queue-count")).to_have_text("1 waiting for review, 0 urgent.")

    mo = a11y_context().new_page()
    log_in(mo, live_server.handle("moderator"))
    mo.goto("/moderation")
    expect(mo.locator("#queue-count")).to_have_text("4 waiting for review, 0 urgent.")
    expect(mo.locator("#queue-scope")).to_have_count(0)
