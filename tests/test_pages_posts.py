"""Posts as pages: the author's edits and removals, who sees held content, form mistakes, escaping."""
import html
import re

import pytest

from forum.config import POST_MAX, TITLE_MAX
from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services.accounts.handles import find_user
from test_pages_threads import (PostTree, first_post_id, reply, reply_id, set_row, start_thread,
                                submit)


# Edits and removals

def test_the_author_edits_a_post_and_it_is_marked_edited(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client, body="Day one.")
    post_id = first_post_id(app, thread_id)
    form = client.get(f"/posts/{post_id}/edit").text
    assert re.search(r">\s*Day one.</textarea>", form)
    answer = submit(client, f"/posts/{post_id}/edit", {"body": "Day two now.",
                                                         "content_warning": ""})
    assert answer.status_code == 302
    page = client.get(f"/threads/{thread_id}").text
    assert "Day two now." in page and "Day one." not in page
    assert re.search(r'<span class="edited">\(edited <time datetime=', page)


def test_a_removed_post_keeps_its_place_and_its_replies(app, client, auth):
    auth.login("newcomer")
    thread_id = start_thread(client)
    question = reply_id(reply(client, thread_id, "Something I regret saying."))
    auth.logout()
    auth.login("member")
    answer = reply_id(reply(client, thread_id, "You're doing fine.", to=question))
    auth.logout()
    auth.login("newcomer")
    confirm = client.get(f"/posts/{question}/remove").text
    assert "Something I regret saying." in confirm and "Yes, remove my post" in confirm
    assert submit(client, f"/posts/{question}/remove", {}).status_code == 302
    page = client.get(f"/threads/{thread_id}").text
    assert "Something I regret saying." not in page
    assert "This post was removed by its author." in page
    assert PostTree(page).parent[answer] == question
    assert "doing fine." in page
    assert f"/posts/{question}/edit" not in page


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("action", ["edit", "remove"])
@pytest.mark.parametrize("persona", ["troll", "mentor", "moderator"])
def test_nobody_else_can_edit_or_remove_a_post(app, client, auth, method, action, persona):
    auth.login("member")
    post_id = first_post_id(app, start_thread(client, body="Mine."))
    auth.logout()
    auth.login(persona)
    path = f"/posts/{post_id}/{action}"
    if method == "GET":
        answer = client.get(path)
    else:
        answer = submit(client, path, {"body": "Not yours."}, token_from="/")
    assert answer.status_code in (403, 404)
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.body_source == "Mine." and post.removed_at is None


