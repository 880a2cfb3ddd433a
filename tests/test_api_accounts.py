"""API: sign up, tokens and /me, as contract.md describes them."""
import re

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import ApiToken, User
from forum.services.accounts.handles import HANDLE_PATTERN, find_user
from forum.services.accounts.members import change_password, recover_account
from personas import PASSWORD
from test_api_errors import assert_error

NEW_PASSWORD = "another long passphrase 77"


def users(app) -> int:
    """How many accounts exist."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


# --- POST /accounts --------------------------------------------------------------------------

def test_sign_up_answers_the_handle_and_ten_recovery_codes(api):
    answer = api.post("/accounts", json={"password": PASSWORD, "handle": "QuietHeron27"})
    assert answer.status_code == 201, answer.json
    assert set(answer.json) == {"handle", "recovery_codes"}
    assert answer.json["handle"] == "QuietHeron27"
    codes = answer.json["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes)


@pytest.mark.parametrize("body", [{}, {"handle": None}, {"handle": ""}])
def test_sign_up_without_a_handle_gets_a_generated_one(api, body):
    answer = api.post("/accounts", json={"password": PASSWORD, **body})
    assert answer.status_code == 201, answer.json
    assert HANDLE_PATTERN.fullmatch(answer.json["handle"])


def test_a_new_account_can_get_a_token_and_read_itself(api):
    handle = api.post("/accounts", json={"password": PASSWORD}).json["handle"]
    token = api.post("/tokens", json={"handle": handle, "password": PASSWORD})
    assert token.status_code == 201 and set(token.json) == {"token"}
    me = api.get("/me", headers={"Authorization": f"Bearer {token.json['token']}"})
    assert me.status_code == 200
    assert me.json["handle"] == handle and me.json["role"] == "member"


@pytest.mark.parametrize("handle", ["SamRiver", "samriver", "SAMRIVER", "sAmRiVeR"])
def test_a_taken_handle_answers_409_whatever_its_case(api, app, handle):
    before = users(app)
    answer = api.post("/accounts", json={"password": PASSWORD, "handle": handle})
    assert_error(answer, 409, "handle_taken", "handle")
    assert users(app) == before


@pytest.mark.parametrize("body, field, code", [
    ({}, "password", "required"),
    ({"password": ""}, "password", "required"),
    ({"password": None}, "password", "required"),
    ({"password": 1234567890123}, "password", "invalid"),
    ({"password": ["a long enough passphrase"]}, "password", "invalid"),
    ({"password": "short1"}, "password", "invalid"),
    ({"password": "password123"}, "password", "invalid"),
    ({"password": "x" * 257}, "password", "invalid"),
    ({"password": "QuietHeron27 is my pass", "handle": "QuietHeron27"}, "password", "invalid"),
    ({"password": PASSWORD, "handle": 42}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": ["sam"]}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "ab"}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "x" * 33}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "has space"}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "sam@example.org"}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "call5551234567"}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "wwwfoo"}, "handle", "invalid"),
    ({"password": PASSWORD, "handle": "TheAdmin"}, "handle", "invalid"),
])
def test_a_refused_sign_up_answers_422_and_creates_nothing(api, app, body, field, code):
    before = users(app)
    assert_error(api.post("/accounts", json=body), 422, code, field)
    assert users(app) == before


# --- POST /tokens ----------------------------------------------------------------------------

def test_a_token_is_issued_for_the_right_password_in_any_case_of_handle(api):
    answer = api.post("/tokens", json={"handle": "samriver", "password": PASSWORD})
    assert answer.status_code == 201
    assert len(answer.json["token"]) >= 32


def test_only_a_hash_of_the_token_is_stored(api, app):
    token = api.token("member")
    with app.app_context():
        stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert stored and token not in stored


def test_a_wrong_password_and_an_unknown_handle_get_the_same_answer(api):
    wrong = api.post("/tokens", json={"handle": "SamRiver", "password": "not the password!"})
    unknown = api.post("/tokens", json={"handle": "NobodyHere", "password": PASSWORD})
    odd = api.post("/tokens", json={"handle": "Sam River", "password": PASSWORD})
    assert_error(wrong, 401, "invalid_credentials")
    assert wrong.json == unknown.json == odd.json


@pytest.mark.parametrize("body, field", [
    ({}, "handle"), ({"handle": "SamRiver"}, "password"), ({"password": PASSWORD}, "handle"),
    ({"handle": 7, "password": PASSWORD}, "handle"), ({"handle": "SamRiver", "password": 7},
                                                       "password"),
])
def test_a_token_request_missing_a_field_answers_422(api, body, field):
    answer = api.post("/tokens", json=body)
    assert answer.status_code == 422 and answer.json["error"]["field"] == field


# --- GET /me and bad credentials -------------------------------------------------------------

def test_me_shows_the_members_own_account(api):
    answer = api.get("/me", "moderator")
    assert answer.status_code == 200
    assert answer.json["handle"] == "MoKeeper" and answer.json["role"] == "moderator"
    assert answer.json["created_at"].endswith("Z")
    assert answer.json["recovery_codes_left"] == 10


def test_me_without_a_token_answers_401(api):
    assert_error(api.get("/me"), 401, "unauthorized")


@pytest.mark.parametrize("header", ["Bearer not-a-real-token", "Bearer ", "Basic c2FtOnB3",
                                    "bearer", "Token abc"])
@pytest.mark.parametrize("path", ["/me", "/boards"])
def test_a_bad_authorization_header_answers_401_even_where_reading_is_public(api, header, path):
    assert_error(api.get(path, headers={"Authorization": header}), 401, "invalid_token")


def test_a_password_change_revokes_every_token(api, app):
    token = api.token("member")
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/me", headers=headers).status_code == 200
    with app.app_context():
        change_password(find_user("SamRiver"), PASSWORD, NEW_PASSWORD)
    assert_error(api.get("/me", headers=headers), 401, "invalid_token")
    assert_error(api.post("/boards/alcohol/threads", headers=headers,
                          json={"title": "t", "body": "b"}), 401, "invalid_token")
    fresh = api.post("/tokens", json={"handle": "SamRiver", "password": NEW_PASSWORD})
    assert fresh.status_code == 201


def test_account_recovery_revokes_every_token(api, app):
    signed_up = api.post("/accounts", json={"password": PASSWORD, "handle": "night_owl"}).json
    token = api.post("/tokens", json={"handle": "night_owl", "password": PASSWORD}).json["token"]
    with app.app_context():
        recover_account("night_owl", signed_up["recovery_codes"][0], NEW_PASSWORD)
    assert_error(api.get("/me", headers={"Authorization": f"Bearer {token}"}), 401,
                 "invalid_token")


@pytest.mark.parametrize("path, persona", [("/me", "member"), ("/boards", None)])
def test_api_answers_are_never_cached(api, path, persona):
    answer = api.get(path, persona)
    assert answer.headers["Cache-Control"] == "no-store"
    assert {"Authorization", "Cookie"} <= set(answer.vary)
