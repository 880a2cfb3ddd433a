"""Sign-up, log-in, log-out, recovery codes and settings, through the pages as a person uses them."""
import html
import re

import pytest

from forum.extensions import db
from forum.services.seeding import seed_defaults
from test_pages_threads import csrf_token_from

PASSWORD = "a long enough passphrase 42"  # every persona's password (conftest)
CODE = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")
NEW_PASSWORD = "another long passphrase 77"


def _field_value(page: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def _field_error(page: str, field_id: str) -> str:
    """The inline error of a field, checking the input points at it with aria-describedby."""
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', page, re.S)
    assert match, f"no inline error for {field_id}"
    assert re.search(rf'aria-describedby="[^"]*{field_id}-error[^"]*"[^>]*id="{field_id}"', page)
    return html.unescape(match.group(1))


def _signup(client, handle=None, password=PASSWORD, confirm=None):
    page = client.get("/signup").text
    return client.post("/signup", data={
        "csrf_token": csrf_token_from(page), "handle": handle if handle is not None else
        _field_value(page, "handle"), "password": password, "confirm": confirm or password})


def _logged_in_as(client) -> str | None:
    """The handle the client is signed in as, read from /me; None when anonymous."""
    answer = client.get("/me")
    if answer.status_code != 200:
        return None
    return re.search(r'<dt>Handle</dt><dd><span class="handle">([^<]+)</span>', answer.text).group(1)


# Sign-up

def test_signup_offers_a_generated_handle_that_can_be_edited(client):
    page = client.get("/signup").text
    handle = _field_value(page, "handle")
    assert re.fullmatch(r"[A-Z][a-z]+[A-Z][a-z]+\w+", handle)
    assert re.search(r'<label for="handle">Handle', page)
    assert '<label for="password">Password <span class="required">(required)</span>' in page


def test_suggest_another_handle_draws_a_new_one_and_drops_the_password(client):
    page = client.get("/signup").text
    first = _field_value(page, "handle")
    seen = set()
    for _ in range(3):
        again = client.post("/signup", data={"csrf_token": csrf_token_from(page), "handle": first,
                                              "password": PASSWORD, "suggest": "1"})
        assert again.status_code == 200
        assert PASSWORD not in again.text
        assert "error" not in re.sub(r'class="[^"]*"', "", again.text.split("<main")[1]).lower()
        seen.add(_field_value(again.text, "handle"))
    assert seen - {first}
    assert _logged_in_as(client) is None


def test_signup_with_the_suggested_handle_shows_ten_codes_once_and_signs_in(client):
    page = client.get("/signup").text
    handle = _field_value(page, "handle")
    answer = client.post("/signup", data={"csrf_token": csrf_token_from(page), "handle": handle,
                                          "password": PASSWORD, "confirm": PASSWORD})
    assert answer.status_code == 303  # POST, redirect, GET: a reload never signs up again
    assert answer.headers["Location"].endswith("/me/recovery-codes")
    assert not CODE.findall(answer.text)
    shown = client.get("/me/recovery-codes")
    codes = CODE.findall(shown.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "only way back into your account" in shown.text
    assert _logged_in_as(client) == handle
    assert not CODE.findall(client.get("/me").text)


def test_the_codes_page_shows_them_once_then_forgets_them(client):
    answer = _signup(client)
    assert len(CODE.findall(client.get(answer.headers["Location"]).text)) == 10
    again = client.get("/me/recovery-codes")  # a reload
    assert again.status_code == 200 and not CODE.findall(again.text)
    assert "shown once" in again.text
    with client.session_transaction() as stored:
        assert not any(CODE.search(str(value)) for value in stored.values())


def test_the_codes_page_is_for_members_only(client):
    assert client.get("/me/recovery-codes").status_code in (302, 401)


def test_signup_with_an_empty_handle_gets_one_made_up(client):
    answer = _signup(client, handle="")
    assert len(CODE.findall(client.get(answer.headers["Location"]).text)) == 10
    assert _logged_in_as(client)


@pytest.mark.parametrize("handle, words", [
    ("sam@example.com", ""),  # refused; the wording is the account service's
    ("sam river", "letters, digits"),
    ("ModeratorSam", "looks official"),
    ("SamSnapchat", "outside the forum"),
    ("sam5551234", "phone number"),
    ("samriver", "taken"),
    ("SAMRIVER", "taken"),
])
def test_signup_refuses_a_chosen_handle_inline_and_keeps_it(client, personas, handle, words):
    answer = _signup(client, handle=handle)
    assert answer.status_code == 200
    assert words in _field_error(answer.text, "handle")
    assert _field_value(answer.text, "handle") == handle
    assert not CODE.findall(answer.text)
    assert _logged_in_as(client) is None


@pytest.mark.parametrize("password, confirm, field, words", [
    ("short", None, "password", "at least 10 characters"),
    ("password123", None, "password", "too common"),
    (PASSWORD, "something else entirely", "confirm", "don't match"),
    ("", None, "password", "choose a password"),
])
def test_signup_refuses_a_weak_or_mistyped_password_inline(client, password, confirm, field, words):
    answer = _signup(client, handle="GentleHeron", password=password, confirm=confirm)
    assert words in _field_error(answer.text, field)
    assert _field_value(answer.text, "handle") == "GentleHeron"
    assert _logged_in_as(client) is None


def test_signup_without_csrf_token_is_refused(client):
    answer = client.post("/signup", data={"handle": "GentleHeron", "password": PASSWORD,
                                          "confirm": PASSWORD})
    assert answer.status_code == 400
    assert _logged_in_as(client) is None


# Log in and log out

def test_login_then_logout(client, auth):
    answer = auth.login("member")
    assert answer.status_code == 302
    assert _logged_in_as(client) == "SamRiver"
    assert auth.logout().status_code == 302
    assert _logged_in_as(client) is None


def test_login_gives_one_answer_for_unknown_handle_and_wrong_password(client, auth):
    def problem(answer):
        return re.search(r'<div class="form-problem" role="alert">(.*?)</div>', answer.text,
                         re.S).group(1)

    unknown, wrong = auth.login("NoSuchMember"), auth.login("member", password="not my password")
    assert unknown.status_code == wrong.status_code == 200
    assert problem(unknown) == problem(wrong)
    assert "don&#39;t match" in problem(wrong)
    assert _logged_in_as(client) is None


def test_login_page_links_to_recovery(client):
    assert 'href="/recover">Use a recovery code</a>' in client.get("/login").text


@pytest.mark.parametrize("next_path, lands_on", [
    ("/boards/slips", "/boards/slips"),
    ("//evil.example/", "/"),
    ("https://evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("/\t/evil.example", "/"),  # a browser drops the tab and reads "//evil.example"
])
def test_login_returns_to_a_local_page_only(client, personas, next_path, lands_on):
    page = client.get("/login", query_string={"next": next_path}).text
    answer = client.post("/login", data={"csrf_token": csrf_token_from(page), "handle": "SamRiver",
                                         "password": PASSWORD, "next": next_path})
    assert answer.headers["Location"] == lands_on


def test_logout_by_get_is_refused(client, auth):
    auth.login("member")
    assert client.get("/logout").status_code == 405
    assert _logged_in_as(client) == "SamRiver"


def test_logout_without_csrf_token_is_refused(client, auth):
    auth.login("member")
    answer = client.post("/logout")
    assert answer.status_code == 400
    assert "go back, reload the page" in html.unescape(answer.text)
    assert _logged_in_as(client) == "SamRiver"


def test_login_without_csrf_token_is_refused(client, personas):
    answer = client.post("/login", data={"handle": "SamRiver", "password": PASSWORD})
    assert answer.status_code == 400
    assert _logged_in_as(client) is None


# Recovery codes

def _signed_up_with_codes(client) -> tuple[str, list[str]]:
    answer = _signup(client)
    answer = client.get(answer.headers["Location"])
    handle = _logged_in_as(client)
    page = client.get("/me").text
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    return handle, CODE.findall(answer.text)


def _recover(client, handle, code, password=NEW_PASSWORD):
    page = client.get("/recover").text
    return client.post("/recover", data={"csrf_token": csrf_token_from(page), "handle": handle,
                                         "code": code, "new_password": password,
                                         "confirm": password})


def test_a_recovery_code_sets_a_new_password_once(client, auth):
    handle, codes = _signed_up_with_codes(client)
    answer = _recover(client, handle, codes[0].lower())
    assert answer.status_code == 302
    assert _logged_in_as(client) == handle
    assert "9 of 10" in client.get("/me").text
    auth.logout()
    assert auth.login(handle, password=PASSWORD).status_code == 200  # old password is gone
    assert auth.login(handle, password=NEW_PASSWORD).status_code == 302
    auth.logout()
    again = _recover(client, handle, codes[0], password="yet another passphrase 99")
    assert "don&#39;t match an unused code" in again.text
    assert _logged_in_as(client) is None


def test_recovery_with_a_wrong_code_is_refused_inline(client, personas):
    answer = _recover(client, "SamRiver", "AAAAA-BBBBB")
    assert "don't match" in _field_error(answer.text, "code")
    assert _field_value(answer.text, "handle") == "SamRiver"


# Settings

def test_settings_show_handle_role_and_codes_left(client, auth):
    auth.login("moderator")
    page = client.get("/me").text
    assert _logged_in_as(client) == "MoKeeper"
    assert "<dd>Moderator</dd>" in page
    assert "10 of 10" in page


def _change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    page = client.get("/me").text
    return client.post("/me/password", data={
        "csrf_token": csrf_token_from(page), "pw-current_password": current,
        "pw-new_password": new, "pw-confirm": confirm or new})


def test_changing_the_password_logs_out_other_sessions_only(app, client, auth):
    other = app.test_client()
    auth.login("member")
    type(auth)(other, auth.personas).login("member")
    assert _logged_in_as(other) == "SamRiver"
    answer = _change_password(client)
    assert answer.status_code == 302
    assert _logged_in_as(client) == "SamRiver"
    assert _logged_in_as(other) is None
    auth.logout()
    assert auth.login("member", password=NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("current, new, confirm, field, words", [
    ("wrong password here", NEW_PASSWORD, None, "pw-current_password", "not your current"),
    (PASSWORD, "short", None, "pw-new_password", "at least 10"),
    (PASSWORD, NEW_PASSWORD, "a different one entirely", "pw-confirm", "don't match"),
])
def test_change_password_mistakes_show_inline(client, auth, current, new, confirm, field, words):
    auth.login("member")
    answer = _change_password(client, current, new, confirm)
    assert words in _field_error(answer.text, field)
    auth.logout()
    assert auth.login("member").status_code == 302  # the password did not change


def test_new_recovery_codes_replace_the_old_ones(client, auth):
    handle, old_codes = _signed_up_with_codes(client)
    auth.login(handle)
    _recover(client, handle, old_codes[0])  # now 9 left
    page = client.get("/me").text
    answer = client.post("/me/recovery-codes", data={
        "csrf_token": csrf_token_from(page), "codes-password": NEW_PASSWORD})
    assert answer.status_code == 303
    new_codes = CODE.findall(client.get(answer.headers["Location"]).text)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "10 of 10" in client.get("/me").text
    auth.logout()
    assert "don&#39;t match" in _recover(client, handle, old_codes[1]).text


def test_new_recovery_codes_need_the_password(client, auth):
    auth.login("member")
    page = client.get("/me").text
    answer = client.post("/me/recovery-codes", data={
        "csrf_token": csrf_token_from(page), "codes-password": "not my password"})
    assert "not your current password" in _field_error(answer.text, "codes-password")
    assert not CODE.findall(answer.text)


# Rate limits

@pytest.fixture
def limited_client(make_app):
    """A client of an app with its rate limits on (the test config turns them off)."""
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        db.create_all()
        seed_defaults()
    return app.test_client()


def test_login_posts_beyond_the_limit_get_a_kind_429_page(limited_client):
    token = csrf_token_from(limited_client.get("/login").text)
    data = {"csrf_token": token, "handle": "Nobody", "password": "wrong password"}
    answers = [limited_client.post("/login", data=data) for _ in range(11)]
    assert [a.status_code for a in answers[:10]] == [200] * 10
    assert answers[10].status_code == 429
    assert "take a short pause" in answers[10].text
    assert "Need help now?" in answers[10].text
    assert limited_client.get("/login").status_code == 200  # reading the page is never limited


def test_suggesting_handles_spends_no_signup_attempts(limited_client):
    page = limited_client.get("/signup").text
    for _ in range(6):
        answer = limited_client.post("/signup", data={"csrf_token": csrf_token_from(page),
                                                      "suggest": "1"})
        assert answer.status_code == 200
    answers = [_signup(limited_client, handle=f"Limited{n}x") for n in "abcdef"]
    assert [a.status_code for a in answers] == [303] * 5 + [429]  # each sign-up redirects to its codes
