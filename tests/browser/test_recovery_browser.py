"""A member, in Chromium, sets a recovery date and sees their days, checks in with one click,
turns the badge on and finds it beside their handle in the day's check-in thread. The recovery
pages pass axe."""
from datetime import datetime, timedelta, timezone

import pytest

from axe import assert_accessible

pytestmark = pytest.mark.browser


def test_recovery_date_check_in_and_badge(live_server, a11y_context, log_in):
    page = a11y_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.handle("member"))
    start = (datetime.now(timezone.utc) - timedelta(days=40)).date()

    page.goto("/me/recovery")
    assert_accessible(page, "/me/recovery, no date yet")
    page.fill('input[name="date"]', start.isoformat())
    page.select_option('select[name="time_zone"]', "UTC")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.locator(".streak-days").inner_text() in ("39", "40", "41")
    assert page.locator(".total-days").inner_text() == page.locator(".streak-days").inner_text()
    assert "Not shown" in page.locator(".recovery-days").inner_text()  # private by default
    assert_accessible(page, "/me/recovery with days")

    page.goto("/me/checkins")
    with page.expect_navigation():
        page.get_by_role("button", name="Staying sober today").click()
    assert "You've checked in today" in page.inner_text("main")
    assert page.locator(".checkin-calendar li").count() == 1
    assert_accessible(page, "/me/checkins after checking in")

    page.goto("/me/recovery")
    page.check('input[name="show_badge"]')
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    badge = page.locator(".recovery-days .recovery-badge").inner_text()
    assert badge.endswith("days")

    page.goto("/boards/daily-check-in")
    with page.expect_navigation():
        page.locator(".thread-title a").first.click()
    pledge = page.locator("article.post", has_text="Staying sober today.")
    assert pledge.locator(".recovery-badge").inner_text() == badge
