"""Who a chat connection belongs to: decided at connect, held in memory, and read again at the
next event after anything that could change the answer was committed."""
import time
from typing import NamedTuple

from flask import current_app, session
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from sqlalchemy import inspect
from wtforms import ValidationError as CSRFInvalid

from forum.extensions import db
from forum.models import User
from forum.services.accounts.sessions import SESSION_KEY, session_and_member, still_current
from forum.services.accounts.tokens import hash_secret, user_for_token, user_for_token_hash
from forum.services.freshness import access_stamp

IDENTITY_KEY = "chat_identity"
HOLD_SECONDS = 60  # read again at least this often (a write made outside the app's sessions)
HELD_MAX = 20_000  # identities held per process (a connection each, at most)


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


class _Held(NamedTuple):
    """A reading of a connection's member: valid while `stamp` (freshness.access_stamp) is
    unchanged, until `until` (monotonic), and while its session needs no touch."""

    stamp: tuple
    until: float
    user: User | None  # detached; merged into each event's session
    session_times: tuple | None  # (created_at, last_seen_at) of the cookie's session


def current_member(attach: bool = True) -> User | None:
    """The connection's member if their session or token is still valid. The reading is held
    per identity and used again while nothing that could change it was committed: the member's
    row (a role, a sanction, a handle), blocks, rooms (the forum-wide generation), their
    sessions, tokens and room mutes (their access number). So a logout, a password change or a
    sanction takes effect at the very next event, in every process sharing Redis.

    attach=False answers the held reading itself, detached and shared by every event of the
    identity: only to read its columns (a chat message's checks), never to change it, put it
    in a session or follow a relationship not loaded (db.session.merge makes a session's copy)."""
    identity = session.get(IDENTITY_KEY)
    if not identity:
        return None
    user_id = identity["user_id"]
    key = (user_id, identity.get("token"), identity.get("session"))
    stamp, held = access_stamp(user_id), _held_readings().get(key)
    if held is None or held.stamp != stamp or held.until < time.monotonic() or \
            (held.session_times is not None and not still_current(*held.session_times)):
        held = _read(identity, stamp)
        _remember(key, held)
    if held.user is None or not attach:
        return held.user
    return db.session.merge(held.user, load=False)


def _read(identity: dict, stamp: tuple) -> _Held:
    """Read the member and their session or token from the database; the stamp was taken
    before, so a change committed meanwhile is caught at the next event."""
    times = None
    if "token" in identity:
        user = user_for_token_hash(identity["token"])
        user = user if user is not None and user.id == identity["user_id"] else None
    else:
        found = session_and_member(identity.get("session"), identity["user_id"])
        user = found[0] if found is not None else None
        times = (found[1].created_at, found[1].last_seen_at) if found is not None else None
    if user is not None:
        if inspect(user).expired_attributes:  # the session's touch committed (and expired it)
            db.session.refresh(user)
        db.session.expunge(user)
    return _Held(stamp, time.monotonic() + HOLD_SECONDS, user, times)


def _held_readings() -> dict:
    return current_app.extensions.setdefault("forum_chat_identities", {})


def _remember(key, held: _Held) -> None:
    readings = _held_readings()
    readings.pop(key, None)
    readings[key] = held
    while len(readings) > HELD_MAX:  # the oldest reading goes first
        readings.pop(next(iter(readings)), None)
