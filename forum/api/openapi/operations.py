"""Builders for OpenAPI operations: parameters, answers, errors and the CSRF header."""
from forum.api.openapi.schemas import ANYONE, ref, text
from forum.config import Config

ERRORS = {
    400: "bad_request: the address holds a NUL character (%00), in a path or the query "
         "string, which no database can take (any operation); malformed_json: the body is not a "
         "JSON object, or its text holds a NUL character (\\u0000) or a lone surrogate; "
         "csrf_failed: a cookie-authenticated write without a valid X-CSRFToken header",
    401: "unauthorized: sign in first; invalid_token: the bearer token is unknown or revoked",
    403: "forbidden: signed in, but this is not yours to do; wrong_password: the password "
         "given to confirm (DELETE /me) is not yours",
    404: "not_found: no such thing, or it is hidden or held and not yours (the same answer)",
    409: "handle_taken: someone already has that handle (regardless of case), or one that "
         "looks the same at a glance (0 for O, 1 for l, rn for m, only _ or - apart)",
    413: f"too_large: the request is bigger than {Config.MAX_CONTENT_LENGTH // 1024} KB",
    415: "unsupported_media_type: the body is not application/json",
    422: "a field is missing, of the wrong type, empty or too long; `field` names it",
    429: "rate_limited: too many requests; wait `retry_after` seconds",
    503: "unavailable: the database can't be reached for a moment (any operation); wait "
         "`retry_after` seconds, also sent as the Retry-After header",
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


def query_int(name: str, description: str, **schema) -> dict:
    """An optional whole-number query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "integer", "minimum": 1, **schema}}


def page_param(per_page: str) -> dict:
    """The ?page=N query parameter."""
    return {"name": "page", "in": "query", "required": False,
            "description": f"1-based; {per_page} a page. Past the end answers the last "
                           "page; anything but a whole number of 1 or more is a 422.",
            "schema": {"type": "integer", "minimum": 1, "default": 1}}


def op(summary: str, ok: tuple, *, security=ANYONE, body: str | None = None, params=(),
       errors=(), description: str | None = None) -> dict:
    """One operation: what it does, its success answer, who may call it and how it can fail."""
    status, response = ok
    # Any address can hold a NUL character, answered 400 before any route looks at it; any
    # operation can meet the database away (503).
    operation = {"summary": summary, "security": security,
                 "responses": {str(status): response,
                               **{str(code): {"$ref": f"#/components/responses/E{code}"}
                                  for code in sorted({400, 503, *errors})}}}
    if description is not None:
        operation["description"] = description
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
