"""API: every bad request answers the contract's JSON error, never a 500, and writes nothing."""
import pytest
from sqlalchemy import func, select

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX, Config
from forum.extensions import db
from forum.models import Post, Thread


def assert_error(answer, status: int, code: str, field: str | None = None):
    """The answer is the contract's error shape with this status and code."""
    assert answer.status_code == status, answer.get_data(as_text=True)
    assert answer.mimetype == "application/json"
    error = answer.json["error"]
    assert set(answer.json) == {"error"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) <= {"code", "message", "field", "retry_after"}
    if field is not None:
        assert error["field"] == field


def rows(app) -> tuple[int, int]:
    """How many threads and posts exist."""
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Thread, Post))


@pytest.fixture
def thread(api) -> dict:
    """A thread opened by the member: {"thread": ..., "post": ...}."""
    answer = api.post("/boards/alcohol/threads", "member",
                      json={"title": "Day 12", "body": "Still here, still sober."})
    assert answer.status_code == 201
    return answer.json


def write_routes(thread: dict) -> dict:
    """The writes that take a JSON body, by name: (method, path)."""
    return {"open_thread": ("POST", "/boards/alcohol/threads"),
            "reply": ("POST", f"/threads/{thread['thread']['id']}/posts"),
            "edit": ("PATCH", f"/posts/{thread['post']['id']}")}


def send_to_every_write(api, thread: dict, **request) -> list:
    """Send one raw request to each write that takes a JSON body, as the member."""
    return [api.call(method, path, "member", **request)
            for method, path in write_routes(thread).values()]


@pytest.mark.parametrize("raw", ["{", "{'title': 'x'}", '{"body": "x",}', "nul", b"\xff\xfe{}",
                                 "[" * 100_000, '{"body": 1' + "0" * 5000 + "}"])
def test_malformed_json_answers_400(api, app, thread, raw):
    before = rows(app)
    for answer in send_to_every_write(api, thread, data=raw, content_type="application/json"):
        assert_error(answer, 400, "malformed_json")
    assert rows(app) == before


@pytest.mark.parametrize("raw", ["[]", '["title", "body"]', '"text"', "42", "null", "true"])
def test_json_that_is_not_an_object_answers_400(api, app, thread, raw):
    before = rows(app)
    for answer in send_to_every_write(api, thread, data=raw, content_type="application/json"):
        assert_error(answer, 400, "malformed_json")
    assert rows(app) == before


@pytest.mark.parametrize("raw", ['{"title": "\\ud800", "body": "b"}', '{"body": "b\\udfff"}',
                                 '{"title": "t", "body": "b\\u0000"}', '{"a\\u0000": 1}',
                                 '{"body": "b", "content_warning": ["\\u0000"]}'])
def test_text_no_database_can_store_answers_400(api, app, thread, raw):
    before = rows(app)
    for answer in send_to_every_write(api, thread, data=raw, content_type="application/json"):
        assert_error(answer, 400, "malformed_json")
    assert rows(app) == before


@pytest.mark.parametrize("path", ["/threads/1?page=%00", "/boards?x=%00", "/boards/alcohol/"
                                  "threads?page=1&%00=1"])
def test_a_nul_in_the_query_string_answers_400(api, thread, path):
    assert_error(api.get(path), 400, "bad_request")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", "application/xml"])
def test_a_body_that_is_not_json_answers_415(api, app, thread, content_type):
    before = rows(app)
    for answer in send_to_every_write(api, thread, data='{"title": "t", "body": "b"}',
                                      content_type=content_type):
        assert_error(answer, 415, "unsupported_media_type")
    assert rows(app) == before


def test_a_request_bigger_than_the_limit_answers_413(api, app, thread):
    before = rows(app)
    huge = '{"title": "t", "body": "' + "x" * Config.MAX_CONTENT_LENGTH + '"}'
    answers = send_to_every_write(api, thread, data=huge, content_type="application/json")
    answers.append(api.post("/accounts", data=huge, content_type="application/json"))
    for answer in answers:
        assert_error(answer, 413, "too_large")
    assert rows(app) == before


@pytest.mark.parametrize("body, field, code", [
    ({"body": "b"}, "title", "required"),
    ({"title": None, "body": "b"}, "title", "required"),
    ({"title": "", "body": "b"}, "title", "required"),
    ({"title": " \t\n ", "body": "b"}, "title", "required"),
    ({"title": 42, "body": "b"}, "title", "invalid"),
    ({"title": ["t"], "body": "b"}, "title", "invalid"),
    ({"title": {"t": 1}, "body": "b"}, "title", "invalid"),
    ({"title": "x" * (TITLE_MAX + 1), "body": "b"}, "title", "too_long"),
    ({"title": "t"}, "body", "required"),
    ({"title": "t", "body": None}, "body", "required"),
    ({"title": "t", "body": ""}, "body", "required"),
    ({"title": "t", "body": "  \n\t  "}, "body", "required"),
    ({"title": "t", "body": 42}, "body", "invalid"),
    ({"title": "t", "body": ["b"]}, "body", "invalid"),
    ({"title": "t", "body": True}, "body", "invalid"),
    ({"title": "t", "body": "x" * (POST_MAX + 1)}, "body", "too_long"),
    ({"title": "t", "body": "b", "content_warning": "x" * (CONTENT_WARNING_MAX + 1)},
     "content_warning", "too_long"),
    ({"title": "t", "body": "b", "content_warning": 5}, "content_warning", "invalid"),
])
def test_a_refused_thread_answers_422_with_the_field_and_writes_nothing(api, app, body, field,
                                                                         code):
    before = rows(app)
    answer = api.post("/boards/alcohol/threads", "member", json=body)
    assert_error(answer, 422, code, field)
    assert rows(app) == before


