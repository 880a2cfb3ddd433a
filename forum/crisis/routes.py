"""Crisis care pages: put the help box away, choose a country, read a check-in, and send one.

Every form here works without JavaScript; each answers with a redirect back to where the
member was, and the JSON API (forum/api/help.py) calls the same services.
"""
import re

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import login_required

from forum.moderation.links import target_href
from forum.security import current_viewer, reviewers_only
from forum.services import Forbidden, ValidationError, crisis
from forum.services.accounts.preferences import update_preferences
from forum.services.moderation import items, outreach

bp = Blueprint("crisis", __name__)
# Back to a page of this site only: printable ASCII, never "//" or "/\" (another host), as on
# /login (browsers drop tabs and newlines, so "/\t/host" would become "//host").
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")


def _back(data: dict) -> str:
    """Where the help was shown: the crisis post in its thread, or the chat room."""
    if data.get("room"):
        return url_for("chat.room", slug=data["room"])
    shown = target_href("post", data["post_id"], current_viewer()) \
        if data.get("post_id") else None
    if shown:
        return shown
    if data.get("thread_id"):
        return url_for("boards.thread", thread_id=data["thread_id"])
    return url_for("moderation.my_notifications")


@bp.post("/me/crisis/<int:note_id>/dismiss")
@login_required
def dismiss(note_id: int):
    """The member puts the help box (or chat card) away; the notification stays."""
    note = crisis.dismiss_crisis(current_viewer(), note_id)
    flash("Put away. These lines are always one tap away under \u201cNeed help now?\u201d.")
    return redirect(_back(note.data or {}), 303)


@bp.post("/me/country")
@login_required
def choose_country():
    """The member chooses the country whose crisis lines they see (or none)."""
    try:
        chosen = update_preferences(current_viewer(), {"country": request.form.get("country", "")})
    except ValidationError as error:
        flash(error.message, "notice")
    else:
        flash("Saved. You'll see the lines for that country." if chosen["country"] else
              "Saved. You'll see lines chosen from your browser's language.")
    return redirect(url_for("auth.settings", _anchor="country-heading"), 303)


@bp.post("/me/check-ins/<int:note_id>/read")
@login_required
def read_check_in(note_id: int):
    """The member has read a moderator's check-in: the banner goes away."""
    outreach.mark_check_in_read(current_viewer(), note_id)
    target = request.form.get("next", "")
    return redirect(target if _LOCAL_PATH.fullmatch(target) else url_for("boards.index"), 303)


@bp.post("/moderation/items/<int:item_id>/check-in")
@reviewers_only
def send_check_in(item_id: int):
    """A moderator sends the person a private check-in from an urgent item."""
    item = items.get_item_or_404(item_id, current_viewer())
    try:
        outreach.send_check_in(item, current_viewer(), request.form.get("message"))
    except (ValidationError, Forbidden) as error:
        flash(f"Nothing was sent: {error.message}", "notice")
    else:
        flash("Your message is on its way. The item is marked \u201creached out\u201d.")
    return redirect(url_for("moderation.queue", _anchor=f"item-{item_id}"), 303)
