"""The API blueprint and what every API request goes through: JSON bodies, auth, CSRF."""
import json

from flask import Blueprint, current_app, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from forum.api.errors import ApiError, error_response
from forum.extensions import csrf, limiter
from forum.models.base import database_id
from forum.outages import RETRY_AFTER_SECONDS, database_unavailable
from forum.ratelimits import configured_limit
from forum.security import signed_in_with
from forum.services import Conflict, Forbidden, NotFound, ValidationError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer-token clients carry no CSRF token; cookie writes are checked below
posting_limit = limiter.limit(configured_limit("POSTING_LIMIT"))  # threads, replies and flags

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def _check_request():
    """A bearer token, when sent, decides who is asking (security.py) and a bad one is refused;
    ids no row can have are 404 at once; cookie writes need CSRF; bodies must be JSON."""
    by_token = current_user.is_authenticated and signed_in_with().token_hash is not None
    if "Authorization" in request.headers and not by_token:
        raise ApiError(401, "invalid_token", "That token is unknown or was revoked (a password "
                       "change ends every token). Please get a new one from POST /api/v1/tokens "
                       "and send it as 'Authorization: Bearer TOKEN'.")  # never ignored
    _check_address()
    if request.method not in WRITE_METHODS:
        return
    if current_user.is_authenticated and not by_token:
        csrf.protect()
    if request.content_length and not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Please send a JSON body (application/json).")


@bp.after_request
def _no_store(response):
    """API answers can hold private things (tokens, held posts, exports): no cache keeps them."""
    response.headers.setdefault("Cache-Control", "no-store")
    response.vary.update(("Authorization", "Cookie"))
    return response


def _check_address() -> None:
    """404 for a path no row can match, 400 for a query no database can take (NUL bytes)."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and database_id(value) is None or \
                isinstance(value, str) and "\x00" in value:
            raise NotFound()  # /posts/99999999999999999999: no row can have that id
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        raise ApiError(400, "bad_request", "The address holds a NUL character (%00).")


def json_body() -> dict:
    """The request's JSON object ({} when there is no body), or a 400/415 saying what was wrong."""
    raw = request.get_data(cache=True)  # raises 413 past MAX_CONTENT_LENGTH
    if not raw:
        return {}
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Please send a JSON body (application/json).")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(400, "malformed_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "malformed_json", "The request body must be a JSON object.")
    if not _storable_text(data):
        raise ApiError(400, "malformed_json", "The request body holds text no database can "
                       "store: a NUL character (\\u0000) or a lone surrogate such as \\ud800.")
    # JSON Schema reads 5.0 as the whole number 5, and so does every route (ids, versions).
    return {key: int(value) if isinstance(value, float) and value.is_integer() else value
            for key, value in data.items()}


def _storable_text(data) -> bool:
    """False if any text in the parsed JSON holds NUL or a lone surrogate, which PostgreSQL
    refuses: answering 400 here keeps every route, whoever wrote it, from a 500."""
    pending = [data]
    while pending:  # a loop, not recursion: JSON nests as deep as the parser allowed
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return False
            if "\x00" in value:
                return False
    return True


def query_int(name: str, default: int | None = None, cap: int | None = None) -> int | None:
    """A whole-number query parameter of 1 or more, as the OpenAPI description states it:
    left out, the default; anything else (null, 0, -1, 1.5, "") is a 422 naming it. Numbers
    past `cap` mean `cap`, so the database never sees a number no row can match."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError(f"'{name}' must be a whole number, 1 or more.", name)
    return min(int(raw), cap) if cap is not None else int(raw)


def require_member():
    """The signed-in member, or a 401 asking them to sign in."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorized", "Please sign in: send 'Authorization: Bearer TOKEN'.")
    return current_user._get_current_object()


@bp.errorhandler(Exception)
def _api_error(error):
    """Every error raised by an API view answers in the contract's JSON shape (a database
    that is away: 503, as on the pages)."""
    if isinstance(error, SQLAlchemyError) and database_unavailable(current_app, error):
        return error_response(ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS))
    if not isinstance(error, (ApiError, HTTPException, ValidationError, NotFound, Forbidden,
                              Conflict)):
        current_app.logger.exception("API request failed")
    return error_response(error)
