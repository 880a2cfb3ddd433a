"""The daily check-in (issue 14): one thread a day opened by the first check-in, unique by day
even when two processes race; a second check-in the same day is a clear 409; the note is
screened like any post and bounded; the calendar is the member's own."""
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Checkin, CheckinDay, Post, Thread, User
from forum.services import Conflict
from forum.services.recovery import checkins

from test_recovery_date import Clock

CRISIS = "I want to die tonight, I can't do this anymore"


@pytest.fixture
def clock(app) -> Clock:
    frozen = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    app.config["CLOCK"] = frozen
    return frozen


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_first_check_in_opens_the_days_thread_and_the_next_joins_it(app, api, clock):
    first = api.post("/checkins", "member", json={})
    assert first.status_code == 201, first.json
    assert first.json["date"] == "2026-03-10"
    second = api.post("/checkins", "mentor", json={"note": "Went to a meeting, felt good."})
    assert second.status_code == 201
    assert second.json["thread_id"] == first.json["thread_id"]
    thread = api.get(f"/threads/{first.json['thread_id']}").json
    assert thread["thread"]["title"] == "Daily check-in: Tuesday 10 March 2026"
    assert thread["thread"]["board"] == "daily-check-in"
    bodies = [p["body_html"] for p in thread["posts"]]
    assert "Staying sober today." in bodies[1] and "Went to a meeting" in bodies[2]
    assert count(app, CheckinDay) == 1


def test_a_second_check_in_the_same_day_is_a_clear_no_op(app, api, clock):
    assert api.post("/checkins", "member", json={}).status_code == 201
    again = api.post("/checkins", "member", json={"note": "again"})
    assert again.status_code == 409
    assert again.json["error"]["code"] == "already_checked_in"
    assert count(app, Checkin) == 1 and count(app, Post) == 2  # the opening post and one pledge


def test_the_next_day_in_the_members_zone_is_a_new_thread(app, api, clock):
    api.call("PUT", "/me/recovery", "member",
             json={"date": "2026-01-01", "time_zone": "Pacific/Auckland"})
    clock.set(2026, 3, 10, 10, 0)  # 23:00 in Auckland
    first = api.post("/checkins", "member", json={}).json
    clock.set(2026, 3, 10, 11, 30)  # 00:30 on 11 March in Auckland, still 10 March in UTC
    second = api.post("/checkins", "member", json={})
    assert second.status_code == 201
    assert (first["date"], second.json["date"]) == ("2026-03-10", "2026-03-11")
    assert second.json["thread_id"] != first["thread_id"]
    calendar = api.get("/me/checkins", "member").json
    assert calendar == {"checkins": [{"date": "2026-03-11"}, {"date": "2026-03-10"}]}


def test_the_calendar_is_the_members_own(api, clock):
    api.post("/checkins", "member", json={"note": "one day at a time"})
    assert api.get("/me/checkins", "member").json["checkins"] == [
        {"date": "2026-03-10", "note": "one day at a time"}]
    assert api.get("/me/checkins", "mentor").json == {"checkins": []}
    assert api.get("/me/checkins").status_code == 401
    assert api.post("/checkins", json={}).status_code == 401


@pytest.mark.parametrize("note, code", [("x" * 20_000, "too_long"), (42, "invalid"),
                                        (["a"], "invalid")])
def test_a_bad_note_is_refused_and_nothing_is_half_written(app, api, clock, note, code):
    answer = api.post("/checkins", "member", json={"note": note})
    assert answer.status_code == 422
    assert (answer.json["error"]["code"], answer.json["error"]["field"]) == (code, "note")
    assert count(app, Checkin) == 0 and count(app, Post) == 0 and count(app, Thread) == 0
    assert api.post("/checkins", "member", json={}).status_code == 201  # still free to check in


def test_the_note_is_screened_like_any_post(app, api, clock):
    answer = api.post("/checkins", "newcomer", json={"note": CRISIS})
    assert answer.status_code == 201
    assert answer.json["notice"]["code"] == "crisis"


