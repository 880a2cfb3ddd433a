"""What the forum does around every page, made cheaper (issue 16, branch pages21): a session
cookie verified once per process, the security headers appended at once, no address hash
Flask-Login would never compare, the thread page's reply form built only when its fields are
drawn. None of it may drop a header, let an expired, forged or rotated-out cookie in, or show
one member's session to another."""
import copy
import re
import time

import pytest
from flask import Response
from flask_login import login_manager as flask_login_manager
from itsdangerous import URLSafeTimedSerializer

from forum.boards.forms import ReplyForm
from forum.boards.layout import EmptyForm
from forum.security import CONTENT_SECURITY_POLICY, EVERY_ANSWER
from personas import PERSONA_HANDLES
from test_page_pieces import _browser
from test_pages_threads import csrf_token_from, reply, start_thread, submit

COOKIE = "forum_session"


def _paths(app, thread_id: int) -> list[str]:
    """One page of every kind: made pages, a form, a redirect, an error, a static file, JSON."""
    return [f"/threads/{thread_id}", "/boards/newcomers", "/latest", "/", "/login", "/help",
            "/threads/999999", "/no/such/page", "/static/forum.css", "/api/v1/boards",
            "/notifications"]


def _headers_once(answer) -> dict[str, list[str]]:
    """Every header's values by lower-case name."""
    found: dict[str, list[str]] = {}
    for name, value in answer.headers.items():
        found.setdefault(name.lower(), []).append(value)
    return found


