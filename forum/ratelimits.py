"""Rate limits: keyed on a hash of the client address, never the address itself."""
import hashlib
import hmac
from datetime import datetime, timezone

from flask import current_app, request


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


def configured_limit(name: str):
    """A limit string read from the app's configuration when the request comes (for @limit)."""
    return lambda: current_app.config[name]
