"""The one place that turns member text into HTML, in time proportional to its length.

Markdown (markdown-it-py, raw HTML off) renders first; one pass over its output
(forum.allowlist) then keeps only allow-listed tags, checks every link as a browser would read
it (bleach would have read "javascript:123" as a host and port and kept it), adds rel, and turns
web addresses in text into links (forum.linkify). Should that pass ever meet HTML markdown-it
does not write (an upgrade, a plugin), bleach cleans the HTML first, as it did for every post
before; bleach's HTML parser is kept off the common path because it spends 140-380 ms on
20,000 characters of dense Markdown. Every bleach call in the project lives in this module.

markdown-it's own cost grows with the number of formatting marks as well as with the length,
so it is given a budget (MARKUP_BUDGET, counted in one pass): the paragraphs of a post past the
budget, or a whole chat message over its own, are shown as written (paragraphs, line breaks and
links, no other formatting) instead of being rendered. Real posts stay well inside it.
"""
import html as html_lib
import re

import bleach
from markdown_it import MarkdownIt

from forum.allowlist import AUTOLINK_LIMIT, LINK_REL, Unexpected, escape, finish, linkified
from forum.links import SAFE_SCHEMES, browser_href, host_of, is_safe_url

__all__ = ["POST_TAGS", "MESSAGE_TAGS", "LINK_REL", "SAFE_SCHEMES", "MARKUP_BUDGET",
           "MESSAGE_MARKUP_BUDGET", "is_safe_url", "markup_weight", "render_post",
           "render_message", "rendered_links", "link_hosts", "mentioned_handles", "link_mentions"]

POST_TAGS = frozenset({
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "hr", "h3", "h4", "h5", "h6",
})
MESSAGE_TAGS = frozenset({"strong", "em", "del", "s", "code", "a", "br"})

# What each formatting mark costs to render and finish, in microseconds: upper bounds measured
# on 20,000 characters of each mark at its densest. A line costs up to 40 (inside a list item)
# and up to 60 more when it opens a list item, heading or quote; a "[" up to 30 (a link), an
# autolink "<http://...>" up to 75, "*" or "_" 14; any other character that stops markdown-it's
# text scanner up to 4.
_MARK_WEIGHTS = {"\n": 40, "[": 30, "*": 14, "_": 14, "~": 9, "`": 6, "<": 5, "&": 5, "\\": 4,
                 "!": 4, "]": 4}
_CHEAP_MARKS = "#$%+-:=>@^{}|"
_CHEAP_WEIGHT = 4
_BLOCK_WEIGHT = 60
_AUTOLINK_WEIGHT = 75
# A line that may open a block: up to three spaces, then a list, heading or quote marker.
_BLOCK_START = re.compile(r"^[ \t]{0,3}(?:[-+*>#]|[0-9]{1,9}[.)])", re.MULTILINE)
# "<" then what could be a scheme or an e-mail address before the next "<", ">" or space.
_AUTOLINK_START = re.compile(r"<[^<>\s]*[:@]")
# About 10 ms of Markdown for a post, which keeps any post within three times what an ordinary
# post of the same length costs. A long real post (20,000 characters in sixty paragraphs, a
# list, a quote, a few links and some emphasis) weighs about 7,500; dense attacks ten to a
# hundred times more.
MARKUP_BUDGET = 10_000
MESSAGE_MARKUP_BUDGET = 1_000
# A chat message is a tenth of a post: a tenth of the links made from addresses.
_MESSAGE_AUTOLINK_LIMIT = AUTOLINK_LIMIT // 10


def markup_weight(source: str) -> int:
    """Roughly what rendering this text as Markdown costs, in microseconds (see MARKUP_BUDGET)."""
    weight = sum(source.count(mark) * cost for mark, cost in _MARK_WEIGHTS.items())
    weight += _CHEAP_WEIGHT * sum(source.count(mark) for mark in _CHEAP_MARKS)
    weight += _BLOCK_WEIGHT * len(_BLOCK_START.findall(source))
    if "<" in source:
        weight += _AUTOLINK_WEIGHT * len(_AUTOLINK_START.findall(source))
    return weight


