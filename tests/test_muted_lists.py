"""Muting (issue 14) reaches the lists the community work built (issue 12): a muted thread or
board leaves the member's /latest and /unread, for that member only, and comes back when
unmuted."""
from test_reading import reply, start, unread_of


def kinds_heard(api, persona) -> list[str]:
    return [n["kind"] for n in api.get("/me/notifications", persona).json["notifications"]]


def latest_ids(api, persona=None) -> list[int]:
    return [t["id"] for t in api.get("/latest", persona).json["threads"]]


def test_a_muted_thread_leaves_latest_for_that_member_only(api):
    kept = start(api, "member", "Kept")
    muted = start(api, "member", "Muted")
    assert api.call("PUT", f"/threads/{muted}/mute", "newcomer").status_code == 204
    assert muted not in latest_ids(api, "newcomer") and kept in latest_ids(api, "newcomer")
    assert muted in latest_ids(api, "mentor") and muted in latest_ids(api)
    assert api.delete(f"/threads/{muted}/mute", "newcomer").status_code == 204
    assert muted in latest_ids(api, "newcomer")


def test_a_muted_board_leaves_latest(api):
    muted = start(api, "member", "In a muted board", board="slips")
    kept = start(api, "member", "Elsewhere")
    api.call("PUT", "/boards/slips/mute", "newcomer")
    assert muted not in latest_ids(api, "newcomer") and kept in latest_ids(api, "newcomer")


def test_a_muted_thread_leaves_unread(api, auth, client):
    thread_id = start(api, "member", "Evening check-in")
    auth.login("member")
    client.get(f"/threads/{thread_id}")
    reply(api, "newcomer", thread_id)
    assert unread_of(api, "member") == {thread_id: 1}
    api.call("PUT", f"/threads/{thread_id}/mute", "member")
    assert unread_of(api, "member") == {}
    api.delete(f"/threads/{thread_id}/mute", "member")
    assert unread_of(api, "member") == {thread_id: 1}


def test_a_member_page_shows_the_recovery_badge_only_when_the_member_chose_to(api, client,
                                                                              personas):
    handle = personas["member"]
    api.call("PUT", "/me/recovery", "member", json={"date": "2020-01-01"})
    assert "badge" not in api.get(f"/members/{handle}").json
    answer = api.call("PUT", "/me/recovery", "member",
                      json={"date": "2020-01-01", "show_badge": True})
    assert answer.status_code == 200, answer.json
    badge = api.get(f"/members/{handle}").json["badge"]
    assert badge.endswith("years")
    assert badge in client.get(f"/members/{handle}").text


def test_a_muted_thread_stops_the_news_its_followers_would_hear(api):
    thread_id = start(api, "member", "Followed, then muted")
    reply(api, "mentor", thread_id)  # replying follows the thread
    reply(api, "newcomer", thread_id)
    assert kinds_heard(api, "mentor").count("followed_reply") == 1
    api.call("PUT", f"/threads/{thread_id}/mute", "mentor")
    reply(api, "newcomer", thread_id, body="Another evening.")
    assert kinds_heard(api, "mentor").count("followed_reply") == 1
