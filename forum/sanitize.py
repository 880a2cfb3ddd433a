"""The one place that turns member text into HTML.

Markdown (markdown-it-py, raw HTML off) renders first; bleach then keeps only allow-listed tags
and attributes, and every link is checked again here, because bleach reads "javascript:123" as a
host and port and would keep it. Every bleach call in the project lives in this module.
"""
import html
import re
from functools import partial
from urllib.parse import unquote, urlsplit

import bleach
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown_it import MarkdownIt

POST_TAGS = frozenset({
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "hr", "h3", "h4", "h5", "h6",
})
MESSAGE_TAGS = frozenset({"strong", "em", "del", "s", "code", "a", "br"})
LINK_REL = "nofollow ugc noopener noreferrer"
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters browsers ignore inside a URL scheme ("java\tscript:"), and what may hide one.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")


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


def is_safe_url(value: str) -> bool:
    """True for http, https and mailto URLs and for relative ones; false for anything else."""
    return all(_is_safe_reading(reading) for reading in _readings(value))


def _readings(value: str) -> set[str]:
    # bleach hands over the attribute as written in the HTML source, so the browser's reading is
    # one entity-decoding away. A link may be decoded again elsewhere (a feed, a careless
    # template): refuse it if any further entity- or percent-decoding would reveal another scheme.
    readings, current = {value}, value
    for _ in range(4):
        current = html.unescape(current)
        readings.add(current)
    return readings | {unquote(reading) for reading in readings}


def _is_safe_reading(value: str) -> bool:
    compact = _IGNORED_IN_URL.sub("", value)
    if not compact or compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # empty, or protocol-relative: another host
    first_segment = re.split(r"[/?#\\]", compact, maxsplit=1)[0]
    if ":" not in first_segment:
        return True  # relative
    # Anything before the first colon is read as a scheme, even characters a browser would not
    # accept in one ("java\ufffdscript:"): only the safe schemes pass.
    if first_segment.split(":", 1)[0].lower() not in SAFE_SCHEMES:
        return False
    try:
        urlsplit(compact)
    except ValueError:
        return False
    return True


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a" and name == "href":
        return is_safe_url(value)
    return tag == "a" and name == "title"


def _set_link_rel(attrs, new=False):
    # Linkify runs after bleach's attribute filter, so its links must be checked here too.
    if not is_safe_url(attrs.get((None, "href"), "")):
        return None  # the text stays, without a link
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


# By default linkify turns "data:example.com" or "ftp://..." into links: only http(s) here.
_LINKIFY_URL_RE = build_url_re(protocols=["http", "https"])


def _cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    linkify = partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags=["pre", "code"],
                      parse_email=False, url_re=_LINKIFY_URL_RE)
    return bleach.Cleaner(
        tags=tags,
        attributes={"a": _allow_attribute},
        protocols=SAFE_SCHEMES,
        strip=True,
        strip_comments=True,
        filters=[linkify],
    )


_POST_MD = _markdown(inline_only=False)
_MESSAGE_MD = _markdown(inline_only=True)
_POST_CLEANER = _cleaner(POST_TAGS)
_MESSAGE_CLEANER = _cleaner(MESSAGE_TAGS)


def render_post(source: str) -> str:
    """Sanitised HTML for a post body written in Markdown."""
    return _POST_CLEANER.clean(_POST_MD.render(source)).strip()


def render_message(source: str) -> str:
    """Sanitised HTML for a chat message: inline formatting and links only."""
    return _MESSAGE_CLEANER.clean(_MESSAGE_MD.renderInline(source)).strip()
