"""The one place member text is normalised before it is judged, compared or stored.

Three readings of a text, each for one job:
- `clean_stored(text)`: what is kept. Bidi controls and invisible characters go, because they can
  make a title read differently from what is stored ("Trojan Source") or hide a word from a rule.
- `fold(text)`: what the screening reads. One lower-case ASCII form: NFKC, letters from other
  scripts that imitate Latin ones folded to them, accents and apostrophes dropped, quotes and
  dashes straightened, "k i l l", "s  e  l  l" and "sooo" closed up (a wider gap in a run of
  spaced letters stays a break: "k i l l  m e"), spelled-out digits ("five five five") and
  "name at mail dot com" written back in their usual form. `Folded.span()` maps a stretch of the
  folded text back to the original, so chat can mask exactly what was written.
- `skeleton(handle)`: what two handles are compared by, so "Adrnin", "M0DERAT0R" or "DeIeted"
  cannot pass for "admin", "moderator" or "deleted" (Unicode TS #39's idea of a skeleton, with
  the digit and letter look-alikes people type in names).

Every step is one pass over the text or a pattern that runs in linear time (RE2, or Python's re
where a pattern cannot backtrack), so 20,000 characters of
hostile input cost about what ordinary text does.
"""
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import re2

# Bidi embeddings, overrides, isolates and marks; zero-width and joining characters; soft
# hyphen, word joiner, BOM, invisible operators, Hangul fillers, variation selectors, tags.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063"
    "\u2064\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
) | frozenset(chr(c) for c in range(0xFE00, 0xFE10)) | \
    frozenset(chr(c) for c in range(0xE0000, 0xE0080)) | \
    frozenset(chr(c) for c in range(0x180B, 0x1810))
_JOINERS = frozenset("\u200c\u200d")
_SINGLE_QUOTES = frozenset("'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02c8\u2018\u2019\u201a\u201b"
                           "\u2032\u2035\uff07")
_DOUBLE_QUOTES = frozenset("\"\u00ab\u00bb\u02ba\u201c\u201d\u201e\u201f\u2033\u2036\u301d"
                           "\u301e\u301f\uff02")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_LINE_BREAKS = frozenset("\n\r\u0085\u2028\u2029\x0b\x0c")
# Middle dots ("name @ mail · com", "555·0134") stand for a full stop between a word and the next.
_MIDDLE_DOTS = frozenset("\u00b7\u2219\u22c5\u2027\u30fb\uff65")


@cache
def _confusables() -> dict:
    return json.loads(resources.files("forum").joinpath("data/confusables.json").read_text())


@cache
def _emoji_words() -> dict[str, str]:
    data = json.loads(resources.files("forum").joinpath("data/screening/emoji.json").read_text())
    return data["words"]


def clean_stored(text: str) -> str:
    """The text without bidi controls or invisible characters (joiners stay only between two
    non-ASCII characters, where emoji sequences and some scripts need them)."""
    if text.isascii():
        return text
    kept = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char in _BIDI:
            continue
        if char in _JOINERS and 0 < index < last and not text[index - 1].isascii() \
                and not text[index + 1].isascii():
            kept.append(char)
        elif char not in _INVISIBLE:
            kept.append(char)
    return "".join(kept)


def has_hidden_characters(text: str) -> bool:
    """True when the text holds bidi controls or invisible characters that clean_stored drops."""
    return clean_stored(text) != text


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One non-ASCII character in the screening form (possibly empty, possibly several)."""
    if char in _INVISIBLE or char in _BIDI:
        return ""
    if char in _SINGLE_QUOTES:
        return ""
    if char in _DOUBLE_QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    if char in _LINE_BREAKS:
        return "\n"
    if char in _MIDDLE_DOTS:
        return "."
    letters = _confusables()["letters"]
    if char in letters:
        return letters[char]
    emoji = _emoji_words().get(char)
    if emoji is not None:
        return f" {emoji} "
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        part = letters.get(part, part).casefold()
        out.append(part if part.isascii() else _fold_tail(part))
    return "".join(out)


def _fold_tail(part: str) -> str:
    # What NFKD left non-ASCII: spaces become a space, anything else separates words.
    if part.isspace():
        return " "
    return "".join(letter if letter.isascii() else " " for letter in part)


_ASCII = {chr(c): chr(c).lower() for c in range(128)}
_ASCII.update({"'": "", "`": "", "\r": "\n", "\t": " ", "\x0b": "\n", "\x0c": "\n"})
_ASCII.update({chr(c): " " for c in range(32) if chr(c) not in "\n\t\r\x0b\x0c"})
_ASCII["\x7f"] = " "


@dataclass
class Folded:
    """The screening form of a text, and where each of its characters came from."""

    text: str
    source: str
    starts: list[int] | None = None  # original start of each folded character
    ends: list[int] | None = None  # original end of each folded character
    variant: str | None = None  # the same length as text, with l33t letters read as letters

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stretch of the original text that the folded text[start:end] came from."""
        if self.starts is None or self.ends is None:
            raise ValueError("fold(..., keep_spans=True) keeps the way back to the original")
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


