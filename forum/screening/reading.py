"""Reading a text: fold it, take out what must not count, and find every signal in it.

Three readings of the folded text share its length, so a place in one is a place in all:
- `base`: help lines and allow-listed help sites blanked (contact details read this);
- `prose`: base with every other link blanked too (text inside a URL is not what someone says);
- `goods`: prose with help objects blanked (naloxone, test strips, a prescriber, alcohol-free
  drinks), which is what the sourcing cues read.
"""
import bisect
from dataclasses import dataclass, field

import re2

from forum.normalize import Folded, fold
from forum.screening.lexicon import Hit, lexicons

_URL = re2.compile(r"(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*"
                   r"\.(?:com|net|org|io|co|me|info|biz|xyz|shop|store|link|ly|gg|app|site|online|"
                   r"us|uk|ca|au|de|fr|es|mx|in|nz|ie|za|gov|edu|tv|gle|ee|page|blog|club|live)"
                   r"\b(?:/[^\s<>\"]*)?")
# A sentence ends at "!", "?", ";" or a line break, and at a full stop that is not inside a
# number or a name ("2.5 grams", "smartrecovery.org", "e.g.x"): a full stop followed by a letter
# or a digit does not end one.
_SENTENCE_END = re2.compile(r"[!?;\n]+|\.+(?:[^a-z0-9.]|$)")
# Blanked before sourcing reads: help objects, and words that only sound like goods.
_NOT_GOODS = ("help/objects", "help/not-goods", "help/everyday-deal")
MAX_URLS = 500  # as many as the sanitiser links in one post
_NUMBER = re2.compile(r"\+?[0-9][0-9 ().-]{0,24}[0-9]")


