"""The API blueprint and what every API request goes through: JSON bodies, auth, CSRF."""
from flask import Blueprint, current_app, g, request
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from forum.api.errors import ApiError, error_response
from forum.extensions import csrf
from forum.services import Forbidden, NotFound, ValidationError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer-token clients carry no CSRF token; cookie writes are checked below

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def _check_write_request():
    """Cookie-authenticated writes need the CSRF token; writes with a body need JSON."""
    if request.method not in WRITE_METHODS:
        return
    if current_user.is_authenticated and not g.get("auth_via_token"):
        csrf.protect()
    if request.content_length and not request.is_json:
        raise ApiError(415, "unsupported_media_type", "Please send a JSON body (application/json).")


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what was wrong with it."""
    data = request.get_json(silent=True)
    if data is None and request.get_data():
        raise ApiError(400, "malformed_json", "The request body is not valid JSON.")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ApiError(400, "malformed_json", "The request body must be a JSON object.")
    return data


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
    if not isinstance(error, (ApiError, HTTPException, ValidationError, NotFound, Forbidden)):
        current_app.logger.exception("API request failed")
    return error_response(error)
