"""Moderation pages: the review queue and its actions, the log, the boundary rules (admins),
the public transparency counts, and a member's notifications and appeals.

Every page calls the same services as the JSON API (forum/api/moderation.py).
"""
import functools
from datetime import datetime
from itertools import groupby

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.moderation.forms import (ACTION_HINTS, ACTION_LABELS, CHAT_ACTION_LABELS,
                                    EVENT_LABELS, POST_ACTION_LABELS, ActionForm, AppealForm,
                                    QueueFilterForm, ReadAllForm, RuleForm, boundary_choices)
from forum.permissions import can_flag, can_moderate
from forum.resources import boundaries
from forum.services import Conflict, Forbidden, NotFound, ValidationError, notifications
from forum.services.boards.reading import list_boards, page_of_post
from forum.models.base import database_id
from forum.services.chat.rooms import list_rooms
from forum.services.moderation import actions, crisis_review, items, records, rule_admin
from forum.services.moderation.appeals import (own_content_or_404, removal_item, removal_of,
                                               unread_count)
from forum.services.moderation.thread_removal import impact

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


@bp.record_once
def _template_globals(state) -> None:
    """What the navigation and the post template need to know about moderation."""
    state.app.jinja_env.globals.update(
        can_flag=can_flag, can_edit_rules=rule_admin.can_edit_rules, nav_counts=nav_counts,
        moderation_removal=removal_shown, thread_removal=removal_item,
        ACTION_LABELS=ACTION_LABELS, ACTION_HINTS=ACTION_HINTS,
        EVENT_LABELS=EVENT_LABELS,
        boundary_names={b["id"]: b["name"] for b in boundaries()} | {"other": "Something else"},
        boundary_choices=boundary_choices)
    state.app.jinja_env.filters.update(iso_when=iso_when, month_name=month_name)


def iso_when(value: str) -> str:
    """An ISO time from the moderation services, as people read it."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.strftime("%-d %b %Y, %H:%M UTC")


def month_name(value: str) -> str:
    """A month as the services give it (2025-03), as people read it (March 2025)."""
    return datetime.strptime(value, "%Y-%m").strftime("%B %Y")


def removal_shown(post):
    """For the post template: the removal of the viewer's own post, to explain and appeal it."""
    return removal_of(post, current_user._get_current_object())


def nav_counts(viewer) -> dict:
    """Items waiting (for moderators) and unread notifications, for the navigation.

    Error pages share the navigation; a broken database must not break them too."""
    try:
        return {"waiting": items.queue_counts()["pending"] if can_moderate(viewer) else None,
                "unread": unread_count(viewer)}
    except SQLAlchemyError:
        db.session.rollback()
        return {"waiting": None, "unread": None}


def _viewer():
    return current_user._get_current_object()


