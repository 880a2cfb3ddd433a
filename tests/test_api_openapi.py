"""The OpenAPI description matches the routes the app really serves, and holds together."""
import re

import pytest

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def served_operations(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) for every /api/v1 rule, openapi.json itself left out."""
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/") or rule.rule == PREFIX + "/openapi.json":
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(PREFIX):])
        operations |= {(path, method.lower()) for method in rule.methods - IGNORED_METHODS}
    return operations


def described_operations(spec: dict) -> set[tuple[str, str]]:
    """(path, method) for every operation in the description, openapi.json left out."""
    return {(path, method) for path, item in spec["paths"].items() for method in item
            if path != "/openapi.json"}


@pytest.fixture
def spec(client) -> dict:
    """The description as served."""
    answer = client.get(PREFIX + "/openapi.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    return answer.json


def test_every_route_is_described_and_nothing_else(app, spec):
    served, described = served_operations(app), described_operations(spec)
    assert served - described == set(), "routes missing from the OpenAPI description"
    assert described - served == set(), "the description names routes the app does not serve"
    assert "/openapi.json" in spec["paths"]


def test_path_parameters_match_the_path_templates(spec):
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            declared = {p["name"] for p in operation.get("parameters", [])
                        if "$ref" not in p and p["in"] == "path"}
            assert declared == names, f"{method.upper()} {path}"


def resolve(spec: dict, reference: str):
    """The object a local $ref points at."""
    node = spec
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return node


def refs(node):
    """Every $ref string anywhere under node."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_reference_resolves(spec):
    found = list(refs(spec))
    assert found
    for reference in found:
        assert reference.startswith("#/"), reference
        resolve(spec, reference)


def test_the_document_has_the_required_top_level_parts(spec):
    assert spec["openapi"].startswith("3.1")
    assert spec["info"]["title"] and spec["info"]["version"]
    assert spec["servers"] == [{"url": PREFIX}]
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        **spec["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert "X-CSRFToken" in spec["info"]["description"]


def test_every_operation_has_a_summary_and_a_success_answer(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            assert operation["summary"], f"{method} {path}"
            assert any(code.startswith("2") for code in operation["responses"]), f"{method} {path}"


def test_every_write_names_the_csrf_header_and_every_error_the_error_shape(spec):
    csrf = {"$ref": "#/components/parameters/CSRFToken"}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"post", "patch", "delete"}:
                assert csrf in operation["parameters"], f"{method} {path}"
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    body = resolve(spec, response["$ref"])["content"]["application/json"]
                    assert body["schema"] == {"$ref": "#/components/schemas/Error"}
    error = spec["components"]["schemas"]["Error"]["properties"]["error"]
    assert set(error["required"]) == {"code", "message"}


def test_request_bodies_carry_the_configured_limits(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["NewThread"]["properties"]["title"]["maxLength"] == TITLE_MAX
    assert schemas["NewThread"]["properties"]["body"]["maxLength"] == POST_MAX
    assert schemas["NewPost"]["properties"]["body"]["maxLength"] == POST_MAX
    assert schemas["PostEdit"]["properties"]["body"]["maxLength"] == POST_MAX
    for name in ("NewThread", "NewPost", "PostEdit"):
        assert schemas[name]["properties"]["content_warning"]["maxLength"] == CONTENT_WARNING_MAX
    assert set(schemas["NewThread"]["required"]) == {"title", "body"}
    assert schemas["NewAccount"]["required"] == ["password"]
    assert schemas["NewAccount"]["properties"]["password"]["minLength"] == 10


def test_the_post_schema_lists_the_contracts_fields(spec):
    post = spec["components"]["schemas"]["Post"]
    contract = {"id", "thread_id", "parent_id", "author", "body_html", "content_warning",
                "status", "created_at"}
    assert contract <= set(post["required"])
    assert post["properties"]["status"]["enum"] == ["published", "pending", "hidden"]


def test_real_answers_have_the_described_fields(api, spec):
    """A created thread and post carry exactly the properties the schemas describe."""
    created = api.post("/boards/alcohol/threads", "member", json={"title": "t", "body": "b"}).json
    schemas = spec["components"]["schemas"]
    assert set(created["post"]) == set(schemas["Post"]["properties"])
    assert set(created["thread"]) == set(schemas["Thread"]["properties"])
    board = api.get("/boards").json["boards"][0]
    assert set(board) == set(schemas["Board"]["properties"])
    assert set(api.get("/me", "member").json) == set(schemas["Me"]["properties"])

