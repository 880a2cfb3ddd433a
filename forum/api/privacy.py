"""API: a member's own data (export), where they are signed in, and deleting the account."""
from flask import jsonify, session
from flask_login import logout_user

from forum.api.blueprint import bp, json_body, require_member
from forum.extensions import limiter
from forum.ratelimits import configured_limit
from forum.security import signed_in_with
from forum.services.accounts.privacy import delete_account, export_member
from forum.services.accounts.signins import end_other_signins, end_signin, signins_of
from forum.services.shapes import signin_json


@bp.get("/me/export")
def export_me():
    """Everything the member wrote and set, as one JSON document."""
    return jsonify(export_member(require_member()))


@bp.delete("/me")
@limiter.limit(configured_limit("LOGIN_LIMIT"))  # a password check, like logging in
def delete_me():
    """Delete the account with the password; "erase_content": true erases posts and messages."""
    member = require_member()
    data = json_body()
    delete_account(member, data.get("password"), data.get("erase_content", False))
    logout_user()
    session.clear()
    return "", 204


@bp.get("/me/sessions")
def my_sessions():
    """The browsers and apps the member is signed in with."""
    member = require_member()
    return jsonify({"sessions": [signin_json(s) for s in signins_of(member, signed_in_with())]})


@bp.delete("/me/sessions/<signin_id>")
def end_my_session(signin_id: str):
    """End one session or token (the one asking included: that is logging out)."""
    end_signin(require_member(), signin_id)
    return "", 204


@bp.delete("/me/sessions")
def end_my_other_sessions():
    """End every session and token but the one asking."""
    return jsonify({"ended": end_other_signins(require_member(), signed_in_with())})
