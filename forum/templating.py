"""Everything templates may use besides what a view passes: the permission predicates, limits
and labels, the date filters, and what the page's frame shows (computed once per request).

Templates ask no service for data: views load what a page needs up front, and the frame's
numbers (items waiting, unread notifications, moderators' check-ins) come from page_frame().
"""
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, g, has_app_context
from jinja2.runtime import Context
from sqlalchemy.exc import SQLAlchemyError

from forum import permissions
from forum.boards.layout import (INDENT_CAP, form_fields_piece, pagination_piece, post_piece,
                                 post_tree_html, thread_row_piece, thread_rows)
from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.extensions import db
from forum.fasturls import fast_url_for
from forum.moderation.forms import ACTION_HINTS, ACTION_LABELS, EVENT_LABELS, boundary_choices
from forum.pagecache import FRAME_NEXT, cached_frame
from forum.resources import (boundaries, boundary_ids, country_names, crisis_resources,
                             listed_countries)
from forum.security import current_viewer
from forum.services import crisis, notifications
from forum.services.moderation import items, outreach
from forum.services.freshness import remembered_for_member
from forum.services.shapes import iso
from forum.theme import theme_choice
from forum.visibility import can_review

WHEN = "%-d %b %Y, %H:%M UTC"


def init_app(app: Flask) -> None:
    """Offer the helpers to every template, and the frame's numbers to every page."""
    app.jinja_env.globals.update(
        can_post=permissions.can_post, can_reply=permissions.can_reply,
        can_edit_post=permissions.can_edit_post, can_moderate=permissions.can_moderate,
        can_sanction_accounts=permissions.can_sanction_accounts,
        can_flag=permissions.can_flag, can_edit_rules=permissions.can_edit_rules,
        can_moderate_room=permissions.can_moderate_room, is_author=permissions.is_author,
        abilities_on=permissions.abilities_on, post_piece=post_piece,
        post_tree_html=post_tree_html, form_fields_piece=form_fields_piece,
        thread_row_piece=thread_row_piece, thread_rows=thread_rows,
        pagination_piece=pagination_piece,
        TITLE_MAX=TITLE_MAX, POST_MAX=POST_MAX, CONTENT_WARNING_MAX=CONTENT_WARNING_MAX,
        INDENT_CAP=INDENT_CAP, SITE_NAME=app.config.get("FORUM_NAME", "Recovery Forum"),
        ACTION_LABELS=ACTION_LABELS, ACTION_HINTS=ACTION_HINTS, EVENT_LABELS=EVENT_LABELS,
        boundary_ids=boundary_ids, boundary_choices=boundary_choices,
        check_in_text=outreach.check_in_text, emergency_steps=crisis.emergency_steps,
        country_choices=country_choices, cached_frame=cached_frame, FRAME_NEXT=FRAME_NEXT,
        boundary_names={b["id"]: b["name"] for b in boundaries()} | {"other": "Something else"})
    app.jinja_env.globals["url_for"] = fast_url_for  # the same URLs, built faster
    app.jinja_env.filters.update(iso=iso, when=lambda moment: moment.strftime(WHEN),
                                 iso_when=iso_when, month_name=month_name, waited=waited,
                                 span_minutes=span_minutes)
    app.context_processor(page_frame)
    app.extensions["forum_page_frame"] = page_frame  # for page_layouts' keys
    app.jinja_env.context_class = _PageContext
    app.teardown_appcontext(_let_go_of_contexts)


_RENDERED = "_forum_rendered"  # in every render's context (page_frame): a page's own context
_CONTEXTS = "forum_jinja_contexts"  # g: the contexts this app context's renders made


class _PageContext(Context):
    """Jinja's context, remembered (in g) when it belongs to one render of this request (its
    values came through page_frame, so a template module Jinja keeps for every render, made
    without them, is never among them), so that _let_go_of_contexts can empty it."""

    def __init__(self, environment, parent, name, blocks, globals=None):
        super().__init__(environment, parent, name, blocks, globals)
        if _RENDERED in parent and has_app_context():
            g.setdefault(_CONTEXTS, []).append(self)


