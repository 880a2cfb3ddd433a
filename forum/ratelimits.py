"""Rate limits: keyed on a hash of the client address, never the address itself, or on the
member for acts only a signed-in member can do."""
import hashlib
import hmac
from datetime import datetime, timezone

from flask import Flask, current_app, g, request
from flask_login import current_user

ADDRESS_KEY_LABEL = b"forum: keyed hashes of client addresses, v1"
EDIT_SCOPE = "edits"  # one count for the edit page and PATCH /api/v1/posts/<id>
EDITS_PAUSED = ("You've saved a lot of edits in a short time, so editing is paused for a "
                "minute. Your post stays as you last saved it. Please wait a minute, then go "
                "back and save again: your changes are usually still in the form.")


def derive_key(secret: str, label: bytes) -> bytes:
    """A key for one purpose, derived from SECRET_KEY with a label (HKDF, RFC 5869, SHA-256):
    knowing it tells nothing about SECRET_KEY, and it signs nothing else."""
    pseudo_random = hmac.new(b"forum", secret.encode("utf-8", "surrogatepass"),
                             hashlib.sha256).digest()
    return hmac.new(pseudo_random, label + b"\x01", hashlib.sha256).digest()


def init_app(app: Flask) -> None:
    """Give the app its address-hashing key, unless the configuration names one."""
    app.config.setdefault("ADDRESS_HASH_KEY", derive_key(app.config["SECRET_KEY"],
                                                         ADDRESS_KEY_LABEL))


def daily_key(key: bytes | str, day: str | None = None) -> bytes:
    """The hashing key for one UTC day, so yesterday's hashes cannot be linked to today's."""
    day = day or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, f"ratelimit:{day}".encode(), hashlib.sha256).digest()


def hash_address(address: str, key: bytes | str, day: str | None = None) -> str:
    """Return a short keyed hash of an address for the given day."""
    digest = hmac.new(daily_key(key, day), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def client_key() -> str:
    """Flask-Limiter key function: the hashed remote address of this request."""
    return "ip:" + hash_address(request.remote_addr or "unknown",
                                current_app.config["ADDRESS_HASH_KEY"])


def member_key() -> str:
    """Flask-Limiter key for a member's own acts: their account, so members who share an
    address do not share a count; the hashed address for anyone not signed in."""
    if current_user.is_authenticated:
        return f"member:{current_user.id}"
    return client_key()


def configured_limit(name: str):
    """A limit string read from the app's configuration when the request comes (for @limit)."""
    return lambda: current_app.config[name]


def account_key() -> str:
    """Flask-Limiter key for per-account limits: a keyed hash of the handle the request names
    (in its JSON body or its form), compared regardless of case, so changing address, or
    writing "SAMRIVER" for "SamRiver", never starts a fresh count."""
    data = request.get_json(silent=True) if request.is_json else request.form
    handle = data.get("handle") if isinstance(data, dict) or hasattr(data, "get") else None
    handle = handle.strip().lower() if isinstance(handle, str) and len(handle) <= 64 else ""
    digest = hmac.new(current_app.config["ADDRESS_HASH_KEY"], b"account:" + handle.encode(
        "utf-8", "surrogatepass"), hashlib.sha256)
    return "account:" + digest.hexdigest()[:32]


def count_failure() -> None:
    """Mark this request as a failed password or recovery-code check (see per_account)."""
    g.forum_failed_check = True


def failed_check(_response) -> bool:
    """Flask-Limiter deduct_when: only failed checks count against an account."""
    return bool(g.get("forum_failed_check"))


def per_account(limiter):
    """A limit on failed password and recovery-code checks for one account, shared by every
    route that checks them (the login page, POST /api/v1/tokens, account recovery). Once it is
    reached even the right password waits, or guessing would only need patience."""
    return limiter.shared_limit(configured_limit("ACCOUNT_LIMIT"), scope="account",
                                key_func=account_key, deduct_when=failed_check,
                                methods=["POST"])
