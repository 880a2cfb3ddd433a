"""Signs that are a combination of ideas rather than one phrase.

People say the same thing in endless ways ("the kids would do better without me dragging them
down", "they'd all get a break if I wasn't around"), but the ideas are few: *others*, *better*,
*without me*. A lexicon names each idea as a concept (a list of words and short phrases) and a
rule as the concepts that must meet within one sentence and its neighbour, close together. Every
fired rule keeps the words of each concept, so a moderator reads why.
"""
import bisect
from dataclasses import dataclass

from forum.screening.hits import Hit

MAX_DISTANCE = 160  # characters between the first and the last concept of one rule


@dataclass(frozen=True)
class Rule:
    """Concepts that together are a sign: `all` must meet, `none` must not be near."""

    id: str
    all: tuple[str, ...]
    none: tuple[str, ...] = ()
    window: int = 0  # sentences before and after the first concept's sentence
    weight: int = 2
    pattern: int = 0  # a number of its own, so two rules of one family add up
    distance: int = MAX_DISTANCE
    apart: bool = False  # its concepts must be different words, not one phrase read twice


@dataclass(frozen=True)
class Fired:
    """A rule that fired: where, and the words of each concept."""

    rule: Rule
    start: int
    end: int
    words: tuple[str, ...]

    def as_hit(self) -> Hit:
        """As a hit of the rule's family, to be scored with the phrase families."""
        return Hit(self.rule.id, 1000 + self.rule.pattern, self.start, self.end,
                   " + ".join(self.words), self.rule.weight)


def rules_from(entries: list[dict]) -> list[Rule]:
    """Rules as written in a lexicon file."""
    return [Rule(e["id"], tuple(e["all"]), tuple(e.get("none", ())), e.get("window", 0),
                 e.get("weight", 2), index, e.get("distance", MAX_DISTANCE), e.get("apart", False))
            for index, e in enumerate(entries)]


def fire(rules: list[Rule], hits: list[Hit], sentence_of) -> list[Fired]:
    """Every rule whose concepts meet in the text (once per place)."""
    by_concept: dict[str, _Sorted] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        by_concept.setdefault(hit.family.removeprefix("concept/"), _Sorted()).add(hit)
    fired = []
    for rule in _starting_with(rules, by_concept):
        seen = set()
        first = by_concept.get(rule.all[0])
        for anchor in first.hits if first else ():
            found = _meeting(rule, anchor, by_concept, sentence_of)
            if found is None:
                continue
            start, end = min(h.start for h in found), max(h.end for h in found)
            if (start, end) not in seen:
                seen.add((start, end))
                fired.append(Fired(rule, start, end, tuple(h.words for h in found)))
    return fired


_INDEXES: dict[int, tuple[list, int, dict[str, list[int]]]] = {}


def _starting_with(rules: list[Rule], concepts) -> list[Rule]:
    """The rules whose first concept has hits, in the rules' own order. A rule's every anchor
    is a hit of its first concept, so a rule without one cannot fire: leaving it out changes
    nothing but the time (a short chat message has hits of few concepts, of many rules)."""
    known = _INDEXES.get(id(rules))
    if known is None or known[0] is not rules or known[1] != len(rules):
        index: dict[str, list[int]] = {}
        for position, rule in enumerate(rules):
            index.setdefault(rule.all[0], []).append(position)
        known = _INDEXES[id(rules)] = (rules, len(rules), index)
    return [rules[p] for p in sorted(p for c in concepts for p in known[2].get(c, ()))]


class _Sorted:
    """One concept's hits in text order, so the ones near a place are found by bisection."""

    def __init__(self):
        self.hits: list[Hit] = []
        self.starts: list[int] = []

    def add(self, hit: Hit) -> None:
        self.hits.append(hit)
        self.starts.append(hit.start)

    def around(self, position: int, distance: int) -> list[Hit]:
        """The hits starting within `distance` characters of a place (a bounded slice)."""
        low = bisect.bisect_left(self.starts, position - distance)
        high = bisect.bisect_right(self.starts, position + distance)
        return self.hits[low:high]


def _near(rule: Rule, anchor: Hit, other: Hit, sentence_of) -> bool:
    return abs(sentence_of(other.start) - sentence_of(anchor.start)) <= rule.window


def _meeting(rule: Rule, anchor: Hit, by_concept: dict, sentence_of) -> list[Hit] | None:
    found = [anchor]
    empty = _Sorted()
    for concept in rule.all[1:]:
        near = [h for h in by_concept.get(concept, empty).around(anchor.start, rule.distance)
                if _near(rule, anchor, h, sentence_of)
                and all((h.start, h.end) != (f.start, f.end) for f in found)
                and not (rule.apart and any(h.start < f.end and f.start < h.end for f in found))]
        if not near:
            return None
        found.append(min(near, key=lambda h: abs(h.start - anchor.start)))
    for concept in rule.none:
        if any(_near(rule, anchor, h, sentence_of)
               for h in by_concept.get(concept, empty).around(anchor.start, rule.distance)):
            return None
    return found
