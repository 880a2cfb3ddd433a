"""Crisis care pages: put the help box away, choose a country, read a check-in, and send one.

Every form here works without JavaScript; each answers with a redirect back to where the
member was, and the JSON API (forum/api/help.py) calls the same services.
"""
import re
from datetime import datetime

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from forum.extensions import db
from forum.models import Post
from forum.moderation.routes import moderators_only
from forum.resources import country_names, listed_countries
from forum.services import Forbidden, NotFound, ValidationError, crisis
from forum.services.accounts.preferences import update_preferences
from forum.services.boards.reading import page_of_post
from forum.models.base import database_id
from forum.services.moderation import items, outreach

bp = Blueprint("crisis", __name__)
# Back to a page of this site only: printable ASCII, never "//" or "/\" (another host), as on
# /login (browsers drop tabs and newlines, so "/\t/host" would become "//host").
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")


@bp.record_once
def _template_globals(state) -> None:
    """What base.html, the thread page and the chat room ask about crisis care."""
    state.app.jinja_env.globals.update(open_check_ins=_open_check_ins,
                                       check_in_text=outreach.check_in_text,
                                       emergency_steps=crisis.emergency_steps,
                                       country_choices=country_choices)
    state.app.jinja_env.filters.update(waited=waited, span_minutes=span_minutes)


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


def _open_check_ins(viewer) -> list:
    """Unread check-ins for the banner; a broken database must not break every page."""
    try:
        return outreach.unread_check_ins(viewer)
    except SQLAlchemyError:
        db.session.rollback()
        return []


def _viewer():
    return current_user._get_current_object()


def _back(data: dict) -> str:
    """Where the help was shown: the crisis post in its thread, or the chat room."""
    if data.get("room"):
        return url_for("chat.room", slug=data["room"])
    post = db.session.get(Post, data["post_id"]) if data.get("post_id") else None
    if post is not None:
        return url_for("boards.thread", thread_id=post.thread_id,
                       page=page_of_post(post, _viewer()), _anchor=f"post-{post.id}")
    if data.get("thread_id"):
        return url_for("boards.thread", thread_id=data["thread_id"])
    return url_for("moderation.my_notifications")


@bp.post("/me/crisis/<int:note_id>/dismiss")
@login_required
def dismiss(note_id: int):
    """The member puts the help box (or chat card) away; the notification stays."""
    try:
        note = crisis.dismiss_crisis(_viewer(), database_id(note_id))
    except NotFound:
        abort(404)
    flash("Put away. These lines are always one tap away under \u201cNeed help now?\u201d.")
    return redirect(_back(note.data or {}), 303)


@bp.post("/me/country")
@login_required
def choose_country():
    """The member chooses the country whose crisis lines they see (or none)."""
    try:
        chosen = update_preferences(_viewer(), {"country": request.form.get("country", "")})
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
    try:
        outreach.mark_check_in_read(_viewer(), database_id(note_id))
    except NotFound:
        abort(404)
    target = request.form.get("next", "")
    return redirect(target if _LOCAL_PATH.fullmatch(target) else url_for("boards.index"), 303)


@bp.post("/moderation/items/<int:item_id>/check-in")
@moderators_only
def send_check_in(item_id: int):
    """A moderator sends the person a private check-in from an urgent item."""
    try:
        item = items.get_item_or_404(database_id(item_id), _viewer())
        outreach.send_check_in(item, _viewer(), request.form.get("message"))
    except NotFound:
        abort(404)
    except (ValidationError, Forbidden) as error:
        db.session.rollback()
        flash(f"Nothing was sent: {error.message}", "notice")
    else:
        flash("Your message is on its way. The item is marked \u201creached out\u201d.")
    return redirect(url_for("moderation.queue", _anchor=f"item-{item_id}"), 303)
