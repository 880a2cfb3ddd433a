"""Signed-in pages served from each member's own page cache (issue 16): a cached page never
carries another member's or another session's things (edit buttons, CSRF token, reactions,
held posts), and every change a member should see shows on their next page at once: an edit,
a removal, a reaction, a mute, leaving a space, a notification, a read marker, a preference.
Each check reads the page twice first, so the second answer comes from the cache."""
import re

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import Notification, Post, PostStatus, Thread
from forum.models.base import utcnow
from forum.services.accounts.handles import find_user
from forum.services.accounts.preferences import update_preferences
from forum.services.freshness import member_stamp
from personas import PASSWORD
from spaces_world import SPACE, build
from test_pages_threads import csrf_token_from, first_post_id, reply, reply_id, start_thread, \
    submit

CSRF_VALUES = re.compile(r'(?:name="csrf_token"[^>]*value|data-csrf)="([^"]+)"')


def _signed_in(app, personas, persona: str):
    """A new browser signed in as the persona through the login page."""
    client = app.test_client()
    page = client.get("/login")
    answer = client.post("/login", data={"handle": personas[persona], "password": PASSWORD,
                                         "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302, answer.text
    return client


@pytest.fixture
def sam(app, client, auth):
    auth.login("member")
    return client


@pytest.fixture
def nell(app, personas):
    return _signed_in(app, personas, "newcomer")


def _twice(client, path: str) -> str:
    """The page read twice (the second from the member's cache when nothing changed)."""
    first = client.get(path)
    second = client.get(path)
    assert first.status_code == second.status_code == 200, (path, second.status_code)
    return second.text


def _behind_the_app(app, statement) -> None:
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(statement)


def test_a_members_repeat_page_comes_from_their_cache(app, sam):
    thread_id = start_thread(sam, title="Mornings", body="Mornings are easier.")
    _twice(sam, f"/threads/{thread_id}")
    _behind_the_app(app, update(Thread).where(Thread.id == thread_id)
                    .values(title="Changed behind the app"))
    # Nothing was written through the app: the member's cached page is answered.
    assert "Changed behind the app" not in sam.get(f"/threads/{thread_id}").text


def test_two_members_see_their_own_buttons_tokens_and_reactions(app, sam, nell):
    thread_id = start_thread(sam, body="Sam's opening words.")
    sams_post = first_post_id(app, thread_id)
    nells_post = reply_id(reply(nell, thread_id, "Nell's answer."))
    submit(nell, f"/posts/{sams_post}/reactions", {"kind": "strength", "on": "1"},
           token_from=f"/threads/{thread_id}")
    path = f"/threads/{thread_id}"
    for _ in range(2):  # the second round is served from each member's cache
        sams_page, nells_page = _twice(sam, path), _twice(nell, path)
        assert f"/posts/{sams_post}/edit" in sams_page and f"/posts/{nells_post}/edit" not in \
            sams_page
        assert f"/posts/{nells_post}/edit" in nells_page and f"/posts/{sams_post}/edit" not in \
            nells_page
        # Sam sees who reacted to his own post; Nell's button for it is pressed.
        assert "Sending strength: Nell" in sams_page and "Sending strength: Nell" not in \
            nells_page
        assert re.search(rf'action="/posts/{sams_post}/reactions".*?aria-pressed="true"',
                         nells_page, re.S)
        assert 'aria-pressed="true"' not in sams_page  # Sam gave no reaction
        sams_tokens, nells_tokens = set(CSRF_VALUES.findall(sams_page)), set(
            CSRF_VALUES.findall(nells_page))
        assert len(sams_tokens) == 1 and len(nells_tokens) == 1
        assert sams_tokens != nells_tokens
        assert "csrf-placeholder" not in sams_page + nells_page
    # The token in a cached page is the session's own: a form sent with it is accepted.
    token = CSRF_VALUES.search(_twice(nell, path)).group(1)
    answer = nell.post(f"/posts/{sams_post}/reactions", data={"csrf_token": token,
                                                               "kind": "me-too", "on": "1"})
    assert answer.status_code == 302


def test_a_second_session_of_the_same_member_gets_its_own_token(app, sam, personas):
    thread_id = start_thread(sam, body="Opening words.")
    path = f"/threads/{thread_id}"
    first = CSRF_VALUES.search(_twice(sam, path)).group(1)
    phone = _signed_in(app, personas, "member")
    page = _twice(phone, path)
    tokens = set(CSRF_VALUES.findall(page))
    assert first not in tokens and len(tokens) == 1
    answer = phone.post(f"/threads/{thread_id}/mute",
                        data={"csrf_token": tokens.pop(), "mute": "1"})
    assert answer.status_code == 303


def test_an_edit_a_removal_and_a_reaction_show_at_once(app, sam, nell):
    thread_id = start_thread(sam, body="Opening words.")
    post_id = reply_id(reply(sam, thread_id, "One hour at a time."))
    path = f"/threads/{thread_id}"
    assert "One hour at a time." in _twice(nell, path)
    submit(sam, f"/posts/{post_id}/edit", {"body": "One day at a time.", "content_warning": ""})
    page = _twice(nell, path)
    assert "One day at a time." in page and "One hour at a time." not in page
    submit(nell, f"/posts/{post_id}/reactions", {"kind": "congrats", "on": "1"}, token_from=path)
    assert re.search(r'Congratulations <span class="reaction-count">1</span>', _twice(sam, path))
    submit(sam, f"/posts/{post_id}/remove", {})
    page = _twice(nell, path)
    assert "One day at a time." not in page and "This post was removed by its author." in page


def test_a_held_post_shows_to_its_author_only_cached_or_not(app, sam, nell):
    thread_id = start_thread(sam, body="Opening words.")
    held_id = reply_id(reply(sam, thread_id, "A reply waiting for a moderator."))
    path = f"/threads/{thread_id}"
    _twice(sam, path), _twice(nell, path)
    with app.app_context():
        db.session.get(Post, held_id).status = PostStatus.PENDING.value
        db.session.commit()
    assert "A reply waiting for a moderator." in _twice(sam, path)
    assert "A reply waiting for a moderator." not in _twice(nell, path)


def test_a_mute_shows_at_once_on_the_thread_and_the_board(app, sam, nell):
    thread_id = start_thread(sam, title="A thread to mute", body="Opening words.")
    path = f"/threads/{thread_id}"
    assert "Mute this thread" in _twice(nell, path)
    assert "A thread to mute" in _twice(nell, "/boards/newcomers")
    assert "A thread to mute" in _twice(nell, "/latest")
    submit(nell, f"{path}/mute", {"mute": "1"}, token_from=path)
    nell.get(path)  # the page that shows the flash ("Muted...")
    assert "Unmute this thread" in _twice(nell, path)
    assert "A thread to mute" not in _twice(nell, "/boards/newcomers")
    assert "A thread to mute" not in _twice(nell, "/latest")
    assert "A thread to mute" in _twice(sam, "/boards/newcomers")


def test_leaving_a_space_shows_at_once(app, api, personas, sam):
    world = build(app, api, personas)
    path = f"/threads/{world.thread_id}"
    assert "First words in the space" in _twice(sam, path)
    assert "Hidden harbour" in _twice(sam, f"/boards/{SPACE}")
    assert api.delete(f"/spaces/{SPACE}/membership", "member").status_code == 204
    assert sam.get(path).status_code == 404
    assert sam.get(f"/boards/{SPACE}").status_code == 404
    assert "Hidden harbour" not in _twice(sam, "/latest")


def test_a_new_notification_and_a_read_marker_show_at_once(app, sam, nell):
    thread_id = start_thread(sam, body="Opening words.")
    path = f"/threads/{thread_id}"
    _twice(sam, path)
    page = _twice(sam, "/boards/newcomers")
    assert 'class="nav-unread-count" id="nav-unread-count">0<' in page
    reply(nell, thread_id, "I hear you.")
    # A reply notification (a quiet table) for Sam: his own number changed, not the forum's alone.
    page = sam.get("/boards/newcomers").text
    assert 'id="nav-unread-count">1<' in page
    first = sam.get(path).text
    assert "New since you last read" in first
    assert "New since you last read" not in _twice(sam, path)
    # Marked read by a bulk statement naming Sam: his next page counts 0 again.
    with app.app_context():
        sam_id = find_user("SamRiver").id
        db.session.execute(update(Notification).where(Notification.user_id == sam_id)
                           .values(read_at=utcnow()))
        db.session.commit()
    assert 'id="nav-unread-count">0<' in _twice(sam, "/boards/newcomers")


def test_a_notification_for_one_member_leaves_anothers_cache_alone(app, sam, nell):
    thread_id = start_thread(sam, body="Opening words.")
    with app.app_context():
        sam_id, nell_id = find_user("SamRiver").id, find_user("Nell").id
        before_sam, before_nell = member_stamp(sam_id), member_stamp(nell_id)
        db.session.add(Notification(user_id=sam_id, kind="reply", message="A reply",
                                    data={"thread_id": thread_id}))
        db.session.commit()
        after_sam, after_nell = member_stamp(sam_id), member_stamp(nell_id)
    assert after_sam != before_sam and after_nell == before_nell


def test_a_content_warning_preference_shows_at_once(app, sam, nell):
    thread_id = start_thread(sam, body="Opening words.")
    reply(sam, thread_id, "Hard words about a slip.", warning="Relapse")
    path = f"/threads/{thread_id}"
    page = _twice(nell, path)
    assert "Content warning: Relapse" in page and "Hard words about a slip." in page
    assert '<details class="cw">' in page  # folded, the default
    with app.app_context():
        update_preferences(find_user("Nell"), {"folded_warnings": []})
    assert '<details class="cw" open>' in _twice(nell, path)
    with app.app_context():
        update_preferences(find_user("Nell"), {"hidden_warnings": ["relapse"]})
    page = _twice(nell, path)
    assert "1 post hidden by your settings" in page and "Hard words about a slip." not in page


def test_a_flash_is_shown_not_skipped_by_a_cached_page(app, sam):
    thread_id = start_thread(sam, body="Opening words.")
    path = f"/threads/{thread_id}"
    _twice(sam, path)
    submit(sam, f"{path}/follow", {"follow": "0"}, token_from=path)
    submit(sam, f"{path}/mute", {"mute": "1"}, token_from=path)
    assert "Muted. This thread won" in sam.get(path).text


def test_the_member_cache_can_be_turned_off(app, make_app, personas):
    uncached = make_app(MEMBER_PAGE_CACHE_SECONDS=0)
    sam = _signed_in(uncached, personas, "member")
    thread_id = start_thread(sam, title="Mornings", body="Mornings are easier.")
    _twice(sam, f"/threads/{thread_id}")
    _behind_the_app(uncached, update(Thread).where(Thread.id == thread_id)
                    .values(title="Changed behind the app"))
    assert "Changed behind the app" in sam.get(f"/threads/{thread_id}").text


def test_an_ended_session_is_signed_out_even_with_a_cached_page(app, sam, auth):
    thread_id = start_thread(sam, body="Opening words.")
    path = f"/threads/{thread_id}"
    assert "Log out" in _twice(sam, path)
    auth.logout()
    page = sam.get(path).text
    assert "Log out" not in page and "Log in" in page
    with app.app_context():
        assert db.session.scalar(select(Thread.id).where(Thread.id == thread_id)) == thread_id


def test_a_members_own_change_in_one_process_shows_in_the_other(make_app, services):
    """Two servers sharing one Redis: a notification written through the first (a quiet table,
    so the forum's generation stays) is shown at once by the second, which had Sam's page."""
    import secrets

    from forum.services.accounts.members import create_account
    from forum.services.notifications import notify
    from forum.services.seeding import seed_defaults

    shared = {"REDIS_URL": services.redis_url,
              "REDIS_KEY_PREFIX": f"forumtest{secrets.token_hex(4)}"}
    first, second = make_app(**shared), make_app(**shared)
    with first.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        seed_defaults()
        sam, _codes = create_account(PASSWORD, "SharedSam")
        sam_id = sam.id
    browser = _signed_in(second, {"member": "SharedSam"}, "member")
    assert 'id="nav-unread-count">0<' in _twice(browser, "/latest")
    with first.app_context():
        notify(sam_id, "reply", "Someone answered you.")
        db.session.commit()
    assert 'id="nav-unread-count">1<' in browser.get("/latest").text


def test_alike_readers_share_a_list_of_posts_with_their_own_tokens(app, make_app, personas, sam,
                                                                   monkeypatch):
    """With members' page caches off, the list of posts is still rendered once for readers who
    see it alike; each still gets their own CSRF token, and a reader with a reaction of their
    own, or other warning choices, gets a list of their own. The list is kept under all it
    shows, so even a change made behind the app's back shows at once."""
    from forum.boards import routes
    from forum.boards.layout import post_list_html
    thread_id = start_thread(sam, body="Opening words.")
    reply(sam, thread_id, "Hard words about a slip.", warning="Relapse")
    app.config["MEMBER_PAGE_CACHE_SECONDS"] = 0
    path = f"/threads/{thread_id}"
    pat, tro = _signed_in(app, personas, "mentor"), _signed_in(app, personas, "troll")
    drawn = []
    monkeypatch.setattr(routes, "post_list_html", lambda *args: drawn.append(1) or
                        post_list_html(*args))
    pats = _twice(pat, path)
    assert len(drawn) == 1
    tros = _twice(tro, path)  # the list Pat's page rendered, with Tro's own token
    assert len(drawn) == 1 and "Hard words about a slip." in tros
    pat_tokens, tro_tokens = set(CSRF_VALUES.findall(pats)), set(CSRF_VALUES.findall(tros))
    assert len(pat_tokens) == len(tro_tokens) == 1 and pat_tokens != tro_tokens
    _behind_the_app(app, update(Post).where(Post.thread_id == thread_id).values(
        body_html="<p>changed behind the app</p>"))
    assert "changed behind the app" in _twice(tro, path)
    opening = first_post_id(app, thread_id)
    submit(tro, f"/posts/{opening}/reactions", {"kind": "me-too", "on": "1"}, token_from=path)
    tros = _twice(tro, path)  # Tro's own pressed button: a list of Tro's own
    assert "changed behind the app" in tros and 'aria-pressed="true"' in tros
    assert 'aria-pressed="true"' not in _twice(pat, path)
    with app.app_context():
        update_preferences(find_user(personas["mentor"]), {"hidden_warnings": ["relapse"]})
    assert "1 post hidden by your settings" in _twice(pat, path)
    assert "1 post hidden by your settings" not in _twice(tro, path)


def test_unread_counts_on_lists_follow_reading_at_once(app, sam, nell):
    thread_id = start_thread(sam, title="Counting days", body="Opening words.")
    _twice(sam, f"/threads/{thread_id}")
    for path in ("/boards/newcomers", "/latest"):
        assert "unread" not in _twice(sam, path).split("Counting days")[1].split("</li>")[0]
    reply(nell, thread_id, "Day ten here.")
    reply(nell, thread_id, "Day eleven now.")
    for path in ("/boards/newcomers", "/latest"):
        assert "2 unread" in _twice(sam, path)
    sam.get(f"/threads/{thread_id}")  # read: the member's read marker moves
    for path in ("/boards/newcomers", "/latest"):
        assert "2 unread" not in _twice(sam, path)
