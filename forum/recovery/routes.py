"""The recovery pages: /me/recovery (date, streak, total, milestones, starting again),
/me/checkins (the one-click pledge and the member's own calendar) and /me/boundaries (content
warnings folded or hidden, muted threads and boards). Thin: each form calls a service."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from forum.extensions import limiter
from forum.ratelimits import configured_limit
from forum.recovery.forms import (CheckinForm, MilestoneForm, RecoveryDateForm, RestartForm,
                                  WarningsForm)
from forum.security import current_viewer
from forum.services import Conflict
from forum.services.accounts.preferences import preferences_of, update_preferences
from forum.services.boards import posting
from forum.services.boards.reading import get_board_or_404, get_thread_or_404
from forum.services.recovery import checkins, dates, mutes
from forum.services.recovery.clock import DEFAULT_ZONE

bp = Blueprint("recovery", __name__)
MILESTONE_BOARD = "milestones"
posting_limit = limiter.limit(configured_limit("POSTING_LIMIT"), methods=["POST"])


# --- the recovery date -------------------------------------------------------------------------

def _recovery_page(date_form=None, restart_form=None, milestone_form=None):
    member = current_viewer()
    summary = dates.recovery_of(member)
    if date_form is None:
        date_form = RecoveryDateForm(formdata=None, date=summary.start.isoformat() if summary
                                     else "", time_zone=summary.time_zone if summary
                                     else DEFAULT_ZONE, show_badge=bool(summary and
                                                                        summary.show_badge))
    if milestone_form is None and summary is not None and summary.milestone_today is not None:
        milestone_form = MilestoneForm(formdata=None, **milestone_post(summary.milestone_today))
    return render_template("me/recovery.html", summary=summary, date_form=date_form,
                           restart_form=restart_form or RestartForm(formdata=None),
                           milestone_form=milestone_form,
                           badge=dates.badge_text(summary) if summary else None)


def milestone_post(milestone: dates.Milestone) -> dict:
    """The ready-made milestone post a member may edit, share or ignore."""
    return {"title": f"{milestone.label} today",
            "body": f"Today marks {milestone.label} in my recovery. It hasn't always been "
                    "easy, and I'm grateful to everyone here who has walked some of it with me."}


@bp.get("/me/recovery")
@login_required
def recovery():
    """The member's recovery date, streak and total, and today's milestone if there is one."""
    return _recovery_page()


@bp.post("/me/recovery")
@login_required
def set_recovery():
    """Save the recovery date, time zone and badge."""
    form = RecoveryDateForm()
    data = {"date": form.date.data or None, "time_zone": form.time_zone.data or None,
            "show_badge": bool(form.show_badge.data)}
    if form.validate_on_submit() and form.accepts(dates.set_recovery, current_viewer(), data):
        flash("Saved. Every day counts.")
        return redirect(url_for("recovery.recovery"), 303)
    return _recovery_page(date_form=form)


@bp.post("/me/recovery/restart")
@login_required
def restart():
    """Start again after a slip: quietly, keeping the total."""
    form = RestartForm()
    if form.validate_on_submit():
        try:
            ok = form.accepts(dates.start_again, current_viewer(), form.date.data or None)
        except Conflict as error:
            flash(error.message, "notice")
            return redirect(url_for("recovery.recovery"), 303)
        if ok:
            flash(form.result[1])
            return redirect(url_for("recovery.recovery"), 303)
    return _recovery_page(restart_form=form)


@bp.post("/me/recovery/milestone")
@login_required
@posting_limit
def share_milestone():
    """Share the (edited) milestone post on the Milestones board: only when the member asks."""
    member = current_viewer()
    form = MilestoneForm()
    board = get_board_or_404(MILESTONE_BOARD, member)
    if form.validate_on_submit() and form.accepts(posting.create_thread, board, member,
                                                  form.title.data, form.body.data):
        flash("Shared. Congratulations!")
        return redirect(url_for("boards.thread", thread_id=form.result.thread.id), 303)
    return _recovery_page(milestone_form=form)


# --- the daily check-in ------------------------------------------------------------------------

def _checkin_page(form=None):
    member = current_viewer()
    return render_template("me/checkins.html", form=form or CheckinForm(formdata=None),
                           done_today=checkins.checked_in_today(member),
                           calendar=checkins.calendar_of(member),
                           today=checkins.member_today(member))


@bp.get("/me/checkins")
@login_required
def checkin_page():
    """Today's pledge and the member's own calendar."""
    return _checkin_page()


@bp.post("/me/checkins")
@login_required
@posting_limit
def check_in():
    """The one-click "staying sober today"."""
    form = CheckinForm()
    if form.validate_on_submit():
        try:
            ok = form.accepts(checkins.check_in, current_viewer(), form.note.data or None,
                              form.warning())
        except Conflict as error:
            flash(error.message)
            return redirect(url_for("recovery.checkin_page"), 303)
        if ok:
            done = form.result
            if done.notice is not None and done.notice["code"] == "crisis":
                flash("crisis", "crisis")
                return redirect(url_for("boards.thread", thread_id=done.thread_id,
                                        _anchor="crisis-help"), 303)
            flash("Checked in. One day at a time, and today counts.")
            return redirect(url_for("recovery.checkin_page"), 303)
    return _checkin_page(form)


# --- personal boundaries -----------------------------------------------------------------------

def _boundaries_page(form=None):
    member = current_viewer()
    if form is None:
        prefs = preferences_of(member)
        form = WarningsForm(formdata=None)
        for cid, _label, field in form.categories():
            field.data = "hidden" if cid in prefs["hidden_warnings"] else \
                "folded" if cid in prefs["folded_warnings"] else "open"
    return render_template("me/boundaries.html", form=form, mutes=mutes.mutes_of(member))


@bp.get("/me/boundaries")
@login_required
def boundaries():
    """Content warnings folded or hidden; muted threads and boards."""
    return _boundaries_page()


@bp.post("/me/boundaries/warnings")
@login_required
def save_warnings():
    """Save, for each content-warning category, whether it shows, stays folded or is hidden."""
    form = WarningsForm()
    if form.validate_on_submit():
        chosen = {cid: field.data for cid, _label, field in form.categories()}
        update_preferences(current_viewer(), {
            "folded_warnings": [c for c, how in chosen.items() if how == "folded"],
            "hidden_warnings": [c for c, how in chosen.items() if how == "hidden"]})
        flash("Saved. Posts will show the way you chose.")
        return redirect(url_for("recovery.boundaries"), 303)
    return _boundaries_page(form)


def _back(default: str) -> str:
    """Where a mute button was pressed (a path on this site), else the default."""
    target = request.form.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.post("/threads/<int:thread_id>/mute")
@login_required
def mute_thread(thread_id: int):
    """Mute or unmute (mute=0) a thread from its page or the boundaries page."""
    member = current_viewer()
    thread = get_thread_or_404(thread_id, member)
    if request.form.get("mute") == "0":
        mutes.unmute_thread(member, thread)
        flash("Unmuted. You'll hear about this thread again.")
    else:
        mutes.mute_thread(member, thread)
        flash("Muted. This thread won't notify you, and it leaves your lists. You can unmute it "
              "here or from your boundaries page.")
    return redirect(_back(url_for("boards.thread", thread_id=thread.id)), 303)


@bp.post("/boards/<slug>/mute")
@login_required
def mute_board(slug: str):
    """Mute or unmute (mute=0) a board."""
    member = current_viewer()
    board = get_board_or_404(slug, member)
    if request.form.get("mute") == "0":
        mutes.unmute_board(member, board)
        flash("Unmuted. You'll hear about this board again.")
    else:
        mutes.mute_board(member, board)
        flash("Muted. This board's threads won't notify you.")
    return redirect(_back(url_for("boards.board", slug=board.slug)), 303)

