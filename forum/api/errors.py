"""API errors: always {"error": {"code", "message"}} with the fitting status."""
from flask import jsonify
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.services import Forbidden, NotFound, ValidationError

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large",
          415: "unsupported_media_type", 422: "invalid", 429: "rate_limited", 500: "server_error"}
_MESSAGES = {404: "Not found.", 413: "The request is too large.",
             429: "Too many requests: please wait a little and try again.",
             500: "Something went wrong on our side. Nothing you sent was lost; please try again."}


class ApiError(Exception):
    """An error to answer as JSON with this status, code and message."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def _body(status: int, code: str, message: str, **extra):
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def error_response(error):
    """Turn any exception raised under /api/v1 into the contract's JSON error."""
    if isinstance(error, ApiError):
        return _body(error.status, error.code, error.message, **error.extra)
    if isinstance(error, ValidationError):
        extra = {"field": error.field} if error.field else {}
        return _body(422, error.code, error.message, **extra)
    if isinstance(error, NotFound):
        return _body(404, "not_found", _MESSAGES[404])
    if isinstance(error, Forbidden):
        return _body(403, "forbidden", error.message)
    if isinstance(error, CSRFError):
        return _body(400, "csrf_failed", "The CSRF token is missing or invalid: send it in the "
                     "X-CSRFToken header, or use a bearer token.")
    if isinstance(error, HTTPException):
        status = error.code or 500
        message = _MESSAGES.get(status) or error.description or "Request failed."
        return _body(status, _CODES.get(status, "error"), message)
    return _body(500, "server_error", _MESSAGES[500])
