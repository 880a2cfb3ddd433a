"""The page header rendered once per member (pagecache.cached_frame, issue 16): every page still
carries its own way back in the theme form and the session's own CSRF token in the log-out form,
and what the header shows (the handle, the unread count) changes at once."""
import re

from forum.extensions import db
from forum.services.accounts.handles import find_user
from forum.services.notifications import notify
from test_member_page_cache import _signed_in

NEXT = re.compile(r'<form class="theme-form theme-wide"[^>]*>\s*<input type="hidden" '
                  r'name="next" value="([^"]*)"')
LOGOUT_TOKEN = re.compile(r'logout-form"[^>]*>\s*<input type="hidden" name="csrf_token" '
                          r'value="([^"]+)"')


def test_each_page_carries_its_own_way_back_and_each_session_its_own_token(app, personas):
    first, second = _signed_in(app, personas, "member"), _signed_in(app, personas, "member")
    visitor = app.test_client()
    app.config["MEMBER_PAGE_CACHE_SECONDS"] = 0  # the pages are made: only the header is kept
    for client in (first, visitor):
        assert NEXT.search(client.get("/latest").text).group(1) == "/latest"
        assert NEXT.search(client.get("/boards/alcohol?page=1&x=<b>").text).group(1) == \
            "/boards/alcohol?page=1&amp;x=&lt;b&gt;"  # escaped, as before
    first_token, second_token = (LOGOUT_TOKEN.search(c.get("/latest").text).group(1)
                                 for c in (first, second))
    assert first_token != second_token and "placeholder" not in first_token + second_token
    assert "placeholder" not in first.get("/").text
    assert first.post("/logout", data={"csrf_token": first_token}).status_code == 302
    assert "Log in" in first.get("/latest").text


def test_what_the_header_shows_changes_at_once(app, personas):
    member = _signed_in(app, personas, "member")
    app.config["MEMBER_PAGE_CACHE_SECONDS"] = 0
    assert 'id="nav-unread-count">0<' in member.get("/latest").text
    with app.app_context():
        user = find_user(personas["member"])
        notify(user.id, "reply", "Someone answered you.")
        db.session.commit()
    assert 'id="nav-unread-count">1<' in member.get("/boards/alcohol").text
    with app.app_context():
        find_user(personas["member"]).handle = "SamRenamed"
        db.session.commit()
    assert "Your settings: SamRenamed" in member.get("/latest").text
