"""What a member typed into the search box, as plain words: never as search-engine syntax.

Only runs of letters and digits survive, so quotes, `*`, `-`, parentheses and colons are gone
before any engine sees the query, and words such as NEAR, OR, AND and NOT are just words (each
backend quotes every term as a literal).
"""
import re
from dataclasses import dataclass

from forum.services import ValidationError

QUERY_MAX = 200  # characters; a longer query is refused (422)
TERMS_MAX = 8  # words past this are ignored: each one costs an index lookup
PREFIX_MIN = 3  # words this long also match longer words ("crav" finds "cravings")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Terms:
    """The words of a query, lower-cased, in order, without repeats."""

    words: tuple[str, ...]

    def is_prefix(self, word: str) -> bool:
        """True if the word also matches words that begin with it."""
        return len(word) >= PREFIX_MIN


def check_query(query) -> str:
    """The query as text: required (ValidationError `query_required` when empty), at most
    QUERY_MAX characters (`query_too_long`)."""
    if not isinstance(query, str) or not query.strip():
        raise ValidationError("Please type a word or two to search for.", "q", "query_required")
    if len(query) > QUERY_MAX:
        raise ValidationError(f"Please search with at most {QUERY_MAX} characters.", "q",
                              "query_too_long")
    return query.strip()


def terms_of(query: str) -> Terms:
    """The plain words of a checked query (possibly none, for a query of only punctuation)."""
    words = dict.fromkeys(w.lower() for w in _WORD.findall(query) if len(w) <= 64)
    return Terms(tuple(words)[:TERMS_MAX])
