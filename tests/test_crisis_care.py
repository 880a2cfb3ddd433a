"""The author in crisis sees help where they are looking: a private box just above their post
after a reply, a new thread or an edit (the redirect lands on it, JavaScript or not), kept until
they hide it; a card in their own chat stream; a notification in /me/notifications. Nobody
else ever sees it. An emergency (someone overdosing now) puts the emergency steps first."""
import re
from types import SimpleNamespace

from sqlalchemy import select

from clients import csrf_token_from, emit, received
from forum.extensions import db
from forum.models import Notification, Post, User
from forum.services.crisis import crisis_notice, remember_crisis

CRISIS = "I want to die tonight, I can't do this anymore"
EMERGENCY = SimpleNamespace(crisis=True, crisis_tier="urgent", emergency=True)
URGENT = SimpleNamespace(crisis=True, crisis_tier="urgent", emergency=False)


def _thread(api) -> int:
    made = api.post("/boards/alcohol/threads", "member",
                    json={"title": "Three weeks", "body": "Mornings are the hardest part."})
    return made.json["thread"]["id"]


def _reply_on_page(client, auth, thread_id, body=CRISIS):
    auth.login("newcomer")
    return client.post(f"/threads/{thread_id}/reply", data={
        "body": body, "csrf_token": auth.csrf(f"/threads/{thread_id}")})


def _box(html: str) -> str | None:
    found = re.search(r'<section class="crisis-box[^"]*" id="crisis-help".*?</section>', html,
                      re.S)
    return found.group() if found else None


def test_after_a_crisis_reply_the_redirect_lands_on_the_box_just_above_the_post(client, auth,
                                                                               api):
    thread_id = _thread(api)
    answer = _reply_on_page(client, auth, thread_id)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/threads/{thread_id}?page=1#crisis-help")
    html = client.get(answer.headers["Location"]).text
    box = _box(html)
    assert box is not None and 'role="alert"' in box and 'tabindex="-1"' in box
    assert "You are not alone" in box and 'href="tel:988"' in box and 'href="sms:988"' in box
    post_id = db_post_id(client.application, CRISIS)
    # The box is the first thing inside the post's own list item, right above the post.
    node = html.index(f'id="post-{post_id}"')
    assert node < html.index('id="crisis-help"') < html.index('<article', node)
    assert html.count('class="crisis-box') == 1
    assert "You are not alone" not in html[:html.index("<main")]  # no banner at the top


def db_post_id(app, body: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Post.id).where(Post.body_source == body))


def test_the_box_stays_after_a_reload_until_its_author_hides_it(client, auth, api):
    thread_id = _thread(api)
    landed = client.get(_reply_on_page(client, auth, thread_id).headers["Location"]).text
    assert 'role="alert"' in _box(landed)
    again = client.get(f"/threads/{thread_id}").text
    box = _box(again)
    assert box is not None and 'role="alert"' not in box  # still there, no longer shouted
    note_id = int(re.search(r'data-crisis-box="(\d+)"', box).group(1))
    hidden = client.post(f"/me/crisis/{note_id}/dismiss",
                         data={"csrf_token": csrf_token_from(box)})
    assert hidden.status_code == 303
    assert hidden.headers["Location"].endswith(f"#post-{db_post_id(client.application, CRISIS)}")
    assert _box(client.get(f"/threads/{thread_id}").text) is None
    notes = api.get("/me/notifications", "newcomer").json["notifications"]
    crisis = [n for n in notes if n["kind"] == "crisis"]
    assert len(crisis) == 1 and crisis[0]["dismissed"] is True
    assert {r["phone"] for r in crisis[0]["resources"] if "phone" in r} >= {"988"}
    page = client.get("/me/notifications").text
    assert "You are not alone" in page and 'href="tel:988"' in page


