"""Who a chat connection belongs to: decided at connect, re-checked on every event."""
from flask import session
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError as CSRFInvalid

from forum.models import User
from forum.services.accounts.sessions import SESSION_KEY, session_member
from forum.services.accounts.tokens import hash_secret, user_for_token, user_for_token_hash

IDENTITY_KEY = "chat_identity"


def identify(auth) -> User | None:
    """The member opening this connection: a bearer token, or the session cookie with the
    page's CSRF token (so another site cannot open a connection with the member's cookie)."""
    auth = auth if isinstance(auth, dict) else {}
    token = auth.get("token")
    if isinstance(token, str) and token:
        user = user_for_token(token)
        if user is not None:
            session[IDENTITY_KEY] = {"user_id": user.id, "token": hash_secret(token)}
        return user
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
    if "token" in identity:
        user = user_for_token_hash(identity["token"])
        return user if user is not None and user.id == identity["user_id"] else None
    return session_member(identity.get("session"), identity["user_id"])
