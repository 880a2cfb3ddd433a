"""API: reading boards and threads: order, pages, reply trees, and what each viewer may see."""
from itertools import groupby

import pytest

from forum.config import THREADS_PER_PAGE, TOP_LEVEL_POSTS_PER_PAGE
from forum.extensions import db
from forum.models import Board, Post, Thread
from forum.services.accounts.handles import find_user
from forum.services.boards import posting
from test_api_errors import assert_error

POST_KEYS = {"id", "thread_id", "parent_id", "author", "body_html", "content_warning", "status",
             "created_at", "edited_at", "removed", "depth", "reactions", "my_reactions"}
THREAD_KEYS = {"id", "board", "title", "author", "status", "reply_count", "locked", "created_at",
               "last_activity_at"}


def open_thread(api, persona="member", board="alcohol", title="Day 12", body="Still here."):
    """Open a thread through the API; answer {"thread", "post"}."""
    answer = api.post(f"/boards/{board}/threads", persona, json={"title": title, "body": body})
    assert answer.status_code == 201, answer.json
    return answer.json


def reply(api, thread_id: int, persona="newcomer", body="Welcome!", parent_id=None) -> dict:
    """Reply through the API; answer the POST object."""
    answer = api.post(f"/threads/{thread_id}/posts", persona,
                      json={"body": body, "parent_id": parent_id})
    assert answer.status_code == 201, answer.json
    return answer.json["post"]


def set_status(app, model, row_id: int, status: str) -> None:
    """Set a thread's or post's status straight in the database (as moderation will)."""
    with app.app_context():
        db.session.get(model, row_id).status = status
        db.session.commit()


def ids(posts: list[dict]) -> list[int]:
    """The ids of a list of POST objects."""
    return [p["id"] for p in posts]


# --- boards and thread lists ----------------------------------------------------------------

def test_boards_are_listed_in_order_with_their_descriptions(api):
    answer = api.get("/boards")
    assert answer.status_code == 200 and set(answer.json) == {"boards"}
    boards = answer.json["boards"]
    assert boards[0]["slug"] == "newcomers"
    assert all(set(b) == {"slug", "name", "description"} and b["description"] for b in boards)
    assert [b["slug"] for b in boards] == [
        "newcomers", "alcohol", "drugs-and-other-substances", "12-step", "smart-and-secular",
        "medication-assisted", "cravings-and-triggers", "slips", "milestones",
        "family-and-friends", "sober-living", "daily-check-in"]


def test_a_new_thread_answers_the_thread_and_its_first_post(api):
    created = open_thread(api, body="I made it **through** today.")
    assert set(created) == {"thread", "post"}
    thread, post = created["thread"], created["post"]
    assert set(thread) == THREAD_KEYS and set(post) == POST_KEYS
    assert thread["title"] == "Day 12" and thread["board"] == "alcohol"
    assert thread["author"] == {"handle": "SamRiver"} and thread["reply_count"] == 0
    assert post == {**post, "thread_id": thread["id"], "parent_id": None, "depth": 0,
                    "status": "published", "removed": False, "edited_at": None,
                    "content_warning": None,
                    "body_html": "<p>I made it <strong>through</strong> today.</p>"}
    assert thread["last_activity_at"] == thread["created_at"] == post["created_at"]


def test_the_board_lists_threads_by_last_activity_and_a_reply_bumps_one(api):
    first, second, third = (open_thread(api, title=t)["thread"]["id"] for t in "ABC")
    listed = api.get("/boards/alcohol/threads").json
    assert set(listed) == {"threads", "page", "pages"}
    assert [t["id"] for t in listed["threads"]] == [third, second, first]
    assert set(listed["threads"][0]) == THREAD_KEYS
    reply(api, first)
    listed = api.get("/boards/alcohol/threads").json["threads"]
    assert [t["id"] for t in listed] == [first, third, second]
    assert listed[0]["reply_count"] == 1 and listed[0]["last_activity_at"] > listed[1][
        "last_activity_at"]


def test_an_empty_board_has_one_empty_page(api):
    assert api.get("/boards/milestones/threads").json == {"threads": [], "page": 1, "pages": 1}


