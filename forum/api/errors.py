"""API errors: always {"error": {"code", "message"}} with the fitting status."""
import math
import time

from flask import jsonify
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.config import POST_MAX
from forum.extensions import limiter
from forum.outages import RETRY_AFTER_SECONDS
from forum.services import Conflict, Forbidden, NotFound, ValidationError

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 409: "conflict", 413: "too_large",
          415: "unsupported_media_type", 422: "invalid", 429: "rate_limited", 500: "server_error",
          503: "unavailable"}
_MESSAGES = {404: "Not found.",
             405: "This address doesn't accept that method.",
             413: f"The request is too large. A post can be at most {POST_MAX:,} characters.",
             429: "Too many requests: please wait a little and try again.",
             500: "Something went wrong on our side. Nothing you sent was lost; please try again.",
             503: "We can't reach our database for a moment. Nothing you sent was kept; please "
                  "try again after `retry_after` seconds."}
# ValidationError codes that mean "someone already has this", answered 409 as "<field>_taken".
_CONFLICT_CODES = {"taken"}
# A well-formed request the member may not make: confirming with the wrong password is 403,
# not 422, since nothing about the request's shape was wrong.
_FORBIDDEN_CODES = {"wrong_password"}


class ApiError(Exception):
    """An error to answer as JSON with this status, code and message."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def _body(status: int, code: str, message: str, **extra):
    return jsonify({"error": {"code": code, "message": message, **extra}}), status


def _validation(error: ValidationError):
    extra = {"field": error.field} if error.field else {}
    if error.code in _CONFLICT_CODES:
        code = f"{error.field}_{error.code}" if error.field else "conflict"
        return _body(409, code, error.message, **extra)
    if error.code in _FORBIDDEN_CODES:
        return _body(403, error.code, error.message, **extra)
    return _body(422, error.code, error.message, **extra)


def _rate_limited(error: RateLimitExceeded):
    current = limiter.current_limit
    retry_after = max(1, math.ceil(current.reset_at - time.time())) if current else 60
    # A limit with its own message (editing) says it; the others keep the general one.
    message = error.description if error.limit.error_message else _MESSAGES[429]
    return _body(429, "rate_limited", message, retry_after=retry_after)


def http_headers(error: HTTPException) -> dict:
    """The headers an HTTP error carries besides its body (Allow on a 405, for one)."""
    return {name: value for name, value in error.get_headers()
            if name.lower() != "content-type"}


def error_response(error):
    """Turn any exception raised under /api/v1 into the contract's JSON error."""
    if isinstance(error, ApiError):
        return _body(error.status, error.code, error.message, **error.extra)
    if isinstance(error, ValidationError):
        return _validation(error)
    if isinstance(error, NotFound):
        return _body(404, "not_found", _MESSAGES[404])
    if isinstance(error, Forbidden):
        return _body(403, "forbidden", error.message)
    if isinstance(error, Conflict):
        return _body(409, error.code, error.message)
    if isinstance(error, CSRFError):
        return _body(400, "csrf_failed", "The CSRF token is missing or invalid: send it in the "
                     "X-CSRFToken header, or use a bearer token.")
    if isinstance(error, RateLimitExceeded):
        return _rate_limited(error)
    if isinstance(error, HTTPException):
        status = error.code or 500
        message = _MESSAGES.get(status) or error.description or "Request failed."
        extra = {"retry_after": RETRY_AFTER_SECONDS} if status == 503 else {}
        response, status = _body(status, _CODES.get(status, "error"), message, **extra)
        response.headers.update(http_headers(error))  # 405 names the methods in Allow
        return response, status
    return _body(500, "server_error", _MESSAGES[500])
