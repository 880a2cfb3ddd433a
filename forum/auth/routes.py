"""Sign up, log in, log out, recover an account, and account settings."""
import json
import re

from flask import (Blueprint, Response, flash, redirect, render_template, request, session,
                   url_for)
from flask_login import login_required, login_user, logout_user

from forum.auth.forms import (ERASE_CONTENT, ChangePasswordForm, ConfirmDeleteForm,
                              DeleteAccountForm, LoginForm, NewCodesForm, RecoverForm,
                              SignupForm)
from forum.extensions import limiter
from forum.models.base import utcnow
from forum.ratelimits import configured_limit, count_failure, per_account
from forum.security import current_viewer, signed_in_with
from forum.services.accounts import handles, members, privacy, profiles, signins
from forum.services.accounts.preferences import chosen_country
from forum.services.recovery import dates as recovery_dates

bp = Blueprint("auth", __name__)

BAD_LOGIN = "That handle and password don't match. Please check both and try again."
# A path on this site: printable ASCII only (browsers drop tabs and newlines, so "/\t/host"
# would become "//host"), and never "//" or "/\" (another host).
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")


def _suggesting() -> bool:
    """A "Suggest another handle" press is not a sign-up attempt, so no limit is spent on it."""
    return "suggest" in request.form


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only, never another host."""
    if target and _LOCAL_PATH.fullmatch(target):
        return target
    return url_for("boards.index")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(configured_limit("SIGNUP_LIMIT"), methods=["POST"], exempt_when=_suggesting)
def signup():
    """Sign up with a suggested (or chosen) handle; show the recovery codes once."""
    form = SignupForm()
    if form.is_submitted() and form.suggest.data:
        form.handle.data = handles.suggest_handle()
    elif form.validate_on_submit():
        if form.accepts(members.create_account, form.password.data, form.handle.data or None):
            user, codes = form.result
            login_user(user)
            return _show_codes_once(codes, new_member=True)
    elif not form.is_submitted():
        form.handle.data = handles.suggest_handle()
    return render_template("auth/signup.html", form=form)


FRESH_CODES = "fresh_recovery_codes"


def _show_codes_once(codes: list[str], new_member: bool) -> Response:
    """Keep new codes in the session for the one page that shows them (POST, redirect, GET), so
    a reload never signs up or makes codes again."""
    session[FRESH_CODES] = {"codes": codes, "new_member": new_member}
    return redirect(url_for("auth.recovery_codes"), 303)


@bp.get("/me/recovery-codes")
@login_required
def recovery_codes():
    """Show the codes just made, once, then forget them; afterwards say how to get new ones."""
    fresh = session.pop(FRESH_CODES, None) or {}
    return render_template("auth/recovery_codes.html", codes=fresh.get("codes") or [],
                           new_member=fresh.get("new_member", False))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_LIMIT"), methods=["POST"])
@per_account(limiter)
def login():
    """Log in with handle and password; the same answer for an unknown handle as a wrong password."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = members.authenticate(form.handle.data, form.password.data)
        if user is not None:
            login_user(user)
            flash(f"Welcome back, {user.handle}.")
            return redirect(_safe_next(form.next.data))
        count_failure()
        form.form_errors.append(BAD_LOGIN)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Log out (POST with the CSRF token only, so no other site can log a member out)."""
    logout_user()
    session.pop(FRESH_CODES, None)
    flash("You are logged out. Take care.")
    return redirect(url_for("boards.index"))


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_LIMIT"), methods=["POST"])
@per_account(limiter)
def recover():
    """Set a new password with one recovery code; the member is logged in afterwards."""
    form = RecoverForm()
    if form.validate_on_submit():
        if form.accepts(members.recover_account, form.handle.data, form.code.data,
                        form.new_password.data):
            login_user(form.result)
            flash("Your new password is set, and you are logged in. That recovery code is now "
                  "used up.")
            return redirect(url_for("auth.settings"))
        if form.code.errors:  # a wrong code counts against the account, as a wrong password
            count_failure()
    return render_template("auth/recover.html", form=form)


def _settings_page(password_form=None, codes_form=None):
    user = current_viewer()
    return render_template(
        "auth/settings.html", user=user, codes_left=members.unused_recovery_codes(user),
        password_form=password_form or ChangePasswordForm(prefix="pw", formdata=None),
        codes_form=codes_form or NewCodesForm(prefix="codes", formdata=None),
        signins=signins.signins_of(user, signed_in_with()), chosen_country=chosen_country(user),
        shows_recent_posts=profiles.shows_recent_posts(user),
        recovery=recovery_dates.recovery_of(user))


@bp.get("/me")
@login_required
def settings():
    """The member's settings: handle, role, password, recovery codes, log out."""
    return _settings_page()


