"""The built-in lexicons (forum/data/screening/*.json), compiled once into linear-time matchers.

Every pattern is an RE2 expression, so no text can make matching slower than a pass over it.
Patterns of one group are compiled into one RE2 set: a single pass says which patterns occur at
all, and only those are searched again for the words that fired.
"""
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import re2

from forum.screening.concepts import rules_from
from forum.screening.hits import Hit

MAX_PATTERN_MEMORY = 64 << 20
# Lexicons besides crisis that may name concepts and rules (compiled as "<name>-concepts").
CONCEPT_LEXICONS = ("sourcing", "graphic", "harassment", "medical")
# A pattern that fires hundreds of times is reading a degenerate text ("pills pills pills..."):
# its first places are enough to judge it, and the bound keeps such a text as cheap as prose.
MAX_HITS_PER_PATTERN = 200


@dataclass(frozen=True)
class Pattern:
    """One way of saying a thing: its family, its weight and its compiled expression."""

    family: str
    source: str
    weight: int
    regex: object = field(compare=False, repr=False)


class Group:
    """Patterns read together over the same text (one RE2 set, one pass)."""

    def __init__(self, name: str, patterns: list[Pattern]):
        self.name = name
        self.patterns = patterns
        self._set = re2.Set.SearchSet(_options())
        for pattern in patterns:
            self._set.Add(pattern.source)
        self._set.Compile()

    def hits(self, text: str) -> list[Hit]:
        """Every place a pattern of this group fires in the text."""
        if not text or not self.patterns:
            return []
        # Folded text is ASCII: as bytes, RE2 hands back places without translating offsets,
        # which is ten times cheaper per match than for str.
        data = text.encode("ascii") if text.isascii() else text
        found = []
        for index in sorted(self._set.Match(data) or ()):
            pattern = self.patterns[index]
            for count, match in enumerate(pattern.regex.finditer(data)):
                if count == MAX_HITS_PER_PATTERN:
                    break
                start, end = match.span()
                found.append(Hit(pattern.family, index, start, end, text[start:end].strip(),
                                 pattern.weight))
        return found


def _read(name: str) -> dict:
    return json.loads(resources.files("forum").joinpath(f"data/screening/{name}.json").read_text())


@cache
def macros() -> dict[str, str]:
    """The shared building blocks, e.g. {I} or {PILLS}."""
    return _read("macros")["macros"]


def expand(source: str) -> str:
    """A pattern with its {MACROS} written out."""
    for name, value in macros().items():
        source = source.replace("{" + name + "}", value)
    return source


def _options() -> object:
    options = re2.Options()
    options.max_mem = MAX_PATTERN_MEMORY
    options.log_errors = False  # a refused admin pattern is explained to the admin, not logged
    return options


def compile_pattern(source: str) -> object:
    """An RE2 expression, or re2.error (with RE2's reason) when it cannot be one."""
    options = _options()
    return re2.compile(source, options)


def _patterns(family: str, entries: list, weight: int) -> list[Pattern]:
    compiled = []
    for entry in entries:
        source, own_weight = (entry, weight) if isinstance(entry, str) else entry
        source = expand(source)
        compiled.append(Pattern(family, source, own_weight, compile_pattern(source)))
    return compiled


def group_of_families(name: str, families: list[dict]) -> Group:
    """One group from a lexicon's families (each with an id, a weight and patterns)."""
    patterns = []
    for family in families:
        patterns += _patterns(family["id"], family["patterns"], family.get("weight", 1))
    return Group(name, patterns)


def compile_concepts(name: str, concepts: dict[str, list]) -> Group:
    """One group from named concepts (each a list of patterns); families are concept/NAME."""
    return group_of_lists(name, {f"concept/{key}": value for key, value in concepts.items()})


def group_of_lists(name: str, lists: dict[str, list]) -> Group:
    """One group from named lists of patterns (the list's name is the family)."""
    patterns = []
    for family, entries in lists.items():
        patterns += _patterns(family, entries, 1)
    return Group(name, patterns)


@dataclass
class Lexicons:
    """Every built-in lexicon, compiled, with each family's description."""

    families: dict[str, dict]
    groups: dict[str, Group]
    data: dict[str, dict]
    versions: dict[str, int]

    def rules(self, name: str) -> list:
        """The concept rules of one lexicon (see forum/screening/concepts.py)."""
        return _rules(name)


@cache
def _rules(name: str) -> list:
    return rules_from(lexicons().data[name].get("rules", []))


