"""Moderation as a member meets it: their notifications (replies, holds, removals, outcomes of
their reports) and the one appeal of a removal of their own content."""
from flask import flash, redirect, render_template, url_for
from flask_login import login_required

from forum.moderation.forms import AppealForm, ReadAllForm
from forum.moderation.links import target_href
from forum.moderation.routes import bp
from forum.security import current_viewer
from forum.services import Conflict, ValidationError, notifications
from forum.services.moderation import appeals
from forum.services.shapes import notification_json


@bp.get("/me/notifications")
@login_required
def my_notifications():
    """The member's notifications, newest first: replies, holds, removals, report outcomes."""
    found = notifications.notifications_for(current_viewer())
    excerpts = notifications.reply_excerpts(current_viewer(), found)
    notes = [_note(n, excerpts.get(n.id)) for n in found]
    return render_template("me/notifications.html", notes=notes, form=ReadAllForm(formdata=None))


def _note(note, excerpt: str | None = None) -> dict:
    """A notification with a link to what it is about, when the member can still see that."""
    data = notification_json(note, excerpt)
    target = data.get("target") or ({"type": "post", "id": data["post_id"]}
                                    if "post_id" in data else None)
    shown = target and not (data["kind"] == "report_outcome" and data.get("outcome") == "remove")
    data["href"] = target_href(target["type"], target["id"], current_viewer()) if shown else None
    if data["kind"] == "removed" and target:
        data["appeal_href"] = url_for("moderation.appeal", kind=target["type"],
                                      target_id=target["id"])
    return data


@bp.post("/me/notifications/read")
@login_required
def read_notifications():
    """Mark every notification read."""
    notifications.mark_all_read(current_viewer())
    flash("You're all caught up.")
    return redirect(url_for("moderation.my_notifications"))


@bp.route("/appeals/<kind>/<int:target_id>", methods=["GET", "POST"])
@login_required
def appeal(kind: str, target_id: int):
    """The author appeals a moderator's removal once; a different moderator decides."""
    viewer = current_viewer()
    content, item = appeals.appealable_or_404(kind, target_id, viewer)
    form = AppealForm()
    if form.validate_on_submit():
        try:
            appeals.appeal(content, viewer, form.note.data or None)
        except (Conflict, ValidationError) as refused:
            form.form_errors.append(refused.message)
        else:
            flash("Thank you. A different moderator will look at it again, and you'll find "
                  "their decision in your notifications.")
            return redirect(target_href(kind, target_id, viewer) if kind != "message"
                            else url_for("moderation.my_notifications"))
    return render_template("moderation/appeal.html", form=form, item=item)
