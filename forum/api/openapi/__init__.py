"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Built from small helpers so each operation reads as one line per fact: schemas.py holds the
shapes, operations.py the builders, boards.py and community.py the paths. The test suite checks
that every /api/v1 route appears here with its methods, and nothing else does.
"""
from flask import jsonify

from forum.api.blueprint import bp
from forum.api.openapi import (boards, community, crisis, interact, privacy, reading, recovery,
                               spaces)
from forum.api.openapi.operations import ERRORS, answer, op
from forum.api.openapi.schemas import REQUESTS, SCHEMAS, ref, text



def merge_paths(*groups: dict) -> dict:
    """One paths object from several, joining the methods of a path described in more than one."""
    merged: dict = {}
    for group in groups:
        for path, operations in group.items():
            merged.setdefault(path, {}).update(operations)
    return dict(sorted(merged.items()))


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
    "paths": merge_paths(boards.PATHS, community.PATHS, interact.PATHS, privacy.PATHS,
                         crisis.PATHS, reading.PATHS, recovery.PATHS, spaces.PATHS, {
        "/openapi.json": {"get": op("This description", (200, answer("OK", {"type": "object"})),
                                    security=[{}])}}),
    "components": {
        "schemas": {**SCHEMAS, **REQUESTS, **crisis.REQUESTS, **interact.REQUESTS,
                    **reading.SCHEMAS, **recovery.REQUESTS, **spaces.SCHEMAS, **spaces.REQUESTS},
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