# Russian words written in Cyrillic are read in Latin letters ("khochu umeret"), so a
# pattern can name them; a Cyrillic letter inside a Latin word stays a look-alike.
_CYRILLIC_WORD = re.compile("[\u0400-\u04ff]+")
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєў",
    "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i i e u".split()))
_CYRILLIC["ъ"] = _CYRILLIC["ь"] = ""


def _cyrillic_words(text: str) -> dict[int, str]:
    """In a text with a Cyrillic letter no Latin one looks like, each letter of its whole
    Cyrillic words transliterated, by index."""
    letters = _confusables()["letters"]
    words = []
    for match in _CYRILLIC_WORD.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalpha() or after.isalpha()):  # mixed into a Latin word: a look-alike
            words.append(match)
    out: dict[int, str] = {}
    if not any(char not in letters for match in words for char in match.group(0)):
        return out  # only letters that imitate Latin ones: folded as look-alikes
    for match in words:
        word, start = match.group(0), match.start()
        for offset, char in enumerate(word.lower()):
            out[start + offset] = _CYRILLIC.get(char, letters.get(word[offset], ""))
    return out


# Scripts the fold cannot spell (Hebrew, Arabic, Devanagari, Thai, Hangul, Japanese kana,
# Chinese): their crisis wording is read as English words the crisis lexicon knows
# (data/screening/scripts.json); the rest of such text folds as before.
_FAR_SCRIPT = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                         "\u1100-\u11ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


@cache
def _script_phrases() -> list[tuple[object, str]]:
    data = json.loads(resources.files("forum").joinpath("data/screening/scripts.json").read_text())
    return [(re2.compile(entry["pattern"]), entry["reads"]) for entry in data["phrases"]]


def _script_words(text: str) -> dict[int, tuple[str, int]]:
    """In a text with letters of a script the fold cannot spell, each crisis phrase of
    scripts.json read as its English words, by index: the phrase's first letter gives the words,
    the rest nothing (each with where the phrase ends, so a span maps back to all of it). An idiom ("dead tired", "miss you to death") wins over any phrase it
    overlaps and reads as a space, so its death word is never heard; of other overlapping
    phrases the longest is read."""
    if not _FAR_SCRIPT.search(text):
        return {}
    found = sorted(((m.start(), m.end(), reads) for pattern, reads in _script_phrases()
                    for m in pattern.finditer(text) if m.end() > m.start()),
                   key=lambda f: (f[2] != "idiom", f[0] - f[1], f[0]))
    out: dict[int, tuple[str, int]] = {}
    for start, end, reads in found:
        if any(index in out for index in range(start, end)):
            continue  # inside an idiom or a longer phrase already read
        out.update({index: ("", end) for index in range(start + 1, end)})
        out[start] = (" " if reads == "idiom" else f" {reads} ", end)
    return out


def _first_pass(text: str, keep_spans: bool) -> Folded:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    ascii_table = _ASCII
    previous = ""
    cyrillic = _cyrillic_words(text) if not text.isascii() else {}
    scripts = _script_words(text) if not text.isascii() else {}
    for index, char in enumerate(text):
        end = index + 1
        folded = ascii_table.get(char)
        if folded is None:
            if index in cyrillic:
                folded = cyrillic[index]  # a letter of a Russian word, in Latin letters
            elif index in scripts:
                folded, end = scripts[index]  # a crisis phrase in Chinese, Arabic...: its words
            elif char == previous and char in _emoji_words():
                continue  # a row of the same emoji says its word once
            else:
                folded = _fold_char(char)
        previous = char
        if not folded:
            continue
        if folded[0] == " " and len(folded) > 1 and out and out[-1][-1] == " ":
            folded = folded[1:]  # one space between emoji words, not two
            if not folded:
                continue
        out.append(folded)
        if keep_spans:
            starts.extend([index] * len(folded))
            ends.extend([end] * len(folded))
    return Folded("".join(out), text, starts if keep_spans else None, ends if keep_spans else None)