def test_nobody_else_ever_sees_the_box(app, client, auth, api):
    thread_id = _thread(api)
    _reply_on_page(client, auth, thread_id)
    auth.logout()
    assert _box(client.get(f"/threads/{thread_id}").text) is None
    for persona in ("member", "moderator", "mentor"):
        auth.login(persona)
        html = client.get(f"/threads/{thread_id}").text
        assert "crisis-box" not in html and "You are not alone" not in html, persona
        auth.logout()
    other = app.test_client()
    other.post("/login", data={"handle": "SamRiver", "password": "a long enough passphrase 42",
                               "csrf_token": csrf_token_from(other.get("/login").text)})
    with app.app_context():
        note_id = db.session.scalar(select(Notification.id).where(Notification.kind == "crisis"))
    refused = other.post(f"/me/crisis/{note_id}/dismiss",
                         data={"csrf_token": csrf_token_from(other.get("/me").text)})
    assert refused.status_code == 404
    assert api.post(f"/me/notifications/{note_id}/dismiss", "member").status_code == 404


def test_a_new_crisis_thread_lands_on_its_box(client, auth):
    auth.login("newcomer")
    made = client.post("/boards/newcomers/new", data={
        "csrf_token": auth.csrf("/boards/newcomers/new"), "title": "tonight",
        "body": "I keep thinking about ending it all"})
    assert made.headers["Location"].endswith("#crisis-help")
    html = client.get(made.headers["Location"]).text
    assert _box(html) is not None
    assert "I keep thinking about ending it all" in html  # published, never buried
    assert html.index('id="crisis-help"') < html.index("I keep thinking about ending it all")


def test_an_edit_into_crisis_language_shows_the_box_too(client, auth, api):
    thread_id = _thread(api)
    _reply_on_page(client, auth, thread_id, body="Doing ok today.")
    post_id = db_post_id(client.application, "Doing ok today.")
    edited = client.post(f"/posts/{post_id}/edit", data={
        "body": "Actually I want to die.", "csrf_token": auth.csrf(f"/posts/{post_id}/edit")})
    assert edited.headers["Location"].endswith("#crisis-help")
    html = client.get(edited.headers["Location"]).text
    assert html.index(f'id="post-{post_id}"') < html.index('id="crisis-help"')


def test_the_box_shows_the_lines_of_the_members_country(client, auth, api):
    thread_id = _thread(api)
    assert api.call("PUT", "/me/preferences", "newcomer", json={"country": "GB"}).status_code \
        == 200
    answer = _reply_on_page(client, auth, thread_id)
    box = _box(client.get(answer.headers["Location"]).text)
    assert 'href="tel:116123"' in box and 'href="sms:85258?body=SHOUT"' in box
    assert 'href="tel:999"' in box and "tel:988" not in box


def test_the_api_notice_carries_the_country_lines_and_the_notification_keeps_them(api):
    thread_id = _thread(api)
    answer = api.post(f"/threads/{thread_id}/posts", "newcomer", json={"body": CRISIS},
                      headers={"Accept-Language": "en-IE"})
    notice = answer.json["notice"]
    assert (notice["code"], notice["country"], notice["emergency_number"]) == \
        ("crisis", "IE", "112")
    assert "emergency" not in notice
    assert [r["name"] for r in notice["resources"]][:2] == ["Samaritans", "Pieta"]
    [note] = [n for n in api.get("/me/notifications", "newcomer").json["notifications"]
              if n["kind"] == "crisis"]
    assert note["target"] == {"type": "post", "id": answer.json["post"]["id"]}
    assert note["dismissed"] is False and note["thread_id"] == thread_id
    assert api.post(f"/me/notifications/{note['id']}/dismiss", "newcomer").status_code == 204
    assert api.post("/me/notifications/999999/dismiss", "newcomer").status_code == 404


# --- an emergency happening now: the steps come first ------------------------------------

def test_an_emergency_notice_leads_with_the_emergency_steps(app, personas):
    with app.test_request_context(headers={"Accept-Language": "en-AU"}):
        member = db.session.scalar(select(User).where(User.handle == "Nell"))
        notice = crisis_notice(member, EMERGENCY)
        plain = crisis_notice(member, URGENT)
    assert notice["emergency"] is True and "emergency" not in plain
    assert notice["message"].startswith("If someone may be overdosing or will not wake up, "
                                        "call 000 now, give naloxone")
    assert plain["message"].startswith("You are not alone.")
    steps = notice["emergency_steps"]
    assert steps[0].startswith("Call 000 now") and "naloxone" in steps[1]
    assert "recovery position" in steps[2] and steps[3].startswith("Stay with them")


