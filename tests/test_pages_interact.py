"""Pages: follow and reaction forms that work without JavaScript, the post card the live bar
loads, and times rendered once in UTC for the browser to localise."""
import re

from forum.models import Post
from test_pages_threads import csrf_token_from, first_post_id, reply, reply_id, set_row, \
    start_thread


def test_following_a_thread_from_its_page(client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    page = client.get(f"/threads/{thread_id}").text
    assert "You follow this thread." in page  # starting a thread follows it
    answer = client.post(f"/threads/{thread_id}/follow",
                         data={"csrf_token": csrf_token_from(page), "follow": "0"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(
        f"/threads/{thread_id}#follow")
    page = client.get(f"/threads/{thread_id}").text
    assert "Follow this thread" in page and "You follow this thread." not in page


def test_the_follow_forms_need_their_csrf_token_and_a_visible_thread(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    assert client.post(f"/threads/{thread_id}/follow", data={"follow": "1"}).status_code == 400
    auth.logout()
    auth.login("newcomer")
    set_row(app, __import__("forum.models", fromlist=["Thread"]).Thread, thread_id,
            status="pending")
    token = auth.csrf()
    assert client.post(f"/threads/{thread_id}/follow",
                       data={"csrf_token": token, "follow": "1"}).status_code == 404
    answer = client.post("/boards/slips/follow", data={"csrf_token": token, "follow": "1"})
    assert answer.status_code == 302
    assert "You follow this board." in client.get("/boards/slips").text


def test_reacting_from_the_page_shows_the_count_and_the_author_sees_who(app, client, auth,
                                                                        personas):
    auth.login("member")
    thread_id = start_thread(client)
    post_id = first_post_id(app, thread_id)
    assert 'class="reaction-form"' not in client.get(f"/threads/{thread_id}").text  # own post
    auth.logout()
    auth.login("newcomer")
    token = auth.csrf(f"/threads/{thread_id}")
    for _ in range(2):  # twice is once
        answer = client.post(f"/posts/{post_id}/reactions",
                             data={"csrf_token": token, "kind": "strength", "on": "1"})
        assert answer.status_code == 302
    page = client.get(f"/threads/{thread_id}").text
    assert re.search(r'aria-pressed="true">Sending strength <span class="reaction-count">1<',
                     page)
    assert personas["newcomer"] not in page.split('class="reactions"', 1)[1].split("</div>")[0]
    assert client.post(f"/posts/{post_id}/reactions", data={
        "csrf_token": token, "kind": "thumbs-down", "on": "1"}).status_code == 404
    auth.logout()
    auth.login("member")
    page = client.get(f"/threads/{thread_id}").text
    assert f"Sending strength: {personas['newcomer']}" in page


def test_the_post_card_applies_visibility(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    post_id = reply_id(reply(client, thread_id, body="Hello @PatMentor"))
    card = client.get(f"/posts/{post_id}/card")
    assert card.status_code == 200 and f'id="post-{post_id}"' in card.text
    assert 'href="/members/PatMentor" class="mention"' in card.text
    set_row(app, Post, post_id, status="hidden")
    auth.logout()
    assert client.get(f"/posts/{post_id}/card").status_code == 404
    assert client.get("/posts/999999/card").status_code == 404


def test_times_are_rendered_in_utc_for_the_browser_to_localise(client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    page = client.get(f"/threads/{thread_id}").text
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", s)
                          for s in stamps)
    assert re.search(r'<script src="/static/community\.js(\?v=\w+)?" defer></script>', page)
