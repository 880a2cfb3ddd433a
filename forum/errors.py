"""How every error answers, once: pages with the error page, the API in its JSON error shape.

Services raise NotFound, Forbidden, ValidationError and Conflict (forum/services/__init__.py);
views let them through and the handlers here give each its status. The API blueprint answers its
own errors in JSON (forum/api/errors.py); these handlers also answer, in JSON, the /api/ paths
that reach no view (an unknown address, a database that is away).
"""
from flask import Flask, current_app, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug import exceptions as http
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from forum.api.errors import error_response, http_headers
from forum.extensions import login_manager
from forum.outages import RETRY_AFTER_SECONDS, database_unavailable
from forum.services import Conflict, Forbidden, NotFound, ValidationError

PAGE_STATUS = {NotFound: http.NotFound, Forbidden: http.Forbidden,
               ValidationError: http.BadRequest, Conflict: http.Conflict}


def init_app(app: Flask) -> None:
    """Register the error pages, the services' errors and the database's absence."""
    for code in (400, 403, 404, 405, 409, 413, 429, 500, 503):
        app.register_error_handler(code, _error_page)
    for service_error in PAGE_STATUS:
        app.register_error_handler(service_error, _service_error)
    app.register_error_handler(SQLAlchemyError, _database_error)


def _service_error(error):
    """A service refused: 404 for what the viewer may not see, 403, 400 or 409."""
    if request.path.startswith("/api/"):
        return error_response(error)
    page = next(page for kind, page in PAGE_STATUS.items() if isinstance(error, kind))
    return _error_page(page())


def _database_error(error):
    """The database is away: 503 with Retry-After, for pages and the API alike, logged once an
    outage. Any other database error is a 500 as before."""
    if not database_unavailable(current_app, error):
        current_app.logger.error("database error", exc_info=error)
        return _error_page(InternalServerError(original_exception=error))
    unavailable = ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS)
    if request.path.startswith("/api/"):
        return error_response(unavailable)
    login_manager._update_request_context_with_user(None)  # the page cannot ask who is here
    return _error_page(unavailable)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    if request.path.startswith("/api/"):
        return error_response(error)
    headers = http_headers(error) if isinstance(error, HTTPException) else {}
    return render_template("errors/error.html", code=code, error=error), code, headers
