"""Every page: it answers, carries the security headers, the help link and the page landmarks."""
import html as html_lib
import re
from pathlib import Path

import pytest

import forum
from forum.resources import boundaries

PUBLIC_PAGES = ["/", "/boards/newcomers", "/boards/slips?page=2", "/help", "/guidelines",
                "/signup", "/login", "/recover"]
MEMBER_PAGES = ["/me", "/boards/newcomers/new"]
PERSONAS = ["newcomer", "member", "mentor", "moderator", "admin"]


def _thread_path(client, auth) -> str:
    """Open a thread as the member and come back anonymous; answer its path."""
    auth.login("member")
    created = client.post("/boards/newcomers/new", data={
        "title": "Hello", "body": "First night.", "csrf_token": auth.csrf("/boards/newcomers/new")})
    auth.logout()
    return created.headers["Location"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_answer_anonymous_visitors(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.mimetype == "text/html"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", PUBLIC_PAGES + MEMBER_PAGES)
def test_every_page_answers_every_persona(client, auth, persona, path):
    auth.login(persona)
    answer = client.get(path)
    assert answer.status_code == 200
    assert f">{auth.personas[persona]}</a>" in answer.text  # their handle links to /me


@pytest.mark.parametrize("path", MEMBER_PAGES)
def test_member_pages_send_anonymous_visitors_to_log_in(client, path):
    answer = client.get(path)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login?next=")


def _pages_to_check(client, auth) -> list[str]:
    return PUBLIC_PAGES + [_thread_path(client, auth), "/no/such/page", "/threads/999999"]


def test_every_page_carries_the_security_headers(client, auth):
    for path in _pages_to_check(client, auth):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                          "script-src 'self'", "style-src 'self'"):
            assert directive in csp, (path, directive)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in headers["X-Robots-Tag"]
        assert headers["Cache-Control"] == "no-store"


def test_every_page_has_the_landmarks_and_the_help_link(client, auth):
    for path in _pages_to_check(client, auth):
        html = client.get(path).text
        assert '<html lang="en">' in html, path
        assert '<meta name="viewport"' in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
        assert '<a class="help-link" href="/help">Need help now?</a>' in html, path
        assert 'role="status"' in html
        footer = html[html.index("<footer"):]
        assert "not a crisis service" in footer
        assert 'href="/help"' in footer and 'href="/guidelines"' in footer


def test_pages_use_no_inline_script_style_or_outside_assets(client, auth):
    auth.login("member")
    for path in PUBLIC_PAGES + MEMBER_PAGES:
        html = client.get(path).text
        assert "<style" not in html, path
        # Scripts only as files of our own (the theme switch, local times and drafts, the live
        # count), never inline.
        for tag, body in re.findall(r"(<script[^>]*>)(.*?)</script>", html, re.S):
            assert re.fullmatch(r'<script src="/static/[\w./-]+\.js(\?v=\w+)?" defer>', tag), \
                (path, tag)
            assert not body.strip(), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r'src="(https?:)?//', html), path
        assert not re.search(r'<link [^>]*href="(https?:)?//', html), path
        # The only links to another site are crisis lines people can act on (/help, the box).
        for host in re.findall(r'<a [^>]*href="(?:https?:)?//([^/"]+)', html):
            assert host in _help_hosts(), (path, host)


def _help_hosts() -> set[str]:
    """The hosts of the shipped crisis lines and the international directory."""
    import json
    from urllib.parse import urlsplit

    data = json.loads((Path(forum.__file__).parent / "data" / "crisis_resources.json").read_text())
    entries = [data["directory"]] + [e for c in data["countries"].values() for e in c["resources"]]
    return {urlsplit(e[key]).hostname for e in entries for key in ("url", "chat_url") if key in e}


def test_anonymous_header_offers_log_in_and_sign_up(client):
    html = client.get("/").text
    assert 'href="/login">Log in</a>' in html and 'href="/signup">Sign up</a>' in html
    assert 'action="/logout"' not in html


def test_signed_in_header_offers_a_logout_button(client, auth):
    auth.login("member")
    html = client.get("/").text
    assert re.search(r'<form[^>]*method="post" action="/logout"', html)
    assert 'href="/login"' not in html


def test_boards_list_shows_every_board_with_its_description(client):
    html = client.get("/").text
    assert "Newcomers (start here)" in html
    assert "A slip is not the end." in html
    assert 'href="/boards/medication-assisted"' in html


def test_unknown_board_is_404(client):
    assert client.get("/boards/no-such-board").status_code == 404


def test_help_lists_crisis_resources_with_phone_links(client):
    html = client.get("/help").text
    assert "not a crisis service" in html
    for href in ("tel:988", "tel:18006624357", "tel:911"):
        assert f'href="{href}"' in html
    assert "988 Suicide &amp; Crisis Lifeline" in html


def test_guidelines_list_every_boundary_with_its_id_and_a_newcomer_path(client):
    html = client.get("/guidelines").text
    for boundary in boundaries():
        assert f'id="{boundary["id"]}"' in html
        assert f"[{boundary['id']}]" in html
    assert 'id="newcomers"' in html
    assert "Why a first post may be held" in html


def test_robots_txt_turns_every_crawler_away(client):
    answer = client.get("/robots.txt")
    assert answer.mimetype == "text/plain"
    assert answer.text.splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.parametrize("path, code, words", [
    ("/no/such/page", 404, "We couldn't find that page"),
    ("/logout", 405, "answers to a form button"),
])
def test_error_pages_are_kind_full_pages(client, path, code, words):
    answer = client.get(path)
    assert answer.status_code == code
    assert words in html_lib.unescape(answer.text)
    assert "Need help now?" in answer.text
