"""forum.sanitize: what member Markdown may become, and every way a link may not."""
import ast
import html as html_lib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from forum.sanitize import (LINK_REL, MESSAGE_TAGS, POST_TAGS, is_safe_url, render_message,
                            render_post)

FORUM_SOURCE = Path(__file__).resolve().parents[1] / "forum"


class _Elements(HTMLParser):
    """Collect (tag, attrs) of every start tag, with attribute values as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element of an HTML fragment as (tag, attributes)."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def tags(html: str) -> set[str]:
    """The set of tag names in an HTML fragment."""
    return {tag for tag, _ in elements(html)}


def hrefs(html: str) -> list[str]:
    """Every link target in an HTML fragment."""
    return [attrs.get("href") for tag, attrs in elements(html) if tag == "a" and "href" in attrs]


# --- what members may write ---------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("I made it **through** today.", "<p>I made it <strong>through</strong> today.</p>"),
    ("one *day* at a _time_", "<p>one <em>day</em> at a <em>time</em></p>"),
    ("~~drank~~ didn't", "<p><s>drank</s> didn't</p>"),
    ("call `988` any time", "<p>call <code>988</code> any time</p>"),
    ("line one\nline two", "<p>line one<br>\nline two</p>"),
])
def test_inline_formatting_survives(source, expected):
    assert render_post(source) == expected


def test_lists_quotes_code_blocks_and_rules_survive():
    html = render_post("- water\n- sleep\n\n1. call\n2. wait\n\n> keep coming back\n\n"
                       "```\nday 1\n```\n\n---")
    assert tags(html) == {"ul", "ol", "li", "blockquote", "p", "pre", "code", "hr"}
    assert "<li>water</li>" in html and "<li>call</li>" in html
    assert "<pre><code>day 1\n</code></pre>" in html


@pytest.mark.parametrize("source, href", [
    ("[SAMHSA](https://www.samhsa.gov/find-help)", "https://www.samhsa.gov/find-help"),
    ("[plain](http://example.org/a?b=c#d)", "http://example.org/a?b=c#d"),
    ("[write](mailto:someone@example.org)", "mailto:someone@example.org"),
    ("[guidelines](/guidelines)", "/guidelines"),
    ("[reply](threads/2#post-3)", "threads/2#post-3"),
    ("[here](#post-3)", "#post-3"),
    ("[search](?page=2)", "?page=2"),
    ("<https://988lifeline.org>", "https://988lifeline.org"),
    ("see https://988lifeline.org today", "https://988lifeline.org"),
    ("see www.example.org", "http://www.example.org"),
])
def test_allowed_links_survive_with_rel(source, href):
    html = render_post(source)
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert [a["href"] for a in links] == [href]
    assert links[0]["rel"] == LINK_REL == "nofollow ugc noopener noreferrer"
    assert "target" not in links[0]


def test_link_title_survives():
    html = render_post('[help](https://example.org "Find help")')
    assert elements(html) == [("p", {}), ("a", {"href": "https://example.org", "title": "Find help",
                                                "rel": LINK_REL})]


def test_link_title_cannot_break_out_of_its_attribute():
    html = render_post('[x](https://example.org "a\\" onmouseover=\\"alert(1)")')
    (_, _), (tag, attrs) = elements(html)
    assert tag == "a" and set(attrs) == {"href", "title", "rel"}


# --- what members may not write -----------------------------------------------------------

@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org">x</a>',
    "<iframe src=//example.org></iframe>",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
    "<!-- hidden --> text",
    '<p style="color:red">x</p>',
])
def test_raw_html_is_escaped_not_rendered(source):
    html = render_post(source)
    assert tags(html) <= {"p", "a"}  # "a": linkify may turn a URL in the escaped text into a link
    assert "&lt;" in html
    assert tags(render_message(source)) <= {"a"}
    for rendered in (html, render_message(source)):
        assert all(set(attrs) == {"href", "rel"} for _, attrs in elements(rendered) if attrs)


def test_escaped_text_reads_back_as_typed():
    assert render_post("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"


@pytest.mark.parametrize("source", [
    "![a photo](https://example.org/p.png)",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '<img src="https://example.org/p.png">',
])
def test_images_are_never_rendered(source):
    html = render_post(source)
    assert "img" not in tags(html)
    assert all(is_strictly_safe(h) for h in hrefs(html))


@pytest.mark.parametrize("source, tag", [
    ("# one", "h3"), ("## two", "h4"), ("### three", "h5"), ("#### four", "h6"),
    ("##### five", "h6"), ("###### six", "h6"), ("Setext one\n===", "h3"),
    ("Setext two\n---", "h4"),
])
def test_headings_are_demoted_below_the_page_headings(source, tag):
    assert tags(render_post(source)) == {tag}


def test_every_rendered_tag_is_allow_listed():
    kitchen_sink = ("# h\n\n**b** *i* ~~s~~ `c` [l](/x)\n\n- a\n1. b\n\n> q\n\n    code\n\n---\n"
                    "<div>raw</div>")
    assert tags(render_post(kitchen_sink)) <= POST_TAGS


JAVASCRIPT_LINKS = [
    "[x](javascript:alert(1))",
    "[x](javascript:123)",
    "[x](javascript:123/456)",
    "[x](JaVaScRiPt:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#0000106;&#0000097;vascript:alert(1))",
    "[x](&#x6a&#x61vascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#10;script:alert(1))",
    "[x](java&#13;script:alert(1))",
    "[x](java&#0;script:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](<java\nscript:alert(1)>)",
    "[x](java\x00script:alert(1))",
    "[x](java%09script:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](<\x01javascript:alert(1)>)",
    "[x](< javascript:alert(1)>)",
    "[x](javascript://example.org/%0aalert(1))",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "[x]: javascript:alert(1)\n\n[x]",
]
OTHER_BAD_LINKS = [
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,x)",
    "data:example.org",
    "data://example.org/x",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "[x](ftp://example.org)",
    "ftp://example.org/x",
    "[x](//evil.example)",
    "[x](<//evil.example>)",
    "[x](\\\\evil.example)",
    "[x](/\\evil.example)",
    "[x](%2F%2Fevil.example)",
    "[x](blob:https://example.org/uuid)",
    "[x](intent://example.org#Intent;end)",
]


def is_strictly_safe(href: str) -> bool:
    """An independent check: http, https, mailto or relative, however often it is decoded."""
    readings, current = {href}, href
    for _ in range(4):
        current = html_lib.unescape(current)
        readings.add(current)
    for reading in readings | {unquote(r) for r in readings}:
        compact = "".join(ch for ch in reading if ord(ch) > 0x20 and not 0x7f <= ord(ch) <= 0x9f)
        if not compact or compact.startswith(("//", "\\\\", "/\\", "\\/")):
            return False
        head = compact.replace("\\", "/").split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        if ":" in head and head.split(":", 1)[0].lower() not in {"http", "https", "mailto"}:
            return False
    return True


@pytest.mark.parametrize("source", JAVASCRIPT_LINKS + OTHER_BAD_LINKS)
@pytest.mark.parametrize("render", [render_post, render_message])
def test_dangerous_links_are_refused(render, source):
    html = render(source)
    assert all(is_strictly_safe(h) for h in hrefs(html)), html
    assert "javascript:" not in "".join(hrefs(html)).lower()


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "javascript:123", "javascript:123/456", "JaVaScRiPt:alert(1)",
    " javascript:alert(1)", "\x01javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\rscript:alert(1)", "java\x00script:alert(1)",
    "javascript\t:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "&#x6a&#x61vascript:1", "javascript&colon;alert(1)", "java%09script:alert(1)",
    "%6Aavascript:alert(1)", "data:text/html,x", "vbscript:msgbox(1)", "file:///etc/passwd",
    "//evil.example", "\\\\evil.example", "/\\evil.example", "\\/evil.example", " //evil.example",
    "%2F%2Fevil.example", "", " ", "\t",
])
def test_is_safe_url_refuses(url):
    # The second line of defence: bleach's attribute filter and linkify ask this, whatever
    # markdown-it let through.
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", [
    "https://example.org", "HTTP://EXAMPLE.ORG/A", "mailto:a@example.org", "/guidelines",
    "threads/2", "#post-3", "?page=2", "https://example.org/a%20b?q=x:y",
])
def test_is_safe_url_accepts(url):
    assert is_safe_url(url)


# --- chat messages ------------------------------------------------------------------------

def test_message_keeps_inline_formatting_and_links():
    html = render_message("**proud** of *you* ~~not~~ `988` [help](/help) https://example.org")
    assert tags(html) == {"strong", "em", "s", "code", "a"}
    assert hrefs(html) == ["/help", "https://example.org"]
    assert all(attrs["rel"] == LINK_REL for tag, attrs in elements(html) if tag == "a")


@pytest.mark.parametrize("source", [
    "- one\n- two", "1. one\n2. two", "# heading", "heading\n===", "> quote", "```\ncode\n```",
    "    indented code", "---", "para one\n\npara two", "![img](https://example.org/p.png)",
])
def test_message_allows_only_inline_tags(source):
    found = tags(render_message(source))
    assert found <= MESSAGE_TAGS
    assert not found & {"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                        "p", "hr", "img"}


# --- one module owns bleach -----------------------------------------------------------------

def _imports_bleach(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and \
                any(alias.name.split(".")[0] == "bleach" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "bleach":
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.split(".")[0] == "bleach":
            return True  # importlib.import_module("bleach") and friends
    return False


def test_bleach_is_used_only_in_forum_sanitize():
    sources = sorted(FORUM_SOURCE.rglob("*.py"))
    assert len(sources) > 10, "the forum source tree was not found"
    users = [str(p.relative_to(FORUM_SOURCE.parent)) for p in sources
             if _imports_bleach(ast.parse(p.read_text(encoding="utf-8"), str(p)))]
    assert users == ["forum/sanitize.py"]
