"""The recovery pages through the test client: setting a date and seeing the days, starting
again, the milestone offer (nothing posted without the member's press), the one-click check-in
and its calendar, muting from a thread's page, and content warnings folded or left out."""
import re
from datetime import datetime, timezone

import pytest

from clients import csrf_token_from
from test_api_threads import open_thread, reply
from test_recovery_date import Clock


@pytest.fixture
def clock(app) -> Clock:
    frozen = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    app.config["CLOCK"] = frozen
    return frozen


def post_form(client, page: str, action: str, data: dict):
    token = csrf_token_from(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **data})


def test_a_member_sets_a_date_and_sees_their_days(client, auth, clock):
    auth.login("member")
    page = client.get("/me/recovery")
    assert page.status_code == 200 and "Set your recovery date" in page.text
    saved = post_form(client, "/me/recovery", "/me/recovery",
                      {"date": "2026-02-08", "time_zone": "Europe/London", "show_badge": "y"})
    assert saved.status_code == 303
    html = client.get("/me/recovery").text
    assert re.search(r'class="streak-days">30<', html)
    assert re.search(r'class="total-days">30<', html)
    assert "30 days today" in html  # the milestone offer, ready to edit
    assert "Nothing is shared unless you press the button" in html


@pytest.mark.parametrize("value, words", [("2026-03-11", "not one still to come"),
                                          ("1899-01-01", "from 1900 on"),
                                          ("not a date", "YYYY-MM-DD")])
def test_bad_dates_are_shown_beside_the_field(client, auth, clock, value, words):
    auth.login("member")
    answer = post_form(client, "/me/recovery", "/me/recovery",
                       {"date": value, "time_zone": "UTC"})
    assert answer.status_code == 200 and words in answer.text
    assert "Set your recovery date" in client.get("/me/recovery").text  # nothing saved


def test_starting_again_is_quiet_and_kind(client, auth, clock):
    auth.login("member")
    post_form(client, "/me/recovery", "/me/recovery", {"date": "2026-03-01", "time_zone": "UTC"})
    done = post_form(client, "/me/recovery", "/me/recovery/restart", {"date": ""})
    assert done.status_code == 303
    html = client.get("/me/recovery").text
    assert "courage" in html and "9 days" in html
    assert re.search(r'class="streak-days">0<', html) and re.search(r'class="total-days">9<', html)


def test_restart_without_a_date_says_so(client, auth, clock):
    auth.login("member")
    token = csrf_token_from(client.get("/me/recovery").text)
    answer = client.post("/me/recovery/restart", data={"csrf_token": token},
                         follow_redirects=True)
    assert "set a recovery date yet" in answer.text


def test_the_milestone_is_shared_only_when_the_member_presses(client, auth, api, clock):
    auth.login("member")
    post_form(client, "/me/recovery", "/me/recovery", {"date": "2026-03-03", "time_zone": "UTC"})
    assert api.get("/boards/milestones/threads").json["threads"] == []  # nothing announced
    shared = post_form(client, "/me/recovery", "/me/recovery/milestone",
                       {"title": "A week!", "body": "Seven days, my own words."})
    assert shared.status_code == 303
    threads = api.get("/boards/milestones/threads").json["threads"]
    assert [t["title"] for t in threads] == ["A week!"]


def test_one_click_check_in_and_the_calendar(client, auth, clock):
    auth.login("member")
    page = client.get("/me/checkins")
    assert "Staying sober today" in page.text and "No check-ins yet" in page.text
    done = post_form(client, "/me/checkins", "/me/checkins", {"note": ""})
    assert done.status_code == 303
    html = client.get("/me/checkins").text
    assert "You've checked in today" in html and "Tuesday 10 March 2026" in html
    token = csrf_token_from(html)
    again = client.post("/me/checkins", data={"csrf_token": token}, follow_redirects=True)
    assert "already checked in today" in again.text


def test_a_too_long_note_is_shown_beside_the_field(client, auth, clock):
    auth.login("member")
    answer = post_form(client, "/me/checkins", "/me/checkins", {"note": "x" * 20_000})
    assert answer.status_code == 200 and "at most 10,000 characters" in answer.text
    assert "No check-ins yet" in answer.text


def test_muting_a_thread_from_its_page(client, auth, api):
    thread = open_thread(api, title="Loud thread")["thread"]
    auth.login("newcomer")
    page = f"/threads/{thread['id']}"
    assert "Mute this thread" in client.get(page).text
    muted = post_form(client, page, f"/threads/{thread['id']}/mute", {"mute": "1"})
    assert muted.status_code == 303
    assert "Unmute this thread" in client.get(page).text
    assert "Loud thread" not in client.get("/boards/alcohol").text
    assert "Loud thread" in client.get("/me/boundaries").text
    post_form(client, "/me/boundaries", f"/threads/{thread['id']}/mute",
              {"mute": "0", "next": "/me/boundaries"})
    assert "Loud thread" in client.get("/boards/alcohol").text