def test_every_kind_of_answer_carries_each_security_header_once(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    thread_id = start_thread(sam)
    for client in (app.test_client(), sam):
        for path in _paths(app, thread_id):
            answer = client.get(path)
            headers = _headers_once(answer)
            for name, value in EVERY_ANSWER:
                assert headers.get(name.lower()) == [value], (path, name, headers.get(name))
            if answer.mimetype == "text/html":
                assert headers["cache-control"] == ["no-store"], path
            assert len(headers.get("vary", [])) <= 1, (path, headers.get("vary"))


def test_a_views_own_headers_are_kept_or_replaced_as_before(app):
    """A view that sets its own policy keeps it; a view's other header of the list is replaced
    by the forum's, never doubled; its own Cache-Control stays."""
    def own():
        response = Response("<p>own</p>", mimetype="text/html")
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Cache-Control"] = "private, max-age=5"
        return response
    app.add_url_rule("/__own_headers", "own_headers", own)
    headers = _headers_once(app.test_client().get("/__own_headers"))
    assert headers["content-security-policy"] == ["default-src 'none'"]
    assert headers["x-frame-options"] == ["DENY"]
    assert headers["cache-control"] == ["private, max-age=5"]
    assert headers["x-content-type-options"] == ["nosniff"]
    plain = _headers_once(app.test_client().get("/help"))
    assert plain["content-security-policy"] == [CONTENT_SECURITY_POLICY]


def test_a_vary_header_a_view_set_keeps_its_names_and_gains_accept_encoding(app):
    def varies():
        response = Response("<p>varies</p>", mimetype="text/html")
        response.headers["Vary"] = "Cookie"
        return response
    app.add_url_rule("/__varies", "varies", varies)
    vary = app.test_client().get("/__varies").headers["Vary"]
    assert {part.strip() for part in vary.split(",")} == {"Cookie", "Accept-Encoding"}


def _cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def _with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie(COOKIE, value)
    return other


def _signed_in_as(client) -> str | None:
    """The handle the page's frame shows as signed in, if any."""
    page = client.get("/latest").text
    return next((handle for handle in PERSONA_HANDLES.values()
                 if f'title="Your settings: {handle}"' in page and "Log out" in page), None)


def test_a_cookie_verified_once_is_still_refused_once_expired(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    cookie = _cookie(sam)
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"  # verified and kept
    lifetime = app.permanent_session_lifetime
    real_time = time.time
    try:
        time.time = lambda: real_time() + lifetime.total_seconds() + 5
        assert _signed_in_as(_with_cookie(app, cookie)) is None
        time.time = lambda: real_time() - 60  # signed "in the future": refused as well
        assert _signed_in_as(_with_cookie(app, cookie)) is None
    finally:
        time.time = real_time
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"


def test_a_forged_cookie_is_refused_even_beside_a_kept_one(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    cookie = _cookie(sam)
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"
    payload, _, signature = cookie.rpartition(".")
    forged = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert _signed_in_as(_with_cookie(app, forged)) is None
    other_key = URLSafeTimedSerializer("not the forum's key", salt="cookie-session")
    data = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert _signed_in_as(_with_cookie(app, other_key.dumps(data))) is None


def test_a_changed_secret_key_refuses_kept_cookies_at_once(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    cookie = _cookie(sam)
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"
    old_key = app.secret_key
    app.secret_key = "a rotated secret key, long enough for the test 0123456789abcdef"
    app.config["SECRET_KEY"] = app.secret_key
    assert _signed_in_as(_with_cookie(app, cookie)) is None
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]  # a rotation that still accepts the old one
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"


def test_a_request_changing_its_session_leaves_the_kept_values_alone(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    cookie = _cookie(sam)
    interface = app.session_interface
    with app.test_request_context("/", headers={"Cookie": f"{COOKIE}={cookie}"}) as context:
        first = interface.open_session(app, context.request)
        kept = copy.deepcopy(dict(first))
        first["auth_session"] = "someone else's"
        first.setdefault("_flashes", []).append(("message", "hello"))
        second = interface.open_session(app, context.request)
    assert dict(second) == kept and second is not first


def test_sign_out_still_ends_the_session_a_kept_cookie_names(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    cookie = _cookie(sam)
    assert _signed_in_as(_with_cookie(app, cookie)) == "SamRiver"
    submit(sam, "/logout", {}, token_from="/")
    assert _signed_in_as(sam) is None
    assert _signed_in_as(_with_cookie(app, cookie)) is None  # the old cookie, replayed


def test_members_taking_turns_each_see_only_their_own_session(make_app, personas):
    """Sam, Nell and a visitor ask for the same pages in turn, with CSRF on: each page shows
    its own member and carries its own session's token, a visitor's none."""
    app = make_app(WTF_CSRF_ENABLED=True)
    sam = _browser(app, PERSONA_HANDLES, "member")
    nell = _browser(app, PERSONA_HANDLES, "newcomer")
    visitor = app.test_client()
    thread_id = start_thread(sam)
    # A token is the session's raw token, signed: one raw token a session (a page that draws
    # a form's field itself may sign it again, at another second: both are that session's).
    tokens: dict[str, set] = {"SamRiver": set(), "Nell": set()}
    for _ in range(3):
        for client, handle in ((sam, "SamRiver"), (nell, "Nell"), (visitor, None)):
            for path in (f"/threads/{thread_id}", "/boards/newcomers", "/latest"):
                page = client.get(path).text
                assert _signed_in_as(client) == handle
                if handle is None:
                    assert 'name="csrf_token"' not in page, path
                else:
                    other = "Nell" if handle == "SamRiver" else "SamRiver"
                    assert f'title="Your settings: {other}"' not in page, path
                    assert f'title="Your settings: {handle}"' in page, path
                    tokens[handle].add(csrf_token_from(page).split(".")[0])
    assert len(tokens["SamRiver"]) == 1 and len(tokens["Nell"]) == 1
    assert tokens["SamRiver"] != tokens["Nell"]


def test_no_address_hash_is_made_or_kept(app, personas, monkeypatch):
    """Session protection is off, so Flask-Login's address and browser hash is never made."""
    made = []
    monkeypatch.setattr(flask_login_manager, "_create_identifier",
                        lambda: made.append(1) or "hash")
    sam = _browser(app, PERSONA_HANDLES, "member")
    assert sam.get("/latest").status_code == 200
    assert app.login_manager.session_protection is None
    assert app.login_manager._session_identifier_generator() == ""
    assert made == []
    data = app.session_interface.get_signing_serializer(app).loads(_cookie(sam))
    assert "_id" not in data


def test_the_unbuilt_reply_forms_csrf_field_is_the_built_ones(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.test_request_context("/"):
        built = ReplyForm(formdata=None)
        later = EmptyForm(ReplyForm)
        assert str(later.csrf_token) == str(built.csrf_token)
        assert later.field_names() == tuple(field.name for field in built)
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context("/"):
        assert str(EmptyForm(ReplyForm).csrf_token) == ""
        assert "csrf_token" not in EmptyForm(ReplyForm).field_names()


def test_a_signed_in_thread_page_still_offers_a_working_reply_form(make_app, personas):
    app = make_app(WTF_CSRF_ENABLED=True)
    sam = _browser(app, PERSONA_HANDLES, "member")
    thread_id = start_thread(sam)
    for _ in range(2):  # the fields drawn, then kept
        page = sam.get(f"/threads/{thread_id}").text
        form = page[page.index('id="reply-form"'):]
        form = form[:form.index("</form>")]
        assert 'name="csrf_token"' in form and 'name="body"' in form
        assert 'name="content_warning"' in form and 'value="Post reply"' in form
    answer = sam.post(f"/threads/{thread_id}/reply", data={
        "csrf_token": csrf_token_from(page), "body": "Made it through today.", "parent_id": "",
        "content_warning": ""})
    assert answer.status_code == 302, answer.text
    assert "Made it through today." in sam.get(f"/threads/{thread_id}").text


@pytest.mark.parametrize("header", ["Authorization", "Accept-Language"])
def test_headers_read_from_the_environ_are_the_same_headers(app, header):
    with app.test_request_context("/", headers={header: "Bearer x y"}) as context:
        from flask import request
        key = "HTTP_" + header.upper().replace("-", "_")
        assert request.environ.get(key) == request.headers.get(header)
    del context


def _statements_of(app, client, path: str) -> tuple[list[str], str]:
    from sqlalchemy import event
    from forum.extensions import db
    seen: list[str] = []
    with app.app_context():
        listener = lambda *args, **kwargs: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = client.get(path).text
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return seen, page


def test_a_members_board_page_reads_the_board_and_their_state_in_one_statement(app, personas):
    """Signed in, after a write in the board: the member's follow and mute of the board are
    read with the board itself, in its statement, never in one of their own."""
    sam = _browser(app, PERSONA_HANDLES, "member")
    nell = _browser(app, PERSONA_HANDLES, "newcomer")
    thread_id = start_thread(sam, title="A fresh start")
    sam.get("/boards/newcomers")
    reply(nell, thread_id, "Glad you're here.")
    seen, page = _statements_of(app, sam, "/boards/newcomers")
    assert "A fresh start" in page
    asking_state = [s for s in seen if "board_follows" in s or "board_mutes" in s]
    assert len(asking_state) == 1, seen
    assert "board_follows" in asking_state[0] and "board_mutes" in asking_state[0]
    assert "FROM boards" in asking_state[0] and "boards.slug = " in asking_state[0]


def test_a_board_page_shows_each_member_their_own_follow_and_mute(app, personas):
    sam = _browser(app, PERSONA_HANDLES, "member")
    nell = _browser(app, PERSONA_HANDLES, "newcomer")
    visitor = app.test_client()
    path = "/boards/newcomers"
    for client in (sam, nell, visitor):
        client.get(path)  # every page made and kept once
    assert submit(sam, f"{path}/follow", {"follow": "1"}, token_from=path).status_code == 302
    assert submit(nell, f"{path}/mute", {"mute": "1"}, token_from=path).status_code == 303
    sam_page, nell_page = sam.get(path).text, nell.get(path).text
    assert "You follow this board." in sam_page and "Unmute this board" not in sam_page
    assert "You follow this board." not in nell_page and "Unmute this board" in nell_page
    visitor_page = visitor.get(path).text
    assert "Follow this board" not in visitor_page and "Mute this board" not in visitor_page
    assert submit(sam, f"{path}/follow", {"follow": "0"}, token_from=path).status_code == 302
    assert "You follow this board." not in sam.get(path).text
    assert sam.get("/boards/no-such-board").status_code == 404


def test_pieces_follow_a_changed_lifetime_and_the_requests_script_root(app, personas):
    """The piece store and lifetime are read once a list, still at every request: set to 0,
    nothing more is kept; a page under another script root never gets the root's pieces."""
    sam = _browser(app, PERSONA_HANDLES, "member")
    thread_id = start_thread(sam, title="Mornings")
    visitor = app.test_client()
    pieces = app.extensions["forum_piece_store"]
    app.config["PIECE_CACHE_SECONDS"] = 0
    pieces.clear()
    assert "Mornings" in visitor.get(f"/threads/{thread_id}").text
    assert "Mornings" in visitor.get("/boards/newcomers").text
    assert len(pieces._entries) == 0
    app.config["PIECE_CACHE_SECONDS"] = 600
    for kept in ("forum_page_store", "forum_fragment_store"):  # pages made again
        app.extensions[kept].clear()
    visitor.get(f"/threads/{thread_id}")
    visitor.get("/boards/newcomers")
    assert len(pieces._entries) > 0
    for client, path in ((sam, f"/threads/{thread_id}"), (visitor, "/boards/newcomers")):
        links = set(re.findall(r'href="(/[a-z][^"#]*)"', client.get(path).text))
        for kept in ("forum_page_store", "forum_member_page_store", "forum_frame_store",
                     "forum_fragment_store"):  # pages, frames and lists: keyed without the root
            app.extensions[kept].clear()
        under = client.get(path, environ_overrides={"SCRIPT_NAME": "/forum"}).text
        assert links and [link for link in links if f'href="/forum{link}"' not in under] == []
        assert not any(f'href="{link}"' in under for link in links), path