def _rewrite(folded: Folded, pattern, replace) -> Folded:
    """Replace each match of a linear-time pattern; spans follow (a replacement maps to the
    whole stretch it replaced)."""
    text = folded.text
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    keep = folded.starts is not None
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replace(match)
        if new is None or new == text[start:end]:
            continue
        pieces.append(text[last:start])
        pieces.append(new)
        if keep:
            starts.extend(folded.starts[last:start])
            ends.extend(folded.ends[last:start])
            if new:
                starts.extend([folded.starts[start]] * len(new))
                ends.extend([folded.ends[end - 1]] * len(new))
        last = end
    if not pieces:
        return folded
    pieces.append(text[last:])
    if keep:
        starts.extend(folded.starts[last:])
        ends.extend(folded.ends[last:])
    return Folded("".join(pieces), folded.source, starts if keep else None,
                  ends if keep else None)


_SPACES = re.compile(r"[ ]*\n[ \n]*|[ ]{2,}")
# "k i l l", "s  e  l  l", "s.e.l.l": three or more single letters, each followed by a
# separator (up to four spaces, read before runs of spaces are closed up, so a wider gap in
# the run can stand between two words: "k i l l  m e").
_SPACED_LETTERS = re2.compile(
    r"(?:^|[^a-z0-9])((?:[a-z](?:[ ]{1,4}|[.*_-])){2,}[a-z])(?:$|[^a-z0-9])")
_GAP = re.compile(r"[ ]+|[.*_-]")
# Letters held for emphasis ("sooo", "pleeease"); not w, or "www." would lose its meaning.
_REPEATS = re.compile(r"([a-vx-z])\1{2,}")
_DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
                "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
                "seis": "6", "siete": "7", "ocho": "8", "nueve": "9"}
_DIGIT_WORD = "(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + r"|[0-9]+)"
# A digit said twice or three times ("double oh", "triple five") is one token of the run.
_NUMBER_TOKEN = r"(?:(?:double|triple)[ -]?)?" + _DIGIT_WORD
# Digits read out may be joined by a spoken dash ("five five five dash oh one four two"), or run
# together in one word ("fiveFIVEfive", "5five5", "oh1").
_SPELLED_RUN = re2.compile(r"\b" + _NUMBER_TOKEN + r"(?:(?:[ ,.-]{0,2}|[ ](?:dash|hyphen|guion)[ ])"
                           + _NUMBER_TOKEN + r"){2,}\b")
_SPOKEN_DASHES = frozenset({"dash", "hyphen", "guion"})
_RUN_PIECE = re.compile(r"double|triple|" + _DIGIT_WORD.removeprefix("(?:").removesuffix(")"))
_TIMES = {"double": 2, "triple": 3}
# A letter o among the digits of a number ("555-O1O9") is a zero.
_O_AMONG_DIGITS = re2.compile(r"\b[0-9][0-9 .-]*o[0-9o .-]*[0-9]\b")
# Letters typed for digits inside a number ("555-0l04", "O7700 9OO123", "555.OI42"): a run of
# pieces that each hold a digit and otherwise only o, l or i; read as 0 and 1 when the run is
# as long as a phone number and at least half digits (so "2l", "10l of water" or "lol 5" stay).
_LOOKALIKE_DIGIT_RUN = re2.compile(
    r"\b[0-9oli]*[0-9][0-9oli]*(?:[ .()-]{1,3}[0-9oli]*[0-9][0-9oli]*){0,5}\b")
# Only a text where such a letter touches a digit (or a separator beside one) can hold one: most
# texts with numbers have none, and are not walked number by number.
_LOOKALIKE_NEAR_DIGIT = re2.compile(r"[0-9][ .()-]{0,3}[oli]|[oli][ .()-]{0,3}[0-9]")
# "name at mail dot com", "name (at) mail [dot] com", "name@mail dot com", "name @ mail . com",
# "name (@) mail [.] com".
_AT = r"(?: ?[\(\[\{<](?:at|@)[\)\]\}>] ?| at |@| @ )"
_DOT = r"(?: ?[\(\[\{<](?:dot|\.)[\)\]\}>] ?| dot |\.| \. )"
_SPELLED_ADDRESS = re2.compile(
    r"\b([a-z0-9][a-z0-9._+-]{0,63})" + _AT + r"([a-z0-9-]{2,63})" + _DOT +
    r"(com|net|org|edu|gov|io|me|co|us|uk|ca|au|de|fr|es|mx|in|info|biz|app|xyz|email|mail)\b")