def _let_go_of_contexts(_error=None) -> None:
    """Empty the Jinja contexts of this app context's renders once it ends. A template's
    macros hold its context and the context holds the macros (a reference cycle), and with
    them everything the page was given (its rows, its tree of posts): only the garbage
    collector could free them, a young-generation collection of several hundred objects
    after nearly every made page (about a tenth of its time). Emptied, they are freed as
    soon as the last reference goes. Rendering is over by then: a page is rendered to a
    string before its response is made."""
    contexts = g.pop(_CONTEXTS, None) if has_app_context() else None
    for context in contexts or ():
        context.vars.clear()
        context.exported_vars.clear()
        context.blocks.clear()
        context.parent = {}


def page_frame() -> dict:
    """What every page's frame shows: the crisis lines, and for a signed-in member the items
    waiting (moderators), unread notifications and unread check-ins. Counted once per request;
    a database that is away leaves the numbers out (error pages share the frame)."""
    if "forum_frame" not in g:
        g.forum_frame = {"crisis_resources": _OnFirstUse(crisis_resources),
                         "nav": _numbers(current_viewer()),
                         "theme": theme_choice(), _RENDERED: True}
    return g.forum_frame


class _OnFirstUse(Mapping):
    """A mapping made by make() when a template first reads it (the crisis lines: only the
    help page shows them, and listing them is a few hundred objects a request)."""

    def __init__(self, make):
        self._make, self._made = make, None

    def _value(self) -> Mapping:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key):
        return self._value()[key]

    def __iter__(self):
        return iter(self._value())

    def __len__(self) -> int:
        return len(self._value())


@dataclass(frozen=True)
class CheckIn:
    """A moderator's unread check-in as the frame's banner shows it."""

    id: int
    message: str
    data: dict


def _numbers(viewer) -> dict:
    """The frame's numbers, remembered until the forum or the member's own state changes
    (freshness.remembered_for_member: a new notification, a check-in read)."""
    empty = {"reviews": False, "waiting": None, "unread": None, "check_ins": []}
    if viewer is None:
        return empty
    try:
        return remembered_for_member(viewer.id, ("frame", permissions.can_moderate(viewer)),
                                     lambda: _count_numbers(viewer))
    except SQLAlchemyError:
        db.session.rollback()
        return {**empty, "reviews": permissions.can_moderate(viewer)}


def _count_numbers(viewer) -> dict:
    reviews = can_review(viewer)  # the forum's moderators, and spaces' own moderators
    return {"reviews": reviews,
            "waiting": items.queue_counts(viewer)["pending"] if reviews else None,
            "unread": notifications.unread_count(viewer),
            "check_ins": [CheckIn(n.id, n.message, dict(n.data or {}))
                          for n in outreach.unread_check_ins(viewer)]}


def iso_when(value: str) -> str:
    """An ISO time from the services, as people read it."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime(WHEN)


def month_name(value: str) -> str:
    """A month as the services give it (2025-03), as people read it (March 2025)."""
    return datetime.strptime(value, "%Y-%m").strftime("%B %Y")


def waited(seconds: int | None) -> str:
    """How long an item has waited, as people say it: "4 minutes", "2 hours 5 minutes"."""
    minutes = (seconds or 0) // 60
    if minutes < 1:
        return "less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + \
        ([f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else [])
    return " ".join(parts)


def span_minutes(moments: list[str]) -> str:
    """The time between the first and last of several ISO times, as people say it."""
    times = sorted(datetime.fromisoformat(m.replace("Z", "+00:00")) for m in moments)
    return waited(int((times[-1] - times[0]).total_seconds()) + 60) if times else ""


def country_choices() -> dict:
    """Countries for a select: those with checked lines first, then every other country."""
    listed = listed_countries()
    codes = {code for code, _ in listed}
    others = sorted(((code, name) for code, name in country_names().items() if code not in codes),
                    key=lambda pair: pair[1])
    return {"listed": listed, "others": others}
