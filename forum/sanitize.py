"""The one place that turns member text into HTML.

Markdown (markdown-it-py, raw HTML off) renders first; bleach then keeps only allow-listed tags
and attributes, and every link is checked again here, because bleach reads "javascript:123" as a
host and port and would keep it. Every bleach call in the project lives in this module.
"""
import re
from functools import partial
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter
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
    compact = _IGNORED_IN_URL.sub("", value)
    if not compact:
        return False
    scheme_match = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", compact)
    if scheme_match is None:
        # No scheme: relative. Refuse protocol-relative "//host" and "\\host" (another host).
        return not compact.startswith(("//", "\\\\", "/\\", "\\/"))
    if scheme_match.group(1).lower() not in SAFE_SCHEMES:
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
    attrs[(None, "rel")] = LINK_REL
    attrs.pop((None, "target"), None)
    return attrs


def _cleaner(tags: frozenset[str]) -> bleach.Cleaner:
    linkify = partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags=["pre", "code"],
                      parse_email=False)
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
