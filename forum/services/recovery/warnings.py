"""Content-warning categories, as data: an author picks one (or writes their own words, which
count as "other"), and each member chooses which categories stay folded and which they never
want to see.

A post stores its warning as the words shown (posts.content_warning); its category is read
from them: a category's label (any case) is that category, other words are "other". So the
screening's own warning ("Describes use") and warnings written before categories existed fall
into place without a new column.
"""
from dataclasses import dataclass

from forum.extensions import db
from forum.models import MemberPreferences, Post, User
from forum.services import ValidationError
from forum.services.freshness import remembered_for_member

CATEGORIES = (
    ("describes-use", "Describes use"),
    ("relapse", "Relapse"),
    ("self-harm", "Self-harm"),
    ("grief", "Grief"),
    ("trauma", "Trauma"),
    ("family", "Family"),
    ("other", "Other"),
)
IDS = tuple(i for i, _ in CATEGORIES)
_BY_LABEL = {**{label.lower(): i for i, label in CATEGORIES}, **{i: i for i in IDS}}
_LABELS = dict(CATEGORIES)


def categories() -> list[dict]:
    """The categories as the API answers them: [{"id", "label"}]."""
    return [{"id": i, "label": label} for i, label in CATEGORIES]


def category_of(warning: str | None) -> str | None:
    """The category of a post's warning words; None for a post without a warning."""
    if not warning:
        return None
    return _BY_LABEL.get(" ".join(warning.split()).lower(), "other")


def warning_words(category: str | None, own_words: str | None) -> str | None:
    """The warning an author chose on a form: their own words when they wrote some, else the
    picked category's label; None for neither."""
    if own_words and own_words.strip():
        return own_words
    return _LABELS.get(category or "")


def label_of(category: str) -> str:
    """A category's label."""
    return _LABELS.get(category, category)


@dataclass(frozen=True)
class WarningChoices:
    """What a reader chose: categories folded (the rest shown open) and categories hidden."""

    folded: frozenset[str]
    hidden: frozenset[str]

    def hides(self, post: Post) -> bool:
        """The reader never wants to see this post's category (their own posts always show)."""
        return category_of(post.content_warning) in self.hidden

    def folds(self, post: Post) -> bool:
        """The post's warning stays folded (closed) for this reader."""
        category = category_of(post.content_warning)
        return category is not None and category in self.folded


DEFAULT_CHOICES = WarningChoices(frozenset(IDS), frozenset())


def choices_of(member: User | None) -> WarningChoices:
    """The member's choices (every category folded, none hidden, by default)."""
    if member is None or not getattr(member, "is_authenticated", False):
        return DEFAULT_CHOICES
    row = db.session.get(MemberPreferences, member.id)
    folded = row.folded_warnings if row is not None and row.folded_warnings is not None else IDS
    hidden = row.hidden_warnings if row is not None and row.hidden_warnings is not None else ()
    return WarningChoices(frozenset(folded), frozenset(hidden))


def remembered_choices(member: User | None) -> WarningChoices:
    """choices_of, remembered until the member's own preferences (or the forum) change
    (freshness.remembered_for_member): for pages, which ask on every view."""
    if member is None or not getattr(member, "is_authenticated", False):
        return DEFAULT_CHOICES
    return remembered_for_member(member.id, "warning-choices", lambda: choices_of(member))


def check_categories(value, field: str) -> list[str]:
    """A list of category ids from a member, each known, without repeats."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"'{field}' is a list of content-warning category ids (see GET "
                              "/content-warnings).", field)
    unknown = [v for v in value if v not in IDS]
    if unknown:
        raise ValidationError(f"'{unknown[0]}' is not a content-warning category. Categories: "
                              f"{', '.join(IDS)}.", field, "unknown_category")
    return [i for i in IDS if i in value]
