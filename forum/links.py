"""How a browser reads a link in member HTML: whether it is safe to keep, and which host it opens.

Used by forum.sanitize, which decides what HTML may hold, and, through sanitize.link_hosts, by
the screening, which judges links by where they actually go rather than by how they look.
"""
import html
import re
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Characters browsers ignore inside a URL scheme ("java\tscript:"), and what may hide one.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
# What a browser drops before reading a URL: C0 controls and spaces around it, tabs and
# newlines anywhere in it.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_AUTHORITY_END = re.compile(r"[/\\?#]")


def is_safe_url(value: str) -> bool:
    """True for http, https and mailto URLs and for relative ones; false for anything else."""
    return all(_is_safe_reading(reading) for reading in _readings(value))


def _readings(value: str) -> set[str]:
    # An attribute reaches us as written in the HTML source, so the browser's reading is one
    # entity-decoding away. A link may be decoded again elsewhere (a feed, a careless
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


def browser_href(attribute: str) -> str:
    """An href attribute as written in HTML, as the browser reads it: entities decoded, the
    characters it ignores removed."""
    value = html.unescape(attribute).strip(_C0_OR_SPACE)
    return _TAB_OR_NEWLINE.sub("", value)


def host_of(href: str) -> str | None:
    """The host an http(s) link opens, lower-case ASCII without a trailing dot; None for
    relative, mailto and anything else. Read as a browser would: any number of slashes or
    backslashes after the scheme, a user part before "@" ignored, percent-escapes decoded."""
    scheme = _SCHEME.match(href)
    if not scheme or scheme.group(1).lower() not in ("http", "https"):
        return None
    rest = href[scheme.end():].lstrip("/\\")
    authority = _AUTHORITY_END.split(rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    if not host.startswith("["):
        host = host.partition(":")[0]
    host = unquote(host).lower().rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # not a name IDNA can spell (an IPv6 literal, a stray character): keep as read
    return host or None
