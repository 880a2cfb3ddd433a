"""Small trained models as one more signal beside the lexicons, one per boundary they help.

Each model is a logistic regression over TF-IDF features of the folded text: its words, its word
pairs and, where the model says so, the 3- to 5-letter pieces of each word ("unalive", "kms",
"oding", a typo), so a wording or a misspelling no lexicon names still weighs. A model may also
read windows of a few sentences and keep the highest score, so one risky sentence buried in a
long post is heard. Models are trained offline by tools/train_models.py on the project's labelled
sets and shipped as data (forum/data/screening/<name>_model.json); nothing is downloaded.

Scoring is one pass over at most MAX_TOKENS words, the letter pieces of at most
MAX_PIECED_WORDS distinct words, and windows only within the first WINDOW_WORDS words, so its
cost is linear and bounded. A model whose file says "enabled": false is shipped for measuring
and not read (`load_file` still reads it). Every verdict stays explainable: the words that
weighed most (a word's pieces counted with it) are named.
"""
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from importlib import resources

NAMES = ("crisis", "crisis_windows", "sourcing", "graphic", "incitement")
_TOKEN = re.compile(r"[a-z0-9]{2,}")
_SENTENCE = re.compile(r"[.!?;\n]+")
MAX_TOKENS = 1500  # a long post is judged on its first 1,500 words (the rules read it all)
MAX_WORD = 20  # a longer "word" is not language: its pieces are not read
SHORT = 6  # a text of fewer known words than this is judged with the stricter threshold
SHORT_THRESHOLD = 0.9
# Windows are read in a text's first 400 words (about 2,000 characters, longer than nearly every
# post) and 40 runs of sentences: enough for a risky sentence buried in a long post, and bounded.
WINDOW_WORDS = 400
MAX_WINDOWS = 40
MAX_PIECED_WORDS = 600  # distinct words whose pieces are read (a long post has about 500)
MAX_REMEMBERED = 50_000  # words whose known pieces a model keeps between texts
TOO_SHORT = 3  # one or two words ("sorry") say too little for a model: the lexicons judge them


@dataclass(frozen=True)
class Score:
    """A model's probability for a text, the bar it must reach, and what weighed (the words
    are worked out only when asked, since most texts are not named in a reason)."""

    probability: float
    contributions: dict = field(default_factory=dict, repr=False)
    read: tuple[str, ...] = field(default=(), repr=False)
    pieces: tuple[int, int] | None = None
    known_words: int = 0
    bar: float = 1.0
    known_pieces: dict = field(default_factory=dict, repr=False)  # a word's pieces the model knows

    @property
    def fires(self) -> bool:
        """True when the text reads enough like the model's boundary: few words weigh too much
        each, so a short text must score higher."""
        if self.known_words < TOO_SHORT:
            return False
        bar = max(SHORT_THRESHOLD, self.bar) if self.known_words < SHORT else self.bar
        return self.probability >= bar

    asks_for_check_in = fires  # the crisis model's name for it

    @property
    def words(self) -> tuple[str, ...]:
        """The five words (or word pairs) that pushed the score up most; a word's letter pieces
        are counted with the word, so a reason names words a moderator can read."""
        per_word = Counter({t: c for t, c in self.contributions.items()
                            if not t.startswith("#")})
        if self.pieces:
            shares = self.contributions
            for word in set(self.read):
                found = self.known_pieces.get(word)
                if found is None:
                    found = [p for p in pieces_of(word, *self.pieces) if p in shares]
                if found:
                    per_word[word] += sum(shares.get(p, 0.0) for p in found)
        return tuple(t for t, c in per_word.most_common() if c > 0)[:5]


def tokens(folded: str) -> list[str]:
    """The words a model reads, at most MAX_TOKENS."""
    return _TOKEN.findall(folded)[:MAX_TOKENS]


def pieces_of(word: str, low: int, high: int) -> list[str]:
    """The letter pieces of a word, marked "<" at its start and ">" at its end ("<kms>")."""
    if len(word) > MAX_WORD:
        return []
    marked = f"<{word}>"
    return [f"#{marked[i:i + n]}" for n in range(low, high + 1)
            for i in range(len(marked) - n + 1)]


def features(words: list[str], pieces: tuple[int, int] | None = None) -> Counter:
    """Word, word-pair and (with `pieces`) letter-piece counts of a text's words."""
    counts = Counter(words)
    counts.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    if pieces:
        for word, n in islice(Counter(words).items(), MAX_PIECED_WORDS):
            for piece in pieces_of(word, *pieces):
                counts[piece] += n
    return counts


def vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Sublinear TF-IDF over the model's vocabulary, scaled to unit length."""
    weighted = {term: (1.0 + math.log(count)) * idf[term]
                for term, count in counts.items() if term in idf}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {term: v / norm for term, v in weighted.items()} if norm else {}


def sentences(folded: str) -> list[list[str]]:
    """The words of each sentence that has any, in the text's first WINDOW_WORDS words (and
    at most MAX_WINDOWS + 2 sentences): windows cost a few readings of those words only."""
    found, total = [], 0
    for sentence in _SENTENCE.split(folded[:WINDOW_WORDS * 20]):
        words = tokens(sentence)[:WINDOW_WORDS - total]
        if words:
            found.append(words)
            total += len(words)
            if len(found) == MAX_WINDOWS + 2 or total >= WINDOW_WORDS:
                break
    return found


def windows(folded: str, size: int) -> list[list[str]]:
    """The words of each run of `size` sentences, the first MAX_WINDOWS runs (none for a text
    of `size` sentences or fewer: the whole text is its only window)."""
    found = sentences(folded)
    if len(found) <= size:
        return []
    return [[w for s in found[i:i + size] for w in s]
            for i in range(min(len(found) - size + 1, MAX_WINDOWS))]


