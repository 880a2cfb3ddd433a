"""Moderation pages: the review queue and its actions, the log, the boundary rules (admins) and
the public transparency counts (a member's notifications and appeals are in members.py).

Every page calls the same services as the JSON API (forum/api/moderation.py).
"""
from itertools import groupby

from flask import Blueprint, flash, redirect, render_template, request, url_for

from forum.moderation.forms import (CHAT_ACTION_LABELS, POST_ACTION_LABELS, ActionForm,
                                    QueueFilterForm, RuleForm)
from forum.moderation.links import target_href
from forum.permissions import can_moderate
from forum.security import admins_only, current_viewer, reviewers_only
from forum.services import Conflict, Forbidden, ValidationError
from forum.services.boards.reading import list_boards
from forum.services.chat.rooms import list_rooms
from forum.services.moderation import actions, crisis_review, items, records, rule_admin
from forum.services.moderation.thread_removal import impact
from forum.services.spaces.spaces import spaces_moderated_by

bp = Blueprint("moderation", __name__)

QUEUE_PAGE = 25
DONE = {"approve": "Approved: everyone can see it now.",
        "remove": "Removed. The author is told which boundary and why, privately.",
        "remove_thread": "The thread is removed with its replies. Its author and the members "
                         "who replied are told.",
        "edit_and_approve": "Edited and published. The author is told.",
        "add_warning": "The content warning is added. The author is told.",
        "lock_thread": "The thread is locked.", "warn": "The author is warned.",
        "mute": "The author is muted.", "suspend": "The author is suspended.",
        "ban": "The author is banned."}


def _entry(item, places: dict, card: dict | None = None) -> dict:
    """A review item as the queue page shows it (its card read already, or now)."""
    where = places.get(("board", item.board_id)) or places.get(("room", item.room_id))
    href = target_href(item.target_type, item.target_id, current_viewer(), item.snapshot)
    gone = href is None and items.load_target(item.target_type, item.target_id) is None
    return {**(card or records.item_card(item, current_viewer())), "where": where,
            "href": href, "gone": gone}


@bp.get("/moderation")
@reviewers_only
def queue():
    """The review queue: urgent first, then held, then flagged, oldest first; with filters."""
    return _queue_page()


def _queue_page(failed: dict | None = None, code: int = 200):
    viewer = current_viewer()
    boards, rooms = list_boards(viewer), list_rooms(viewer)
    filters = QueueFilterForm(request.args).fill(boards, rooms)
    page = None
    try:
        page = records.queue_page(viewer, cursor=request.args.get("cursor"), limit=QUEUE_PAGE,
                                  **filters.values())
    except ValidationError as error:
        filters.status.errors = [error.message]
    found = page.items if page else []
    places = {("board", b.id): b.name for b in boards} | {("room", r.id): r.name for r in rooms}
    read = dict(zip((item.id for item in found), records.item_cards(found, viewer)))
    cards = [[_entry(item, places, read[item.id]) for item in card]
             for card in crisis_review.group_queue(found)]
    return render_template("moderation/queue.html", filters=filters, failed=failed, cards=cards,
                           shown=len(found), counts=items.queue_counts(viewer),
                           lanes=page.counts if page else None,
                           next_page=_next_page_url(page), scope=_scope(viewer)), code


def _scope(viewer) -> list[str] | None:
    """For a space's own moderator, the names of the spaces whose items the queue shows (the
    forum's moderators see everything: None)."""
    if can_moderate(viewer):
        return None
    return [space.board.name for space in spaces_moderated_by(viewer)]


def _next_page_url(page) -> str | None:
    """The queue's next page, with the same filters, or None on the last page."""
    if page is None or page.next is None:
        return None
    args = {k: v for k, v in request.args.items() if k != "cursor" and v}
    return url_for("moderation.queue", **args, cursor=page.next)