def _markdown(inline_only: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    md.enable("strikethrough")
    # Images would load from other hosts (privacy, CSP): render their alt text as a link.
    md.disable("image")
    if inline_only:
        md.disable(["heading", "lheading", "blockquote", "list", "hr", "code", "fence", "table"],
                   ignoreInvalid=True)
    # Headings inside a post must not outrank the page's own headings.
    md.renderer.rules["heading_open"] = _demoted_heading_open
    md.renderer.rules["heading_close"] = _demoted_heading_close
    return md


def _demoted_level(tag: str) -> str:
    return f"h{min(6, max(3, int(tag[1]) + 2))}"


def _demoted_heading_open(tokens, idx, options, env):
    return f"<{_demoted_level(tokens[idx].tag)}>"


def _demoted_heading_close(tokens, idx, options, env):
    return f"</{_demoted_level(tokens[idx].tag)}>\n"


_POST_MD = _markdown(inline_only=False)
_MESSAGE_MD = _markdown(inline_only=True)
# Control characters HTML does not allow in text, shown as "?" as bleach's parser did.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    return _CONTROL.sub("?", text)


def _as_written(source: str, paragraphs: bool) -> str:
    """HTML for text too densely formatted to render: its paragraphs, line breaks and links."""
    limit = AUTOLINK_LIMIT if paragraphs else _MESSAGE_AUTOLINK_LIMIT
    html = linkified(_clean_text(source).strip(), limit)[0]
    if not paragraphs:
        return html.replace("\n", "<br>\n")
    return "".join(f"<p>{block.strip().replace(chr(10), '<br>' + chr(10))}</p>\n"
                   for block in _BLANK_LINES.split(html) if block.strip()).strip()


def _bleach_cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    def allow_attribute(tag: str, name: str, value: str) -> bool:
        if tag == "a" and name == "href":
            return is_safe_url(value)
        return tag == "a" and name == "title"
    return bleach.Cleaner(tags=tags, attributes={"a": allow_attribute}, protocols=SAFE_SCHEMES,
                          strip=True, strip_comments=True)


_CLEANERS = {tags: _bleach_cleaner(tags) for tags in (POST_TAGS, MESSAGE_TAGS)}


def _finished(html: str, tags: frozenset[str]) -> str:
    """Allow-listed HTML with checked links and linkified text; bleach first if it must."""
    html = _clean_text(html)
    limit = AUTOLINK_LIMIT if tags is POST_TAGS else _MESSAGE_AUTOLINK_LIMIT
    try:
        return finish(html, tags, limit)
    except Unexpected:
        pass
    cleaned = _CLEANERS[tags].clean(html)
    try:
        return finish(cleaned, tags, limit)
    except Unexpected:
        # Not reachable with bleach's serialiser; if it ever is, keep the text and nothing else.
        return escape(html_lib.unescape(re.sub(r"<[^<>]*>", " ", cleaned))).strip()


# The version of render_post's rules. Stored beside each post's HTML (posts.body_html_version):
# bump it whenever render_post gives different HTML for the same source, and every post is
# rendered again the next time a page shows it (services.boards.cooked).
POST_RENDERER_VERSION = 1


def render_post(source: str) -> str:
    """Sanitised HTML for a post body written in Markdown."""
    weight = markup_weight(source)
    if weight <= MARKUP_BUDGET:
        return _finished(_POST_MD.render(source), POST_TAGS)
    # Whole paragraphs from the start while they fit the budget, the rest as written.
    cut = _paragraphs_within_budget(source, weight)
    head = _finished(_POST_MD.render(source[:cut]), POST_TAGS) if cut else ""
    return f"{head}\n{_as_written(source[cut:], paragraphs=True)}".strip()


def _paragraphs_within_budget(source: str, weight: int) -> int:
    """Where the longest run of whole paragraphs from the start that fits the budget ends;
    0 when a few tries find none (the marks crowd the start)."""
    limit = len(source) * MARKUP_BUDGET // weight
    for _ in range(4):
        cut = source.rfind("\n\n", 0, limit)
        if cut <= 0:
            return 0
        if markup_weight(source[:cut]) <= MARKUP_BUDGET:
            return cut
        limit = cut // 2
    return 0


def render_message(source: str) -> str:
    """Sanitised HTML for a chat message: inline formatting and links only."""
    if markup_weight(source) > MESSAGE_MARKUP_BUDGET:
        return _as_written(source, paragraphs=False)
    return _finished(_MESSAGE_MD.renderInline(source), MESSAGE_TAGS)


_HREF = re.compile(r'<a href="([^"<>]*)"')


def rendered_links(html: str) -> list[str]:
    """Every link target in sanitised HTML, as a browser reads it (entities decoded)."""
    return [browser_href(match.group(1)) for match in _HREF.finditer(html)]


def link_hosts(html: str) -> list[str]:
    """The host of every http(s) link in sanitised HTML, lower-case ASCII, each once, in order;
    relative and mailto links have none."""
    hosts = (host_of(href) for href in rendered_links(html))
    return list(dict.fromkeys(host for host in hosts if host))


# "@handle": not inside a word, an e-mail address or a path ("a@b.org", "/x/@y"), and not
# followed by more handle characters (so "@" plus 33 letters is no handle at all).
_MENTION = re.compile(r"(?<![\w@./-])@([A-Za-z0-9_-]{3,32})(?![\w-])")
# Sanitised HTML, split into tags and the text between them.
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_NO_MENTIONS_IN = ("a", "code", "pre")


def mentioned_handles(source: str) -> list[str]:
    """The handles written as "@handle" in member text, each once, in order (not yet checked
    against the members)."""
    return list(dict.fromkeys(match.group(1) for match in _MENTION.finditer(source)))


def link_mentions(html: str, resolve) -> str:
    """Sanitised HTML with each "@handle" of a member (`resolve(handle)` answers the member's
    handle as stored, or None) turned into a link to their page. Only text outside links and
    code changes; a handle is letters, digits, "_" and "-" only, so nothing else can get in."""
    if "@" not in html:
        return html
    parts, inside = _TAG_OR_TEXT.split(html), 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(" ", 1)[0].rstrip(">").lower()
            if name in _NO_MENTIONS_IN:
                inside = max(0, inside + (-1 if part.startswith("</") else 1))
        elif inside == 0 and "@" in part:
            parts[index] = _MENTION.sub(lambda match: _mention_link(match, resolve), part)
    return "".join(parts)


def _mention_link(match: re.Match, resolve) -> str:
    handle = resolve(match.group(1))
    if handle is None or not re.fullmatch(r"[A-Za-z0-9_-]{3,32}", handle):
        return match.group(0)  # no such member (or gone): plain text
    return f'<a href="/members/{handle}" class="mention">@{handle}</a>'
