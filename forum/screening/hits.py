"""Where a pattern fired: the record every reading of a text is made of, shared by the lexicons
(lexicon.py) and the concept rules built on them (concepts.py)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """Where a pattern fired in the text it read, and the words it matched."""

    family: str
    pattern: int
    start: int
    end: int
    words: str
    weight: int
