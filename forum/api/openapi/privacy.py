"""OpenAPI paths: a member's own data, where they are signed in, and deleting the account."""
from forum.api.openapi.operations import WRITE_ERRORS, answer, op, with_csrf_header
from forum.api.openapi.schemas import MEMBERS, TIMESTAMP, array, nullable, obj, text

SIGNIN = obj(["id", "kind", "label", "created_at", "current"],
             id=text(description='"session-N" for a browser, "token-N" for an app'),
             kind=text(enum=["browser", "token"]), label=text(), created_at=TIMESTAMP,
             last_seen_at=nullable(TIMESTAMP),
             current={"type": "boolean", "description": "The one this request came with"})

PATHS = with_csrf_header({
    "/me": {"delete": op(
        'Delete my account for good; the handle becomes "deleted member" everywhere, and with '
        "erase_content my posts and messages are erased too",
        (204, answer("Deleted")), security=MEMBERS, body="AccountDeletion",
        errors=(*WRITE_ERRORS, 403))},
    "/me/export": {"get": op(
        "Everything I wrote and set, as one JSON document",
        (200, answer("OK", {"type": "object", "required": ["exported_at", "account"]})),
        security=MEMBERS, errors=(401,))},
    "/me/sessions": {
        "get": op("The browsers and apps I am signed in with",
                  (200, answer("OK", obj(["sessions"], sessions=array(SIGNIN)))),
                  security=MEMBERS, errors=(401,)),
        "delete": op("End every session and token but the one asking",
                     (200, answer("OK", obj(["ended"], ended={"type": "integer"}))),
                     security=MEMBERS, errors=(400, 401))},
    "/me/sessions/{signin_id}": {"delete": op(
        "End one session or token (ending the one asking is logging out)",
        (204, answer("Ended")), security=MEMBERS, errors=(400, 401, 404),
        params=({"name": "signin_id", "in": "path", "required": True, "schema": text(),
                 "description": 'An id from GET /me/sessions, e.g. "session-3"'},))},
})
