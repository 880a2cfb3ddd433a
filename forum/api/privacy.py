"""API: a member's own data (export), where they are signed in, and deleting the account."""
from flask import g, jsonify, request, session
from flask_login import logout_user

from forum.api.blueprint import bp, json_body, require_member
from forum.api.serializers import iso
from forum.extensions import limiter
from forum.ratelimits import configured_limit
from forum.services import NotFound
from forum.services.accounts.privacy import delete_account, export_member
from forum.services.accounts.sessions import SESSION_KEY
from forum.services.accounts.signins import Asking, end_other_signins, end_signin, signins_of
from forum.services.accounts.tokens import hash_secret


def asking() -> Asking:
    """The session or token this request was signed in with."""
    if g.get("auth_via_token"):
        _scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return Asking(token_hash=hash_secret(token.strip()))
    return Asking(session_public_id=session.get(SESSION_KEY))


def signin_json(signin) -> dict:
    """A session or token as the API lists it."""
    return {"id": signin.id, "kind": signin.kind, "label": signin.label,
            "created_at": iso(signin.created_at), "last_seen_at": iso(signin.last_seen_at),
            "current": signin.current}


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
    return jsonify({"sessions": [signin_json(s) for s in signins_of(member, asking())]})


@bp.delete("/me/sessions/<signin_id>")
def end_my_session(signin_id: str):
    """End one session or token (the one asking included: that is logging out)."""
    if not end_signin(require_member(), signin_id):
        raise NotFound()
    return "", 204


@bp.delete("/me/sessions")
def end_my_other_sessions():
    """End every session and token but the one asking."""
    return jsonify({"ended": end_other_signins(require_member(), asking())})