def _allowed(predicate):
    """Anonymous visitors go to log in; signed-in members without the role get 403."""
    def decorate(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if not predicate(_viewer()):
                abort(403)
            return view(*args, **kwargs)
        return login_required(checked)
    return decorate


moderators_only = _allowed(can_moderate)
admins_only = _allowed(rule_admin.can_edit_rules)


def _or_404(load, *args):
    try:
        return load(*args)
    except NotFound:
        abort(404)


def target_href(kind: str, target_id: int, snapshot: dict | None = None) -> str | None:
    """Where a thread, post or chat message can be seen (None once it is gone)."""
    if kind == "thread":
        return url_for("boards.thread", thread_id=target_id)
    found = items.load_target(kind, target_id)
    if kind == "message":
        slug = found.room.slug if found is not None else (snapshot or {}).get("room")
        return url_for("chat.room", slug=slug) if slug else None
    if found is None:
        return None
    return url_for("boards.thread", thread_id=found.thread_id,
                   page=page_of_post(found, _viewer()), _anchor=f"post-{found.id}")


def _entry(item, places: dict) -> dict:
    """A review item as the queue page shows it."""
    where = places.get(("board", item.board_id)) or places.get(("room", item.room_id))
    return {**records.item_json(item), "where": where,
            "href": target_href(item.target_type, item.target_id, item.snapshot)}


@bp.get("/moderation")
@moderators_only
def queue():
    """The review queue: urgent first, then held, then flagged, oldest first; with filters."""
    return _queue_page()


def _queue_page(failed: dict | None = None, code: int = 200):
    boards, rooms = list_boards(_viewer()), list_rooms(_viewer())
    filters = QueueFilterForm(request.args).fill(boards, rooms)
    try:
        found = records.queue(_viewer(), limit=QUEUE_PAGE, **filters.values())
    except ValidationError as error:
        filters.status.errors, found = [error.message], []
    places = {("board", b.id): b.name for b in boards} | {("room", r.id): r.name for r in rooms}
    cards = [[_entry(item, places) for item in card] for card in crisis_review.group_queue(found)]
    return render_template("moderation/queue.html", filters=filters, failed=failed, cards=cards,
                           shown=len(found), counts=items.queue_counts(),
                           more=len(found) >= QUEUE_PAGE), code


@bp.post("/moderation/items/<int:item_id>")
@moderators_only
def act(item_id: int):
    """One act on one review item; back to the queue with its filters."""
    item = _or_404(items.get_item_or_404, database_id(item_id), _viewer())
    form = ActionForm()
    action = form.action.data
    if not form.validate_on_submit():
        return _refused(item, form, next(iter(form.errors.values()))[0])
    if action == "remove_thread" and form.confirm.data != "yes":
        return _confirm_thread_removal(item, form)
    try:
        actions.act(item, _viewer(), action, **form.arguments())
    except Conflict as conflict:
        db.session.rollback()
        flash(f"Nothing was changed. {conflict.message}", "notice")
    except (ValidationError, Forbidden) as error:
        db.session.rollback()  # an act refused half-way must leave the item as it was
        return _refused(item, form, error.message, 403 if isinstance(error, Forbidden) else 200)
    else:
        flash(DONE.get(action, "Done."))
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
@moderators_only
def log():
    """Every act of a moderator, newest first: who, what, which boundary, why, on what."""
    entries = records.moderation_log(_viewer())
    for entry in entries:
        entry["href"] = target_href(entry["target"]["type"], entry["target"]["id"])
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
    return render_template("moderation/rules.html", rules=rule_admin.list_rules(_viewer()),
                           builtin=rule_admin.builtin_lexicons(),
                           form=form, post_action_labels=POST_ACTION_LABELS,
                           chat_action_labels=CHAT_ACTION_LABELS)


@bp.post("/moderation/rules")
@admins_only
def add_rule():
    """Add a rule; a pattern that cannot work is refused beside its field."""
    form = RuleForm()
    if form.validate_on_submit():
        try:
            rule = rule_admin.create_rule(_viewer(), form.fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            flash(f"The rule \u201c{rule.name}\u201d is added and in force for the next post.")
            return redirect(url_for("moderation.rules", _anchor=f"rule-{rule.id}"))
    return _rules_page(form)


@bp.route("/moderation/rules/<int:rule_id>", methods=["GET", "POST"])
@admins_only
def edit_rule(rule_id: int):
    """Change one rule: pattern, actions, explanation, whether it is in force."""
    rule = _or_404(rule_admin.get_rule_or_404, rule_id, _viewer())
    form = RuleForm(obj=rule)
    if form.validate_on_submit():
        try:
            rule_admin.update_rule(rule, _viewer(), form.fields())
        except ValidationError as error:
            db.session.rollback()
            form.add_service_error(error)
        else:
            flash(f"The rule \u201c{rule.name}\u201d is saved.")
            return redirect(url_for("moderation.rules", _anchor=f"rule-{rule.id}"))
    return render_template("moderation/rule_edit.html", rule=rule, form=form)


@bp.get("/me/notifications")
@login_required
def my_notifications():
    """The member's notifications, newest first: replies, holds, removals, report outcomes."""
    notes = [_note(n) for n in notifications.notifications_for(_viewer())]
    return render_template("me/notifications.html", notes=notes, form=ReadAllForm(formdata=None))


def _note(note) -> dict:
    """A notification with a link to what it is about, when the member can still see that."""
    data = notifications.notification_json(note)
    target = data.get("target") or ({"type": "post", "id": data["post_id"]}
                                    if "post_id" in data else None)
    shown = target and not (data["kind"] == "report_outcome" and data.get("outcome") == "remove")
    data["href"] = target_href(target["type"], target["id"]) if shown else None
    if data["kind"] == "removed" and target:
        data["appeal_href"] = url_for("moderation.appeal", kind=target["type"],
                                      target_id=target["id"])
    return data


@bp.post("/me/notifications/read")
@login_required
def read_notifications():
    """Mark every notification read."""
    notifications.mark_all_read(_viewer())
    flash("You're all caught up.")
    return redirect(url_for("moderation.my_notifications"))


@bp.route("/appeals/<kind>/<int:target_id>", methods=["GET", "POST"])
@login_required
def appeal(kind: str, target_id: int):
    """The author appeals a moderator's removal once; a different moderator decides."""
    content = _or_404(own_content_or_404, kind, target_id, _viewer())
    item = removal_item(content)
    if item is None:
        abort(404)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            actions.appeal(content, _viewer(), form.note.data or None)
        except NotFound:
            abort(404)
        except (Conflict, ValidationError) as refused:
            form.form_errors.append(refused.message)
        else:
            flash("Thank you. A different moderator will look at it again, and you'll find "
                  "their decision in your notifications.")
            return redirect(target_href(kind, target_id) if kind != "message"
                            else url_for("moderation.my_notifications"))
    return render_template("moderation/appeal.html", form=form, item=item)