@dataclass(frozen=True)
class Model:
    """One shipped model: its vocabulary and weights, the features it reads, its threshold."""

    name: str
    version: int
    threshold: float
    bias: float
    idf: dict
    weights: dict
    pieces: tuple[int, int] | None = None
    window: int = 0
    _known_pieces: dict = field(default_factory=dict, compare=False, repr=False)
    _terms: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        self._terms.update((t, (v, self.weights.get(t, 0.0))) for t, v in self.idf.items())

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        """The model a JSON file (or the trainer) describes."""
        pieces = tuple(data["pieces"]) if data.get("pieces") else None
        return cls(data["name"], data["version"], data["threshold"], data["bias"],
                   data["idf"], data["weights"], pieces, data.get("window", 0))

    def _counts(self, words: list[str]) -> Counter:
        """features() of the words, only the terms the model knows (the same vector, read
        faster: a word's known pieces are worked out once and remembered)."""
        idf = self.idf
        counts = Counter(w for w in words if w in idf)
        counts.update(pair for pair in map(" ".join, zip(words, words[1:])) if pair in idf)
        if self.pieces:
            known = self._known_pieces
            if len(known) > MAX_REMEMBERED:
                known.clear()
            for word, n in islice(Counter(words).items(), MAX_PIECED_WORDS):
                found = known.get(word)
                if found is None:
                    found = known[word] = tuple(p for p in pieces_of(word, *self.pieces)
                                                if p in idf)
                for piece in found:
                    counts[piece] += n
        return counts

    def _z(self, counts: Counter) -> float:
        """The model's log-odds for some counts, in one pass (what _probability works out,
        without keeping each term's share: windows are many, and only the best is named)."""
        terms = self._terms
        squares = dot = 0.0
        log = math.log
        for term, count in counts.items():
            found = terms.get(term)
            if found is not None:
                value = found[0] if count == 1 else (1.0 + log(count)) * found[0]
                squares += value * value
                dot += value * found[1]
        return self.bias + (dot / math.sqrt(squares) if squares else 0.0)

    def _probability(self, counts: Counter) -> tuple[float, dict[str, float], int]:
        x = vector(counts, self.idf)
        contributions = {t: v * self.weights.get(t, 0.0) for t, v in x.items()}
        z = self.bias + sum(contributions.values())
        known = sum(1 for t in x if " " not in t and not t.startswith("#"))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), contributions, known

    def score(self, folded: str) -> Score:
        """How much a folded text reads like the model's boundary, and the words behind it:
        the whole text, or its most telling window of sentences when the model reads them."""
        words = tokens(folded)
        best, read = self._probability(self._counts(words)), words
        known, best_z, best_window = best[2], None, None
        for window, counts in self._windows(folded):
            z = self._z(counts)
            if best_z is None or z > best_z:
                best_z, best_window = z, (window, counts)
        if best_window is not None:
            found = self._probability(best_window[1])
            if found[0] > best[0]:
                best, read = found, best_window[0]
        return Score(best[0], best[1], tuple(read), self.pieces, known, self.threshold,
                     self._known_pieces)

    def _windows(self, folded: str):
        """Each window of sentences with its counts, each sentence counted once: a window's
        counts are its sentences' counts and the word pairs across their ends (as
        features() would count the window's words)."""
        if not self.window:
            return
        found = sentences(folded)
        size = self.window
        if len(found) <= size:
            return
        per = [self._counts(s) for s in found]
        idf = self.idf
        for i in range(min(len(found) - size + 1, MAX_WINDOWS)):
            counts = Counter()
            for j in range(i, i + size):
                counts.update(per[j])
                if j > i:
                    pair = f"{found[j - 1][-1]} {found[j][0]}"
                    if pair in idf:
                        counts[pair] += 1
            yield [w for s in found[i:i + size] for w in s], counts


_override: dict[str, Model | None] = {}


def load_file(name: str) -> Model | None:
    """A shipped model's file as a model, switched on or not (None when there is no file)."""
    path = resources.files("forum").joinpath(f"data/screening/{name}_model.json")
    return Model.from_json(json.loads(path.read_text())) if path.is_file() else None


@cache
def _shipped(name: str) -> Model | None:
    path = resources.files("forum").joinpath(f"data/screening/{name}_model.json")
    if not path.is_file() or not json.loads(path.read_text()).get("enabled", True):
        return None  # shipped switched off ("enabled": false): measured, not yet in use
    return load_file(name)


def get(name: str) -> Model | None:
    """The model in use for a boundary ("crisis", "sourcing", "graphic"), or None."""
    return _override[name] if name in _override else _shipped(name)


def in_use(name: str, shipped: Callable[[], object]):
    """A model kept by another module (the crisis meaning model), unless using() swaps it."""
    return _override[name] if name in _override else shipped()


def load_shipped() -> None:
    """Read every shipped model now (a server does it at start): reading them takes a few
    hundred milliseconds, which the first text screened would otherwise wait for, and a chat
    server holds every connection meanwhile."""
    for name in NAMES:
        _shipped(name)


@contextmanager
def using(models: dict[str, Model | None]):
    """Screen with other models for a while (cross-validation and tests): None turns one off."""
    saved = dict(_override)
    _override.update(models)
    try:
        yield
    finally:
        _override.clear()
        _override.update(saved)


def score(folded: str, name: str = "crisis") -> Score:
    """How much a folded text reads like a boundary's model (the crisis one by default)."""
    found = get(name)
    return found.score(folded) if found else Score(0.0)


def threshold(name: str = "crisis") -> float:
    """The probability at and above which a model fires."""
    return get(name).threshold