@pytest.mark.parametrize("body, field, code", [
    ({}, "body", "required"),
    ({"body": " "}, "body", "required"),
    ({"body": 3.5}, "body", "invalid"),
    ({"body": ["b"]}, "body", "invalid"),
    ({"body": "x" * (POST_MAX + 1)}, "body", "too_long"),
    ({"body": "b", "content_warning": "x" * (CONTENT_WARNING_MAX + 1)}, "content_warning",
     "too_long"),
    ({"body": "b", "parent_id": "1"}, "parent_id", "invalid"),
    ({"body": "b", "parent_id": True}, "parent_id", "invalid"),
    ({"body": "b", "parent_id": 1.5}, "parent_id", "invalid"),  # 1.0 is 1, as JSON Schema reads it
    ({"body": "b", "parent_id": [1]}, "parent_id", "invalid"),
    ({"body": "b", "parent_id": -1}, "parent_id", "invalid"),
    ({"body": "b", "parent_id": 0}, "parent_id", "unknown_parent"),
    ({"body": "b", "parent_id": 999_999}, "parent_id", "unknown_parent"),
    ({"body": "b", "parent_id": 10**30}, "parent_id", "unknown_parent"),
])
def test_a_refused_reply_answers_422_with_the_field_and_writes_nothing(api, app, thread, body,
                                                                        field, code):
    before = rows(app)
    answer = api.post(f"/threads/{thread['thread']['id']}/posts", "newcomer", json=body)
    assert_error(answer, 422, code, field)
    assert rows(app) == before


def test_a_parent_from_another_thread_answers_422(api, app, thread):
    other = api.post("/boards/newcomers/threads", "newcomer",
                     json={"title": "Hello", "body": "First night."}).json
    before = rows(app)
    answer = api.post(f"/threads/{thread['thread']['id']}/posts", "newcomer",
                      json={"body": "b", "parent_id": other["post"]["id"]})
    assert_error(answer, 422, "unknown_parent", "parent_id")
    assert rows(app) == before


@pytest.mark.parametrize("body, field, code", [
    ({}, "body", "required"), ({"body": ""}, "body", "required"), ({"body": 1}, "body", "invalid"),
    ({"body": "x" * (POST_MAX + 1)}, "body", "too_long"),
    ({"body": "b", "content_warning": "x" * (CONTENT_WARNING_MAX + 1)}, "content_warning",
     "too_long"),
])
def test_a_refused_edit_answers_422_and_changes_nothing(api, thread, body, field, code):
    post_id = thread["post"]["id"]
    assert_error(api.patch(f"/posts/{post_id}", "member", json=body), 422, code, field)
    assert api.get(f"/posts/{post_id}").json["post"] == thread["post"]


def test_the_limits_themselves_are_accepted(api, thread):
    answer = api.post("/boards/alcohol/threads", "member", json={
        "title": "t" * TITLE_MAX, "body": "b" * POST_MAX,
        "content_warning": "w" * CONTENT_WARNING_MAX})
    assert answer.status_code == 201, answer.json
    assert answer.json["thread"]["title"] == "t" * TITLE_MAX
    assert answer.json["post"]["content_warning"] == "w" * CONTENT_WARNING_MAX


def test_control_characters_leave_titles_and_warnings(api):
    answer = api.post("/boards/alcohol/threads", "member", json={
        "title": "One\u0008 day\tat\na\u0007 time", "body": "body",
        "content_warning": "\u0001relapse\u001b"})
    assert answer.status_code == 201, answer.json
    assert answer.json["thread"]["title"] == "One day at a time"
    assert answer.json["post"]["content_warning"] == "relapse"


@pytest.mark.parametrize("method, path", [
    ("GET", "/boards/no-such-board/threads"), ("POST", "/boards/no-such-board/threads"),
    ("GET", "/boards/bad%00slug/threads"), ("GET", "/threads/999999"),
    ("POST", "/threads/999999/posts"), ("GET", "/posts/999999"), ("PATCH", "/posts/999999"),
    ("DELETE", "/posts/999999"), ("GET", "/threads/99999999999999999999999"),
    ("GET", "/posts/2147483648"), ("GET", "/no-such-endpoint"), ("GET", "/threads/abc"),
])
def test_unknown_things_answer_404_json(api, app, method, path):
    before = rows(app)
    answer = api.call(method, path, "member", json={"title": "t", "body": "b"})
    assert_error(answer, 404, "not_found")
    assert answer.json == {"error": {"code": "not_found", "message": "Not found."}}
    assert rows(app) == before


@pytest.mark.parametrize("method, path", [("PUT", "/boards"), ("DELETE", "/boards"),
                                          ("GET", "/accounts"), ("POST", "/me")])
def test_a_wrong_method_answers_405_json(api, method, path):
    assert_error(api.call(method, path, "member"), 405, "method_not_allowed")


@pytest.mark.parametrize("method, path", [
    ("POST", "/boards/alcohol/threads"), ("POST", "/threads/1/posts"), ("PATCH", "/posts/1"),
    ("DELETE", "/posts/1"), ("GET", "/me"),
])
def test_writing_without_signing_in_answers_401_and_writes_nothing(api, app, thread, method,
                                                                    path):
    before = rows(app)
    answer = api.call(method, path, json={"title": "t", "body": "b"})
    assert_error(answer, 401, "unauthorized")
    assert rows(app) == before
