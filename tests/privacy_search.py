"""Searches for the privacy tests: every column of every table, and every page a visitor can
reach by following links."""
import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from forum.extensions import db

SKIPPED_LINKS = re.compile(r"^/(static/|me/export|socket\.io/)")


def found_in_database(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) wherever a needle occurs, in any case, in any column of any
    table: text, JSON and everything else, read as text (call inside an app context)."""
    hits = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                text = (json.dumps(value) if isinstance(value, (dict, list)) else str(value)).lower()
                hits += [(table.name, column, n) for n in needles if n.lower() in text]
    return hits


class _Links(HTMLParser):
    """Every URL-valued attribute of a page, as (tag, attribute, value)."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data",
                      "background", "cite", "manifest", "ping"}

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value is not None:
                self.urls.append((tag, name, value))
            if tag == "meta" and name == "content" and value and "url=" in value.lower():
                self.urls.append((tag, "content", value.split("=", 1)[1]))


def urls_of(html: str) -> list[tuple[str, str, str]]:
    """Every URL a page names, with its tag and attribute."""
    parser = _Links()
    parser.feed(html)
    return parser.urls


def crawl(client, start: tuple[str, ...] = ("/",), limit: int = 250) -> dict[str, str]:
    """{path: html} of every page reachable from the start pages by following same-site links
    (GET only, no downloads), as the client is signed in."""
    pages, queue = {}, list(start)
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in pages:
            continue
        answer = client.get(path)
        if answer.mimetype != "text/html":
            continue
        pages[path] = answer.text
        for tag, attribute, value in urls_of(answer.text):
            target = urljoin(path, value)
            parts = urlsplit(target)
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if tag == "a" and not parts.scheme and not parts.netloc and \
                    not SKIPPED_LINKS.match(local) and local not in pages:
                queue.append(local)
    return pages