# Entries added by later rounds of work sit beside the original ones ("idioms_safe_talk",
# "idioms_fp21"), so each round's additions stay apart and merge cleanly.
ROUNDS = ("safe_talk", "fp21")


def with_rounds(lexicon: dict, key: str) -> list:
    """A list of patterns with every later round's additions to it."""
    return lexicon.get(key, []) + [p for r in ROUNDS for p in lexicon.get(f"{key}_{r}", [])]


def _with_safe_talk(lexicon: dict) -> dict[str, list]:
    """A lexicon's concepts with every `concepts_<round>` entry added: `concepts_safe_talk`
    (ordinary talk that only sounds like the boundary: a diner after the meeting, medallion
    prices, "talking to a doctor first"), `concepts_fp21`, `concepts_bound21` and the like,
    each kept in its own entry so each round's additions stay apart."""
    merged = {key: list(value) for key, value in lexicon["concepts"].items()}
    for name, extra in lexicon.items():
        if name.startswith("concepts_") and isinstance(extra, dict):
            for key, value in extra.items():
                merged.setdefault(key, []).extend(value)
    return merged


@cache
def lexicons() -> Lexicons:
    """The built-in lexicons, compiled once per process."""
    data = {name: _read(name) for name in ("crisis", "context", "sourcing", "contact", "graphic",
                                           "harassment", "medical", "promotion", "help")}
    families = {}
    for name in ("crisis", "contact", "graphic", "harassment", "promotion"):
        for family in data[name]["families"]:
            families[family["id"]] = family
    for rule in data["crisis"].get("rules", []):
        families.setdefault(rule["id"], {"id": rule["id"], "weight": rule.get("weight", 2)})
    for cue in data["sourcing"]["cues"]:
        families[cue["id"]] = cue
    context = data["context"]
    groups = {
        "crisis": group_of_families("crisis", data["crisis"]["families"]),
        "context": group_of_lists("context", {
            **{family["id"]: family["patterns"] + [
                p for r in ROUNDS for p in context.get(f"lowering_{r}", {}).get(family["id"], [])]
               for family in context["lowering"]},
            "context/present": context["present"],
            "context/idiom": with_rounds(context, "idioms"),
            "context/not-past": context["not_past"], "context/quote": with_rounds(context, "quotes"),
            "context/past-strong": with_rounds(context, "strong_past"),
            "context/past-scene": context["past_scene"],
            "context/not-present": context["not_present"],
            "context/reported-now": context["reported_now"],
            "context/past-anchor": context.get("past_anchor", []),
            "context/recovered-now": context.get("recovered_now", []),
            "context/reassurance": with_rounds(context, "reassurance"),
            "context/song": with_rounds(context, "songs"),
            "context/dream": context.get("dreams", []),
            "context/as-a-phrase": context.get("as_a_phrase", []),
            "context/relates-to-song": context.get("relates_to_song", [])}),
        "sourcing": group_of_families("sourcing", data["sourcing"]["cues"]),
        "contact": group_of_families("contact", data["contact"]["families"]),
        "graphic": group_of_families("graphic", data["graphic"]["families"]),
        "harassment": group_of_families("harassment", data["harassment"]["families"]),
        "self-reference": group_of_lists("self-reference", {
            "harassment/self-reference": data["harassment"]["self_reference"] +
            data["harassment"].get("self_reference_fp20", []) +
            data["harassment"].get("self_reference_fp21", [])}),
        "medical": group_of_lists("medical", {
            f"medical-advice/{key}": data["medical"][key]
            for key in ("dose", "drug_or_taper", "advice", "own_treatment", "stop_meds")}),
        "promotion": group_of_families("promotion", data["promotion"]["families"]),
        "help": group_of_lists("help", {"help/objects": with_rounds(data["help"], "help_objects"),
                                        "help/not-goods": data["help"].get("not_goods", []) +
                                        data["help"].get("not_goods_safe_talk", []),
                                        "help/everyday-deal": data["help"].get("not_goods_fp21", []),
                                        "help/phrases": data["help"]["help_phrases"]}),
    }
    groups["crisis-concepts"] = compile_concepts("crisis-concepts", _with_safe_talk(data["crisis"]))
    for name in CONCEPT_LEXICONS:
        if data[name].get("concepts"):
            groups[f"{name}-concepts"] = compile_concepts(f"{name}-concepts",
                                                          _with_safe_talk(data[name]))
        for rule in data[name].get("rules", []):
            families.setdefault(rule["id"], {"id": rule["id"], "weight": rule.get("weight", 2)})
    versions = {name: value.get("version", 0) for name, value in data.items()}
    return Lexicons(families, groups, data, versions)
