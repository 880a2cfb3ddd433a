"""Rate limits: keyed on a hash of the client address, never the address itself, or on the
member for acts only a signed-in member can do."""
import hashlib
import hmac
from datetime import datetime, timezone

from flask import current_app, request
from flask_login import current_user

EDIT_SCOPE = "edits"  # one count for the edit page and PATCH /api/v1/posts/<id>
EDITS_PAUSED = ("You've saved a lot of edits in a short time, so editing is paused for a "
                "minute. Your post stays as you last saved it. Please wait a minute, then go "
                "back and save again: your changes are usually still in the form.")


def daily_key(secret: str, day: str | None = None) -> bytes:
    """The hashing key for one UTC day, so yesterday's hashes cannot be linked to today's."""
    day = day or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return hmac.new(secret.encode(), f"ratelimit:{day}".encode(), hashlib.sha256).digest()


def hash_address(address: str, secret: str, day: str | None = None) -> str:
    """Return a short keyed hash of an address for the given day."""
    digest = hmac.new(daily_key(secret, day), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def client_key() -> str:
    """Flask-Limiter key function: the hashed remote address of this request."""
    return "ip:" + hash_address(request.remote_addr or "unknown", current_app.config["SECRET_KEY"])


def member_key() -> str:
    """Flask-Limiter key for a member's own acts: their account, so members who share an
    address do not share a count; the hashed address for anyone not signed in."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return client_key()


def configured_limit(name: str):
    """A limit string read from the app's configuration when the request comes (for @limit)."""
    return lambda: current_app.config[name]