def test_muting_a_hidden_thread_from_a_page_is_404(client, auth, api, app):
    from forum.models import Thread
    from test_api_threads import set_status
    thread = open_thread(api)["thread"]
    set_status(app, Thread, thread["id"], "pending")
    auth.login("troll")
    answer = post_form(client, "/boards/alcohol", f"/threads/{thread['id']}/mute", {"mute": "1"})
    assert answer.status_code == 404


def test_warned_posts_fold_open_or_are_left_out_by_the_readers_choice(client, auth, api):
    thread = open_thread(api, title="Hard week")["thread"]
    reply(api, thread["id"], "mentor", body="Lost my dad last month.")
    api.post(f"/threads/{thread['id']}/posts", "mentor",
             json={"body": "About my grief.", "content_warning": "Grief"})
    api.post(f"/threads/{thread['id']}/posts", "mentor",
             json={"body": "About the slip.", "content_warning": "relapse"})
    auth.login("member")
    page = f"/threads/{thread['id']}"
    html = client.get(page).text
    assert html.count('<details class="cw">') == 2  # folded by default
    post_form(client, "/me/boundaries", "/me/boundaries/warnings",
              {**{f"cw_{c}": "folded" for c in ("describes-use", "self-harm", "trauma",
                                                 "family", "other")},
               "cw_grief": "open", "cw_relapse": "hidden"})
    html = client.get(page).text
    assert '<details class="cw" open>' in html and "About my grief." in html
    assert "About the slip." not in html
    assert "1 post hidden by your settings" in html
    prefs = api.get("/me/preferences", "member").json
    assert prefs["hidden_warnings"] == ["relapse"] and "grief" not in prefs["folded_warnings"]
    # The author always sees their own post.
    auth.logout()
    auth.login("mentor")
    assert "About the slip." in client.get(page).text


def test_the_category_picker_gives_a_post_its_warning(client, auth, api):
    thread = open_thread(api)["thread"]
    auth.login("newcomer")
    page = f"/threads/{thread['id']}"
    answer = post_form(client, page, f"/threads/{thread['id']}/reply",
                       {"body": "It was a hard day with my family.",
                        "content_warning_category": "family", "content_warning": ""})
    assert answer.status_code == 302, answer.text[:2000]
    posts = api.get(f"/threads/{thread['id']}").json["posts"]
    assert posts[-1]["content_warning"] == "Family"


def test_recovery_pages_need_a_member(client):
    for path in ("/me/recovery", "/me/checkins", "/me/boundaries"):
        assert client.get(path).status_code == 302


def test_me_offers_the_milestone_on_its_day_only(client, auth, clock):
    auth.login("member")
    post_form(client, "/me/recovery", "/me/recovery", {"date": "2026-03-03", "time_zone": "UTC"})
    assert "7 days today." in client.get("/me").text
    clock.set(2026, 3, 11, 12, 0)
    assert "milestone-today" not in client.get("/me").text


def test_the_check_in_thread_is_opened_by_the_forum(client, auth, api, clock):
    done = api.post("/checkins", "member", json={}).json
    html = client.get(f"/threads/{done['thread_id']}").text
    assert "Started by the forum" in html and '<span class="handle">The forum</span>' in html


STORY = "the first time I shot up I thought I'd found the answer"


def test_the_category_picker_satisfies_the_screenings_request_for_a_warning(client, auth, api):
    auth.login("member")
    page = "/boards/slips/new"
    bare = post_form(client, page, page, {"title": "My story", "body": STORY,
                                           "content_warning_category": ""})
    assert bare.status_code == 200 and 'aria-invalid="true"' in bare.text
    assert api.get("/boards/slips/threads").json["threads"] == []
    picked = post_form(client, page, page, {"title": "My story", "body": STORY,
                                             "content_warning_category": "describes-use"})
    assert picked.status_code == 302
    [thread] = api.get("/boards/slips/threads").json["threads"]
    posts = api.get(f"/threads/{thread['id']}").json["posts"]
    assert posts[0]["content_warning"] == "Describes use"


def test_a_check_in_note_can_carry_a_picked_warning(client, auth, api, clock):
    auth.login("member")
    bare = post_form(client, "/me/checkins", "/me/checkins", {"note": STORY})
    assert bare.status_code == 200 and "No check-ins yet" in bare.text
    done = post_form(client, "/me/checkins", "/me/checkins",
                     {"note": STORY, "content_warning_category": "describes-use"})
    assert done.status_code == 303
    assert "You've checked in today" in client.get("/me/checkins").text
