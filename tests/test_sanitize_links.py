"""forum.sanitize beyond the allow-list: which addresses in text become links, the hosts a
rendered post links to, bleach as the fallback for HTML markdown-it does not write, and the
Markdown budget that keeps dense text cheap."""
import pytest

from forum import sanitize
from forum.allowlist import Unexpected, finish
from forum.sanitize import (LINK_REL, MARKUP_BUDGET, MESSAGE_TAGS, POST_TAGS, link_hosts,
                            markup_weight, render_message, render_post, rendered_links)
from test_sanitize import elements, hrefs, is_strictly_safe, tags
from worst_cases import ordinary_post


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link, text as it appears in the HTML."""
    found, rest = [], html
    while '<a href="' in rest:
        rest = rest.split('<a href="', 1)[1]
        href, rest = rest.split('"', 1)
        text = rest.split(">", 1)[1].split("</a>", 1)[0]
        found.append((href, text))
    return found


# --- addresses in text ----------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("see smartrecovery.org, it helps", [("http://smartrecovery.org", "smartrecovery.org")]),
    ("(see https://x.org/a)", [("https://x.org/a", "https://x.org/a")]),
    ("https://en.wikipedia.org/wiki/HALT_(recovery)",
     [("https://en.wikipedia.org/wiki/HALT_(recovery)",
       "https://en.wikipedia.org/wiki/HALT_(recovery)")]),
    ("(https://en.wikipedia.org/wiki/HALT_(recovery))",
     [("https://en.wikipedia.org/wiki/HALT_(recovery)",
       "https://en.wikipedia.org/wiki/HALT_(recovery)")]),
    ("have you tried smartrecovery.org?", [("http://smartrecovery.org", "smartrecovery.org")]),
    ("it's at https://x.org/tools!", [("https://x.org/tools", "https://x.org/tools")]),
    ("'https://x.org/a';", [("https://x.org/a", "https://x.org/a")]),
    ("www.example.org.", [("http://www.example.org", "www.example.org")]),
    ("WWW.Example.ORG/Path", [("http://WWW.Example.ORG/Path", "WWW.Example.ORG/Path")]),
    ("x.org:8080/meetings", [("http://x.org:8080/meetings", "x.org:8080/meetings")]),
    ("x.org/a?b=1&c=2", [("http://x.org/a?b=1&amp;c=2", "x.org/a?b=1&amp;c=2")]),
    ("a meeting list -x.org", [("http://x.org", "x.org")]),
    ("the x.org-based group", [("http://x.org", "x.org")]),
    ("findtreatment.gov and 988lifeline.org", [("http://findtreatment.gov", "findtreatment.gov"),
                                               ("http://988lifeline.org", "988lifeline.org")]),
    ("call or text, or chat at www.988lifeline.org/chat",
     [("http://www.988lifeline.org/chat", "www.988lifeline.org/chat")]),
    ("http://http://x.org", [("http://x.org", "http://x.org")]),
    ("x.xn--p1ai", [("http://x.xn--p1ai", "x.xn--p1ai")]),
])
def test_addresses_become_links_without_the_punctuation_around_them(source, expected):
    html = render_post(source)
    assert links(html) == expected
    assert all(attrs["rel"] == LINK_REL for tag, attrs in elements(html) if tag == "a")


@pytest.mark.parametrize("source", [
    "write to bob@example.org",  # an e-mail address is text unless written as a Markdown link
    "https://user@evil.example.org",  # a user part: text, not a link that hides its host
    "notes.txt and photo.zip",
    "e.g. this, i.e. that",
    "take 3.5mg, or 1.2 of them",
    "http://localhost:5000/admin",
    "192.168.0.1",
    "ftp://example.org/file",
    "javascript:alert(1)",
    "`x.org in code`",
])
def test_text_that_is_not_an_address_stays_text(source):
    assert hrefs(render_post(source)) == []
    assert hrefs(render_message(source)) == []


@pytest.mark.parametrize("source", ["```\nsmartrecovery.org in a code block\n```",
                                    "    smartrecovery.org indented code"])
def test_addresses_in_code_blocks_stay_text(source):
    assert hrefs(render_post(source)) == []


def test_a_markdown_link_is_not_linked_again_inside():
    html = render_post("[smartrecovery.org](https://www.smartrecovery.org/meetings)")
    assert hrefs(html) == ["https://www.smartrecovery.org/meetings"]


def test_at_most_a_few_hundred_addresses_become_links():
    assert len(hrefs(render_post("x.co " * 4000))) == 500
    assert len(hrefs(render_message("x.co " * 400))) == 50


# --- the links a rendered post holds ----------------------------------------------------------

def test_rendered_links_are_read_as_the_browser_reads_them():
    html = render_post("x.org/a?b=1&c=2 and [guidelines](/guidelines) and [me](mailto:a@b.org)")
    assert rendered_links(html) == ["http://x.org/a?b=1&c=2", "/guidelines", "mailto:a@b.org"]


@pytest.mark.parametrize("source, hosts", [
    ("[a](https://Example.ORG./x)", ["example.org"]),
    ("www.samhsa.gov and samhsa.gov/find-help", ["www.samhsa.gov", "samhsa.gov"]),
    ("[a](http://%65vil.example)", ["evil.example"]),
    ("[a](https://trusted.org@evil.example/)", ["evil.example"]),
    ("[a](https://bücher.de)", ["xn--bcher-kva.de"]),
    ("[a](https://x.org:8080/p) and [b](https://x.org/q)", ["x.org"]),
    ("[a](/guidelines) [b](#post-3) [c](?page=2) [d](mailto:a@b.org)", []),
    ("no links at all", []),
])
def test_link_hosts_are_the_hosts_the_links_open(source, hosts):
    assert link_hosts(render_post(source)) == hosts


def test_link_hosts_take_a_chat_message_too():
    assert link_hosts(render_message("try https://SMARTrecovery.org/ tonight")) == \
        ["smartrecovery.org"]


# --- HTML markdown-it does not write: bleach cleans it first --------------------------------

@pytest.mark.parametrize("html", [
    "<p>a < b</p>",
    "<p>a > b</p>",
    "<p><img src=x onerror=alert(1)></p>",
    '<p><a href="https://x.org" onclick="alert(1)">x</a></p>',
    "<p><em>left open</p>",
    "</p>",
    "<p><script>alert(1)</script></p>",
    '<p><a href=https://x.org>x</a></p>',
    "<h1>too high</h1>",
])
def test_the_fast_pass_refuses_what_markdown_it_never_writes(html):
    with pytest.raises(Unexpected):
        finish(html, POST_TAGS)


@pytest.mark.parametrize("html", [
    '<p>hi <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a> <b>b</b> x.org</p>',
    '<p><a href="https://x.org" onclick="alert(1)">x</a> <em>left open</p>',
    "<div><script>alert(1)</script><style>*{}</style><p>text</p></div>",
    '<p><a href="&#106;avascript:alert(1)">x</a></p><iframe src="//evil.example"></iframe>',
])
def test_unexpected_html_is_cleaned_by_bleach_then_finished(html):
    cleaned = sanitize._finished(html, POST_TAGS)
    assert tags(cleaned) <= POST_TAGS
    assert all(is_strictly_safe(h) for h in hrefs(cleaned))
    assert all(attrs.get("rel") == LINK_REL for tag, attrs in elements(cleaned) if tag == "a")
    assert "alert" not in "".join(hrefs(cleaned))
    assert "<script" not in cleaned and "onclick" not in cleaned


def test_bleach_fallback_keeps_text_and_linkifies_it():
    cleaned = sanitize._finished("<p><b>bold</b> see x.org</p>", POST_TAGS)
    assert cleaned == f'<p>bold see <a href="http://x.org" rel="{LINK_REL}">x.org</a></p>'


# --- what the text looks like ---------------------------------------------------------------

def test_control_characters_show_as_question_marks_as_before():
    assert render_post("a\x07b\x1bc") == "<p>a?b?c</p>"
    assert render_message("a\x07b") == "a?b"


def test_text_that_looks_like_an_entity_shows_as_typed():
    # bleach showed "&#106;" typed after a backslash as "j"; it is now shown as typed.
    assert render_post("\\&#106; and \\&amp;") == "<p>&amp;#106; and &amp;amp;</p>"


# --- the Markdown budget --------------------------------------------------------------------

def test_a_long_ordinary_post_is_rendered_in_full():
    source = ordinary_post()
    assert markup_weight(source) <= MARKUP_BUDGET
    html = render_post(source)
    assert {"ul", "li", "strong", "em", "blockquote", "a"} <= tags(html)
    assert "**" not in html


def test_text_too_dense_to_render_is_shown_as_written():
    source = "**bold** and *a* [link](https://x.org)\nsecond line x.org\n" + "*a" * 5000
    assert markup_weight(source) > MARKUP_BUDGET
    html = render_post(source)
    assert tags(html) <= {"p", "br", "a"}
    assert html.startswith("<p>**bold** and *a* [link](")
    assert "<br>\nsecond line" in html
    assert hrefs(html) == ["https://x.org", "http://x.org"]
    assert html.count("<p>") == 1


def test_an_over_budget_post_keeps_the_formatting_of_its_first_paragraphs():
    source = "\n\n".join([ordinary_post(), ordinary_post(), "a\n" * 3000])[:60_000]
    assert markup_weight(source) > MARKUP_BUDGET
    html = render_post(source)
    assert {"ul", "li", "strong", "em", "blockquote"} <= tags(html)
    assert "**calling**" in html  # the part past the budget, as written
    assert tags(html) <= POST_TAGS


def test_a_chat_message_too_dense_to_render_is_shown_as_written():
    html = render_message("*a" * 1000 + "\nhttps://x.org")
    assert tags(html) <= MESSAGE_TAGS and tags(html) <= {"br", "a"}
    assert hrefs(html) == ["https://x.org"]


@pytest.mark.parametrize("source", ["<script>alert(1)</script>" * 800,
                                    "[x](javascript:alert(1)) " * 800,
                                    "<javascript:alert(1)> " * 900])
def test_text_shown_as_written_is_escaped_like_any_other(source):
    assert markup_weight(source) > MARKUP_BUDGET
    for html in (render_post(source), render_message(source[:2000])):
        assert tags(html) <= {"p", "br", "a"}
        assert hrefs(html) == []
