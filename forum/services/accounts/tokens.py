"""API tokens: issued once in plain text, kept only as a hash, and read back into a member."""
import hashlib
import secrets

from sqlalchemy import bindparam, select

from forum.extensions import db
from forum.models import ApiToken, User


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (token or recovery code); a slow hash adds nothing there."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User) -> str:
    """A new bearer token for the API; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_secret(token),
                            auth_epoch=user.auth_epoch))
    db.session.commit()
    return token


# Every chat event asks it: built once (bound parameters), so each call only runs it.
_MEMBER_BY_TOKEN = select(User).join(ApiToken, ApiToken.user_id == User.id).where(
    ApiToken.token_hash == bindparam("token_hash"), ApiToken.auth_epoch == User.auth_epoch)


def user_for_token(token: str) -> User | None:
    """The member a bearer token belongs to, if the token is still valid."""
    return user_for_token_hash(hash_secret(token))


def user_for_token_hash(token_hash: str) -> User | None:
    """The member whose token has this hash, if the token is still valid (not ended, and issued
    since the member's last password change or sanction)."""
    return db.session.scalar(_MEMBER_BY_TOKEN, {"token_hash": token_hash})