def test_thread_lists_are_paged(api, app):
    with app.app_context():
        board = db.session.scalar(db.select(Board).where(Board.slug == "alcohol"))
        member = find_user("SamRiver")
        for number in range(THREADS_PER_PAGE + 5):
            posting.create_thread(board, member, f"Thread {number}", "Body")
    first = api.get("/boards/alcohol/threads").json
    assert (first["page"], first["pages"], len(first["threads"])) == (1, 2, THREADS_PER_PAGE)
    assert first["threads"][0]["title"] == f"Thread {THREADS_PER_PAGE + 4}"
    second = api.get("/boards/alcohol/threads?page=2").json
    assert (second["page"], len(second["threads"])) == (2, 5)
    assert api.get("/boards/alcohol/threads?page=9").json == second
    for odd in ("abc", "0", "-3", "", "1.5"):  # not a page number: as the API description says
        assert api.get(f"/boards/alcohol/threads?page={odd}").status_code == 422


# --- thread pages and the reply tree ----------------------------------------------------------

def test_replies_form_a_tree_read_depth_first(api):
    created = open_thread(api)
    thread_id, opening = created["thread"]["id"], created["post"]["id"]
    first = reply(api, thread_id, parent_id=opening)
    nested = reply(api, thread_id, "mentor", parent_id=first["id"])
    top_level = reply(api, thread_id, "moderator")
    late = reply(api, thread_id, "member", parent_id=opening)
    assert (first["parent_id"], first["depth"]) == (opening, 1)
    assert (nested["parent_id"], nested["depth"]) == (first["id"], 2)
    assert (top_level["parent_id"], top_level["depth"]) == (None, 0)
    page = api.get(f"/threads/{thread_id}").json
    assert set(page) == {"thread", "posts", "page", "pages"}
    assert ids(page["posts"]) == [opening, first["id"], nested["id"], late["id"], top_level["id"]]
    assert page["thread"]["reply_count"] == 4
    assert all(set(p) == POST_KEYS for p in page["posts"])


