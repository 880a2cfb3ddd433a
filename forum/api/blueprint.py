"""The API blueprint and what every API request goes through: JSON bodies, auth, CSRF."""
import json

from flask import Blueprint, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from forum.api.errors import ApiError, error_response
from forum.extensions import csrf, login_manager
from forum.services import Conflict, Forbidden, NotFound, ValidationError
from forum.services.accounts import user_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer-token clients carry no CSRF token; cookie writes are checked below

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def _check_request():
    """A bearer token decides who is asking; cookie writes need CSRF; bodies must be JSON."""
    if "Authorization" in request.headers:
        _authenticate_bearer()
    if request.method not in WRITE_METHODS:
        return
    if current_user.is_authenticated and not g.get("auth_via_token"):
        csrf.protect()
    if request.content_length and not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Please send a JSON body (application/json).")


def _authenticate_bearer() -> None:
    """Sign the request in with its bearer token, or refuse it: a bad token is never ignored."""
    scheme, _, token = request.headers["Authorization"].partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise ApiError(401, "invalid_token", "That token is unknown or was revoked (a password "
                       "change ends every token). Please get a new one from POST /api/v1/tokens "
                       "and send it as 'Authorization: Bearer TOKEN'.")
    # The token wins over any session cookie sent alongside it, so CSRF rules cannot mix them up.
    login_manager._update_request_context_with_user(user)
    g.auth_via_token = True


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
    if not _valid_unicode(data):
        raise ApiError(400, "malformed_json", "The request body holds text that is not valid "
                       "Unicode (a lone surrogate escape such as \\ud800).")
    return data


def _valid_unicode(data) -> bool:
    """False if any text in the parsed JSON holds a lone surrogate, which no database can store."""
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
    return True


def viewer():
    """The signed-in member, or None for an anonymous reader."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def require_member():
    """The signed-in member, or a 401 asking them to sign in."""
    if not current_user.is_authenticated:
        raise ApiError(401, "unauthorized", "Please sign in: send 'Authorization: Bearer TOKEN'.")
    return current_user._get_current_object()


@bp.errorhandler(Exception)
def _api_error(error):
    """Every error raised by an API view answers in the contract's JSON shape."""
    if not isinstance(error, (ApiError, HTTPException, ValidationError, NotFound, Forbidden,
                              Conflict)):
        current_app.logger.exception("API request failed")
    return error_response(error)
