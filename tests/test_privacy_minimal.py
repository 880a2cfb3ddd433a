"""Minimal data: no e-mail field anywhere, no request to another site from any page, robots.txt
turns every crawler away, and /privacy says in plain words what is kept and for how long."""
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from forum.extensions import db
from forum.resources import _load_packaged
from privacy_search import crawl, urls_of

EMAIL = re.compile(r"e[-_]?mail", re.IGNORECASE)
STATIC = Path(__file__).resolve().parent.parent / "static"
# Links a member may follow away from the forum (never loaded by the page itself).
OUTSIDE_LINK_SCHEMES = {"tel", "sms"}


def _help_domains() -> set[str]:
    """The help allow-list, and the sites of every crisis line in the shipped resources."""
    lines = _load_packaged("crisis_resources.json")
    entries = [lines["directory"]] + [e for c in lines["countries"].values()
                                      for e in c["resources"]]
    sites = {urlsplit(e[k]).hostname for e in entries for k in ("url", "chat_url") if k in e}
    return set(_load_packaged("help_allowlist.json")["domains"]) | sites


def _everything(app, client, auth, api) -> dict[str, str]:
    """Every page each kind of visitor can reach, after some content exists."""
    thread = api.post("/boards/newcomers/threads", "member",
                      json={"title": "Hello", "body": "See https://988lifeline.org and "
                                                      "[a link](https://example.org/x)."}).json
    api.post(f"/threads/{thread['thread']['id']}/flags", "troll", json={"reason": "other"})
    pages = crawl(client, ("/", "/privacy", "/help", "/signup", "/login", "/recover",
                           "/no/such/page"))
    for persona in ("member", "moderator"):
        auth.login(persona)
        found = crawl(client, ("/", "/me", "/me/delete", "/chat", "/chat/lobby", "/moderation",
                               f"/threads/{thread['thread']['id']}"))
        pages.update({f"{persona}:{path}": html for path, html in found.items()})
        auth.logout()
    return pages


def test_no_table_has_an_email_column():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            assert not EMAIL.search(column.name), f"{table.name}.{column.name}"


def test_no_page_asks_for_an_email_address(app, client, auth, api):
    for path, html in _everything(app, client, auth, api).items():
        for field in re.findall(r"<(?:input|textarea|select)\b[^>]*>", html):
            assert not EMAIL.search(field), (path, field)
            assert 'type="email"' not in field, (path, field)


def test_no_page_loads_anything_from_another_site(app, client, auth, api):
    pages = _everything(app, client, auth, api)
    assert len(pages) > 30  # the crawl did reach the site
    for path, html in pages.items():
        for tag, attribute, url in urls_of(html):
            parts = urlsplit(url.strip())
            if tag == "a" and attribute == "href":
                _assert_followable(path, url, parts)
            else:  # src, action, <link href>...: fetched or sent by the page itself
                assert not parts.scheme and not parts.netloc, (path, tag, attribute, url)


def _assert_followable(path: str, url: str, parts) -> None:
    """A link leads to this site, a phone number, or a help resource (members' own links to
    other sites are plain links too: following one is the member's choice, nothing loads)."""
    if not parts.scheme and not parts.netloc:
        return
    if parts.scheme in OUTSIDE_LINK_SCHEMES:
        return
    host = parts.hostname or ""
    assert parts.scheme in ("http", "https"), (path, url)
    assert any(host == d or host.endswith("." + d) for d in _help_domains()) or \
        host == "example.org", (path, url)


def test_member_links_to_other_sites_tell_the_browser_to_send_nothing(app, client, api):
    thread = api.post("/boards/newcomers/threads", "member",
                      json={"title": "Links", "body": "[call](https://988lifeline.org/x)"}).json
    html = client.get(f"/threads/{thread['thread']['id']}").text
    link = re.search(r'<a [^>]*href="https://988lifeline.org/x"[^>]*>', html).group()
    assert "noreferrer" in link and "nofollow" in link


def test_stylesheets_and_scripts_load_nothing_from_elsewhere():
    for path in STATIC.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text()):
            assert not urlsplit(url).netloc and not url.startswith("//"), (path, url)
            assert urlsplit(url).scheme in ("", "data"), (path, url)
        for url in re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)", path.read_text()):
            assert not urlsplit(url).netloc and not url.startswith("//"), (path, url)


def test_every_page_forbids_loading_from_elsewhere(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy


def test_robots_txt_turns_every_crawler_away(client):
    answer = client.get("/robots.txt")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    assert answer.text.splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.parametrize("words", [
    "No e-mail address", "No IP addresses", "No trackers", "search engine",
    "handle", "password", "hash", "threads and posts", "Chat messages", "90 days",
    "Sessions", "Moderation records", "without your handle", "Rate limits",
    "changes every day", "delete your account", "download",
])
def test_the_privacy_page_says_what_is_kept_and_for_how_long(client, words):
    answer = client.get("/privacy")
    assert answer.status_code == 200
    assert words.lower() in re.sub(r"\s+", " ", answer.text).lower()


def test_the_privacy_page_follows_the_configured_retention(make_app, app):
    page = make_app(CHAT_RETENTION_DAYS=30).test_client().get("/privacy").text
    assert "<dd>30 days." in page and "90 days" not in page


def test_every_page_links_to_the_privacy_page_from_its_footer(client, auth):
    for path in ("/", "/help", "/guidelines", "/login", "/no/such/page"):
        html = client.get(path).text
        footer = html[html.index("<footer"):]
        assert 'href="/privacy"' in footer, path
    auth.login("member")
    html = client.get("/me").text
    assert 'href="/privacy"' in html[html.index("<footer"):]
