"""The suite's copies of a built world (tests/saved_rows.py, `copy_of` in conftest.py): a test's
copy holds exactly the rows the build made, under the same ids, and new rows go on after them."""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Board, Thread

from saved_rows import saved_rows


def _two_threads(app, api) -> list[int]:
    """A small world: two threads on the newcomers board."""
    ids = []
    for title in ("First week", "Second week"):
        answer = api.post("/boards/newcomers/threads", "member",
                          json={"title": title, "body": "Still here."})
        assert answer.status_code == 201, answer.json
        ids.append(answer.json["thread"]["id"])
    return ids


def test_a_copy_holds_exactly_the_rows_the_build_made(app, copy_of, built_once):
    ids = copy_of(_two_threads)
    _result, built = built_once(_two_threads)
    copied = saved_rows(app)
    assert copied == built
    assert [row["id"] for row in copied["threads"]] == ids
    assert {row["handle"] for row in copied["users"]} >= {"SamRiver", "Nell"}


def test_new_rows_after_a_copy_take_the_next_ids_and_the_saved_rows_stay(app, api, copy_of,
                                                                       built_once):
    ids = copy_of(_two_threads)
    answer = api.post("/boards/newcomers/threads", "member",
                      json={"title": "Third week", "body": "Still here."})
    assert answer.status_code == 201, answer.json
    assert answer.json["thread"]["id"] == max(ids) + 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Thread)) == 3
        assert db.session.scalar(select(func.count()).select_from(Board)) > 0
    assert len(built_once(_two_threads)[1]["threads"]) == 2  # the saved rows are untouched
