"""Restricted spaces (issue 15) against what the community work added (issue 12): search,
/latest, /unread, mentions, member pages, reactions and follows all answer for a space's content
exactly as for content that does not exist, to everyone outside it."""
import pytest

import spaces_world
from spaces_world import SPACE


@pytest.fixture
def world(app, api, personas):
    return spaces_world.build(app, api, personas)


def search_threads(api, query, persona=None) -> set[int]:
    answer = api.get(f"/search?q={query}", persona)
    assert answer.status_code == 200, answer.json
    return {r["thread_id"] for r in answer.json["results"]}


@pytest.mark.parametrize("outsider", [None, "newcomer", "troll"])
def test_search_and_latest_never_show_the_space_to_outsiders(api, world, outsider):
    assert world.thread_id not in search_threads(api, "harbour", outsider)
    assert search_threads(api, "harbour", outsider) == set()
    assert api.get(f"/search?q=harbour&board={SPACE}", outsider).status_code == 404
    latest = api.get("/latest", outsider).json
    assert world.thread_id not in [t["id"] for t in latest["threads"]]


@pytest.mark.parametrize("insider", ["member", "mentor", "moderator"])
def test_members_and_moderators_of_the_space_find_it(api, world, insider):
    assert world.thread_id in search_threads(api, "harbour", insider)
    assert world.thread_id in [t["id"] for t in api.get("/latest", insider).json["threads"]]


def test_a_mention_inside_the_space_never_reaches_someone_outside_it(api, personas, world):
    newcomer = personas["newcomer"]
    answer = api.post(f"/threads/{world.thread_id}/posts", "member",
                      json={"body": f"I wish @{newcomer} could read this"})
    assert answer.status_code == 201, answer.json
    kinds = [n["kind"] for n in api.get("/me/notifications", "newcomer").json["notifications"]]
    assert "mention" not in kinds


def test_a_member_page_does_not_list_posts_from_the_space_to_outsiders(app, api, personas, world):
    with app.app_context():
        from forum.services.accounts.handles import find_user
        from forum.services.accounts.profiles import set_show_recent_posts
        set_show_recent_posts(find_user(personas["member"]), True)
    handle = personas["member"]
    outside = api.get(f"/members/{handle}", "newcomer").json
    assert world.post_id not in [p["id"] for p in outside.get("posts", [])]
    inside = api.get(f"/members/{handle}", "mentor").json
    assert world.post_id in [p["id"] for p in inside["posts"]]


@pytest.mark.parametrize("method,path", [
    ("PUT", "/posts/{post}/reactions/me-too"), ("DELETE", "/posts/{post}/reactions/me-too"),
    ("PUT", "/threads/{thread}/follow"), ("PUT", "/threads/{thread}/mute"),
    ("PUT", f"/boards/{SPACE}/follow"), ("PUT", f"/boards/{SPACE}/mute"),
])
def test_reacting_following_and_muting_in_the_space_is_not_found_for_outsiders(api, world,
                                                                                 method, path):
    inside = path.format(post=world.post_id, thread=world.thread_id)
    missing = path.format(post=world.missing_id, thread=world.missing_id).replace(
        SPACE, spaces_world.MISSING_SLUG)
    there = api.call(method, inside, "newcomer")
    nothing = api.call(method, missing, "newcomer")
    assert there.status_code == nothing.status_code == 404
    assert there.json == nothing.json
