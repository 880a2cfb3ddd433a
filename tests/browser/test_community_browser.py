"""A thread page that feels alive: a reply by another member appears live (behind a "new
replies" bar), the header's notification count rises live, a draft survives a reload, and times
show in the browser's own time zone."""
import re
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from axe import assert_accessible

from forum.extensions import db
from forum.models import Post, Thread


def _thread(live_server, title="Day 40", body="Forty days today.") -> dict:
    return live_server.api_post("member", "/boards/alcohol/threads",
                                {"title": title, "body": body})


def _open(new_context, log_in, live_server, path: str, persona="member", **options):
    page = new_context(**options).new_page()
    log_in(page, live_server.handle(persona))
    page.goto(path)
    return page


def test_a_reply_by_another_member_appears_live_in_an_open_thread(new_context, log_in,
                                                                 live_server):
    thread_id = _thread(live_server)["thread"]["id"]
    page = _open(new_context, log_in, live_server, f"/threads/{thread_id}")
    expect(page.locator("#thread-posts")).to_have_attribute("data-watching", "yes",
                                                            timeout=15000)
    before = page.evaluate("window.scrollY")
    posted = live_server.api_post("newcomer", f"/threads/{thread_id}/posts",
                                  {"body": "So glad for you, **well done**."})["post"]
    bar = page.locator("#new-replies")
    expect(bar).to_be_visible(timeout=10000)
    expect(page.locator(f"#post-{posted['id']}")).to_have_count(0)  # not until asked
    assert page.evaluate("window.scrollY") == before
    bar.get_by_role("button").click()
    new = page.locator(f"#post-{posted['id']}")
    expect(new.locator(".post-body strong")).to_have_text("well done", timeout=10000)
    expect(new.locator(".handle").first).to_have_text(live_server.handle("newcomer"))
    expect(bar).to_be_hidden()


def test_the_notification_count_rises_live(new_context, log_in, live_server):
    thread_id = _thread(live_server)["thread"]["id"]
    page = _open(new_context, log_in, live_server, "/")
    expect(page.locator("body")).to_have_attribute("data-live", "connected", timeout=15000)
    expect(page.locator("#nav-unread")).to_be_hidden()
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": "Welcome back."})
    expect(page.locator("#nav-unread-count")).to_have_text("1", timeout=10000)
    expect(page.locator("#nav-unread")).to_be_visible()
    live_server.api_post("mentor", f"/threads/{thread_id}/posts", {"body": "Proud of you."})
    expect(page.locator("#nav-unread-count")).to_have_text("2", timeout=10000)


def test_a_draft_survives_a_reload_and_is_gone_once_sent_or_at_logout(new_context, log_in,
                                                                       live_server):
    thread_id = _thread(live_server)["thread"]["id"]
    page = _open(new_context, log_in, live_server, f"/threads/{thread_id}", persona="newcomer")
    box = page.locator("#reply-form textarea[name=body]")
    box.fill("Half a thought I want to keep")
    page.reload()
    expect(box).to_have_value("Half a thought I want to keep")
    with page.expect_navigation():
        page.locator("#reply-form").get_by_role("button", name="Post reply").click()
    expect(page.locator(".post-body", has_text="Half a thought I want to keep")).to_be_visible()
    expect(page.locator("#reply-form textarea[name=body]")).to_have_value("")
    page.locator("#reply-form textarea[name=body]").fill("Another draft")
    page.reload()
    expect(page.locator("#reply-form textarea[name=body]")).to_have_value("Another draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Log out").click()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('forum-draft:'))"
                         ".length") == 0


