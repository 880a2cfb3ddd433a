"""Screening on submit: one pipeline for posts, edits, titles, content warnings and chat.

The built-in lexicons (forum/screening, data in forum/data/screening) read the folded text and
decide; admins' own rules (the Rule table, edited at /moderation/rules) add to that decision.
This module brings what the pure screening cannot know: whether the author is still new, which
@handles are members, which rendered links leave the help allow-list, and the admins' rules.
"""
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources

import re2
from flask import current_app
from sqlalchemy import func, select

from forum.extensions import db
from forum.links import host_of
from forum.models import Post, PostStatus, Role, User
from forum.models.base import utcnow
from forum.models.moderation import Rule
from forum.permissions import has_role
from forum.resources import boundary_ids, crisis_resources
from forum.sanitize import render_message, render_post, rendered_links
from forum.screening import meaning, model, sentence
from forum.screening.lexicon import compile_pattern
from forum.screening.reading import read
from forum.screening.verdict import URGENT, Context, Finding, Verdict, crisis_across_lines, decide
from forum.services.freshness import remembered

POST_ACTIONS = ("hold", "require_warning", "refuse", "report", "crisis")
CHAT_ACTIONS = ("mask", "refuse", "report", "crisis", "none")
MASK = "•••"
NEW_ACCOUNT_DAYS = 7
TRUSTED_AFTER_POSTS = 5
Assessment = Verdict  # the name the posting and chat services know it by
_HELP_NUMBERS = "forum_help_numbers"
MAX_HELP_DOMAIN_LABELS = 4  # the longest allow-listed domain ("nida.nih.gov") has three


@cache
def _allowlist() -> frozenset[str]:
    data = json.loads(resources.files("forum").joinpath("data/help_allowlist.json").read_text())
    return frozenset(d.lower() for d in data["domains"])


def is_help_link(url: str) -> bool:
    """True for a link to an allow-listed help site or one of its subdomains (the host read as
    a browser reads it: user part, case and a trailing dot or punctuation do not matter)."""
    url = url.strip().rstrip(".,;:!?)]}'\"")
    labels = (host_of(url if "://" in url else "http://" + url) or "").split(".")
    allowed = _allowlist()
    # The host's registered domain (its last two to four labels) on the list: a few set
    # look-ups, however many labels a hostile host has.
    return any(".".join(labels[-count:]) in allowed
               for count in range(2, min(len(labels), MAX_HELP_DOMAIN_LABELS) + 1))


@dataclass(frozen=True)
class RuleInForce:
    """What screening reads of one of the admins' rules (a plain value, kept between requests)."""

    boundary: str
    name: str
    pattern: str
    action: str
    chat_action: str
    new_accounts_only: bool
    explanation: str


def enabled_rules() -> tuple[RuleInForce, ...]:
    """The admins' rules in force, in order: read once per freshness generation (saving a
    rule writes a shown table, which starts a new one), not once per message or post."""
    return remembered(("screening-rules",), _read_rules)


def _read_rules() -> tuple[RuleInForce, ...]:
    rows = db.session.execute(select(
        Rule.boundary, Rule.name, Rule.pattern, Rule.action, Rule.chat_action,
        Rule.new_accounts_only, Rule.explanation).where(Rule.enabled)
        .order_by(Rule.position, Rule.id))
    return tuple(RuleInForce(*row) for row in rows)


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


def _is_member_handle(handle: str) -> bool:
    if not 3 <= len(handle) <= 32:
        return False
    return db.session.scalar(select(User.id).where(func.lower(User.handle) == handle.lower())) \
        is not None


_MEMBER_PAGE = re.compile(r"/members/[A-Za-z0-9_-]{3,32}")


def _outside_links(text: str, channel: str, rendered_html: str | None, reading) -> tuple:
    html = rendered_html if rendered_html is not None else \
        (render_post(text) if channel == "post" else render_message(text))
    # A member's @mention is a link to their page here, not a way off the forum.
    links = [h for h in rendered_links(html)
             if not h.lower().startswith("mailto:") and not _MEMBER_PAGE.fullmatch(h)]
    links += [url for _, _, url in reading.urls]
    return tuple(dict.fromkeys(link for link in links if not is_help_link(link)))


def assess(text: str, author: User, channel: str = "post", has_warning: bool = False,
           rendered_html: str | None = None) -> Verdict:
    """Screen a text; `channel` is "post" (threads, replies, edits) or "message" (chat)."""
    reading = read(text, is_help_link, keep_spans=channel == "message",
                   help_numbers=help_numbers())
    outside = _outside_links(text, channel, rendered_html, reading)
    new_member = is_new_member(author) if (outside or reading.in_group("contact") or
                                            reading.in_group("promotion")) else False
    context = Context(channel, has_warning, new_member, outside, _is_member_handle)
    verdict = decide(reading, text, context)
    _apply_admin_rules(verdict, reading.base, channel, has_warning, author)
    if channel == "message" and verdict.mask_spans:
        verdict.masked_text = _masked(text, verdict.mask_spans)
    return verdict


