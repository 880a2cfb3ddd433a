"""A small word model as one more crisis signal: it catches cries for help worded in ways no
lexicon names yet, and only ever asks for a check-in (never an urgent item on its own).

It is a logistic regression over the words and word pairs of the folded text (TF-IDF weighted),
trained offline by tools/train_crisis_model.py on the project's labelled development sets and
shipped as data (forum/data/screening/crisis_model.json). Nothing is downloaded; scoring a text is
one pass over its words. Every verdict stays explainable: the words that weighed most are named.
"""
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[a-z0-9]{2,}")
MAX_TOKENS = 4000  # a long post is judged on its first 4,000 words: enough, and bounded


SHORT = 6  # a text of fewer known words than this is judged with the stricter threshold
SHORT_THRESHOLD = 0.9
TOO_SHORT = 3  # one or two words ("sorry") say too little for a model: the lexicons judge them


@dataclass(frozen=True)
class Score:
    """The model's probability that a text is a cry for help, and the words behind it."""

    probability: float
    words: tuple[str, ...]
    known_words: int = 0

    @property
    def asks_for_check_in(self) -> bool:
        """True when the text reads enough like a cry for help: few words weigh too much each,
        so a short text must score higher."""
        if self.known_words < TOO_SHORT:
            return False
        bar = SHORT_THRESHOLD if self.known_words < SHORT else threshold()
        return self.probability >= max(bar, threshold())


def features(folded: str) -> Counter:
    """Word and word-pair counts of a folded text (the model's input)."""
    tokens = _TOKEN.findall(folded)[:MAX_TOKENS]
    counts = Counter(tokens)
    counts.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    return counts


def vector(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Sublinear TF-IDF over the model's vocabulary, scaled to unit length."""
    weighted = {term: (1.0 + math.log(count)) * idf[term]
                for term, count in counts.items() if term in idf}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {term: v / norm for term, v in weighted.items()} if norm else {}


@cache
def _model() -> dict:
    path = resources.files("forum").joinpath("data/screening/crisis_model.json")
    return json.loads(path.read_text())


def threshold() -> float:
    """The probability at and above which a text asks for a check-in."""
    return _model()["threshold"]


def score(folded: str) -> Score:
    """How much a folded text reads like a cry for help, with the words that weighed most."""
    model = _model()
    weights, idf = model["weights"], model["idf"]
    x = vector(features(folded), idf)
    contributions = {term: value * weights.get(term, 0.0) for term, value in x.items()}
    z = model["bias"] + sum(contributions.values())
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    top = sorted((t for t, c in contributions.items() if c > 0), key=lambda t: -contributions[t])
    known = sum(1 for term in x if " " not in term)
    return Score(probability, tuple(top[:5]), known)
