"""Accounts: handles, passwords, recovery codes, sign-in and revoking tokens and sessions."""
import hashlib
import secrets

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import ApiToken, RecoveryCode, User
from forum.services import ValidationError
from forum.services.accounts import handles
from forum.services.accounts.handles import HANDLE_PATTERN, check_handle, find_user, suggest_handle
from forum.services.accounts.members import (authenticate, change_password, check_password,
                                             create_account, recover_account,
                                             regenerate_recovery_codes, unused_recovery_codes)
from forum.services.accounts.tokens import issue_token, user_for_token
from personas import PASSWORD

NEW_PASSWORD = "a fresh start every day 365"


@pytest.fixture
def ctx(app, personas):
    """An application context with the personas in the database."""
    with app.app_context():
        yield


def refusal(call, *args) -> ValidationError:
    """The ValidationError a call raises."""
    with pytest.raises(ValidationError) as raised:
        call(*args)
    return raised.value


# --- handles -----------------------------------------------------------------------------------

def test_generated_handles_fit_the_pattern_and_pass_every_check(ctx):
    handles = {suggest_handle() for _ in range(200)}
    for handle in handles:
        assert HANDLE_PATTERN.fullmatch(handle), handle
        assert check_handle(handle) == handle
    assert len(handles) > 150, "two words and a number leave plenty of room"


def test_a_generated_handle_is_never_one_already_taken(ctx, monkeypatch):
    monkeypatch.setattr(handles, "handle_words", lambda: (["Quiet"], ["Heron"]))
    monkeypatch.setattr(handles.secrets, "randbelow", lambda _n: 17)
    first = suggest_handle()
    assert first == "QuietHeron27"
    create_account(PASSWORD, first.lower())
    second = suggest_handle()
    assert second.lower() != "quietheron27" and HANDLE_PATTERN.fullmatch(second)
    assert check_handle(second) == second


@pytest.mark.parametrize("handle", ["QuietHeron27", "sam-r", "night_owl", "Sober2019", "abc",
                                    "x" * 32, "  padded_ok  "])
def test_ordinary_handles_are_accepted(ctx, handle):
    assert check_handle(handle) == handle.strip()


@pytest.mark.parametrize("handle", [
    "sam@example.org", "sam.river.com", "sam@home", "river.io", "samriver_com", "mail-me-net",
    "5551234567", "555-123-4567", "call_555_1234", "07700900123", "x1234567",
    "wwwfoo", "http_me", "httpsfoo", "visit-www-site",
    "admin", "TheAdmin", "ADMINISTRATOR", "moderator", "Mod_Sam", "staff", "ForumStaff",
    "support", "support_team", "official", "OfficialHelp", "sysop",
    "ab", "x" * 33, "has space", "tab\there", "émile", "semi;colon", "",
])
def test_unsafe_or_malformed_handles_are_refused(handle):
    error = refusal(check_handle, handle)
    assert error.field == "handle" and error.code == "invalid" and error.message


@pytest.mark.parametrize("handle", ["SamRiver", "samriver", "SAMRIVER", " SamRiver "])
def test_a_taken_handle_is_refused_regardless_of_case(ctx, handle):
    error = refusal(check_handle, handle)
    assert (error.field, error.code) == ("handle", "taken")
    assert refusal(create_account, PASSWORD, handle).code == "taken"


def test_find_user_ignores_case_and_anything_that_cannot_be_a_handle(ctx):
    assert find_user("samRIVER").handle == "SamRiver"
    for odd in ("Sam\x00River", "sam river", "", None, 42, "x" * 1000):
        assert find_user(odd) is None


# --- passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("password", ["123456789", "short", "password123", "PASSWORD123",
                                      "qwertyuiop", "1234567890", "aaaaaaaaaaaa", "abababababab",
                                      "x" * 257, "my SamRiver password", "samriver-forever"])
def test_weak_passwords_are_refused(password):
    error = refusal(check_password, password, "SamRiver")
    assert error.field == "password" and error.message


def test_a_password_of_ten_characters_is_enough():
    check_password("tulip fern", "SamRiver")
    check_password("Maple-bark", "SamRiver")


def test_a_password_that_is_not_text_is_refused():
    assert refusal(check_password, None).code == "required"
    assert refusal(check_password, "\ud800 long enough text").field == "password"


# --- recovery codes ----------------------------------------------------------------------------

def test_sign_up_gives_ten_codes_stored_only_as_hashes(ctx):
    user, codes = create_account(PASSWORD, "night_owl")
    assert len(codes) == len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)
                                .where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10
    assert sorted(stored) == sorted(hashlib.sha256(c.encode()).hexdigest() for c in codes)
    everything = " ".join(str(v) for row in db.session.execute(select(RecoveryCode)).scalars()
                          for v in vars(row).values())
    assert not any(code in everything for code in codes), "no code is stored in plain text"