# "chemstop dot shop": a site's name spelled out.
_SPELLED_DOMAIN = re2.compile(
    r"\b([a-z0-9][a-z0-9-]{1,62}) ?(?:[\(\[\{<]dot[\)\]\}>]| dot ) ?"
    r"(com|net|org|io|co|me|info|biz|xyz|shop|store|app|site|online|link|gg|ly)\b")
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.max_mem = 64 << 20
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "@": "a", "$": "s", "!": "i", "|": "l"})
# A word with a look-alike digit or symbol between letters: "k1ll", "su1c1de", "s3ll1ng", "c0ke".
_LEET_WORD = re2.compile(r"[a-z]+(?:[013457@$!|][a-z]*)*[013457@$!|][a-z]+[a-z013457@$!|]*")
# In a text that already hides letters so, a word that starts with one ("3nd 1t" beside
# "g0nna", "0xy5" beside "f0r s4l3"); an ordinal ("5th", "1st") keeps its digit.
_LEET_HEAD = re2.compile(r"\b[0134578@$!|][a-z]{1,12}[013457$]?\b")
_NUMBER_TAILS = ("s", "am", "pm", "k", "g", "mg", "ml", "x", "th")  # "8th", "4am", "5mg"
_ORDINALS = ("1st", "3rd")


@cache
def _broken_words():
    """One linear-time pattern for every way of breaking a watched word into two or three
    pieces with single spaces ("se lling", "per cs", "tele gram"), and its replacement."""
    data = json.loads(resources.files("forum").joinpath(
        "data/screening/broken_words.json").read_text())
    drug = json.loads(resources.files("forum").joinpath(
        "data/screening/macros.json").read_text())["macros"]["DRUG"]
    words = set(data["words"])
    for alternative in drug.strip("(?:)").split("|"):
        base = alternative.removesuffix("s?")
        if base.isalpha():
            words |= {w for w in (base, base + "s" if base != alternative else "")
                      if len(w) >= 4}
    ordinary = set(data["ordinary_pieces"])
    splits = set()
    for word in words:
        for first in range(1, len(word)):
            pieces = [word[:first], word[first:]]
            splits.add(tuple(pieces))
            for second in range(first + 1, len(word)):
                splits.add((word[:first], word[first:second], word[second:]))
    # A one-letter piece only at the end ("perc s"): "plan b low" is not "blow".
    kept = sorted(" ".join(p) for p in splits if not all(piece in ordinary for piece in p)
                  and all(len(piece) > 1 for piece in p[:-1]))
    return re2.compile(r"\b(?:" + "|".join(kept) + r")\b", _RE2_OPTIONS)


def _join_broken(match) -> str:
    return match.group(0).replace(" ", "")


def _spelled_digits(match) -> str | None:
    """A run of digits read out as one number ("five five five, oh one" is 55501; "triple
    five" is 555), when two of its words are digits other than "oh", or its only words are "oh"
    for zero and it is as long as a phone number ("555 oh1 oh7"); "5 oh 4 days", "step 5 oh",
    a count ("day 1, 2, 3, 4, 5, 6, 7. one week") and a help line beside a word ("116 123 one
    night") stay."""
    pieces = _RUN_PIECE.findall(match.group(0))
    words = [piece for piece in pieces if piece in _DIGIT_WORDS]
    digits, times = [], 1
    for piece in pieces:
        if piece in _TIMES:
            times = _TIMES[piece]
            continue
        digits.append(_DIGIT_WORDS.get(piece, piece) * times)
        times = 1
    number = "".join(digits)
    only_oh = bool(words) and all(word == "oh" for word in words)
    if sum(1 for w in words if w != "oh") < 2 and not (only_oh and len(number) >= 7):
        return None
    return number


