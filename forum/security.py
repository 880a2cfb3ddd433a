"""Who is asking, and the headers every answer carries.

A request is signed in by its session cookie, or by an "Authorization: Bearer TOKEN" header;
bearer_token() is the one place that reads that header. A request that names a token is signed
in by the token alone, even beside a cookie, so the API's CSRF rule (cookies need it, tokens do
not) can never mix the two up.
"""
import copy
import functools
import time

from flask import Flask, abort, g, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
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
    # Flask-Login still hashes the address and user agent at every request before it looks
    # at the mode (and at login, for the "_id" dropped below): with protection off the hash
    # is never compared, so none is made.
    login_manager._session_identifier_generator = _no_identifier
    login_manager.user_loader(_load_session_user)
    login_manager.request_loader(_load_bearer_user)
    user_logged_in.connect(_on_login, app)
    user_logged_out.connect(_on_logout, app)
    app.after_request(_security_headers)
    app.session_interface = SignedOnce()


OPENED_MAX = 4096  # session cookies kept verified per process (emptied when full)
_PLAIN = (str, int, float, bool, type(None))


def _no_identifier() -> str:
    """Flask-Login's session identifier, never compared here (see init_app): nothing."""
    return ""


class SignedOnce(SecureCookieSessionInterface):
    """Flask's signed session cookie, with its signer built once per key rather than at every
    request and every chat event (each opens the session: a new serializer and signer,
    about a twentieth of a chat message's own work). Built again when the secret key or its
    fallbacks change, so a rotated key is used at once.

    A cookie is verified once: its signature checked, its payload inflated and decoded (about
    35 µs, a twelfth of the minimal page, paid again at every page a member opens with the
    same cookie). Only a cookie whose signature held is kept, by its whole text and only
    under the keys that verified it (a new key empties the store); its signing time is kept
    with it, so a cookie older than the session's lifetime is refused as itsdangerous
    refuses it. Each request gets its own copy of the values: a session is changed in
    place."""

    _built: tuple | None = None

    def __init__(self) -> None:
        self._opened: dict[str, tuple[int, dict]] = {}

    def get_signing_serializer(self, app: Flask):
        """The serializer for the app's current keys, built the first time they are seen."""
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        built = self._built
        if built is None or built[0] != keys:
            built = self._built = (keys, super().get_signing_serializer(app))
            self._opened = {}
        return built[1]

    def open_session(self, app: Flask, request):
        """The request's session, its cookie verified once per process (see the class)."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        opened = self._opened
        found = opened.get(value)
        if found is None:
            try:
                data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:
                return self.session_class()
            found = (int(signed_at.timestamp()), data)
            if len(opened) >= OPENED_MAX:
                opened.clear()
            opened[value] = found
        signed_at, data = found
        if not 0 <= int(time.time()) - signed_at <= max_age:
            return self.session_class()  # as itsdangerous: expired, or signed in the future
        return self.session_class(_own_copy(data))


def _own_copy(data: dict) -> dict:
    """The session's values for one request: a plain copy when every value is a plain one (a
    signed-in session: ids, flags, tokens), a deep one when one is a list (flashed messages)."""
    return dict(data) if all(type(v) in _PLAIN for v in data.values()) else copy.deepcopy(data)


def current_viewer() -> User | None:
    """The signed-in member asking, or None for an anonymous reader (asked of Flask-Login's
    proxy once: a page asks this half a dozen times)."""
    user = current_user._get_current_object()
    return user if user.is_authenticated else None


def names_authorization() -> bool:
    """Whether the request has an Authorization header. Read from the WSGI environ, where
    werkzeug's request headers find it: asking those for a header that is missing raises and
    catches an error, and every page asks this two or three times."""
    return "HTTP_AUTHORIZATION" in request.environ


def bearer_token() -> str | None:
    """The token of the request's "Authorization: Bearer TOKEN" header, or None."""
    scheme, _, token = request.environ.get("HTTP_AUTHORIZATION", "").partition(" ")
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
    if names_authorization():
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


# The headers every answer carries, as (name, value) pairs, and their names in lower case.
EVERY_ANSWER = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
_EVERY_ANSWER_NAMES = frozenset(name.lower() for name, _ in EVERY_ANSWER) | {"cache-control"}


def _security_headers(response):
    """Every answer's headers. An answer that names none of them yet (nearly all) has them
    appended as they are, checked once here rather than one by one at every answer (setting
    a header looks for it and checks its value: seven of them cost a thirtieth of the minimal
    page). Otherwise each is set as before: a view's own Content-Security-Policy is kept,
    every other is replaced."""
    headers = response.headers
    items = headers._list  # werkzeug's (name, value) list, as Headers.extend would fill it
    if _EVERY_ANSWER_NAMES.isdisjoint([name.lower() for name, _ in items]):
        items.extend(EVERY_ANSWER)
        if response.mimetype == "text/html":
            items.append(("Cache-Control", "no-store"))  # pages can show private content
        return response
    for name, value in EVERY_ANSWER:
        if name == "Content-Security-Policy":
            headers.setdefault(name, value)
        else:
            headers[name] = value
    if "Cache-Control" not in headers and response.mimetype == "text/html":
        headers["Cache-Control"] = "no-store"  # pages can show private content: don't cache
    return response