@bp.post("/moderation/items/<int:item_id>")
@reviewers_only
def act(item_id: int):
    """One act on one review item; back to the queue with its filters."""
    item = items.get_item_or_404(item_id, current_viewer())
    form = ActionForm()
    if not form.validate_on_submit():
        return _refused(item, form, next(iter(form.errors.values()))[0])
    if form.action.data == "remove_thread" and form.confirm.data != "yes":
        return _confirm_thread_removal(item, form)
    try:
        actions.act(item, current_viewer(), form.action.data, **form.arguments())
    except Conflict as conflict:
        flash(f"Nothing was changed. {conflict.message}", "notice")
    except (ValidationError, Forbidden) as error:  # said beside the form, what was typed kept
        return _refused(item, form, error.message, 403 if isinstance(error, Forbidden) else 200)
    else:
        flash(DONE.get(form.action.data, "Done."))
    return redirect(url_for("moderation.queue", **request.args))


def _confirm_thread_removal(item, form: ActionForm):
    """Before a whole thread goes: how many replies by how many members go with it."""
    thread = items.load_target("thread", item.target_id) \
        if item.target_type == "thread" else None
    if thread is None or not form.reason.data:
        return _refused(item, form, "Removing a whole thread is for a thread's item, with the "
                        "boundary its opening post crossed." if thread is None else
                        "Name the boundary the content crossed.")
    return render_template("moderation/remove_thread.html", item=item, thread=thread,
                           found=impact(thread), form=form)


def _refused(item, form: ActionForm, message: str, code: int = 200):
    """The queue again, with the refused form's message beside it and what was typed kept."""
    return _queue_page({"item_id": item.id, "action": form.action.data, "message": message,
                        "data": form.data}, code)


@bp.get("/moderation/log")
@reviewers_only
def log():
    """Every act of a moderator, newest first: who, what, which boundary, why, on what."""
    viewer = current_viewer()
    entries = [{**entry, "href": target_href(entry["target"]["type"], entry["target"]["id"],
                                             viewer)}
               for entry in records.moderation_log(viewer)]
    return render_template("moderation/log.html", entries=entries)


@bp.get("/transparency")
def transparency():
    """Public: how many acts of each kind, by month and boundary; no content, no names."""
    months = [(month, list(rows)) for month, rows in
              groupby(records.transparency(), key=lambda row: row["month"])]
    return render_template("moderation/transparency.html", months=months,
                           crisis=crisis_review.crisis_response_times())


@bp.get("/moderation/rules")
@admins_only
def rules():
    """The boundary rules in the order they are read, and a form to add one."""
    return _rules_page(RuleForm(formdata=None, enabled=True))


def _rules_page(form: RuleForm):
    return render_template("moderation/rules.html", rules=rule_admin.list_rules(current_viewer()),
                           builtin=rule_admin.builtin_lexicons(),
                           form=form, post_action_labels=POST_ACTION_LABELS,
                           chat_action_labels=CHAT_ACTION_LABELS)


@bp.post("/moderation/rules")
@admins_only
def add_rule():
    """Add a rule; a pattern that cannot work is refused beside its field."""
    form = RuleForm()
    if form.validate_on_submit() and form.accepts(rule_admin.create_rule, current_viewer(),
                                                  form.fields()):
        rule = form.result
        flash(f"The rule \u201c{rule.name}\u201d is added and in force for the next post.")
        return redirect(url_for("moderation.rules", _anchor=f"rule-{rule.id}"))
    return _rules_page(form)


@bp.route("/moderation/rules/<int:rule_id>", methods=["GET", "POST"])
@admins_only
def edit_rule(rule_id: int):
    """Change one rule: pattern, actions, explanation, whether it is in force."""
    rule = rule_admin.get_rule_or_404(rule_id, current_viewer())
    form = RuleForm(obj=rule)
    if form.validate_on_submit() and form.accepts(rule_admin.update_rule, rule, current_viewer(),
                                                  form.fields()):
        flash(f"The rule \u201c{rule.name}\u201d is saved.")
        return redirect(url_for("moderation.rules", _anchor=f"rule-{rule.id}"))
    return render_template("moderation/rule_edit.html", rule=rule, form=form)
