"""The API does what its OpenAPI description says, at the edges a schema fuzzer probes: 405 names
the allowed methods, a query the schema refuses is refused, a body the schema refuses is
refused (lengths are the lengths sent), and a NUL in the address is a documented 400."""
import pytest

from forum.config import CONTENT_WARNING_MAX, TITLE_MAX
from test_api_errors import assert_error, rows, thread  # noqa: F401  (the fixture)


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/boards", {"GET"}), ("DELETE", "/boards", {"GET"}),
    ("GET", "/accounts", {"POST"}), ("PUT", "/posts/1", {"GET", "PATCH", "DELETE"}),
    ("POST", "/moderation/log", {"GET"}),
])
def test_405_names_the_allowed_methods(api, method, path, allowed):
    answer = api.call(method, "" + path, "member")
    assert_error(answer, 405, "method_not_allowed")
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) - {"HEAD", "OPTIONS"} \
        == allowed


def test_a_page_with_a_wrong_method_names_the_allowed_ones_too(client):
    answer = client.put("/login")
    assert answer.status_code == 405
    assert {"GET", "POST"} <= set(answer.headers["Allow"].replace(" ", "").split(","))


@pytest.mark.parametrize("query", ["page=null", "page=0", "page=-1", "page=1.5", "page=abc",
                                   "page=", "page=%EF%BC%91"])
def test_a_page_number_the_schema_refuses_is_refused(api, thread, query):  # noqa: F811
    for path in ("/boards/alcohol/threads", f"/threads/{thread['thread']['id']}"):
        assert_error(api.get(f"{path}?{query}"), 422, "invalid", "page")


@pytest.mark.parametrize("query", ["page=1", "page=2", "page=999999999999999999999"])
def test_any_page_number_the_schema_allows_is_answered(api, thread, query):  # noqa: F811
    for path in ("/boards/alcohol/threads", f"/threads/{thread['thread']['id']}"):
        answer = api.get(f"{path}?{query}")
        assert answer.status_code == 200, answer.json
        assert answer.json["page"] == 1


@pytest.mark.parametrize("query, field", [("before=0", "before"), ("before=-3", "before"),
                                          ("before=null", "before"), ("limit=0", "limit"),
                                          ("limit=201", "limit")])
def test_chat_history_refuses_what_the_schema_refuses(api, query, field):
    assert_error(api.get(f"/chat/rooms/lobby/messages?{query}", "member"), 422, "invalid",
                 field)


@pytest.mark.parametrize("query", ["before=1", "before=99999999999999999999", "limit=200"])
def test_chat_history_takes_what_the_schema_allows(api, query):
    answer = api.get(f"/chat/rooms/lobby/messages?{query}", "member")
    assert answer.status_code == 200 and answer.json == {"messages": []}


def test_a_content_warning_longer_than_the_limit_is_refused_even_if_spaces_collapse(api, app):
    before = rows(app)
    spaced = "w  " * 40  # 120 characters sent; 79 once runs of spaces become one
    answer = api.post("/boards/alcohol/threads", "member",
                      json={"title": "Hello", "body": "Hello", "content_warning": spaced})
    assert_error(answer, 422, "too_long", "content_warning")
    padded_title = " " * 150 + "t" * 60
    answer = api.post("/boards/alcohol/threads", "member",
                      json={"title": padded_title, "body": "Hello"})
    assert_error(answer, 422, "too_long", "title")
    assert rows(app) == before


def test_a_warning_at_the_limit_with_spaces_is_kept_with_its_spaces_collapsed(api):
    warning = "a  b" + "c" * (CONTENT_WARNING_MAX - 4)
    answer = api.post("/boards/alcohol/threads", "member",
                      json={"title": "t" * TITLE_MAX, "body": "Hello", "content_warning": warning})
    assert answer.status_code == 201, answer.json
    assert answer.json["post"]["content_warning"] == "a b" + "c" * (CONTENT_WARNING_MAX - 4)


def test_a_nul_in_the_query_string_is_a_documented_400(api, client):
    answer = api.get("/boards?x=%00")
    assert_error(answer, 400, "bad_request")
    spec = client.get("/api/v1/openapi.json").json
    assert "NUL" in spec["components"]["responses"]["E400"]["description"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert "400" in operation["responses"], f"{method.upper()} {path} lacks 400"
