"""Moderation around a crisis: member flags never hide it and new accounts' flags weigh less;
moderators reach the person with a private check-in; urgent items from one member share one
card; the queue says how long each has waited and tells open queues at once; /transparency
counts crisis items and the time to the first answer, with no content and no names."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from clients import csrf_token_from, emit, received
from established import make_established
from forum.extensions import db
from forum.models import ModerationEvent, ModerationItem, Notification, User
from forum.models.base import utcnow
from forum.services.accounts.members import create_account
from personas import PASSWORD

CRISIS = "I don't want to be here anymore. I want to die."


def _thread(api, persona="member") -> int:
    made = api.post("/boards/alcohol/threads", persona,
                    json={"title": "Three weeks", "body": "Mornings are the hardest part."})
    return made.json["thread"]["id"]


def _reply(api, thread_id, persona="newcomer", body=CRISIS) -> int:
    answer = api.post(f"/threads/{thread_id}/posts", persona, json={"body": body})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]["id"]


def _new_accounts(app, *handles):
    with app.app_context():
        for handle in handles:
            create_account(PASSWORD, handle)


def _item(app, target_type, target_id) -> ModerationItem:
    with app.app_context():
        item = db.session.scalar(select(ModerationItem).where(
            ModerationItem.target_type == target_type, ModerationItem.target_id == target_id))
        db.session.expunge(item)
        return item


# --- nothing hides a crisis ----------------------------------------------------------------

def test_three_new_accounts_flag_a_crisis_post_and_it_stays_visible(app, api, personas):
    _new_accounts(app, "JustJoinedA", "JustJoinedB", "JustJoinedC")
    post_id = _reply(api, _thread(api))
    for handle in ("JustJoinedA", "JustJoinedB", "JustJoinedC"):
        assert api.post(f"/posts/{post_id}/flags", handle,
                        json={"reason": "harassment"}).status_code == 201
    assert api.get(f"/posts/{post_id}").json["post"]["status"] == "published"
    [item] = api.get("/moderation/queue", "moderator").json["items"]
    assert item["priority"] == "urgent" and set(item["reasons"]) == {"crisis", "harassment"}


def test_even_established_members_flags_never_hide_an_open_crisis(app, api, personas):
    _new_accounts(app, "Steady1", "Steady2", "Steady3")
    make_established(app, "Steady1", "Steady2", "Steady3")
    post_id = _reply(api, _thread(api))
    for handle in ("Steady1", "Steady2", "Steady3"):
        api.post(f"/posts/{post_id}/flags", handle, json={"reason": "harassment"})
    api.post(f"/posts/{post_id}/flags", "mentor", json={"reason": "promotion"})
    assert api.get(f"/posts/{post_id}").status_code == 200


def test_a_crisis_flag_protects_ordinary_words_too(app, api, personas):
    """Screening did not see a crisis, a member did: that open item protects the post."""
    _new_accounts(app, "Steady1", "Steady2", "Steady3")
    make_established(app, "Steady1", "Steady2", "Steady3")
    post_id = _reply(api, _thread(api), body="Everything is grey. Nobody would notice.")
    api.post(f"/posts/{post_id}/flags", "member", json={"reason": "crisis"})
    for handle in ("Steady1", "Steady2", "Steady3"):
        api.post(f"/posts/{post_id}/flags", handle, json={"reason": "harassment"})
    assert api.get(f"/posts/{post_id}").status_code == 200


def test_new_accounts_weigh_half_and_established_members_still_hide_ordinary_cruelty(
        app, api, personas):
    _new_accounts(app, "JustJoinedA", "JustJoinedB", "JustJoinedC", "Steady1", "Steady2",
                  "Steady3")
    thread_id = _thread(api)
    cruel = _reply(api, thread_id, "troll", "You'll slip again, you always do.")
    for handle in ("JustJoinedA", "JustJoinedB", "JustJoinedC"):
        api.post(f"/posts/{cruel}/flags", handle, json={"reason": "harassment"})
    assert api.get(f"/posts/{cruel}").status_code == 200  # 1.5 of 3
    make_established(app, "Steady1", "Steady2")
    api.post(f"/posts/{cruel}/flags", "Steady1", json={"reason": "harassment"})
    assert api.get(f"/posts/{cruel}").status_code == 200  # 2.5 of 3
    api.post(f"/posts/{cruel}/flags", "Steady2", json={"reason": "harassment"})
    assert api.get(f"/posts/{cruel}").status_code == 404  # 3.5: hidden until a moderator acts


def test_an_old_account_with_no_standing_post_also_weighs_half(app, api, personas):
    _new_accounts(app, "Lurker1", "Lurker2", "Lurker3")
    with app.app_context():
        db.session.execute(update(User).where(User.handle.like("Lurker%"))
                           .values(created_at=utcnow() - timedelta(days=30)))
        db.session.commit()
    cruel = _reply(api, _thread(api), "troll", "You'll slip again, you always do.")
    for handle in ("Lurker1", "Lurker2", "Lurker3"):
        api.post(f"/posts/{cruel}/flags", handle, json={"reason": "harassment"})
    assert api.get(f"/posts/{cruel}").status_code == 200


def test_a_moderator_can_still_act_on_a_crisis_post(app, api, personas):
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    removed = api.post(f"/moderation/queue/{item.id}/actions", "moderator",
                       json={"action": "remove", "reason": "harassment", "note": "test"})
    assert removed.status_code == 200
    assert api.get(f"/posts/{post_id}").status_code == 404


def test_once_a_moderator_closed_the_crisis_later_flags_count_again(app, api, personas):
    _new_accounts(app, "Steady1", "Steady2", "Steady3")
    make_established(app, "Steady1", "Steady2", "Steady3")
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    api.post(f"/moderation/queue/{item.id}/actions", "moderator", json={"action": "approve"})
    for handle in ("Steady1", "Steady2", "Steady3"):
        api.post(f"/posts/{post_id}/flags", handle, json={"reason": "harassment"})
    assert api.get(f"/posts/{post_id}").status_code == 404


# --- moderators reach the person ---------------------------------------------------------

def _queue_page(client, auth) -> str:
    auth.login("moderator")
    return client.get("/moderation").text


def test_a_check_in_from_the_queue_reaches_the_member(app, client, auth, api):
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    page = _queue_page(client, auth)
    form = page[page.index(f'action="/moderation/items/{item.id}/check-in"'):]
    suggested = re.search(r'<textarea[^>]*name="message"[^>]*>([^<]*)</textarea>', form).group(1)
    assert suggested.startswith("Hi Nell, this is MoKeeper, one of the moderators here.")
    sent = client.post(f"/moderation/items/{item.id}/check-in", data={
        "message": "Hi Nell, I'm here if you want to talk. How are you doing tonight?",
        "csrf_token": csrf_token_from(form)})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"#item-{item.id}")
    with app.app_context():
        kinds = [e.kind for e in db.session.scalars(select(ModerationEvent).where(
            ModerationEvent.item_id == item.id).order_by(ModerationEvent.id))]
    assert kinds[-1] == "reached_out"
    queued = api.get(f"/moderation/queue/{item.id}", "moderator").json["item"]
    assert queued["reached_out"] is True and queued["status"] == "pending"
    assert queued["history"][-1]["kind"] == "reached_out"
    assert "Reached out to the member" in client.get("/moderation").text

    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    check_in = [n for n in notes if n["kind"] == "check_in"][0]
    assert check_in["message"] == "Hi Nell, I'm here if you want to talk. How are you doing tonight?"
    assert check_in["from_handle"] == "MoKeeper" and check_in["read"] is False

    auth.logout()
    auth.login("newcomer")
    for path in ("/", "/boards/alcohol", "/help"):  # the banner is on every page until read
        html = client.get(path).text
        assert "A message for you from MoKeeper, a moderator" in html, path
        assert "How are you doing tonight?" in html
    banner = client.get("/boards/alcohol").text
    read = client.post(f"/me/check-ins/{check_in['id']}/read", data={
        "next": "/boards/alcohol", "csrf_token": csrf_token_from(banner)})
    assert read.status_code == 303 and read.headers["Location"].endswith("/boards/alcohol")
    assert "A message for you from" not in client.get("/").text
    assert "How are you doing tonight?" in client.get("/me/notifications").text


@pytest.mark.parametrize("next_page", ["//evil.example/x", "/\\evil.example", "/\t/evil.example",
                                       "https://evil.example/"])
def test_reading_a_check_in_never_sends_the_member_to_another_site(app, client, auth, api,
                                                                   next_page):
    post_id = _reply(api, _thread(api))
    api.post(f"/moderation/queue/{_item(app, 'post', post_id).id}/check-in", "moderator",
             json={"message": "Thinking of you."})
    auth.login("newcomer")
    note_id = [n for n in api.get("/me/notifications", "newcomer").json["notifications"]
               if n["kind"] == "check_in"][0]["id"]
    read = client.post(f"/me/check-ins/{note_id}/read",
                       data={"next": next_page, "csrf_token": auth.csrf("/")})
    assert read.status_code == 303 and read.headers["Location"] == "/"


def test_a_check_in_is_private(app, client, auth, api):
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    assert api.post(f"/moderation/queue/{item.id}/check-in", "moderator",
                    json={"message": "Thinking of you."}).status_code == 201
    for persona in ("member", "moderator", "mentor"):
        auth.login(persona)
        assert "Thinking of you." not in client.get("/").text, persona
        auth.logout()
    assert api.post(f"/moderation/queue/{item.id}/check-in", "mentor",
                    json={"message": "hi"}).status_code == 404
    assert api.post(f"/moderation/queue/{item.id}/check-in", "newcomer",
                    json={"message": "hi"}).status_code == 404


def test_a_check_in_arrives_live_on_the_members_open_pages(app, api, chat, personas):
    post_id = _reply(api, _thread(api))
    nell = chat("newcomer")
    received(nell, "notice")
    api.post(f"/moderation/queue/{_item(app, 'post', post_id).id}/check-in", "moderator",
             json={"message": "Thinking of you."})
    [live] = [n for n in received(nell, "notice") if n["code"] == "check_in"]
    assert live["message"] == "Thinking of you." and live["from_handle"] == "MoKeeper"


@pytest.mark.parametrize("message, code", [("", "required"), ("   ", "required"),
                                           (None, "required"), ("x" * 1001, "too_long")])
def test_a_bad_check_in_is_refused_and_nothing_is_written(app, api, personas, message, code):
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    answer = api.post(f"/moderation/queue/{item.id}/check-in", "moderator",
                      json={"message": message})
    assert answer.status_code == 422 and answer.json["error"]["code"] == code
    _assert_nothing_written(app, item.id)


def _assert_nothing_written(app, item_id):
    with app.app_context():
        assert db.session.scalar(select(Notification).where(
            Notification.kind == "check_in")) is None
        assert db.session.scalar(select(ModerationEvent).where(
            ModerationEvent.item_id == item_id, ModerationEvent.kind == "reached_out")) is None


def test_a_check_in_to_a_deleted_member_is_a_clear_error(app, client, auth, api):
    _new_accounts(app, "LeavingSoon")
    post_id = _reply(api, _thread(api), "LeavingSoon")
    item = _item(app, "post", post_id)
    assert api.delete("/me", "LeavingSoon", json={"password": PASSWORD}).status_code == 204
    answer = api.post(f"/moderation/queue/{item.id}/check-in", "moderator",
                      json={"message": "Are you ok?"})
    assert answer.status_code == 422 and answer.json["error"]["code"] == "member_gone"
    assert "deleted their account" in answer.json["error"]["message"]
    _assert_nothing_written(app, item.id)
    page = _queue_page(client, auth)
    assert "This member deleted their account, so a check-in can't reach them." in page
    sent = client.post(f"/moderation/items/{item.id}/check-in", data={
        "message": "Are you ok?", "csrf_token": csrf_token_from(page)}, follow_redirects=True)
    assert "Nothing was sent: This member deleted their account" in sent.text
    _assert_nothing_written(app, item.id)


def test_a_check_in_is_for_urgent_crisis_items_only(app, api, personas):
    cruel = _reply(api, _thread(api), "troll", "You'll slip again, you always do.")
    api.post(f"/posts/{cruel}/flags", "member", json={"reason": "harassment"})
    item = _item(app, "post", cruel)
    answer = api.post(f"/moderation/queue/{item.id}/check-in", "moderator",
                      json={"message": "hello"})
    assert answer.status_code == 422 and answer.json["error"]["code"] == "not_urgent"


def test_a_crisis_check_in_is_labelled_as_one_not_as_a_held_post(app, client, auth, api):
    """A check-in item sorts with the held posts, but its post is published: the queue says
    so, and its lane count tells it apart from the posts waiting to be let through."""
    quiet = _reply(api, _thread(api), "member", "nothing is ever going to change for me")
    held = _reply(api, _thread(api), body="anyone got a plug for bars around here? cash ready")
    assert api.get(f"/posts/{quiet}").json["post"]["status"] == "published"
    check_in, hold = _item(app, "post", quiet), _item(app, "post", held)
    assert (check_in.priority, hold.priority) == (1, 1) and "crisis" in check_in.reasons
    counts = api.get("/moderation/queue", "moderator").json["counts"]
    assert (counts["held"], counts["check_in"], counts["urgent"]) == (2, 1, 0)
    page = _queue_page(client, auth)
    card = page[page.index(f'id="item-{check_in.id}"'):]
    assert card[:card.index("</h3>")].count("Check in: crisis") == 1
    other = page[page.index(f'id="item-{hold.id}"'):]
    assert ">Held<" in other[:other.index("</h3>")]
    assert ("<strong>0</strong> urgent, <strong>1</strong> crisis check-in (published), "
            "<strong>1</strong> held,") in page


# --- one card per person, and how long they have waited --------------------------------

def _backdate(app, item_id, minutes):
    with app.app_context():
        db.session.execute(update(ModerationItem).where(ModerationItem.id == item_id)
                           .values(opened_at=utcnow() - timedelta(minutes=minutes),
                                   created_at=utcnow() - timedelta(minutes=minutes)))
        db.session.commit()


def test_urgent_items_from_one_member_within_half_an_hour_share_one_card(app, client, auth,
                                                                         api):
    thread_id = _thread(api)
    bodies = ["I want to die.", "I want to die, nobody cares.", "I want to die tonight.",
              "I want to die, I mean it."]
    posts = [_reply(api, thread_id, body=b) for b in bodies]
    items = [_item(app, "post", p).id for p in posts]
    _backdate(app, items[0], 95)  # an hour before the others: a card of its own
    for item_id, minutes in zip(items[1:], (20, 12, 2)):
        _backdate(app, item_id, minutes)
    other = _reply(api, thread_id, "member", "I want to die too some days.")
    page = _queue_page(client, auth)
    group = re.search(rf'<section class="queue-group" id="group-{items[1]}".*?</section>\s*</li>',
                      page, re.S).group()
    assert "3 pieces from <span class=\"handle\">Nell</span> within 19 minutes" in group
    for item_id, body in zip(items[1:], bodies[1:]):
        assert f'id="item-{item_id}"' in group and body in group
    assert f'id="item-{items[0]}"' not in group and f'id="item-{_item(app, "post", other).id}"' \
        not in group
    assert group.count('class="check-in"') == 1  # one check-in for the person
    assert page.count('class="queue-group"') == 1
    cards = api.get("/moderation/queue", "moderator").json["items"]
    groups = {i["id"]: i["group"] for i in cards}
    assert {groups[i] for i in items[1:]} == {items[1]}
    assert groups[items[0]] == items[0]


def test_a_check_in_from_a_card_marks_every_item_on_it(app, api, personas):
    thread_id = _thread(api)
    items = [_item(app, "post", _reply(api, thread_id, body=f"I want to die {n}")).id
             for n in range(3)]
    answer = api.post(f"/moderation/queue/{items[1]}/check-in", "moderator",
                      json={"message": "I'm here."})
    assert answer.status_code == 201
    for item_id in items:
        assert api.get(f"/moderation/queue/{item_id}", "moderator").json["item"]["reached_out"]
    assert len([n for n in api.get("/me/notifications", "newcomer").json["notifications"]
                if n["kind"] == "check_in"]) == 1


def test_the_queue_says_how_long_each_urgent_item_has_waited(app, client, auth, api):
    post_id = _reply(api, _thread(api))
    item = _item(app, "post", post_id)
    _backdate(app, item.id, 75)
    queued = api.get(f"/moderation/queue/{item.id}", "moderator").json["item"]
    assert 75 * 60 <= queued["waited_seconds"] < 77 * 60
    page = _queue_page(client, auth)
    assert re.search(r'Waiting <strong class="waited-for">1 hour 1[56] minutes</strong>', page)


def test_an_urgent_item_tells_every_open_queue_at_once(app, api, chat, personas):
    watching = chat("moderator")
    assert emit(watching, "watch_queue", {})["ok"]
    received(watching, "queue_count")
    _reply(api, _thread(api))
    counts = received(watching, "queue_count")
    assert counts and counts[-1]["urgent"] == 1


# --- transparency ---------------------------------------------------------------------------

def test_transparency_counts_crisis_items_and_the_median_time_to_a_first_answer(app, client,
                                                                               api):
    thread_id = _thread(api)
    items = [_item(app, "post", _reply(api, thread_id, persona, f"I want to die {n}")).id
             for n, persona in enumerate(("newcomer", "troll", "mentor"))]  # three cards
    api.post(f"/moderation/queue/{items[0]}/check-in", "moderator", json={"message": "Here."})
    api.post(f"/moderation/queue/{items[1]}/actions", "moderator", json={"action": "approve"})
    # raised 10, 30 and 50 minutes before their first answer, all in one month whatever the hour
    # the test runs (just after midnight on the 1st, "now" minus 50 minutes is last month)
    answered_at = (utcnow().replace(day=1) - timedelta(days=10)).replace(hour=12, minute=0)
    with app.app_context():
        db.session.execute(update(ModerationEvent).where(
            ModerationEvent.item_id.in_(items), ModerationEvent.kind != "rule")
            .values(created_at=answered_at))
        for item_id, minutes in ((items[0], 10), (items[1], 30), (items[2], 50)):
            db.session.execute(update(ModerationEvent).where(
                ModerationEvent.item_id == item_id, ModerationEvent.kind == "rule")
                .values(created_at=answered_at - timedelta(minutes=minutes)))
        db.session.commit()
    [month] = api.get("/transparency").json["crisis"]
    assert month == {"month": month["month"], "crisis_items": 3, "answered": 2,
                     "median_minutes_to_first_response": pytest.approx(20, abs=0.2)}
    html = client.get("/transparency").text
    section = html[html.index('id="crisis-heading"'):html.index("Moderators' acts")]
    assert re.search(r'3 crisis items,\s*<span class="crisis-answered">2 answered by a '
                     r'moderator</span>;\s*median time to the first response '
                     r'<span class="crisis-median">(19\.\d|20\.\d) minutes</span>', section)
    assert not {"Nell", "TroBridge", "PatMentor", "MoKeeper", "I want to die"} & set(
        re.findall(r"Nell|TroBridge|PatMentor|MoKeeper|I want to die", html))
