"""A moderator works the review queue in Chromium: a live count, crisis first, blurred content,
keyboard shortcuts to approve and remove; the member who flagged and the author both hear back.
And the moderation pages pass axe at 1280 and 320 px."""
import re

from playwright.sync_api import expect

from axe import assert_accessible

HELD_BODY = "New here. Text me at 555-201-3344 if anyone wants to talk."
CRISIS_BODY = "I don't want to be here anymore. Everything feels too heavy tonight."
CRUEL_BODY = "Whatever. You'll slip again, you always do."


def _seed(live_server) -> dict:
    """A thread with a cruel reply in it, a held post with a phone number, and a crisis reply."""
    opened = live_server.api_post("member", "/boards/alcohol/threads", {
        "title": "Three weeks", "body": "Three weeks today. Mornings are the hardest part."})
    thread_id = opened["thread"]["id"]
    cruel = live_server.api_post("troll", f"/threads/{thread_id}/posts", {"body": CRUEL_BODY})
    held = live_server.api_post("newcomer", "/boards/newcomers/threads", {
        "title": "Hello", "body": HELD_BODY})
    assert held["post"]["status"] == "pending"
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": CRISIS_BODY})
    return {"thread": thread_id, "cruel": cruel["post"]["id"], "held": held["thread"]["id"]}


def _page(new_context, log_in, handle, width=1280):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, handle)
    return page


def _flag_from_the_thread(page, made) -> None:
    page.goto(f"/threads/{made['thread']}")
    page.locator(f"#post-{made['cruel']} a", has_text="Flag").click()
    page.get_by_label("Which boundary does it cross?").select_option("harassment")
    page.get_by_label("Anything the moderators should know?").fill("Shaming someone's slip.")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.locator(".flash")).to_contain_text("Thank you for telling us.")


