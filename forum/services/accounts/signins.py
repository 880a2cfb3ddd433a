"""Where a member is signed in: browser sessions and API tokens, listed and ended together, so
a member who left a session open somewhere (or lost a phone) can close it from here."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken, User
from forum.services import NotFound, live
from forum.services.accounts.sessions import end_other_sessions, end_session_of, sessions_of

TOKEN_LABEL = "An app using the API"


@dataclass(frozen=True)
class SignIn:
    """One place the member is signed in: "session-N" (a browser) or "token-N" (an app)."""

    id: str
    kind: str  # "browser" or "token"
    label: str
    created_at: datetime
    last_seen_at: datetime | None
    current: bool


@dataclass(frozen=True)
class Asking:
    """What the request asking was signed in with, so "this one" can be told apart."""

    session_public_id: str | None = None
    token_hash: str | None = None


def signins_of(user: User, asking: Asking) -> list[SignIn]:
    """The member's open sessions (most recently used first), then their API tokens."""
    browsers = [SignIn(f"session-{row.id}", "browser", row.label, row.created_at,
                       row.last_seen_at, row.public_id == asking.session_public_id)
                for row in sessions_of(user)]
    apps = [SignIn(f"token-{row.id}", "token", TOKEN_LABEL, row.created_at, None,
                   row.token_hash == asking.token_hash) for row in _tokens_of(user)]
    return browsers + apps


def _tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id,
                               ApiToken.auth_epoch == user.auth_epoch)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def _number(signin_id, prefix: str) -> int | None:
    if not isinstance(signin_id, str) or not signin_id.startswith(prefix):
        return None
    digits = signin_id[len(prefix):]
    return int(digits) if digits.isdigit() and len(digits) < 19 else None


def end_signin(user: User, signin_id: str) -> None:
    """End one of the member's sessions or tokens; NotFound when they have no such one."""
    session_id = _number(signin_id, "session-")
    if session_id is not None:
        if not end_session_of(user, session_id):
            raise NotFound()
        return
    token_id = _number(signin_id, "token-")
    token = db.session.get(ApiToken, token_id) if token_id is not None else None
    if token is None or token.user_id != user.id:
        raise NotFound()
    _end_token(token)
    db.session.commit()


def end_other_signins(user: User, asking: Asking) -> int:
    """End every session and token of the member except the one asking; answer how many."""
    others = [token for token in _tokens_of(user) if token.token_hash != asking.token_hash]
    for token in others:
        _end_token(token)
    db.session.flush()
    return len(others) + end_other_sessions(user, asking.session_public_id)


def _end_token(token: ApiToken) -> None:
    live.disconnect_on_commit(live.token_channel(token.token_hash))
    db.session.delete(token)