@bp.post("/me/password")
@login_required
def change_password():
    """Change the password; every other session ends, this one stays logged in."""
    form = ChangePasswordForm(prefix="pw")
    user = current_viewer()
    if form.validate_on_submit() and form.accepts(
            members.change_password, user, form.current_password.data, form.new_password.data):
        login_user(user)  # the session was ended with the others; start this one again
        flash("Your password is changed. Any other device you were logged in on is now "
              "logged out.")
        return redirect(url_for("auth.settings"))
    return _settings_page(password_form=form)


@bp.post("/me/recovery-codes")
@login_required
def new_recovery_codes():
    """Make ten new recovery codes after checking the password; show them once."""
    form = NewCodesForm(prefix="codes")
    if form.validate_on_submit() and form.accepts(members.regenerate_recovery_codes,
                                                  current_viewer(), form.password.data):
        return _show_codes_once(form.result, new_member=False)
    return _settings_page(codes_form=form)


@bp.post("/me/sessions/<signin_id>/end")
@login_required
def end_session(signin_id: str):
    """Log out one other browser or app ("Log out there")."""
    user = current_viewer()
    if signin_id in {s.id for s in signins.signins_of(user, signed_in_with()) if s.current}:
        return logout()  # ending this very session is logging out
    signins.end_signin(user, signin_id)
    flash("That session is logged out. Anything open there has to log in again.")
    return redirect(url_for("auth.settings") + "#sessions-heading")


@bp.post("/me/sessions/end-others")
@login_required
def end_other_sessions():
    """Log out every other browser and app; this one stays logged in."""
    ended = signins.end_other_signins(current_viewer(), signed_in_with())
    flash(f"Logged out everywhere else ({ended} session{'' if ended == 1 else 's'})."
          if ended else "You weren't logged in anywhere else.")
    return redirect(url_for("auth.settings") + "#sessions-heading")


@bp.get("/me/export")
@login_required
def export_data():
    """Everything the member wrote and set, as a JSON file to keep."""
    data = privacy.export_member(current_viewer())
    name = f"my-forum-data-{utcnow():%Y-%m-%d}.json"
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


@bp.route("/me/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Deleting the account, step one: explain, and ask what happens to what they wrote."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        confirm = ConfirmDeleteForm(formdata=None, content=form.content.data)
        return _confirm_page(confirm)
    return render_template("me/delete.html", form=form)


@bp.post("/me/delete/confirm")
@login_required
@limiter.limit(configured_limit("LOGIN_LIMIT"))  # a password check, like logging in
def confirm_delete_account():
    """Step two: the password, then the account is gone and the member logged out."""
    form = ConfirmDeleteForm()
    erase = form.content.data == ERASE_CONTENT
    if form.validate_on_submit() and form.accepts(privacy.delete_account, current_viewer(),
                                                  form.password.data, erase):
        logout_user()
        session.clear()
        return render_template("me/deleted.html", erased=erase)
    return _confirm_page(form)


def _confirm_page(form: ConfirmDeleteForm):
    counts = privacy.content_counts(current_viewer())
    return render_template("me/delete_confirm.html", form=form, counts=counts,
                           erase=form.content.data == ERASE_CONTENT)