def test_an_emergency_box_puts_the_steps_before_the_lines(app, client, auth, api):
    thread_id = _thread(api)
    reply = api.post(f"/threads/{thread_id}/posts", "newcomer",
                     json={"body": "my roommate took pills and won't wake up"}).json["post"]
    with app.app_context():
        member = db.session.scalar(select(User).where(User.handle == "Nell"))
        post = db.session.get(Post, reply["id"])
        remember_crisis(member, "post", post, EMERGENCY)
        db.session.commit()
    auth.login("newcomer")
    box = _box(client.get(f"/threads/{thread_id}").text)
    assert "crisis-emergency" in box
    title = box.index("If someone is overdosing: call 911 now")
    assert title < box.index('class="emergency-steps"') < box.index('class="lines"')
    assert box.index("naloxone") < box.index("988 Suicide")


# --- chat: a card in the author's own stream ---------------------------------------------

def test_a_crisis_message_in_chat_answers_with_a_kept_notice(app, chat, personas):
    nell, sam = chat("newcomer"), chat("member")
    assert emit(nell, "join", {"room": "lobby"})["ok"] and emit(sam, "join", {"room": "lobby"})["ok"]
    received(nell, "notice")
    ack = emit(nell, "send", {"room": "lobby", "body": CRISIS})
    assert ack["ok"]
    notice = ack["notice"]
    assert notice["code"] == "crisis" and notice["room"] == "lobby"
    assert notice["message_id"] == ack["message"]["id"] and isinstance(notice["id"], int)
    assert any(r.get("phone") == "988" for r in notice["resources"])
    live = received(nell, "notice")
    assert [n["id"] for n in live if n["code"] == "crisis"] == [notice["id"]]
    assert not [n for n in received(sam, "notice") if n.get("code") == "crisis"]
    with app.app_context():
        note = db.session.get(Notification, notice["id"])
        assert note.kind == "crisis" and note.dismissed_at is None


def test_the_chat_page_keeps_the_card_after_the_message_until_hidden(app, client, auth, chat,
                                                                      api):
    nell = chat("newcomer")
    emit(nell, "join", {"room": "lobby"})
    first = emit(nell, "send", {"room": "lobby", "body": "hi all"})["message"]["id"]
    ack = emit(nell, "send", {"room": "lobby", "body": CRISIS})
    emit(nell, "send", {"room": "lobby", "body": "sorry"})
    auth.login("newcomer")
    html = client.get("/chat/lobby").text
    stream = html[html.index('id="messages"'):html.index("</ol>", html.index('id="messages"'))]
    card = stream.index('class="crisis-card"')
    mine = stream.index(f'data-id="{ack["message"]["id"]}"')
    assert stream.index(f'data-id="{first}"') < mine < card < stream.index("sorry")
    assert 'href="tel:988"' in stream[card:]
    auth.logout()
    auth.login("member")
    assert 'class="crisis-card"' not in client.get("/chat/lobby").text.split("<template")[0]
    assert api.post(f"/me/notifications/{ack['notice']['id']}/dismiss",
                    "newcomer").status_code == 204
    auth.logout()
    auth.login("newcomer")
    assert 'class="crisis-card" data-note' not in client.get("/chat/lobby").text


def test_an_emergency_in_chat_draws_the_emergency_card(app, client, auth, chat, personas):
    nell = chat("newcomer")
    emit(nell, "join", {"room": "lobby"})
    sent = emit(nell, "send", {"room": "lobby", "body": "my friend won't wake up"})["message"]
    with app.app_context():
        from forum.models import ChatMessage

        member = db.session.scalar(select(User).where(User.handle == "Nell"))
        remember_crisis(member, "message", db.session.get(ChatMessage, sent["id"]), EMERGENCY)
        db.session.commit()
    auth.login("newcomer")
    html = client.get("/chat/lobby").text
    stream = html[html.index('id="messages"'):html.index('id="typing"')]
    card = stream[stream.index('class="crisis-card"'):]
    assert card.index("If someone is overdosing: call 911 now") < card.index('class="lines"')
    # The page also carries both cards as templates, for help that arrives during the visit.
    template = html[html.index('<template id="crisis-emergency-template">'):]
    assert template.index("call 911 now") < template.index("naloxone") < \
        template.index('class="lines"')
    assert '<template id="crisis-card-template">' in html