def test_a_reply_form_opens_in_place_and_a_selection_is_quoted(new_context, log_in,
                                                              live_server):
    created = _thread(live_server, body="One day at a time, they told me.")
    thread_id, opening = created["thread"]["id"], created["post"]["id"]
    page = _open(new_context, log_in, live_server, f"/threads/{thread_id}", persona="newcomer")
    post = page.locator(f"#post-{opening}")
    page.evaluate("""id => {
        const body = document.querySelector('#post-' + id + ' .post-body p');
        const range = document.createRange();
        range.setStart(body.firstChild, 0); range.setEnd(body.firstChild, 17);
        const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);
    }""", opening)
    post.get_by_role("button", name="Quote selection").click()
    form = post.locator("#reply-form")  # moved in place under the post
    expect(form).to_be_visible()
    expect(form.locator("textarea[name=body]")).to_have_value("> One day at a time\n\n")
    form.locator("textarea[name=body]").press("End")
    form.locator("textarea[name=body]").type("Yes.")
    form.get_by_role("button", name="Preview").click()
    expect(form.locator(".preview blockquote")).to_have_text("One day at a time")
    with page.expect_navigation():
        form.get_by_role("button", name="Post reply").click()
    reply = page.locator(f"#post-{opening} ol.replies li.post-node").first
    expect(reply.locator("blockquote")).to_have_text("One day at a time")


def test_a_time_shows_in_the_browsers_zone(new_context, log_in, live_server):
    thread_id = _thread(live_server)["thread"]["id"]
    with live_server.app_context():
        moment = datetime(2025, 1, 1, 0, 30, tzinfo=timezone.utc)
        db.session.get(Thread, thread_id).created_at = moment
        for post in db.session.scalars(db.select(Post).where(Post.thread_id == thread_id)):
            post.created_at = moment
        db.session.commit()
    page = _open(new_context, log_in, live_server, f"/threads/{thread_id}",
                 timezone_id="Asia/Tokyo", locale="en-GB")
    stamp = page.locator(".post-meta time").first
    expect(stamp).to_have_attribute("datetime", "2025-01-01T00:30:00Z")
    expect(stamp).to_have_text("1 Jan 2025, 09:30")  # Tokyo is UTC+9; the server said 00:30 UTC
    recent = _open(new_context, log_in, live_server, "/boards/alcohol",
                   timezone_id="America/New_York", locale="en-GB")
    live_server.api_post("newcomer", "/boards/alcohol/threads", {"title": "Now", "body": "Hi."})
    recent.reload()
    expect(recent.locator(".thread-item time").first).to_have_text("just now")


def test_a_chat_message_shows_the_same_local_time_live_and_in_the_history(new_context, log_in,
                                                                          live_server):
    page = _open(new_context, log_in, live_server, "/chat/lobby", timezone_id="Asia/Kolkata",
                 locale="en-GB")
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    page.get_by_label("Your message").fill("Checking in tonight")
    page.get_by_label("Your message").press("Enter")
    live = page.locator("#messages li.message").last.locator("time")
    expect(live).to_have_attribute("data-format", "clock", timeout=10000)
    stamp, shown = live.get_attribute("datetime"), live.inner_text()
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    india = moment.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert shown == india.strftime("%H:%M")  # the browser's zone, not UTC
    page.reload()
    expect(page.locator("#connection")).to_have_text("Connected.", timeout=15000)
    history = page.locator("#messages li.message").last.locator("time")
    expect(history).to_have_text(shown)


def test_reactions_follow_and_writing_tools_are_accessible(a11y_context, log_in, live_server):
    created = _thread(live_server)
    thread_id = created["thread"]["id"]
    live_server.api_post("newcomer", f"/threads/{thread_id}/posts", {"body": "Thanks @SamRiver"})
    for width in (1280, 320):
        page = a11y_context(viewport={"width": width, "height": 800}).new_page()
        log_in(page, live_server.handle("newcomer"))
        page.goto(f"/threads/{thread_id}")
        expect(page.get_by_role("button", name="Me too")).to_be_visible()
        expect(page.get_by_role("button", name="Stop following")).to_be_visible()
        if width == 1280:  # a second click would take the reaction back
            with page.expect_navigation():
                page.get_by_role("button", name="Sending strength").click()
        pressed = page.locator(".reaction-mine")
        expect(pressed).to_have_text(re.compile(r"Sending strength\s+1"))
        expect(pressed).to_have_attribute("aria-pressed", "true")
        assert_accessible(page, f"thread page at {width}px")
        page.context.close()
