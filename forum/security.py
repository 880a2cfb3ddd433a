"""Who is asking, and the headers every answer carries.

A request is signed in by its session cookie, or by an "Authorization: Bearer TOKEN" header;
bearer_token() is the one place that reads that header. A request that names a token is signed
in by the token alone, even beside a cookie, so the API's CSRF rule (cookies need it, tokens do
not) can never mix the two up.
"""
import functools

from flask import Flask, abort, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_required, user_logged_in, user_logged_out

from forum.extensions import login_manager
from forum.models import User
from forum.permissions import can_edit_rules
from forum.visibility import can_review
from forum.services.accounts.sessions import (SESSION_KEY, end_session, held_session_member,
                                              start_session)
from forum.services.accounts.signins import Asking
from forum.services.accounts.tokens import hash_secret, user_for_token

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
])


def init_app(app: Flask) -> None:
    """Wire the login loaders, headers and error pages into the app."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to do that."
    # Flask-Login's session protection keeps sha512(address|user agent) in the session cookie
    # ("_id") and compares it on every request. The cookie is signed, not encrypted: whoever
    # holds it could test guessed addresses against that hash. And in "basic" mode a mismatch
    # only marks the session non-fresh, which this forum never checks ("strong" would sign a
    # phone out each time it changes networks). Sessions are guarded on the server instead
    # (AuthSession: a new id at every login; ended by logout, a password change, sanctions and
    # the idle and absolute timeouts). So protection is off and _on_login drops the "_id" that
    # login_user() writes anyway: nothing derived from an address is kept, not even in the
    # member's own cookie.
    login_manager.session_protection = None
    login_manager.user_loader(_load_session_user)
    login_manager.request_loader(_load_bearer_user)
    user_logged_in.connect(_on_login, app)
    user_logged_out.connect(_on_logout, app)
    app.after_request(_security_headers)
    app.session_interface = SignedOnce()


class SignedOnce(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signer built once per key rather than at every
    request and every chat event (each opens the session: a new serializer and signer,
    about a twentieth of a chat message's own work). Built again when the secret key or its
    fallbacks change, so a rotated key is used at once."""

    _built: tuple | None = None

    def get_signing_serializer(self, app: Flask):
        """The serializer for the app's current keys, built the first time they are seen."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        built = self._built
        if built is None or built[0] != keys:
            built = self._built = (keys, super().get_signing_serializer(app))
        return built[1]


def current_viewer() -> User | None:
    """The signed-in member asking, or None for an anonymous reader."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def bearer_token() -> str | None:
    """The token of the request's "Authorization: Bearer TOKEN" header, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def signed_in_with() -> Asking:
    """The session or token this request was signed in with, so "this one" can be told apart."""
    return g.get("signed_in_with") or Asking(session_public_id=session.get(SESSION_KEY))


def allowed_only(predicate):
    """A view for those the predicate admits: anonymous visitors go to log in, signed-in members
    without the role get 403 (for areas such as the review queue, before any service is asked)."""
    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if not predicate(current_viewer()):
                abort(403)
            return view(*args, **kwargs)
        return login_required(checked)
    return decorate


reviewers_only = allowed_only(can_review)  # the forum's moderators and spaces' own
admins_only = allowed_only(can_edit_rules)


def _load_session_user(session_identity: str):
    """The member whose server-side session this cookie names, if it is still open (never for a
    request that names a bearer token: the token alone decides that one)."""
    if "Authorization" in request.headers:
        return None
    user_id, _, _epoch = session_identity.partition(":")
    return held_session_member(session.get(SESSION_KEY), int(user_id)) \
        if user_id.isdigit() else None


def _on_login(_app, user, **_extra):
    session.pop("_id", None)  # Flask-Login's address hash: see init_app
    session.permanent = True
    start_session(user, request.headers.get("User-Agent", ""))


def _on_logout(_app, user, **_extra):
    end_session(session.pop(SESSION_KEY, None))


def _load_bearer_user(_request):
    """The member whose API token the request carries, if it is still valid."""
    token = bearer_token()
    user = user_for_token(token) if token else None
    if user is not None:
        g.signed_in_with = Asking(token_hash=hash_secret(token))
    return user


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["X-Robots-Tag"] = "noindex, nofollow"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if "Cache-Control" not in headers and response.mimetype == "text/html":
        headers["Cache-Control"] = "no-store"  # pages can show private content: don't cache
    return response