def test_a_recovery_code_sets_a_new_password_once_and_never_again(ctx):
    user, codes = create_account(PASSWORD, "night_owl")
    token = issue_token(user)
    recovered = recover_account("NIGHT_OWL", codes[3], NEW_PASSWORD)
    assert recovered.id == user.id
    assert authenticate("night_owl", NEW_PASSWORD) == user
    assert authenticate("night_owl", PASSWORD) is None
    assert user_for_token(token) is None, "recovery ends every token"
    assert unused_recovery_codes(user) == 9
    assert refusal(recover_account, "night_owl", codes[3], "yet another passphrase 1").field \
        == "code"
    assert authenticate("night_owl", NEW_PASSWORD) == user


def test_a_recovery_code_is_read_however_it_is_typed(ctx):
    user, codes = create_account(PASSWORD, "night_owl")
    typed = f"  {codes[0].replace('-', ' ').lower()} "
    assert recover_account("night_owl", typed, NEW_PASSWORD) == user


@pytest.mark.parametrize("handle, code", [("SamRiver", 0), ("nobody_here", 0),
                                          ("night_owl", "ABCDE-FGHJK"), ("night_owl", ""),
                                          ("night_owl", None), (None, 0)])
def test_a_code_works_only_for_its_own_account(ctx, handle, code):
    user, codes = create_account(PASSWORD, "night_owl")
    code = codes[code] if code == 0 else code
    assert refusal(recover_account, handle, code, NEW_PASSWORD).field == "code"
    assert unused_recovery_codes(user) == 10


def test_a_refused_new_password_keeps_the_code_unused(ctx):
    user, codes = create_account(PASSWORD, "night_owl")
    assert refusal(recover_account, "night_owl", codes[0], "short").field == "new_password"
    assert unused_recovery_codes(user) == 10
    assert recover_account("night_owl", codes[0], NEW_PASSWORD) == user


def test_new_codes_replace_the_old_ones(ctx):
    user, old = create_account(PASSWORD, "night_owl")
    assert refusal(regenerate_recovery_codes, user, "wrong password!").field == "password"
    new = regenerate_recovery_codes(user, PASSWORD)
    assert set(new).isdisjoint(old) and unused_recovery_codes(user) == 10
    assert refusal(recover_account, "night_owl", old[0], NEW_PASSWORD).field == "code"
    assert recover_account("night_owl", new[0], NEW_PASSWORD) == user


# --- signing in, tokens and sessions ---------------------------------------------------------

def test_authenticate_answers_none_alike_for_an_unknown_handle_and_a_wrong_password(ctx):
    sam = find_user("SamRiver")
    assert authenticate("samriver", PASSWORD) == sam
    for handle, password in (("SamRiver", "wrong password!"), ("NobodyHere", PASSWORD),
                             ("SamRiver", ""), ("SamRiver", None), (None, PASSWORD),
                             ("Sam\x00River", PASSWORD), ("SamRiver", "\ud800"),
                             ("SamRiver", 12345)):
        assert authenticate(handle, password) is None


def test_a_password_change_ends_every_token_and_session(ctx):
    sam = find_user("SamRiver")
    tokens, epoch = [issue_token(sam) for _ in range(3)], sam.auth_epoch
    session_identity = sam.get_id()
    assert refusal(change_password, sam, "not my password", NEW_PASSWORD).field == \
        "current_password"
    assert all(user_for_token(t) == sam for t in tokens)
    change_password(sam, PASSWORD, NEW_PASSWORD)
    assert all(user_for_token(t) is None for t in tokens)
    assert db.session.scalars(select(ApiToken).where(ApiToken.user_id == sam.id)).all() == []
    assert sam.auth_epoch == epoch + 1 and sam.get_id() != session_identity
    assert authenticate("SamRiver", NEW_PASSWORD) == sam


def test_a_new_password_is_checked_like_any_other(ctx):
    sam = find_user("SamRiver")
    assert refusal(change_password, sam, PASSWORD, "SamRiver rocks!").field == "new_password"
    assert authenticate("SamRiver", PASSWORD) == sam


def test_tokens_are_random_and_stored_hashed(ctx):
    sam = find_user("SamRiver")
    first, second = issue_token(sam), issue_token(sam)
    assert first != second and len(first) >= 40
    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert first not in stored and hashlib.sha256(first.encode()).hexdigest() in stored
    assert user_for_token(secrets.token_urlsafe(32)) is None


def test_passwords_are_stored_hashed(ctx):
    sam = db.session.scalar(select(User).where(User.handle == "SamRiver"))
    assert PASSWORD not in sam.password_hash and sam.password_hash.startswith("pbkdf2:")