def test_the_author_sees_edit_and_remove_and_others_do_not(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    post_id = first_post_id(app, thread_id)
    assert f'href="/posts/{post_id}/edit"' in client.get(f"/threads/{thread_id}").text
    auth.logout()
    auth.login("troll")
    assert f'/posts/{post_id}/edit' not in client.get(f"/threads/{thread_id}").text


# Who sees held and hidden content

@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_held_or_hidden_posts_are_404_to_others_and_shown_to_author_and_moderators(
        app, client, auth, status):
    auth.login("member")
    thread_id = start_thread(client)
    held = reply_id(reply(client, thread_id, "A link to somewhere."))
    set_row(app, Post, held, status=status)
    seen = {}
    auth.logout()
    for persona in (None, "troll", "member", "moderator"):
        if persona:
            auth.login(persona)
        page = client.get(f"/threads/{thread_id}").text
        reply_page = client.get(f"/threads/{thread_id}/reply?to={held}")
        seen[persona] = ("A link to somewhere." in page, held in PostTree(page).parent,
                         reply_page.status_code)
        if persona:
            auth.logout()
    assert seen[None][:2] == seen["troll"][:2] == (False, False)
    assert seen["troll"][2] == 404
    assert seen["member"] == seen["moderator"] == (True, True, 200)
    auth.login("troll")
    assert client.get(f"/posts/{held}/edit").status_code == 404


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_a_held_thread_is_404_exactly_like_a_missing_one(app, client, auth, status):
    auth.login("member")
    thread_id = start_thread(client, title="Held thread")
    set_row(app, Thread, thread_id, status=status)
    auth.logout()
    client.get("/")  # read the "logged out" message so both pages below are alike
    missing = client.get("/threads/999999")
    assert client.get(f"/threads/{thread_id}").data == missing.data
    assert client.get(f"/threads/{thread_id}").status_code == 404
    auth.login("troll")
    assert client.get(f"/threads/{thread_id}").status_code == 404
    assert "Held thread" not in client.get("/boards/newcomers").text
    for persona in ("member", "moderator"):
        auth.logout()
        auth.login(persona)
        page = client.get(f"/threads/{thread_id}")
        assert page.status_code == 200
        assert "Only its author and moderators can see it" in page.text


def test_a_reply_under_a_post_the_viewer_cannot_see_keeps_a_placeholder(app, client, auth):
    auth.login("newcomer")
    thread_id = start_thread(client)
    hidden = reply_id(reply(client, thread_id, "Flagged words."))
    auth.logout()
    auth.login("member")
    visible = reply_id(reply(client, thread_id, "A kind answer.", to=hidden))
    set_row(app, Post, hidden, status="hidden")
    auth.logout()
    page = client.get(f"/threads/{thread_id}").text
    assert "Flagged words." not in page
    assert "This post isn't available." in page
    assert PostTree(page).parent[visible] == hidden


def test_a_locked_thread_says_so_and_takes_no_replies(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    set_row(app, Thread, thread_id, locked=True)
    page = client.get(f"/threads/{thread_id}").text
    assert "This thread is locked" in page
    assert f'action="/threads/{thread_id}/reply"' not in page
    answer = submit(client, f"/threads/{thread_id}/reply", {"body": "Hello?"},
                     token_from=f"/threads/{thread_id}")
    assert answer.status_code == 403


# Mistakes in forms

@pytest.mark.parametrize("title, body, field, words", [
    ("", "Some words.", "title", "Please write a title"),
    ("x" * (TITLE_MAX + 1), "Some words.", "title", f"at most {TITLE_MAX} characters"),
    ("A title", "", "body", "Please write something"),
    ("A title", "y" * (POST_MAX + 1), "body", f"at most {POST_MAX:,} characters"),
])
def test_new_thread_mistakes_show_inline_and_keep_what_was_typed(client, auth, title, body,
                                                                  field, words):
    auth.login("member")
    answer = submit(client, "/boards/newcomers/new",
                     {"title": title, "body": body, "content_warning": "keep me"})
    assert answer.status_code == 200
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', answer.text, re.S)
    assert error and words in html.unescape(error.group(1))
    assert re.search(rf'aria-describedby="[^"]*{field}-error"[^>]*aria-invalid="true"',
                     answer.text)
    assert f'value="{title}"' in answer.text
    assert re.search(rf">\s*{body}</textarea>", answer.text)
    assert 'value="keep me"' in answer.text


def test_reply_mistakes_show_inline_and_keep_the_parent(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    opening = first_post_id(app, thread_id)
    answer = reply(client, thread_id, "   ", to=opening)
    assert answer.status_code == 200
    assert 'id="body-error"' in answer.text
    assert f'name="parent_id" type="hidden" value="{opening}"' in answer.text


def test_replying_to_a_post_of_another_thread_is_refused_at_the_top_of_the_form(app, client,
                                                                                auth):
    auth.login("member")
    first, second = start_thread(client), start_thread(client, title="Another")
    answer = submit(client, f"/threads/{second}/reply",
                    {"body": "Hello", "parent_id": first_post_id(app, first)})
    problem = re.search(r'<div class="form-problem" role="alert">(.*?)</div>', answer.text, re.S)
    assert problem and "not in this thread" in problem.group(1)
    assert re.search(r">\s*Hello</textarea>", answer.text)


def test_forms_mention_their_limits(client, auth):
    auth.login("member")
    page = client.get("/boards/newcomers/new").text
    assert f"Up to {TITLE_MAX} characters" in page
    assert f"Up to {POST_MAX:,} characters" in page
    assert "up to 100 characters" in page


def test_writing_without_a_csrf_token_is_refused(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    post_id = first_post_id(app, thread_id)
    for path, data in [("/boards/newcomers/new", {"title": "T", "body": "B"}),
                       (f"/threads/{thread_id}/reply", {"body": "B"}),
                       (f"/posts/{post_id}/edit", {"body": "B"}),
                       (f"/posts/{post_id}/remove", {})]:
        assert client.post(path, data=data).status_code == 400, path
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Post.id))) == 1
        assert db.session.get(Post, post_id).removed_at is None


# Escaping

def test_titles_warnings_and_handles_are_shown_as_text(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client, title="<script>alert('title')</script>",
                              body="<script>alert('body')</script> hi",
                              warning="<b>bold</b><script>alert('cw')</script>")
    with app.app_context():
        find_user("SamRiver").handle = "<script>x</script>"
        db.session.commit()
    pages = [client.get(f"/threads/{thread_id}").text, client.get("/boards/newcomers").text,
             client.get("/").text]
    for page in pages:  # the pages' own scripts are files from /static/; nothing else
        assert "<script" not in re.sub(
            r'<script src="/static/[\w./-]+\.js(\?v=\w+)?" defer></script>', "", page)
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[0]
    assert "Content warning: &lt;b&gt;bold&lt;/b&gt;&lt;script&gt;" in pages[0]
    assert '<span class="handle">&lt;script&gt;x&lt;/script&gt;</span>' in pages[0]


def test_a_deleted_member_shows_as_deleted_member(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    with app.app_context():
        db.session.execute(db.update(Post).values(author_id=None))
        db.session.execute(db.update(Thread).values(author_id=None))
        db.session.commit()
        assert db.session.scalar(db.select(User).where(User.handle == "SamRiver"))
    page = client.get(f"/threads/{thread_id}").text
    assert "deleted member" in page and "SamRiver</span> &middot;" not in page