# A member's lines read together for a crisis: the few before this one, sent in the last minutes.
LINES_BEFORE = 3
LINES_WITHIN = timedelta(minutes=15)


def assess_with_lines_before(verdict: Verdict, previous: list[str], text: str) -> bool:
    """Read a chat line again after the member's few previous lines in the room (oldest first)
    when it leans towards a crisis without being one: a crisis spread over "i cant do this",
    "nobody would even notice", "got the pills out" is answered at its last line. Changes the
    verdict in place; True when it became a crisis."""
    if verdict.crisis or not verdict.crisis_lean or not previous:
        return False
    if verdict.refuse is not None and verdict.refuse.family == "harassment/incitement":
        return False  # a line aimed at someone else completes nobody's crisis
    earlier = "\n".join(previous)
    return crisis_across_lines(verdict, read(earlier, is_help_link, help_numbers=help_numbers()),
                               read(earlier + "\n" + text, is_help_link,
                                    help_numbers=help_numbers()))


def _apply_admin_rules(verdict: Verdict, text: str, channel: str, has_warning: bool,
                       author: User) -> None:
    """Add what the admins' own rules say (they read the folded text, help resources out)."""
    new_member = None
    for rule in enabled_rules():
        action = rule.action if channel == "post" else rule.chat_action
        pattern = _compiled(rule.pattern)
        if action == "none" or pattern is None or not pattern.search(text):
            continue
        if rule.new_accounts_only:
            new_member = is_new_member(author) if new_member is None else new_member
            if not new_member:
                continue
        finding = Finding(rule.boundary, f"rule/{rule.name}", (rule.name,),
                          rule.explanation or "A moderator will look at this.")
        verdict.findings.append(finding)
        _act(verdict, finding, action, has_warning)


def _act(verdict: Verdict, finding: Finding, action: str, has_warning: bool) -> None:
    if action == "crisis":
        verdict.crisis_tier = verdict.crisis_tier or URGENT
        verdict.refuse = verdict.hold = verdict.needs_warning = None
    elif verdict.crisis or action == "report" or action == "mask":
        verdict.reports.append(finding)  # crisis wins; masking rules report in posts
    elif action == "refuse":
        verdict.refuse = verdict.refuse or finding
    elif action == "require_warning" and not has_warning:
        verdict.needs_warning = verdict.needs_warning or finding
    elif action == "hold":
        verdict.hold = verdict.hold or finding


@cache
def _compiled(pattern: str):
    try:
        return compile_pattern("(?i)" + pattern)
    except re2.error:
        return None  # refused when saved; an old row that RE2 cannot read is skipped


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by the mask (overlapping spans merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, last = [], 0
    for start, end in merged:
        out += [text[last:start], MASK]
        last = end
    out.append(text[last:])
    return "".join(out)


def warm_up() -> None:
    """Compile the lexicons and the allow-list, read the word, meaning and sentence models and
    the renderer by screening one line (a server does it at start, so no member's first message
    waits)."""
    text = "warming up"
    reading = read(text, is_help_link, keep_spans=True, help_numbers=help_numbers())
    decide(reading, text, Context("message"))
    model.load_shipped()
    meaning.shipped()
    sentence.shipped()
    render_message(text)
    render_post(text)


def help_numbers() -> frozenset[str]:
    """Digits of every configured crisis line (they are never contact details): worked out once
    per app, whose resources are fixed when it starts, not for every message screened."""
    known = current_app.extensions.get(_HELP_NUMBERS)
    if known is None:
        listed = {"".join(ch for ch in r.get("contact", "") if ch.isdigit())
                  for r in crisis_resources()["resources"]}
        known = current_app.extensions[_HELP_NUMBERS] = frozenset(n for n in listed if n)
    return known


def check_rule(boundary, name, pattern, action, chat_action) -> None:
    """Raise ValueError with a plain reason if an admin's rule cannot work."""
    if boundary not in boundary_ids():
        raise ValueError("Choose one of the community boundaries.")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise ValueError("Give the rule a name of up to 100 characters.")
    if action not in POST_ACTIONS or chat_action not in CHAT_ACTIONS:
        raise ValueError("Choose an action from the list.")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("The pattern is not a valid regular expression: it is empty.")
    try:
        compile_pattern("(?i)" + pattern)
    except re2.error as error:
        raise ValueError("The pattern is not a valid regular expression for the linear-time "
                         f"engine (no look-around or back-references): {error}") from None
