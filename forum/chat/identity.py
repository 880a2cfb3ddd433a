"""Who a chat connection belongs to: decided at connect, re-checked on every event."""
from flask import session
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy import select
from wtforms import ValidationError as CSRFInvalid

from forum.extensions import db
from forum.models import ApiToken, User
from forum.services.accounts.sessions import SESSION_KEY, active_session
from forum.services.accounts.tokens import hash_secret

IDENTITY_KEY = "chat_identity"


def identify(auth) -> User | None:
    """The member opening this connection: a bearer token, or the session cookie with the
    page's CSRF token (so another site cannot open a connection with the member's cookie)."""
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    if isinstance(token, str) and token:
        row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(token)))
        if row is None or row.user.auth_epoch != row.auth_epoch:
            return None
        session[IDENTITY_KEY] = {"user_id": row.user_id, "token": row.token_hash}
        return row.user
    if not current_user.is_authenticated:
        return None
    try:
        validate_csrf(auth.get("csrf_token") if isinstance(auth.get("csrf_token"), str) else "")
    except CSRFInvalid:
        return None
    session[IDENTITY_KEY] = {"user_id": current_user.id, "session": session.get(SESSION_KEY)}
    return current_user._get_current_object()


def current_member() -> User | None:
    """The connection's member if their session or token is still valid (logout, a password
    change and sanctions that end sessions take effect on the very next event)."""
    identity = session.get(IDENTITY_KEY)
    if not identity:
        return None
    user = db.session.get(User, identity["user_id"])
    if user is None:
        return None
    if "token" in identity:
        row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == identity["token"]))
        return user if row is not None and row.auth_epoch == user.auth_epoch else None
    return user if active_session(identity.get("session"), user) is not None else None