def test_a_muted_member_cannot_check_in_and_nothing_is_written(app, api, clock, personas):
    with app.app_context():
        member = db.session.scalar(select(User).where(User.handle == personas["member"]))
        member.muted_until = datetime(2030, 1, 1, tzinfo=timezone.utc)
        db.session.commit()
    assert api.post("/checkins", "member", json={}).status_code == 403
    assert count(app, Checkin) == 0


def _race(make_app, personas, clock, monkeypatch) -> list:
    """Two processes (two apps, two threads, two connections) make the day's first check-in at
    the same moment: both have looked and found no thread before either writes one."""
    barrier = threading.Barrier(2, timeout=10)
    found_none = checkins._checkin_board

    def both_looked():
        barrier.wait()
        return found_none()

    monkeypatch.setattr(checkins, "_checkin_board", both_looked)
    results, errors = [], []
    # Each "process" gets its own app, built here rather than in its thread: CPython 3.11 before
    # 3.11.8 can fail compiling two apps' URL rules at once ("AST constructor recursion depth
    # mismatch"), which is the interpreter's race, not the forum's.
    apps = {p: make_app(CLOCK=clock) for p in ("member", "mentor")}

    def check_in(handle: str, app):
        try:
            with app.app_context():
                member = db.session.scalar(select(User).where(User.handle == handle))
                results.append(checkins.check_in(member).thread_id)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    workers = [threading.Thread(target=check_in, args=(personas[p], apps[p]))
               for p in ("member", "mentor")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert not errors, errors
    return results


def test_two_first_check_ins_at_once_make_one_thread(app, make_app, personas, clock,
                                                     monkeypatch):
    results = _race(make_app, personas, clock, monkeypatch)
    assert len(results) == 2 and results[0] == results[1]
    assert count(app, CheckinDay) == 1 and count(app, Checkin) == 2
    with app.app_context():
        titles = db.session.scalars(select(Thread.title)).all()
    assert titles == ["Daily check-in: Tuesday 10 March 2026"]


def test_two_first_check_ins_at_once_make_one_thread_on_postgresql(services, app, make_app,
                                                                   personas, clock,
                                                                   monkeypatch):
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
    test_two_first_check_ins_at_once_make_one_thread(app, make_app, personas, clock,
                                                     monkeypatch)


def test_the_same_member_twice_at_once_checks_in_once(app, make_app, personas, clock):
    """A double click reaching two processes: one check-in, the other a Conflict."""
    outcomes = []
    barrier = threading.Barrier(2, timeout=10)

    apps = [make_app(CLOCK=clock) for _ in range(2)]  # built outside the threads, as in _race

    def check_in(app_):
        with app_.app_context():
            member = db.session.scalar(select(User).where(User.handle == personas["member"]))
            barrier.wait()
            try:
                checkins.check_in(member)
                outcomes.append("ok")
            except Conflict as error:
                outcomes.append(error.code)

    workers = [threading.Thread(target=check_in, args=(app_,)) for app_ in apps]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert sorted(outcomes) == ["already_checked_in", "ok"]
    assert count(app, Checkin) == 1
    with app.app_context():
        pledges = db.session.scalar(select(func.count()).select_from(Post).where(
            Post.author_id.is_not(None)))
    assert pledges == 1


STORY = "the first time I shot up I thought I'd found the answer"


def test_a_note_the_screening_asks_a_warning_for_needs_one(app, api, clock):
    bare = api.post("/checkins", "member", json={"note": STORY})
    assert bare.status_code == 422
    assert bare.json["error"]["code"] == "content_warning_required"
    assert count(app, Checkin) == 0
    warned = api.post("/checkins", "member", json={"note": STORY,
                                                   "content_warning": "Describes use"})
    assert warned.status_code == 201
    post = api.get(f"/posts/{warned.json['post_id']}").json["post"]
    assert post["content_warning"] == "Describes use"
