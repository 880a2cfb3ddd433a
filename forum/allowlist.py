"""The single pass over markdown-it's HTML that makes it safe to store: allow-listed tags only,
in the exact forms markdown-it writes them; every link checked as a browser reads it and given
rel; web addresses in text turned into links, except inside code and links.

markdown-it escapes all member text (raw HTML is off), so its output is a short list of tag
forms with escaped text between them. Anything else (a stray "<", a tag or attribute it has
never written, an element left open) raises Unexpected, and forum.sanitize has bleach clean the
HTML first. The pass costs about a microsecond a tag; bleach's HTML parser, which did this job
before, costs 20 to 30.
"""
import re
from functools import cache

from forum.linkify import find_links
from forum.links import is_safe_url

LINK_REL = "nofollow ugc noopener noreferrer"
# Links made from addresses in one post: beyond this many the rest stay text. A real post has
# a handful; the cap bounds what a page of bare domains can cost (about 6 microseconds a link).
AUTOLINK_LIMIT = 500

_TAG = re.compile(r"<[^<>]*>")
_LINK_TAG = re.compile(r'<a href="([^"<>]*)"(?: title="([^"<>]*)")?>')
# Attributes markdown-it writes that the allow-list drops, as bleach did: a code block's
# language and an ordered list's first number.
_DROPPED_ATTRIBUTES = re.compile(r'<(?:(code) class="[^"<>]*"|(ol) start="[0-9]+")>')
_VOID = frozenset({"br", "hr"})
_NO_LINKIFY = frozenset({"a", "code", "pre"})
_OPEN, _CLOSE, _EMPTY = 0, 1, 2


class Unexpected(ValueError):
    """HTML outside the forms markdown-it writes."""


def escape(text: str) -> str:
    """Text as HTML: the four characters markdown-it escapes, escaped the same way."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def _unescape(text: str) -> str:
    # The inverse of escape() and of markdown-it's escapeHtml: the only entities either writes.
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
        .replace("&amp;", "&")


def linkified(text: str, limit: int = AUTOLINK_LIMIT) -> tuple[str, int]:
    """Plain text as HTML, its web addresses as links (at most `limit`); and how many."""
    links = [link for link in find_links(text, limit) if is_safe_url(link.href)]
    if not links:
        return escape(text), 0
    parts, position = [], 0
    for link in links:
        parts.append(escape(text[position:link.start]))
        parts.append(f'<a href="{escape(link.href)}" rel="{LINK_REL}">'
                     f"{escape(text[link.start:link.end])}</a>")
        position = link.end
    parts.append(escape(text[position:]))
    return "".join(parts), len(links)


@cache
def _simple_tags(tags: frozenset[str]) -> dict[str, tuple[int, str, str]]:
    """Every attribute-free tag markdown-it may write for these elements: what it does, the
    element, and how to write it."""
    table = {}
    for name in tags - {"a"}:
        if name in _VOID:
            for form in (f"<{name}>", f"<{name} />", f"<{name}/>"):
                table[form] = (_EMPTY, name, f"<{name}>")
        else:
            table[f"<{name}>"] = (_OPEN, name, f"<{name}>")
            table[f"</{name}>"] = (_CLOSE, name, f"</{name}>")
    if "a" in tags:
        table["</a>"] = (_CLOSE, "a", "</a>")
    return table


def finish(html: str, tags: frozenset[str], autolink_limit: int = AUTOLINK_LIMIT) -> str:
    """markdown-it's HTML, allow-listed, links checked and given rel, addresses linkified (at
    most autolink_limit of them). Raises Unexpected for anything markdown-it does not write."""
    simple = _simple_tags(tags)
    out, opened = [], []  # opened: the open elements; "" for a link that was refused
    quiet = 0  # inside code, pre or a link: text is left alone
    autolinks, position, tag_count = 0, 0, 0

    def add_text(text: str) -> None:
        nonlocal autolinks
        if quiet or "." not in text:  # an address has a dot in it
            out.append(text)
            return
        linked, found = linkified(_unescape(text), autolink_limit - autolinks)
        out.append(linked if found else text)
        autolinks += found

    for match in _TAG.finditer(html):
        if match.start() > position:
            add_text(html[position:match.start()])
        position = match.end()
        tag_count += 1
        tag = match.group()
        action, name, written = simple.get(tag) or _complex_tag(tag, tags)
        if action == _CLOSE:
            top = opened.pop() if opened else None
            if top != name and not (name == "a" and top == ""):
                raise Unexpected(f"{tag} closes nothing")
            quiet -= name in _NO_LINKIFY
            out.append(written if top else "")
            continue
        if action == _OPEN:
            opened.append(written and name)
            quiet += name in _NO_LINKIFY
        out.append(written)
    add_text(html[position:])
    if opened:
        raise Unexpected("an element is left open")
    if html.count("<") != tag_count or html.count(">") != tag_count:
        raise Unexpected("a '<' or '>' outside a tag")
    return "".join(out).strip()


def _complex_tag(tag: str, tags: frozenset[str]) -> tuple[int, str, str]:
    link = _LINK_TAG.fullmatch(tag)
    if link and "a" in tags:
        href, title = link.groups()
        if not is_safe_url(href):
            return _OPEN, "a", ""  # the text stays, without a link
        title = f' title="{title}"' if title is not None else ""
        return _OPEN, "a", f'<a href="{href}"{title} rel="{LINK_REL}">'
    dropped = _DROPPED_ATTRIBUTES.fullmatch(tag)
    name = dropped and (dropped.group(1) or dropped.group(2))
    if not name or name not in tags:
        raise Unexpected(tag)
    return _OPEN, name, f"<{name}>"