def fold(text: str, keep_spans: bool = False) -> Folded:
    """The screening form of a text (see the module's docstring)."""
    folded = _first_pass(text, keep_spans)
    folded = _rewrite(folded, _SPACED_LETTERS, _join_spaced)
    folded = _rewrite(folded, _SPACES, lambda m: "\n" if "\n" in m.group(0) else " ")
    folded = _rewrite(folded, _REPEATS, lambda m: m.group(0)[0])
    folded = _rewrite(folded, _broken_words(), _join_broken)
    folded = _rewrite(folded, _O_AMONG_DIGITS, lambda m: m.group(0).replace("o", "0"))
    folded = _rewrite(folded, _SPELLED_RUN, _spelled_digits)
    if _LOOKALIKE_NEAR_DIGIT.search(folded.text):
        folded = _rewrite(folded, _LOOKALIKE_DIGIT_RUN, _lookalike_digits)
    folded = _rewrite(folded, _SPELLED_ADDRESS,
                      lambda m: f"{m.group(1)}@{m.group(2)}.{m.group(3)}")
    folded = _rewrite(folded, _SPELLED_DOMAIN, lambda m: f"{m.group(1)}.{m.group(2)}")
    folded.variant = _leet_variant(folded.text)
    if _REVERSED_MARK.search(folded.text):
        folded.variant = _reversed_lines(folded.variant or folded.text)
    return folded


# Words of a crisis written backwards ("flesym llik", "edicius") so a filter does not see them: a
# line with one is read backwards in the variant (same length, so a place stays on its line).
_REVERSED_MARK = re2.compile(r"\b(?:flesym|edicius|eid ot|ti dne|llik ot|flesym tuh)\b")


def _reversed_lines(text: str) -> str:
    """The text with each line that holds a backwards crisis word read backwards."""
    return "\n".join(line[::-1] if _REVERSED_MARK.search(line) else line
                     for line in text.split("\n"))


def _lookalike_digits(match) -> str | None:
    run = match.group(0)
    letters = sum(1 for char in run if char in "oli")
    digits = sum(1 for char in run if char.isdigit())
    if not letters or digits + letters < 7 or letters > digits:
        return None
    return run.replace("o", "0").replace("l", "1").replace("i", "1")


def _join_spaced(match) -> str:
    """The run of spaced letters closed up; a gap of spaces wider than the narrowest one in the
    run is a break between words ("k i l l  m e" is "kill me")."""
    whole = match.group(0)
    inner = match.group(1)
    start = whole.index(inner)
    letters = [char for char in inner if char.isalpha()]
    widths = [len(gap) if gap.startswith(" ") else 0 for gap in _GAP.findall(inner)]
    words = [letters[0]]
    for index, letter in enumerate(letters[1:]):
        width = widths[index]
        before = widths[index - 1] if index > 0 else 0
        after = widths[index + 1] if index + 1 < len(widths) else 0
        if width > before and width > after and (index > 0 or index + 1 < len(widths)):
            words.append(" ")
        words.append(letter)
    return whole[:start] + "".join(words) + whole[start + len(inner):]


def _leet_variant(text: str) -> str | None:
    """The folded text with digits and symbols inside words read as letters, kept the same
    length so a match in it is a match at the same place in the folded text."""
    changed = False
    pieces = []
    last = 0
    for match in _LEET_WORD.finditer(text):
        start, end = match.span()
        pieces.append(text[last:start])
        pieces.append(match.group(0).translate(_LEET))
        last, changed = end, True
    if not changed:
        return None
    pieces.append(text[last:])
    return _leet_heads("".join(pieces))


def _leet_heads(variant: str) -> str:
    """The variant with the words that start with a look-alike digit read as letters too
    ("3nd", "1t"), not ordinals or units ("5th", "4am", "3mg"): same length."""
    def letters(match) -> str:
        word = match.group(0)
        number = word[1:] in _NUMBER_TAILS or word in _ORDINALS
        return word if number else word.translate(_LEET)
    return _LEET_HEAD.sub(letters, variant)


def skeleton(text: str) -> str:
    """What a handle looks like at a glance: compare two handles by their skeletons."""
    data = _confusables()
    # Capital I is drawn like a small l in most fonts, so it is folded before case is.
    text = clean_stored(text).replace("I", "l")
    letters = []
    for char in unicodedata.normalize("NFKC", text):
        char = data["letters"].get(char, char).casefold()
        char = data["lookalike_digits"].get(char, char)
        for part in unicodedata.normalize("NFKD", char):
            if not unicodedata.combining(part) and part.isalnum():
                letters.append(part)
    folded = "".join(letters)
    for pair, single in data["lookalike_pairs"].items():
        if pair != "about":
            folded = folded.replace(pair, single)
    return folded