@dataclass
class Reading:
    """A text as the screening reads it: its folded forms and every signal found."""

    folded: Folded
    base: str
    prose: str
    goods: str
    urls: list[tuple[int, int, str]]
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    help_objects: bool = False  # a help object is named (naloxone, an alcohol-free drink...)
    help_named: bool = False  # a help line, help phrase or allow-listed help site is named
    # a deal's words said of an everyday thing ("score cheap footy boots", "cop the new
    # controller", "weed killer"): the sourcing word model is not heard on such a text
    everyday_deal: bool = False
    _sentence_ends: list[int] = field(default_factory=list)

    def sentence_of(self, position: int) -> int:
        """The number of the sentence a place in the folded text belongs to."""
        return bisect.bisect_right(self._sentence_ends, position)

    def sentence_text(self, index: int) -> str:
        """The folded text of one sentence, by its number."""
        ends = self._sentence_ends
        start = ends[index - 1] if 0 < index <= len(ends) else 0
        end = ends[index] if index < len(ends) else len(self.folded.text)
        return self.folded.text[start:end]

    def in_group(self, group: str, family_prefix: str = "") -> list[Hit]:
        """The hits of one group, optionally only the families starting with a prefix."""
        return [hit for hit in self.hits.get(group, []) if hit.family.startswith(family_prefix)]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by spaces (same length)."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        if start >= end:
            continue
        pieces.append(text[last:start])
        pieces.append(" " * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _both_readings(group, text: str, variant: str | None) -> list[Hit]:
    """Hits in the text and in its l33t reading, once each."""
    hits = group.hits(text)
    if variant is not None:
        seen = {(h.family, h.start, h.end) for h in hits}
        hits += [h for h in group.hits(variant) if (h.family, h.start, h.end) not in seen]
    return hits


def _help_number_spans(text: str, numbers: frozenset[str]) -> list[tuple[int, int]]:
    """Where the text gives one of the crisis lines' numbers (never a contact detail)."""
    if not numbers:
        return []
    spans = []
    for match in _NUMBER.finditer(text):
        if "".join(ch for ch in match.group(0) if ch.isdigit()) in numbers:
            spans.append(match.span())
    return spans


def _contact_hits(group, base: str, variant: str | None, help_spans) -> list[Hit]:
    """Contact details in the text, and messenger handles in its l33t reading too ("sn@p me:",
    "k1k:"); phones and e-mails are read in the text only, where digits are digits."""
    hits = group.hits(base)
    if variant is not None:
        seen = {(h.family, h.start, h.end) for h in hits}
        hits += [h for h in group.hits(_blank(variant, help_spans))
                 if h.family == "identifying-info/messenger"
                 and (h.family, h.start, h.end) not in seen]
    return hits


def _join_fragments(text: str | None) -> str | None:
    """A chat line typed a few words at a time ("where\nu\ncop\nat"): its line breaks read as
    spaces (same length), so an ask split over lines is read as one sentence; other texts as
    they are."""
    if text is None or text.count("\n") < 2 or len(text) > 400:
        return text
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 3 or any(len(line.split()) > 3 for line in lines):
        return text
    return text.replace("\n", " ")


def read(text: str, is_help_link, keep_spans: bool = False,
         help_numbers: frozenset[str] = frozenset()) -> Reading:
    """Fold a text and find every signal in it; `is_help_link(url)` names allow-listed sites
    and `help_numbers` the digits of the configured crisis lines."""
    lex = lexicons()
    folded = fold(text, keep_spans=keep_spans)
    urls = []
    for match in _URL.finditer(folded.text):
        urls.append((match.start(), match.end(), match.group(0)))
        if len(urls) == MAX_URLS:
            break  # a post of hundreds of links is judged on its first ones
    help_hits = lex.groups["help"].hits(folded.text)
    help_spans = [(h.start, h.end) for h in help_hits if h.family == "help/phrases"]
    help_spans += [(start, end) for start, end, url in urls if is_help_link(url)]
    help_spans += _help_number_spans(folded.text, help_numbers)
    base = _blank(folded.text, help_spans)
    prose = _blank(base, [(start, end) for start, end, _ in urls])
    not_goods = [(h.start, h.end) for h in help_hits if h.family in _NOT_GOODS]
    goods = _blank(prose, not_goods)
    variant = folded.variant
    prose_variant = _blank(_blank(variant, help_spans), [(s, e) for s, e, _ in urls]) \
        if variant is not None else None
    goods_variant = _blank(prose_variant, not_goods) if prose_variant is not None else None
    goods, goods_variant = _join_fragments(goods), _join_fragments(goods_variant)
    reading = Reading(folded, base, prose, goods, urls)
    reading.help_objects = any(h.family == "help/objects" for h in help_hits)
    reading.help_named = bool(help_spans)
    reading.everyday_deal = any(h.family == "help/everyday-deal" for h in help_hits)
    reading._sentence_ends = [m.start() for m in
                              _SENTENCE_END.finditer(_join_fragments(folded.text))]
    groups = lex.groups
    reading.hits = {
        "crisis": _both_readings(groups["crisis"], prose, prose_variant),
        "crisis-concepts": _both_readings(groups["crisis-concepts"], prose, prose_variant),
        "context": groups["context"].hits(_blank(folded.text, [(s, e) for s, e, _ in urls])),
        "sourcing": _both_readings(groups["sourcing"], goods, goods_variant),
        "contact": _contact_hits(groups["contact"], base, variant, help_spans),
        "graphic": groups["graphic"].hits(prose),
        "harassment": _both_readings(groups["harassment"], prose, prose_variant),
        "self-reference": groups["self-reference"].hits(prose),
        "medical": groups["medical"].hits(prose),
        "promotion": groups["promotion"].hits(base),
    }
    # The other boundaries' concepts read what their phrases read.
    for name, text, text_variant in (("sourcing", goods, goods_variant),
                                     ("graphic", prose, prose_variant),
                                     ("harassment", prose, prose_variant),
                                     ("medical", prose, None)):
        if f"{name}-concepts" in groups:
            reading.hits[f"{name}-concepts"] = _both_readings(groups[f"{name}-concepts"], text,
                                                              text_variant)
    return reading
