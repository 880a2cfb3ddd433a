"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Built from small helpers so each operation reads as one line per fact. The test suite checks that
every /api/v1 route appears here with its methods, and nothing else does.
"""
from flask import jsonify

from forum.api.blueprint import bp
from forum.config import (CONTENT_WARNING_MAX, PASSWORD_MAX, PASSWORD_MIN, POST_MAX,
                          THREADS_PER_PAGE, TITLE_MAX, TOP_LEVEL_POSTS_PER_PAGE, Config)
from forum.services.accounts import HANDLE_PATTERN, RECOVERY_CODE_COUNT

ANYONE = [{}, {"bearerAuth": []}, {"cookieAuth": []}]  # reading works signed in or not
MEMBERS = [{"bearerAuth": []}, {"cookieAuth": []}]


# --- schema helpers -------------------------------------------------------------------------

def ref(name: str) -> dict:
    """A reference to a schema under components/schemas."""
    return {"$ref": f"#/components/schemas/{name}"}


def text(max_length: int | None = None, min_length: int | None = None, **extra) -> dict:
    """A string schema with optional length limits."""
    schema = {"type": "string", **extra}
    if min_length is not None:
        schema["minLength"] = min_length
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def nullable(schema: dict) -> dict:
    """The schema, or null (JSON Schema 2020-12 spells it as a list of types)."""
    return {**schema, "type": [schema["type"], "null"]}


def obj(required: list[str], **properties) -> dict:
    """An object schema with these properties, of which `required` must be present."""
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def array(items: dict, **extra) -> dict:
    """An array schema."""
    return {"type": "array", "items": items, **extra}


TIMESTAMP = text(format="date-time", description="ISO 8601 in UTC, e.g. 2025-01-31T02:14:00Z")
ID = {"type": "integer", "minimum": 1}

SCHEMAS = {
    "Error": obj(["error"], error=obj(
        ["code", "message"], code=text(description="Stable, machine-readable, e.g. not_found"),
        message=text(description="Plain words a member can read"),
        field=text(description="The JSON key at fault, for validation errors"),
        retry_after={"type": "integer", "description": "Seconds to wait, for 429"})),
    "Author": obj(["handle"], handle=text(32, description='A handle, or "deleted member"')),
    "Post": obj(
        ["id", "thread_id", "parent_id", "author", "body_html", "content_warning", "status",
         "created_at"],
        id=ID, thread_id=ID, parent_id=nullable(ID), author=ref("Author"),
        body_html=text(description="Sanitised HTML: the only HTML rendering of member text; "
                       "empty once the post is removed"),
        content_warning=nullable(text(CONTENT_WARNING_MAX)),
        status=text(enum=["published", "pending", "hidden"],
                     description="pending: held for review; hidden and pending posts are seen "
                     "only by their author and moderators"),
        created_at=TIMESTAMP, edited_at=nullable(TIMESTAMP),
        removed={"type": "boolean", "description": "Removed by its author: a placeholder that "
                 "keeps its place in the reply tree"},
        depth={"type": "integer", "minimum": 0, "description": "0 for a top-level post"}),
    "Thread": obj(
        ["id", "title", "author", "reply_count", "last_activity_at"],
        id=ID, board=text(description="The board's slug"), title=text(TITLE_MAX),
        author=ref("Author"), status=text(enum=["published", "pending", "hidden"]),
        reply_count={"type": "integer", "minimum": 0}, locked={"type": "boolean"},
        created_at=TIMESTAMP, last_activity_at=TIMESTAMP),
    "Board": obj(["slug", "name", "description"], slug=text(64), name=text(100),
                 description=text(500)),
    "Me": obj(["handle", "role"], handle=text(32),
              role=text(enum=["member", "mentor", "moderator", "admin"]), created_at=TIMESTAMP),
    "Notice": obj(["code", "message"], code=text(), message=text()),
}

PASSWORD = text(PASSWORD_MAX, PASSWORD_MIN, description="Not a common password, and not "
                "containing the handle")
HANDLE = text(32, 3, pattern=HANDLE_PATTERN.pattern,
              description="Unique regardless of case; no e-mail, phone number, link or "
              "official-looking word")
BODY = text(POST_MAX, 1, description="Markdown; not only whitespace")
WARNING = nullable(text(CONTENT_WARNING_MAX, description="Plain text shown before the post"))
REQUESTS = {
    "NewAccount": obj(["password"], password=PASSWORD, handle=nullable(
        {**HANDLE, "description": HANDLE["description"] + "; left out, one is chosen for you"})),
    "NewToken": obj(["handle", "password"], handle=text(32), password=text(PASSWORD_MAX)),
    "NewThread": obj(["title", "body"], title=text(TITLE_MAX, 1, description="One line of plain "
                     "text; runs of whitespace become one space"), body=BODY,
                     content_warning=WARNING),
    "NewPost": obj(["body"], body=BODY, content_warning=WARNING, parent_id=nullable(
        {**ID, "description": "The post replied to; it must be in the same thread"})),
    "PostEdit": obj(["body"], body=BODY, content_warning={
        **WARNING, "description": "Left out, the warning stays; null removes it"}),
}

# --- operation helpers ----------------------------------------------------------------------

ERRORS = {
    400: "malformed_json: the body is not a JSON object; csrf_failed: a cookie-authenticated "
         "write without a valid X-CSRFToken header",
    401: "unauthorized: sign in first; invalid_token: the bearer token is unknown or revoked",
    403: "forbidden: signed in, but this is not yours to do",
    404: "not_found: no such thing, or it is hidden or held and not yours (the same answer)",
    409: "handle_taken: someone already has that handle (regardless of case)",
    413: f"too_large: the request is bigger than {Config.MAX_CONTENT_LENGTH // 1024} KB",
    415: "unsupported_media_type: the body is not application/json",
    422: "a field is missing, of the wrong type, empty or too long; `field` names it",
    429: "rate_limited: too many requests; wait `retry_after` seconds",
}


def json_content(schema: dict) -> dict:
    """An application/json content map."""
    return {"application/json": {"schema": schema}}


def answer(description: str, schema: dict | None = None) -> dict:
    """A response object, with a JSON body when a schema is given."""
    response = {"description": description}
    if schema is not None:
        response["content"] = json_content(schema)
    return response


def path_id(name: str, what: str) -> dict:
    """An integer id in the path."""
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id",
            "schema": {"type": "integer"}}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": text(64),
        "description": "The board's slug, e.g. newcomers"}


def page_param(per_page: str) -> dict:
    """The ?page=N query parameter."""
    return {"name": "page", "in": "query", "required": False,
            "description": f"1-based; {per_page} a page. Past the end answers the last page; "
                           "anything that is not a number means page 1.",
            "schema": {"type": "integer", "minimum": 1, "default": 1}}


def op(summary: str, ok: tuple, *, security=ANYONE, body: str | None = None, params=(),
       errors=()) -> dict:
    """One operation: what it does, its success answer, who may call it and how it can fail."""
    status, response = ok
    operation = {"summary": summary, "security": security,
                 "responses": {str(status): response,
                               **{str(code): {"$ref": f"#/components/responses/E{code}"}
                                  for code in sorted(errors)}}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": json_content(ref(body))}
    if params:
        operation["parameters"] = list(params)
    return operation


def with_csrf_header(paths: dict) -> dict:
    """Name the X-CSRFToken header on every write, where cookie-authenticated clients need it."""
    for operations in paths.values():
        for method, operation in operations.items():
            if method in ("post", "put", "patch", "delete"):
                operation.setdefault("parameters", []).append(
                    {"$ref": "#/components/parameters/CSRFToken"})
    return paths


WRITE_ERRORS = (400, 401, 413, 415, 422, 429)

PATHS = with_csrf_header({
    "/accounts": {"post": op(
        "Sign up: answers the handle and ten recovery codes, shown this once",
        (201, answer("Created", obj(["handle", "recovery_codes"], handle=text(32),
                                    recovery_codes=array(text(), minItems=RECOVERY_CODE_COUNT,
                                                         maxItems=RECOVERY_CODE_COUNT)))),
        body="NewAccount", errors=(400, 409, 413, 415, 422, 429))},
    "/tokens": {"post": op(
        "Exchange a handle and password for a bearer token",
        (201, answer("Created", obj(["token"], token=text()))),
        body="NewToken", errors=(400, 401, 413, 415, 422, 429))},
    "/me": {"get": op("The signed-in member's own account", (200, answer("OK", ref("Me"))),
                      security=MEMBERS, errors=(401,))},
    "/boards": {"get": op("Every board, in the forum's order",
                          (200, answer("OK", obj(["boards"], boards=array(ref("Board"))))),
                          errors=(401,))},
    "/boards/{slug}/threads": {
        "get": op("A board's threads, most recent activity first",
                  (200, answer("OK", obj(["threads", "page", "pages"],
                                         threads=array(ref("Thread")), page=ID, pages=ID))),
                  params=(SLUG, page_param(f"{THREADS_PER_PAGE} threads")), errors=(401, 404)),
        "post": op("Open a thread with its first post",
                   (201, answer("Created", obj(["thread", "post"], thread=ref("Thread"),
                                               post=ref("Post"), notice=ref("Notice")))),
                   security=MEMBERS, body="NewThread", params=(SLUG,),
                   errors=(*WRITE_ERRORS, 403, 404))},
    "/threads/{thread_id}": {"get": op(
        "One page of a thread: top-level posts with all their replies, in reading order",
        (200, answer("OK", obj(["thread", "posts", "page", "pages"], thread=ref("Thread"),
                               posts=array(ref("Post")), page=ID, pages=ID))),
        params=(path_id("thread_id", "thread"),
                page_param(f"{TOP_LEVEL_POSTS_PER_PAGE} top-level posts")), errors=(401, 404))},
    "/threads/{thread_id}/posts": {"post": op(
        "Reply to the thread, or to one of its posts with parent_id",
        (201, answer("Created", obj(["post"], post=ref("Post"), notice=ref("Notice")))),
        security=MEMBERS, body="NewPost", params=(path_id("thread_id", "thread"),),
        errors=(*WRITE_ERRORS, 403, 404))},
    "/posts/{post_id}": {
        "get": op("One post", (200, answer("OK", obj(["post"], post=ref("Post")))),
                  params=(path_id("post_id", "post"),), errors=(401, 404)),
        "patch": op("The author edits their own post: edited_at is set, the HTML re-rendered",
                    (200, answer("OK", obj(["post"], post=ref("Post")))), security=MEMBERS,
                    body="PostEdit", params=(path_id("post_id", "post"),),
                    errors=(*WRITE_ERRORS, 403, 404)),
        "delete": op("Remove one's own post; a placeholder keeps its place and its replies",
                     (204, answer("Removed")), security=MEMBERS,
                     params=(path_id("post_id", "post"),), errors=(400, 401, 403, 404))},
    "/openapi.json": {"get": op("This description", (200, answer("OK", {"type": "object"})),
                                security=[{}])},
})

SPEC: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "Recovery forum API", "version": "1",
        "description": "A moderated, anonymous peer-support forum. Sign in with "
                       "`Authorization: Bearer TOKEN` (POST /tokens). Browsers may use the "
                       "session cookie instead, but then every write (POST, PATCH, DELETE) must "
                       "carry the CSRF token in the X-CSRFToken header. Every error is "
                       '`{"error": {"code", "message"}}`; hidden or held content answers 404 '
                       "to everyone but its author and moderators, exactly like missing content.",
    },
    "servers": [{"url": "/api/v1"}],
    "paths": PATHS,
    "components": {
        "schemas": {**SCHEMAS, **REQUESTS},
        "responses": {f"E{code}": answer(description, ref("Error"))
                      for code, description in ERRORS.items()},
        "parameters": {"CSRFToken": {
            "name": "X-CSRFToken", "in": "header", "required": False, "schema": text(),
            "description": "Required when signed in with the session cookie; not needed with a "
                           "bearer token"}},
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer",
                           "description": "A token from POST /tokens; a password change or "
                                          "account recovery revokes every token"},
            "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "forum_session",
                           "description": "The browser session; writes need X-CSRFToken"},
        },
    },
}


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(SPEC)
