"""The recovery date (issue 14): streak and total days counted in the member's own time zone,
a quiet restart that keeps the total, milestones, the opt-in badge and bad input.

"Now" is frozen through the app's injectable CLOCK, never by sleeping.
"""
from datetime import date, datetime, timezone

import pytest

from forum.extensions import db
from forum.models import User
from forum.services.recovery import dates


class Clock:
    """A settable clock for the app's CLOCK setting."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, *args, tz=timezone.utc):
        self.moment = datetime(*args, tzinfo=tz)


@pytest.fixture
def clock(app) -> Clock:
    frozen = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    app.config["CLOCK"] = frozen
    return frozen


def put(api, body, persona="member"):
    return api.call("PUT", "/me/recovery", persona, json=body)


# --- arithmetic --------------------------------------------------------------------------------

def test_streak_and_total_count_whole_days_from_the_date(api, clock):
    assert api.get("/me/recovery", "member").json["date"] is None
    answer = put(api, {"date": "2026-03-01"})
    assert answer.status_code == 200
    assert answer.json["streak_days"] == 9 and answer.json["total_days"] == 9
    assert answer.json["show_badge"] is False  # private by default
    assert answer.json["next_milestone"] == {"label": "30 days", "date": "2026-03-31",
                                             "days": 30}
    clock.set(2026, 3, 11, 0, 0)
    assert api.get("/me/recovery", "member").json["streak_days"] == 10


def test_the_day_turns_at_the_members_midnight_not_utcs(api, clock):
    # 23:30 UTC on 9 March is already 10 March in Auckland and still 9 March in Chicago.
    clock.set(2026, 3, 9, 23, 30)
    auckland = put(api, {"date": "2026-03-01", "time_zone": "Pacific/Auckland"}).json
    chicago = put(api, {"date": "2026-03-01", "time_zone": "America/Chicago"}, "mentor").json
    assert auckland["streak_days"] == 9 and chicago["streak_days"] == 8
    # A date that is today in Auckland is still "in the future" for UTC: accepted there.
    assert put(api, {"date": "2026-03-10", "time_zone": "Pacific/Auckland"}).status_code == 200
    assert put(api, {"date": "2026-03-10", "time_zone": "UTC"}).status_code == 422


def test_daylight_saving_change_does_not_gain_or_lose_a_day(api, clock):
    # London moves its clocks forward on 29 March 2026: the days still count one by one.
    clock.set(2026, 3, 28, 23, 30)  # 23:30 GMT, 28 March in London
    put(api, {"date": "2026-03-01", "time_zone": "Europe/London"})
    assert api.get("/me/recovery", "member").json["streak_days"] == 27
    clock.set(2026, 3, 29, 23, 30)  # 00:30 BST on 30 March in London
    assert api.get("/me/recovery", "member").json["streak_days"] == 29


def test_leap_days_count_and_a_29_february_anniversary_falls_on_the_28th():
    start = date(2024, 2, 29)
    assert (date(2025, 3, 1) - start).days == 366
    assert dates.anniversary(start, 1) == date(2025, 2, 28)
    assert dates.anniversary(start, 4) == date(2028, 2, 29)
    assert dates.milestone_on(start, date(2025, 2, 28)).label == "1 year"
    assert dates.whole_years(start, date(2025, 2, 27)) == 0
    assert dates.whole_years(start, date(2026, 3, 1)) == 2


def test_milestones_are_1_7_30_60_90_180_days_then_yearly():
    start = date(2020, 1, 1)
    labels = []
    for milestone in dates.milestones_from(start):
        labels.append(milestone.label)
        if len(labels) == 9:
            break
    assert labels == ["1 day", "7 days", "30 days", "60 days", "90 days", "180 days", "1 year",
                      "2 years", "3 years"]
    assert dates.milestone_on(start, date(2020, 1, 31)).label == "30 days"
    assert dates.milestone_on(start, date(2020, 2, 1)) is None


def test_starting_again_keeps_the_total_and_says_a_kind_word(api, clock):
    put(api, {"date": "2026-01-01"})  # 68 days by 10 March
    answer = api.post("/me/recovery/restart", "member", json={})
    assert answer.status_code == 200
    assert answer.json["streak_days"] == 0 and answer.json["total_days"] == 68
    assert answer.json["date"] == "2026-03-10"
    assert "68 days" in answer.json["message"] and "courage" in answer.json["message"]
    clock.set(2026, 3, 15, 12, 0)
    again = api.get("/me/recovery", "member").json
    assert (again["streak_days"], again["total_days"]) == (5, 73)


def test_restart_on_an_earlier_day_of_the_streak(api, clock):
    put(api, {"date": "2026-03-01"})
    answer = api.post("/me/recovery/restart", "member", json={"date": "2026-03-05"})
    assert (answer.json["streak_days"], answer.json["total_days"]) == (5, 9)


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("body, code", [
    ({"date": "2026-03-11"}, "future_date"),
    ({"date": "1899-12-31"}, "invalid_date"),
    ({"date": "yesterday"}, "invalid_date"),
    ({"date": "2026-02-30"}, "invalid_date"),
    ({"date": 20260301}, "invalid_date"),
    ({}, "required"),
    ({"date": "2026-03-01", "time_zone": "Mars/Olympus"}, "unknown_time_zone"),
    ({"date": "2026-03-01", "show_badge": "yes"}, "invalid"),
])
def test_bad_recovery_dates_are_refused_and_nothing_is_written(api, clock, body, code):
    answer = put(api, body)
    assert answer.status_code == 422, answer.json
    assert answer.json["error"]["code"] == code
    assert api.get("/me/recovery", "member").json["date"] is None


def test_restart_without_a_date_is_a_clear_409(api, clock):
    answer = api.post("/me/recovery/restart", "member", json={})
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "no_recovery_date"


@pytest.mark.parametrize("body", [{"date": "2026-02-01"}, {"date": "2026-03-11"},
                                  {"date": "soon"}])
def test_restart_before_the_streak_or_in_the_future_is_refused(api, clock, body):
    put(api, {"date": "2026-03-01"})
    answer = api.post("/me/recovery/restart", "member", json=body)
    assert answer.status_code == 422
    assert api.get("/me/recovery", "member").json["total_days"] == 9


def test_recovery_is_the_members_own(api, clock):
    assert api.get("/me/recovery").status_code == 401
    assert api.call("PUT", "/me/recovery", json={"date": "2026-03-01"}).status_code == 401


# --- the badge ---------------------------------------------------------------------------------

def test_badge_shows_only_when_chosen(app, api, clock, personas):
    put(api, {"date": "2025-12-10"})  # 90 days by 10 March
    with app.app_context():
        member = db.session.scalar(db.select(User).where(User.handle == personas["member"]))
        assert dates.recovery_badge(member) is None
    put(api, {"date": "2025-12-10", "show_badge": True})
    with app.app_context():
        member = db.session.scalar(db.select(User).where(User.handle == personas["member"]))
        assert dates.recovery_badge(member) == "90 days"
        assert dates.badges_for([member.id, None]) == {member.id: "90 days"}
    put(api, {"date": "2023-03-01"})
    with app.app_context():
        member = db.session.scalar(db.select(User).where(User.handle == personas["member"]))
        assert dates.recovery_badge(member) == "3 years"
