"""The moderation pages with the test client: the queue (order, filters, blur, every action,
a stale form), the log, transparency, the rules (admins), and the member side: flags, appeals
and notifications."""
import html
import re
from pathlib import Path

import pytest

from clients import csrf_token_from
from forum.extensions import db
from forum.models import ModerationItem, Post, Rule, User

STATIC = Path(__file__).parents[1] / "static"


# --- making content through the API, as members would --------------------------------------

def _thread(api, persona="member", board="alcohol", body="Three weeks today. Mornings are hard."):
    answer = api.post(f"/boards/{board}/threads", persona, json={"title": "Three weeks",
                                                                  "body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["thread"]["id"], answer.json["post"]["id"]


def _reply(api, thread_id, persona="troll", body="whatever, you'll slip again"):
    answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]["id"]


def _flagged_reply(api, reason="harassment", note="shaming someone's slip"):
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    assert api.post(f"/posts/{post_id}/flags", "member",
                    json={"reason": reason, "note": note}).status_code == 201
    return thread_id, post_id


def _three_kinds(api):
    """A flagged reply, then a held thread, then a crisis reply: in the order they came."""
    thread_id, flagged = _flagged_reply(api)
    held = api.post("/boards/newcomers/threads", "newcomer",
                    json={"title": "hi", "body": "text me at 555-201-3344 if you want"}).json
    crisis = _reply(api, thread_id, "newcomer", "I don't want to be here anymore")
    return {"flagged": flagged, "held": held["thread"]["id"], "crisis": crisis}


def _item(app, target_type, target_id) -> ModerationItem:
    with app.app_context():
        item = db.session.scalar(db.select(ModerationItem).filter_by(target_type=target_type,
                                                                     target_id=target_id))
        db.session.expunge(item)
        return item


def _items_on(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="queue-item[^"]*" id="item-(\d+)"', page)]


def _act(client, item, action, **fields):
    token = csrf_token_from(client.get("/moderation").text)
    data = {"csrf_token": token, "action": action, "version": item.version, **fields}
    return client.post(f"/moderation/items/{item.id}", data=data)


# --- the queue ----------------------------------------------------------------------------------

def test_the_queue_puts_crisis_first_then_holds_then_flags(app, client, auth, api):
    made = _three_kinds(api)
    auth.login("moderator")
    page = client.get("/moderation").text
    expected = [_item(app, "post", made["crisis"]).id, _item(app, "thread", made["held"]).id,
                _item(app, "post", made["flagged"]).id]
    assert _items_on(page) == expected
    labels = re.findall(r'<span class="priority priority-\w+">([^<]+)</span>', page)
    assert labels == ["Urgent: crisis", "Held", "Flagged"]
    assert "<strong>3</strong> waiting for review, <strong>1</strong> urgent." in page
    assert 'aria-live="polite"' in page


def test_an_item_shows_its_reasons_snapshot_flags_author_and_histories(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    api.patch(f"/posts/{post_id}", "troll", json={"body": "I never said anything"})
    auth.login("moderator")
    page = client.get("/moderation").text
    assert "you&#39;ll slip again" in page and "I never said anything" not in page  # the snapshot
    assert "No harassment or shaming" in page and "(harassment)" in page
    assert "<q>shaming someone&#39;s slip</q>" in page  # the flag's note
    assert '<span class="handle">TroBridge</span>' in page
    # Folded in one <details>: the flags, the rest of the item's history, earlier decisions.
    assert "Flags (1), history (0), earlier decisions about TroBridge (0)" in page
    assert 'href="/threads/' in page and f'#post-{post_id}"' in page


def test_content_is_blurred_until_the_moderator_chooses_to_see_it(client, auth, api):
    _flagged_reply(api)
    auth.login("moderator")
    page = client.get("/moderation").text
    assert re.search(r'<details class="reveal">\s*<summary>Show content</summary>\s*'
                     r'<div class="snapshot" id="item-\d+-content">', page)
    css = (STATIC / "moderation.css").read_text()
    assert re.search(r"\.snapshot\.is-blurred, \.sensitive\.is-blurred \{ filter: blur", css)
    assert "vendor/socket.io.min.js" in page and "moderation.js" in page


@pytest.mark.parametrize("query, kept", [
    ("reason=harassment", ["flagged"]), ("reason=identifying-info", ["held"]),
    ("reason=crisis", ["crisis"]), ("board=newcomers", ["held"]),
    ("board=alcohol", ["crisis", "flagged"]), ("room=lobby", []), ("status=resolved", []),
])
def test_the_queue_filters_by_reason_board_room_and_status(app, client, auth, api, query, kept):
    made = _three_kinds(api)
    ids = {"crisis": _item(app, "post", made["crisis"]).id,
           "held": _item(app, "thread", made["held"]).id,
           "flagged": _item(app, "post", made["flagged"]).id}
    auth.login("moderator")
    page = client.get(f"/moderation?{query}")
    assert page.status_code == 200
    assert _items_on(page.text) == [ids[name] for name in kept]
    name, value = query.split("=")
    assert re.search(rf'<select id="{name}" name="{name}">.*?<option selected value="{value}">',
                     page.text, re.S)


def test_a_chat_message_item_is_found_by_its_room(app, client, auth, api, chat):
    from clients import emit

    troll = chat("troll")
    emit(troll, "join", {"room": "lobby"})
    sent = emit(troll, "send", {"room": "lobby", "body": "you lot are pathetic"})
    assert sent["ok"], sent
    auth.login("moderator")
    page = client.get("/moderation?room=lobby").text
    assert _items_on(page) == [_item(app, "message", sent["message"]["id"]).id]
    assert "Chat message by" in page and 'href="/chat/lobby"' in page
    assert 'value="lock_thread"' not in page  # messages have no thread to lock


def test_an_unknown_status_is_explained_beside_the_filter(client, auth, api):
    auth.login("moderator")
    page = client.get("/moderation?status=everything")
    assert page.status_code == 200
    assert "status is &#39;pending&#39; or &#39;resolved&#39;." in page.text


def _effects(app, post_id):
    with app.app_context():
        post = db.session.get(Post, post_id)
        author = db.session.get(User, post.author_id)
        return {"status": post.status, "warning": post.content_warning, "body": post.body_source,
                "locked": post.thread.locked, "muted": author.muted_until is not None,
                "suspended": author.suspended_until is not None,
                "banned": author.banned_at is not None}


@pytest.mark.parametrize("action, fields, effect, flash", [
    ("approve", {}, {"status": "published"}, "Approved: everyone can see it now."),
    ("remove", {"reason": "harassment", "note": "please speak from your own experience"},
     {"status": "hidden"}, "Removed. The author is told which boundary and why, privately."),
    ("edit_and_approve", {"body": "I hope it gets easier.", "content_warning": ""},
     {"body": "I hope it gets easier."}, "Edited and published."),
    ("add_warning", {"content_warning": "talk of relapse"}, {"warning": "talk of relapse"},
     "The content warning is added."),
    ("lock_thread", {"note": "cooling off"}, {"locked": True}, "The thread is locked."),
    ("warn", {"reason": "harassment"}, {}, "The author is warned."),
    ("mute", {"reason": "harassment", "duration": "12h"}, {"muted": True}, "The author is muted."),
    ("suspend", {"reason": "harassment", "duration": "7d"}, {"suspended": True},
     "The author is suspended."),
    ("ban", {"reason": "harassment"}, {"banned": True}, "The author is banned."),
])
def test_every_action_works_through_the_page(app, client, auth, api, action, fields, effect,
                                             flash):
    _, post_id = _flagged_reply(api)
    item = _item(app, "post", post_id)
    auth.login("moderator")
    answer = _act(client, item, action, **fields)
    assert answer.status_code == 302 and answer.headers["Location"] == "/moderation"
    assert flash in client.get("/moderation").text
    found = _effects(app, post_id)
    assert {key: found[key] for key in effect} == effect
    with app.app_context():
        assert db.session.get(ModerationItem, item.id).version == item.version + 1


def test_the_queue_filters_survive_an_action(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    item = _item(app, "post", post_id)
    auth.login("moderator")
    page = client.get("/moderation?reason=harassment").text
    assert f'action="/moderation/items/{item.id}?reason=harassment"' in page
    answer = client.post(f"/moderation/items/{item.id}?reason=harassment", data={
        "csrf_token": csrf_token_from(page), "action": "approve", "version": item.version})
    assert answer.headers["Location"] == "/moderation?reason=harassment"


def test_a_stale_form_changes_nothing_and_says_someone_else_acted_first(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    stale = _item(app, "post", post_id)
    auth.login("moderator")
    assert _act(client, stale, "add_warning", content_warning="relapse").status_code == 302
    answer = _act(client, stale, "remove", reason="harassment")  # the version seen before
    assert answer.status_code == 302
    page = client.get("/moderation").text
    assert "Nothing was changed. Someone else acted on this item first." in page
    assert _effects(app, post_id)["status"] == "published"
    assert _item(app, "post", post_id).status == "pending"


@pytest.mark.parametrize("action, fields, message, kept", [
    ("remove", {"note": "kept note"}, "Name the boundary the content crossed.", "kept note"),
    ("mute", {"reason": "harassment", "duration": "forever"}, "Give a duration like 30m, 12h",
     "forever"),
    ("add_warning", {"content_warning": "   "}, "Write the content warning", None),
])
def test_a_refused_action_is_explained_beside_its_form(app, client, auth, api, action, fields,
                                                       message, kept):
    _, post_id = _flagged_reply(api)
    item = _item(app, "post", post_id)
    auth.login("moderator")
    answer = _act(client, item, action, **fields)
    assert answer.status_code == 200
    assert f'<p class="error" id="item-{item.id}-{action}-error">Nothing was changed: {message}' \
        in answer.text
    assert 'role="alert"' in answer.text and f'href="#item-{item.id}-{action}"' in answer.text
    if kept:
        assert f'value="{kept}"' in answer.text
    assert _item(app, "post", post_id).version == item.version  # nothing half-done


def test_a_moderator_cannot_decide_an_appeal_of_their_own_removal(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    auth.login("moderator")
    assert _act(client, _item(app, "post", post_id), "remove", reason="harassment") \
        .status_code == 302
    assert api.post("/appeals", "troll", json={"type": "post", "id": post_id}).status_code == 201
    answer = _act(client, _item(app, "post", post_id), "approve")
    assert answer.status_code == 403
    assert "another moderator decides it" in answer.text
    assert "The author appealed an earlier removal." in answer.text


def test_the_log_lists_every_act_with_moderator_boundary_and_note(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    auth.login("moderator")
    _act(client, _item(app, "post", post_id), "remove", reason="harassment", note="cruel")
    page = client.get("/moderation/log").text
    assert "<strong>Remove</strong>" in page and '<span class="handle">MoKeeper</span>' in page
    assert "No harassment or shaming" in page and "Note: cruel" in page
    assert f"#post-{post_id}" in page


def test_transparency_counts_acts_without_content_or_names(app, client, auth, api):
    _, post_id = _flagged_reply(api)
    auth.login("moderator")
    _act(client, _item(app, "post", post_id), "remove", reason="harassment", note="cruel")
    auth.logout()
    page = client.get("/transparency").text
    assert re.search(r"<td>Remove</td><td>No harassment or shaming .*?</td><td class=\"num\">1"
                     r"</td>", page)
    for private in ("MoKeeper", "TroBridge", "cruel", "slip again"):
        assert private not in page


# --- the member side ----------------------------------------------------------------------------

def _submit(client, path, data):
    return client.post(path, data={"csrf_token": csrf_token_from(client.get(path).text), **data})


def test_a_member_flags_a_reply_from_the_thread_page(app, client, auth, api):
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    auth.login("newcomer")
    assert f'href="/posts/{post_id}/flag"' in client.get(f"/threads/{thread_id}").text
    form = client.get(f"/posts/{post_id}/flag").text
    assert '<label for="reason">Which boundary does it cross?' in form
    assert '<option value="other">' in form and '<label for="note">' in form
    answer = _submit(client, f"/posts/{post_id}/flag", {"reason": "harassment", "note": "mean"})
    assert answer.status_code == 302 and f"#post-{post_id}" in answer.headers["Location"]
    assert "Thank you for telling us." in client.get(answer.headers["Location"]).text
    assert _item(app, "post", post_id).reasons == ["harassment"]


@pytest.mark.parametrize("persona, first, reason, message", [
    ("troll", None, "other", "You can&#39;t flag your own post or message."),
    ("newcomer", "harassment", "other", "You have already flagged this."),
    ("newcomer", None, "", "Please choose a reason."),
    ("newcomer", None, "nonsense", "Please choose a reason from the community boundaries"),
])
def test_a_refused_flag_is_explained(app, client, auth, api, persona, first, reason, message):
    thread_id, _ = _thread(api)
    post_id = _reply(api, thread_id)
    auth.login(persona)
    if first:
        _submit(client, f"/posts/{post_id}/flag", {"reason": first})
    answer = _submit(client, f"/posts/{post_id}/flag", {"reason": reason})
    assert answer.status_code == 200 and message in answer.text


def test_no_flag_link_on_your_own_posts_or_for_visitors(client, auth, api):
    thread_id, post_id = _thread(api)
    assert f"/posts/{post_id}/flag" not in client.get(f"/threads/{thread_id}").text
    auth.login("member")
    assert f"/posts/{post_id}/flag" not in client.get(f"/threads/{thread_id}").text


def _removed_reply(app, client, auth, api, note="please speak from your own experience"):
    thread_id, post_id = _flagged_reply(api)
    auth.login("moderator")
    _act(client, _item(app, "post", post_id), "remove", reason="harassment", note=note)
    auth.logout()
    return thread_id, post_id


def test_the_author_sees_the_boundary_and_appeals_once(app, client, auth, api):
    thread_id, post_id = _removed_reply(app, client, auth, api)
    auth.login("troll")
    page = client.get(f"/threads/{thread_id}").text
    assert "A moderator removed this post." in page and "No harassment or shaming" in page
    assert "Their note: please speak from your own experience" in page
    assert f'action="/appeals/post/{post_id}"' in page and "Appeal this once" in page
    assert "A moderator removed this post." in client.get(
        f"/threads/{thread_id}/reply?to={post_id}").text  # the same notice
    # While removed, the author can neither edit nor remove it (only appeal).
    assert client.get(f"/posts/{post_id}/edit").status_code == 403
    assert client.get(f"/posts/{post_id}/remove").status_code == 403
    answer = client.post(f"/appeals/post/{post_id}", data={
        "csrf_token": csrf_token_from(page), "note": "I was talking about myself"})
    assert answer.status_code == 302
    after = client.get(answer.headers["Location"]).text
    assert "A different moderator will look at it again" in after
    item = _item(app, "post", post_id)
    assert item.appealed and item.status == "pending"
    page = client.get(f"/threads/{thread_id}").text
    assert "You appealed." in page and f'action="/appeals/post/{post_id}"' not in page
    assert "already appealed" in client.get(f"/appeals/post/{post_id}").text


def test_nobody_else_can_appeal_and_nothing_unremoved_can_be_appealed(app, client, auth, api):
    thread_id, post_id = _removed_reply(app, client, auth, api)
    auth.login("member")
    assert "A moderator removed this post." not in client.get(f"/threads/{thread_id}").text
    assert client.get(f"/appeals/post/{post_id}").status_code == 404
    own = _reply(api, thread_id, "member", "still here")
    assert client.get(f"/appeals/post/{own}").status_code == 404
    assert client.get("/appeals/poll/1").status_code == 404


def test_notifications_list_removals_replies_and_report_outcomes(app, client, auth, api):
    _removed_reply(app, client, auth, api, note="be kind")
    auth.login("troll")
    page = client.get("/me/notifications").text
    assert "Removed by a moderator" in page and "No harassment or shaming" in page
    assert "<dt>Moderator's note</dt><dd>be kind</dd>" in page
    assert re.search(r'href="/appeals/post/\d+">Appeal this once', page)
    auth.logout()
    auth.login("member")
    page = client.get("/me/notifications").text
    assert "Your report" in page and "removed it. Thank you" in page
    assert "TroBridge replied in" in page
    assert page.index("Your report") < page.index("TroBridge replied in")  # newest first
    assert re.search(r'Notifications <span class="nav-count nav-unread" id="nav-unread">\('
                     r'<span class="nav-unread-count" id="nav-unread-count">2<', page)
    assert 'href="/me/notifications"' in client.get("/me").text
    answer = client.post("/me/notifications/read", data={"csrf_token": csrf_token_from(page)})
    assert answer.status_code == 302
    page = client.get("/me/notifications").text
    assert "You&#39;re all caught up." in page and 'id="nav-unread" hidden' in page


def test_the_nav_shows_moderators_the_waiting_count(client, auth, api):
    _flagged_reply(api)
    auth.login("moderator")
    assert re.search(r'Review queue <span class="nav-count">\(<span id="nav-queue-count">1</span>',
                     client.get("/").text)
    auth.logout()
    auth.login("member")
    assert "Review queue" not in client.get("/").text


# --- boundary rules (admins) --------------------------------------------------------------------

RULE = {"name": "Meet-up offers", "boundary": "romantic-contact", "action": "hold",
        "chat_action": "refuse", "pattern": r"\bmeet up (?:alone|privately)\b",
        "explanation": "Meeting privately waits for a moderator.", "enabled": "y"}


def test_an_admin_adds_a_rule_and_it_applies_to_the_next_post(app, client, auth, api):
    auth.login("admin")
    page = client.get("/moderation/rules").text
    assert "Built-in screening" in page and "No rules have been added yet" in page
    answer = _submit(client, "/moderation/rules", RULE)
    assert answer.status_code == 302 and "#rule-" in answer.headers["Location"]
    assert "The rule “Meet-up offers” is added" in client.get("/moderation/rules").text
    held = api.post("/boards/alcohol/threads", "member",
                    json={"title": "Coffee", "body": "want to meet up privately sometime?"})
    assert held.json["post"]["status"] == "pending"


@pytest.mark.parametrize("change, field, message", [
    ({"pattern": "(unclosed"}, "pattern", "The pattern is not a valid regular expression"),
    ({"pattern": r"(?<![a-z])meet"}, "pattern",
     "The pattern is not a valid regular expression for the linear-time engine"),
    ({"pattern": "x*"}, "pattern", "This pattern matches every text"),
    ({"name": "  "}, "name", "Give the rule a name"),
    ({"boundary": "nonsense"}, "boundary", "Choose one of the community boundaries."),
    ({"action": "explode"}, "action", "Choose an action from the list."),
])
def test_a_rule_that_cannot_work_is_refused_beside_its_field(app, client, auth, change, field,
                                                             message):
    auth.login("admin")
    with app.app_context():
        before = db.session.scalar(db.select(db.func.count(Rule.id)))
    answer = _submit(client, "/moderation/rules", {**RULE, **change})
    assert answer.status_code == 200
    assert re.search(rf'<p class="error" id="{field}-error">{re.escape(html.escape(message))}',
                     answer.text)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Rule.id))) == before


PHONE_RULE = {"name": "Phone numbers", "boundary": "identifying-info", "action": "hold",
              "chat_action": "mask", "pattern": r"\bcall me on \d+", "explanation": "",
              "enabled": "y"}


def test_an_admin_edits_a_rule_and_a_bad_pattern_keeps_the_old_one(app, client, auth):
    auth.login("admin")
    assert _submit(client, "/moderation/rules", PHONE_RULE).status_code == 302
    with app.app_context():
        rule = db.session.scalar(db.select(Rule).filter_by(name="Phone numbers"))
        rule_id, pattern = rule.id, rule.pattern
    path = f"/moderation/rules/{rule_id}"
    form = client.get(path).text
    assert 'id="enabled" name="enabled" type="checkbox" value="y" checked' in form \
        or re.search(r'<input checked id="enabled"', form)
    fields = {"name": "Phone numbers", "boundary": "identifying-info", "action": "report",
              "chat_action": "mask", "pattern": pattern, "explanation": "Report only now."}
    refused = _submit(client, path, {**fields, "pattern": "[0-9"})
    assert refused.status_code == 200 and "not a valid regular expression" in refused.text
    assert _submit(client, path, fields).status_code == 302
    with app.app_context():
        rule = db.session.get(Rule, rule_id)
        assert (rule.action, rule.enabled, rule.pattern) == ("report", False, pattern)


# --- every moderation page: labelled fields, no inline script or style --------------------------

def test_moderation_pages_have_labels_and_no_inline_script_or_style(app, client, auth, api):
    thread_id, post_id = _removed_reply(app, client, auth, api)
    _three_kinds(api)
    auth.login("admin")
    pages = ["/moderation", "/moderation/log", "/transparency", "/moderation/rules",
             "/moderation/rules/1", "/me/notifications", f"/posts/{post_id}/flag"]
    for path in pages:
        page = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page and "<style" not in page, path
        labelled = set(re.findall(r'<label for="([^"]+)"', page))
        fields = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*'
                            r'\bid="([^"]+)"', page)
        assert set(fields) <= labelled, (path, set(fields) - labelled)
        assert len(fields) == len(set(fields)), (path, "duplicate ids")
