"""Excerpts of search results: a short piece of the matched text around the first match,
escaped, with each matching word inside <mark>. Only <mark> is ever added, so the result is
as safe as escaped text."""
import re

from markupsafe import Markup, escape

from forum.services.search.terms import Terms

EXCERPT_CHARS = 240
_SUFFIXES = ("ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def plain_text(html: str) -> str:
    """The text of sanitised post HTML, without tags, in one line."""
    return " ".join(Markup(html or "").striptags().split())


def _stem(word: str) -> str:
    """A rough stem, so "cravings" marks "craving" and "crave" the way the engines match."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _matcher(terms: Terms) -> re.Pattern | None:
    stems = sorted({_stem(w) for w in terms.words}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(s) for s in stems) + r")[^\W_]*",
                      re.IGNORECASE)


def excerpt_html(text: str, terms: Terms, size: int = EXCERPT_CHARS) -> str:
    """Up to `size` characters of the text around its first match, escaped, matches marked."""
    matcher = _matcher(terms)
    first = matcher.search(text) if matcher else None
    start = max(0, first.start() - size // 3) if first else 0
    if start:
        start = text.find(" ", start) + 1 or start  # begin on a word
    piece = text[start:start + size]
    out, last = [], 0
    for match in (matcher.finditer(piece) if matcher else ()):
        out += [str(escape(piece[last:match.start()])), "<mark>",
                str(escape(match.group())), "</mark>"]
        last = match.end()
    out.append(str(escape(piece[last:])))
    ellipsis_before = "… " if start else ""
    ellipsis_after = " …" if start + size < len(text) else ""
    return ellipsis_before + "".join(out) + ellipsis_after
