"""Boundary rules on submit: one function reads a text against the rules and decides.

Rules are data (seeded from forum/data/default_rules.json, edited by admins). Help resources
(the crisis lines' numbers and an allow-list of help sites) are taken out of the text before
any rule reads it, so "call 988" or a link to SAMHSA never trips a rule.
"""
import json
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import Post, PostStatus, Role, User
from forum.models.base import utcnow
from forum.models.moderation import Rule
from forum.permissions import has_role
from forum.resources import crisis_resources

POST_ACTIONS = ("hold", "require_warning", "refuse", "report", "crisis")
CHAT_ACTIONS = ("mask", "refuse", "report", "crisis", "none")
MASK = "•••"
NEW_ACCOUNT_DAYS = 7
TRUSTED_AFTER_POSTS = 5
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b[^\s<>()\[\]]*",
                  re.IGNORECASE)
_NUMBER = re.compile(r"\+?\d[\d\s().-]*\d|\b\d\b")


@dataclass
class Assessment:
    """What the rules decided about one text."""

    crisis: bool = False
    crisis_tier: str | None = None  # "urgent" or "check_in" when crisis is set
    emergency: bool = False  # an overdose or other emergency happening now: emergency steps first
    refuse: Rule | None = None
    needs_warning: Rule | None = None
    hold: Rule | None = None
    reports: list[Rule] = field(default_factory=list)
    masked_text: str | None = None  # chat only: the text with identifying details masked

    def reasons(self) -> list[str]:
        """Every boundary that a moderator should see on the review item."""
        found = (["crisis"] if self.crisis else []) + \
            ([self.hold.boundary] if self.hold else []) + [r.boundary for r in self.reports]
        return list(dict.fromkeys(found))


@cache
def _allowlist() -> tuple[tuple[str, ...], frozenset[str]]:
    data = json.loads(resources.files("forum").joinpath("data/help_allowlist.json").read_text())
    return tuple(d.lower() for d in data["domains"]), frozenset(data["numbers"])


def _help_numbers() -> frozenset[str]:
    listed = {re.sub(r"\D", "", r.get("contact", "")) for r in crisis_resources()["resources"]}
    return _allowlist()[1] | {n for n in listed if n}


def _is_help_link(url: str) -> bool:
    host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in _allowlist()[0])


def without_help_resources(text: str) -> str:
    """The text with allow-listed help links and crisis-line numbers blanked out (same length,
    so positions in it are positions in the original)."""
    numbers = _help_numbers()
    text = _URL.sub(lambda m: " " * len(m.group()) if _is_help_link(m.group()) else m.group(), text)
    return _NUMBER.sub(lambda m: " " * len(m.group()) if re.sub(r"\D", "", m.group()) in numbers
                       else m.group(), text)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def enabled_rules() -> list[Rule]:
    """The rules in force, in order."""
    return list(db.session.scalars(select(Rule).where(Rule.enabled).order_by(Rule.position, Rule.id)))


def is_new_member(user: User) -> bool:
    """New until the account is a week old and has five posts that stand; staff never are."""
    if has_role(user, Role.MENTOR):
        return False
    if utcnow() - user.created_at < timedelta(days=NEW_ACCOUNT_DAYS):
        return True
    standing = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == user.id, Post.status == PostStatus.PUBLISHED.value,
        Post.removed_at.is_(None)))
    return standing < TRUSTED_AFTER_POSTS


def assess(text: str, author: User, channel: str = "post", has_warning: bool = False) -> Assessment:
    """Read a text against every rule in force; `channel` is "post" or "message"."""
    cleaned = without_help_resources(text)
    result = Assessment()
    new_member = None
    for rule in enabled_rules():
        action = rule.action if channel == "post" else rule.chat_action
        if action == "none" or not _compiled(rule.pattern).search(cleaned):
            continue
        if rule.new_accounts_only:
            new_member = is_new_member(author) if new_member is None else new_member
            if not new_member:
                continue
        _apply(result, rule, action, has_warning)
    if channel == "message":
        result.masked_text = _masked(text, [r for r in enabled_rules() if r.chat_action == "mask"])
    if result.crisis:
        result.hold = None  # a cry for help is never held: it is published and answered
    return result


def _apply(result: Assessment, rule: Rule, action: str, has_warning: bool) -> None:
    if action == "crisis":
        result.crisis, result.crisis_tier = True, "urgent"
    elif action == "refuse":
        result.refuse = result.refuse or rule
    elif action == "require_warning":
        if not has_warning:
            result.needs_warning = result.needs_warning or rule
    elif action == "hold":
        result.hold = result.hold or rule
    elif action == "report":
        result.reports.append(rule)


def _masked(text: str, rules: list[Rule]) -> str | None:
    """Mask what matches a masking rule, leaving help numbers and help links alone."""
    masked = text
    cleaned = without_help_resources(text)
    for rule in rules:
        pattern = _compiled(rule.pattern)
        for match in reversed(list(pattern.finditer(cleaned))):
            masked = masked[:match.start()] + MASK + masked[match.end():]
            cleaned = cleaned[:match.start()] + MASK + cleaned[match.end():]
    return masked if masked != text else None


def check_rule(boundary, name, pattern, action, chat_action) -> None:
    """Raise ValueError with a plain reason if an admin's rule cannot work."""
    from forum.resources import boundary_ids

    if boundary not in boundary_ids():
        raise ValueError("Choose one of the community boundaries.")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise ValueError("Give the rule a name of up to 100 characters.")
    if action not in POST_ACTIONS or chat_action not in CHAT_ACTIONS:
        raise ValueError("Choose an action from the list.")
    try:
        re.compile(pattern, re.IGNORECASE)
    except (re.error, TypeError) as error:
        raise ValueError(f"The pattern is not a valid regular expression: {error}") from None