def test_a_moderator_works_the_queue(live_server, new_context, log_in):
    made = _seed(live_server)
    mod = _page(new_context, log_in, live_server.handle("moderator"))
    mod.goto("/moderation")
    count = mod.locator("#queue-count")
    expect(count).to_have_text("2 waiting for review, 1 urgent.")
    expect(count).to_have_attribute("aria-live", "polite")

    # A member flags the cruel reply; the moderator's count goes up without a reload.
    _flag_from_the_thread(_page(new_context, log_in, live_server.handle("member")), made)
    expect(count).to_have_text("3 waiting for review, 1 urgent.", timeout=15000)
    expect(mod.locator("#nav-queue-count")).to_have_text("3")
    mod.get_by_role("link", name="Show the latest").click()
    items = mod.locator("article.queue-item")
    expect(items).to_have_count(3)
    expect(items.locator(".priority")).to_have_text(["Urgent: crisis", "Held", "Flagged"])

    # Content is blurred until the moderator chooses to see it.
    crisis = items.first
    content = crisis.locator(".snapshot")
    expect(content).to_have_class(re.compile(r"\bis-blurred\b"))
    assert "blur" in content.evaluate("element => getComputedStyle(element).filter")
    crisis.get_by_role("button", name="Show content").click()
    expect(content).not_to_have_class(re.compile(r"\bis-blurred\b"))
    assert content.evaluate("element => getComputedStyle(element).filter") == "none"
    expect(content).to_contain_text("Everything feels too heavy tonight.")
    expect(crisis.get_by_role("button", name="Hide content")).to_have_attribute(
        "aria-expanded", "true")

    # ? shows the shortcuts. The moderator is on the crisis item (its button has focus), so
    # j moves to the held post, and a approves it.
    mod.keyboard.press("?")
    expect(mod.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    mod.keyboard.press("Escape")
    expect(mod.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    mod.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    expect(items.nth(1)).to_have_class(re.compile(r"\bis-current\b"))
    with mod.expect_navigation():
        mod.keyboard.press("a")
    expect(mod.locator(".flash")).to_have_text("Approved: everyone can see it now.")
    expect(mod.locator("article.queue-item")).to_have_count(2)

    # Typing in a field never triggers a shortcut ("a" would approve, "r", "j" and "k" move).
    first_note = mod.locator("article.queue-item").first.get_by_label("Note (optional)").first
    first_note.press_sequentially("a kind word, just joking around")
    expect(first_note).to_have_value("a kind word, just joking around")
    expect(first_note).to_be_focused()
    expect(mod.locator("article.queue-item")).to_have_count(2)

    # j j r: the remove form's boundary list; choose one and press Enter.
    mod.locator("h1").click()
    mod.keyboard.press("j")
    mod.keyboard.press("j")
    mod.keyboard.press("r")
    flagged = mod.locator("article.queue-item").nth(1)
    reason = flagged.locator("select[data-shortcut='remove-reason']")
    expect(reason).to_be_focused()
    reason.select_option("harassment")
    with mod.expect_navigation():
        reason.press("Enter")
    expect(mod.locator(".flash")).to_contain_text("Removed. The author is told which boundary")
    expect(mod.locator("article.queue-item")).to_have_count(1)
    expect(mod.locator("#queue-count")).to_have_text("1 waiting for review, 1 urgent.")

    # The held post is public now; the author of the cruel reply reads why it was removed.
    anonymous = new_context().new_page()
    assert anonymous.goto(f"/threads/{made['held']}").status == 200
    author = _page(new_context, log_in, live_server.handle("troll"), width=320)
    # The removal, and the newcomer's later reply in the thread the troll follows (replying
    # followed it).
    expect(author.get_by_role("link", name=re.compile(r"Notifications"))).to_contain_text("2")
    author.goto("/me/notifications")
    removal = author.locator("li.notification.kind-removed")
    expect(removal).to_contain_text("Removed by a moderator")
    expect(removal).to_contain_text("No harassment or shaming")
    expect(removal.get_by_role("link", name=re.compile("Appeal this once"))).to_be_visible()


def test_the_queue_without_javascript_folds_content_and_still_acts(live_server, new_context,
                                                                  log_in):
    _seed(live_server)
    page = _page(new_context, log_in, live_server.handle("moderator"))
    page.context.close()
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, live_server.handle("moderator"))
    page.goto("/moderation")
    held = page.locator("article.queue-item").nth(1)
    expect(held.locator(".snapshot")).to_be_hidden()
    held.locator("summary", has_text="Show content").click()
    expect(held.locator(".snapshot")).to_contain_text("555-201-3344")
    held.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_have_text("Approved: everyone can see it now.")


def _screens(page, name: str, width: int) -> None:
    page.screenshot(path=f"/tmp/{name}-{width}.png", full_page=True)


def test_the_moderation_pages_pass_axe_and_fit_at_1280_and_320(live_server, a11y_context,
                                                                 log_in):
    made = _seed(live_server)
    other = live_server.api_post("troll", f"/threads/{made['thread']}/posts", {"body": "loser"})
    for post_id in (made["cruel"], other["post"]["id"]):
        live_server.api_post("member", f"/posts/{post_id}/flags", {"reason": "harassment"})
    _remove_as_moderator(live_server, other["post"]["id"])
    pages = [("moderator", "/moderation"), ("moderator", "/moderation/log"),
             ("moderator", "/transparency"), ("troll", "/me/notifications"),
             ("troll", f"/threads/{made['thread']}"), ("admin", "/moderation/rules"),
             ("member", f"/posts/{made['cruel']}/flag")]
    for width in (1280, 320):
        context = a11y_context(viewport={"width": width, "height": 900})
        for persona in ("moderator", "troll", "admin", "member"):
            page = context.new_page()
            log_in(page, live_server.handle(persona))
            for path in [path for who, path in pages if who == persona]:
                page.goto(path)
                if path == "/moderation":
                    expect(page.locator(".reveal-button").first).to_be_visible()
                    page.locator(".more-actions summary").first.click()
                    _screens(page, "moderation", width)
                assert_accessible(page, f"{path} as {persona} at {width} px")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            page.context.clear_cookies()
        context.close()


def _remove_as_moderator(live_server, post_id: int) -> None:
    from forum.extensions import db
    from forum.models import ModerationItem, User
    from forum.services.moderation.actions import act

    with live_server.app_context():
        item = db.session.scalar(db.select(ModerationItem).filter_by(target_type="post",
                                                                     target_id=post_id))
        moderator = db.session.scalar(db.select(User).filter_by(handle="MoKeeper"))
        act(item, moderator, "remove", reason="harassment", note="Please be kind.")
