"""API: sign up, get a token, and read one's own account."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, require_member
from forum.api.errors import ApiError
from forum.extensions import limiter
from forum.ratelimits import configured_limit, count_failure, per_account
from forum.services import ValidationError
from forum.services.accounts.members import authenticate, create_account
from forum.services.accounts.tokens import issue_token
from forum.services.shapes import me_json


def _text(data: dict, key: str, required: bool = True) -> str | None:
    """The text value of a JSON key; None for a missing optional one; 422 for anything else."""
    value = data.get(key)
    if value is None or value == "":
        if not required:
            return None
        raise ValidationError(f"Please send '{key}'.", key, "required")
    if not isinstance(value, str):
        raise ValidationError(f"'{key}' must be text.", key, "invalid")
    return value


@bp.post("/accounts")
@limiter.limit(configured_limit("SIGNUP_LIMIT"))
def create_account_route():
    """Sign up with a password and an optional handle; answers the ten recovery codes once."""
    data = json_body()
    user, codes = create_account(_text(data, "password"), _text(data, "handle", required=False))
    return jsonify({"handle": user.handle, "recovery_codes": codes}), 201


@bp.post("/tokens")
@limiter.limit(configured_limit("LOGIN_LIMIT"))
@per_account(limiter)
def create_token():
    """Exchange a handle and password for a bearer token."""
    data = json_body()
    user = authenticate(_text(data, "handle"), _text(data, "password"))
    if user is None:
        count_failure()
        raise ApiError(401, "invalid_credentials", "That handle and password don't match.")
    return jsonify({"token": issue_token(user)}), 201


@bp.get("/me")
def me():
    """The signed-in member's own account."""
    return jsonify(me_json(require_member()))
