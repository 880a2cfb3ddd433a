"""The meaning model: a crisis signal that has learnt what words mean, not only which words it saw.

The word models (model.py) weigh the words and letter pieces their training sets used, so a new
writer's wording ("I've outlived my use", "no reason to stick around") weighs nothing unless
someone before wrote it. This model weighs every word piece of a general English vocabulary by
where the piece sits in the meaning space of a sentence-embedding model (all-MiniLM-L6-v2,
Apache-2.0), so a word near the meaning of the crisis items it learnt from weighs like them even
when no training item used it.

It is built offline by tools/train_meaning.py: each vocabulary piece is read alone through the
sentence model once, a logistic regression learns crisis against everything else from the mean
vector of each labelled text's pieces, and since the mean of vectors is linear, that model is the
same as one number per piece (the piece's vector against the learnt direction). Only those
numbers are shipped (forum/data/screening/crisis_meaning_model.json): no neural network runs
here, nothing is downloaded, and the score of a text is the mean of its pieces' numbers plus a
bias, so every verdict names the words that weighed most.

Its cost is linear and bounded: at most MAX_WORDS words are read, a word longer than MAX_WORD
letters is not language (it is skipped), and splitting a word into pieces looks up at most
`longest piece` substrings per letter; words already split are remembered.
"""
import json
import math
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

MAX_WORDS = 400  # a long post is heard on its first 400 words (about 2,000 characters)
MAX_WORD = 20  # a longer "word" is not language: it is not read
TOO_SHORT = 8  # a short line (fewer words and marks than this) is left to the lexicons
FILE = "crisis_meaning_model.json"


@dataclass(frozen=True)
class Meaning:
    """The model's probability for a text, the bar it must reach, and the words that weighed."""

    probability: float
    bar: float
    words: int
    weighed: dict = field(default_factory=dict, repr=False)  # word -> its pieces' share

    @property
    def fires(self) -> bool:
        """True when the text reads enough like a cry for help, and is long enough to judge."""
        return self.words >= TOO_SHORT and self.probability >= self.bar

    @property
    def named(self) -> tuple[str, ...]:
        """The five words that pushed the score up most, for a moderator to read."""
        top = sorted(((share, word) for word, share in self.weighed.items()
                      if share > 0 and len(word) >= 3 and any(c.isalpha() for c in word)),
                     reverse=True)[:5]
        return tuple(word for _, word in top)


class Model:
    """One number per vocabulary piece, a bias and a bar (read from the shipped file)."""

    def __init__(self, spec: dict):
        self.weights = dict(zip(spec["pieces"], spec["weights"]))
        self.bias = float(spec["bias"])
        self.bar = float(spec["threshold"])
        self.longest = max(map(len, self.weights))
        self.enabled = spec.get("enabled", True)
        # a text's score is its pieces' weights summed over (pieces + prior): `prior` pieces of
        # no weight added to every text, so a short line must say more to move far from the bias
        self.prior = float(spec.get("prior", 0))
        self._split = lru_cache(maxsize=50_000)(self._pieces_of)

    def _pieces_of(self, word: str) -> tuple[str, ...]:
        """A word as the vocabulary's pieces, longest first from the left (a rare word as a
        known start and "##" pieces after it); a word with a part no piece covers is not read
        (empty)."""
        found, start, weights, longest = [], 0, self.weights, self.longest
        while start < len(word):
            prefix = "##" if start else ""
            for end in range(min(len(word), start + longest), start, -1):
                piece = prefix + word[start:end]
                if piece in weights:
                    found.append(piece)
                    start = end
                    break
            else:
                return ()
        return tuple(found)

    def read(self, text: str) -> Meaning:
        """The probability that a (folded) text is a cry for help, and what weighed; a text not
        in English is not read (the vocabulary's other languages are few and its weights on
        them learnt from a handful of items: the lexicons read those languages)."""
        words = words_of(text)
        if not english(words):
            return Meaning(0.0, self.bar, len(words))
        total, count, weighed = 0.0, 0, {}
        for word in words:
            pieces = self._split(word)
            if not pieces:
                continue
            share = sum(self.weights[p] for p in pieces)
            total += share
            count += len(pieces)
            weighed[word] = weighed.get(word, 0.0) + share
        if not count:
            return Meaning(0.0, self.bar, 0)
        z = self.bias + total / (count + self.prior)
        probability = 1 / (1 + math.exp(-z)) if z > -30 else 0.0
        return Meaning(probability, self.bar, len(words), weighed)


def words_of(text: str) -> list[str]:
    """A text's words as the sentence model reads them: lower case, accents off, each mark of
    punctuation a word of its own, at most MAX_WORDS words, a word over MAX_WORD letters left
    out."""
    found = []
    for chunk in text.split(maxsplit=MAX_WORDS)[:MAX_WORDS]:
        chunk = _plain(chunk)
        word = []
        for char in chunk:
            if _is_mark(char):
                if word:
                    found.append("".join(word))
                    word = []
                found.append(char)
            else:
                word.append(char)
        if word:
            found.append("".join(word))
    return [w for w in found if len(w) <= MAX_WORD][:MAX_WORDS]


# English words that other languages written in Latin letters seldom use: a text is read as
# English when at least one in ENGLISH_SHARE of its words is one of them.
ENGLISH = frozenset("""i im ive id ill me my myself mine you your the to and of it its is was
    that this with for just not dont cant wont didnt have has had be been are were what all
    anymore want feel like they them we us he she at get got do does did would could should
    about from but if when how why who out up off any one everyone anyone nobody nothing
    really much can will""".split())
ENGLISH_SHARE = 0.15


def english(words: list[str]) -> bool:
    """True when enough of a text's words are common English ones."""
    letters = [w for w in words if w.isalpha()]
    return bool(letters) and sum(w in ENGLISH for w in letters) >= ENGLISH_SHARE * len(letters)


@lru_cache(maxsize=50_000)
def _plain(chunk: str) -> str:
    """Lower case with accents taken off (as the sentence model's uncased vocabulary)."""
    decomposed = unicodedata.normalize("NFD", chunk.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _is_mark(char: str) -> bool:
    """Punctuation and symbols in ASCII, any Unicode punctuation, and CJK ideographs (each read
    alone by the vocabulary)."""
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return True
    return unicodedata.category(char).startswith("P")


NAME = "crisis_meaning"  # its name in model.using(), which turns it off or swaps it in tests
# (crisis.py asks model.in_use for the model in use)


@cache
def shipped() -> Model | None:
    """The shipped model, or None when its file is missing or says it is not enabled."""
    found = load_file()
    return found if found is not None and found.enabled else None


def load_file() -> Model | None:
    """The shipped file's model, enabled or not (for measuring and tests)."""
    try:
        text = resources.files("forum").joinpath(f"data/screening/{FILE}").read_text()
    except FileNotFoundError:
        return None
    return Model(json.loads(text))