def build_big_thread(app, top_level: int, replies_each: int) -> tuple[int, int]:
    """A thread of top-level posts, each with replies and replies to those, made through the
    service. Replies are made round-robin, so ids do not follow reading order. Answers the
    thread's id and how many posts it has."""
    with app.app_context():
        board = db.session.scalar(db.select(Board).where(Board.slug == "alcohol"))
        member, other = find_user("SamRiver"), find_user("Nell")
        thread, opening, _ = posting.create_thread(board, member, "A long night", "Post 0")
        roots = [opening.id] + [posting.create_reply(thread, other, f"Top {n}").post.id
                                for n in range(1, top_level)]
        for round_ in range(replies_each // 2):
            for root in roots:
                child = posting.create_reply(thread, member, f"Reply {round_}", root).post
                posting.create_reply(thread, other, f"Nested {round_}", child.id)
        return thread.id, top_level * (1 + replies_each)


def assert_reading_order(posts: list[dict]) -> None:
    """Parents come before their replies, and each top-level post's tree stays together."""
    seen, roots = {}, {}
    for post in posts:
        if post["parent_id"] is None:
            assert post["depth"] == 0
            roots[post["id"]] = post["id"]
        else:
            parent = seen[post["parent_id"]]
            assert post["depth"] == parent["depth"] + 1
            roots[post["id"]] = roots[parent["id"]]
        seen[post["id"]] = post
    blocks = [root for root, _ in groupby(roots[p["id"]] for p in posts)]
    assert len(blocks) == len(set(blocks)), "a top-level post's replies are split up"


def test_a_thread_of_over_a_thousand_posts_pages_by_top_level_posts(api, app):
    thread_id, total = build_big_thread(app, top_level=50, replies_each=20)
    assert total > 1000
    pages, everything = [], []
    for number in (1, 2, 3):
        page = api.get(f"/threads/{thread_id}?page={number}").json
        assert (page["page"], page["pages"]) == (number, 3)
        tops = [p for p in page["posts"] if p["parent_id"] is None]
        assert len(tops) == min(TOP_LEVEL_POSTS_PER_PAGE, 50 - (number - 1) * 20)
        assert len(page["posts"]) == len(tops) * 21
        assert_reading_order(page["posts"])
        pages.append(page)
        everything += ids(page["posts"])
    assert len(everything) == len(set(everything)) == total
    tops_in_order = [p["id"] for page in pages for p in page["posts"] if p["parent_id"] is None]
    assert tops_in_order == sorted(tops_in_order)
    assert pages[0]["thread"]["reply_count"] == total - 1
    for beyond in (4, 1000, 10**12):
        assert api.get(f"/threads/{thread_id}?page={beyond}").json == pages[2]
    for odd in ("abc", "", "0", "-1", "2.5", "%C2%B2"):
        assert api.get(f"/threads/{thread_id}?page={odd}").json["error"]["field"] == "page"


# --- hidden and pending content ---------------------------------------------------------------

@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_a_hidden_or_held_thread_is_seen_only_by_its_author_and_moderators(api, app, status):
    thread = open_thread(api)
    thread_id = thread["thread"]["id"]
    set_status(app, Thread, thread_id, status)
    set_status(app, Post, thread["post"]["id"], status)
    missing = api.get("/threads/999999")
    for viewer in (None, "newcomer", "mentor"):
        answer = api.get(f"/threads/{thread_id}", viewer)
        assert_error(answer, 404, "not_found")
        assert answer.json == missing.json
        listed = api.get("/boards/alcohol/threads", viewer).json["threads"]
        assert thread_id not in [t["id"] for t in listed]
        assert api.post(f"/threads/{thread_id}/posts", viewer,
                        json={"body": "hi"}).status_code == (401 if viewer is None else 404)
    for viewer in ("member", "moderator", "admin"):
        assert api.get(f"/threads/{thread_id}", viewer).json["thread"]["status"] == status
        listed = api.get("/boards/alcohol/threads", viewer).json["threads"]
        assert thread_id in [t["id"] for t in listed]


@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_a_hidden_or_held_post_answers_404_to_others_like_a_missing_one(api, app, status):
    thread = open_thread(api, "newcomer")
    thread_id = thread["thread"]["id"]
    post = reply(api, thread_id, "member", body="Call me.")
    set_status(app, Post, post["id"], status)
    missing_id = 999_999
    for method, suffix, body in (("GET", "", None), ("PATCH", "", {"body": "x"}),
                                 ("DELETE", "", None)):
        hidden = api.call(method, f"/posts/{post['id']}{suffix}", "troll", json=body)
        missing = api.call(method, f"/posts/{missing_id}{suffix}", "troll", json=body)
        assert_error(hidden, 404, "not_found")
        assert hidden.json == missing.json
    assert_error(api.get(f"/posts/{post['id']}"), 404, "not_found")
    as_parent = api.post(f"/threads/{thread_id}/posts", "troll",
                         json={"body": "x", "parent_id": post["id"]})
    no_parent = api.post(f"/threads/{thread_id}/posts", "troll",
                         json={"body": "x", "parent_id": missing_id})
    assert as_parent.status_code == 422 and as_parent.json == no_parent.json
    for viewer in (None, "troll", "mentor"):
        assert post["id"] not in ids(api.get(f"/threads/{thread_id}", viewer).json["posts"])
    for viewer in ("member", "moderator"):
        assert api.get(f"/posts/{post['id']}", viewer).json["post"]["status"] == status
        assert post["id"] in ids(api.get(f"/threads/{thread_id}", viewer).json["posts"])


def test_hidden_top_level_posts_do_not_count_towards_pages(api, app):
    thread_id, _ = build_big_thread(app, top_level=TOP_LEVEL_POSTS_PER_PAGE, replies_each=0)
    extra = reply(api, thread_id, "troll", body="Something a moderator must see")
    set_status(app, Post, extra["id"], "hidden")
    assert api.get(f"/threads/{thread_id}", "newcomer").json["pages"] == 1
    assert api.get(f"/threads/{thread_id}", "troll").json["pages"] == 2
    assert api.get(f"/threads/{thread_id}", "moderator").json["pages"] == 2


def test_a_visible_reply_under_a_hidden_post_stays_in_the_conversation(api, app):
    thread_id = open_thread(api)["thread"]["id"]
    hidden = reply(api, thread_id, "troll", body="Flagged")
    answer = reply(api, thread_id, "mentor", body="Let's keep it kind.", parent_id=hidden["id"])
    set_status(app, Post, hidden["id"], "hidden")
    posts = api.get(f"/threads/{thread_id}", "newcomer").json["posts"]
    assert hidden["id"] not in ids(posts) and answer["id"] in ids(posts)
