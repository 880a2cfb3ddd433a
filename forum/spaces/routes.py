"""Pages: the spaces one may ask to join, the request form, the space moderators' queue; peer
mentors (asking for one, a mentor's profile and the open requests); a mentor conversation (a
plain form post and reload)."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_required

from forum.security import current_viewer
from forum.services import Conflict, Forbidden, ValidationError
from forum.services.spaces import conversations, mentoring, spaces
from forum.spaces.forms import (ButtonForm, DecisionForm, JoinForm, MentorProfileForm,
                                MentorRequestForm, MessageForm)

bp = Blueprint("spaces", __name__)


# --- spaces --------------------------------------------------------------------------------------

@bp.get("/spaces")
def index():
    """The restricted spaces, by name and description, with a way to ask to join or leave."""
    viewer = current_viewer()
    return render_template("spaces/index.html", listings=spaces.list_spaces(viewer),
                           waiting=len(spaces.pending_requests(viewer))
                           if viewer is not None else 0)


@bp.route("/spaces/<slug>/join", methods=["GET", "POST"])
@login_required
def join(slug: str):
    """The request form: a short note to the space's moderators; a refusal shows beside it."""
    viewer, space = current_viewer(), spaces.get_space_or_404(slug)
    form = JoinForm()
    if form.validate_on_submit():
        try:
            if form.accepts(spaces.request_to_join, space, viewer, form.note.data):
                flash("Thank you: the space's moderators will answer soon. You will find "
                      "their answer in your notifications.")
                return redirect(url_for("spaces.index"))
        except Conflict as refusal:
            flash(refusal.message)
            return redirect(url_for("spaces.index"))
    status = 422 if form.errors else 200
    return render_template("spaces/join.html", space=space, form=form), status


@bp.post("/spaces/<slug>/leave")
@login_required
def leave(slug: str):
    """Leave a space."""
    viewer, space = current_viewer(), spaces.get_space_or_404(slug)
    if ButtonForm().validate_on_submit():
        try:
            spaces.leave(space, viewer)
            flash(f"You left {space.board.name}. You can ask to join again any time.")
        except Conflict as refusal:
            flash(refusal.message)
    return redirect(url_for("spaces.index"))


@bp.get("/spaces/requests")
@login_required
def requests():
    """The join requests waiting in the spaces the viewer moderates."""
    return render_template("spaces/requests.html",
                           pending=spaces.pending_requests(current_viewer()),
                           form=DecisionForm())


@bp.post("/spaces/requests/<int:request_id>")
@login_required
def decide(request_id: int):
    """Approve or decline a request, with a reason the member sees."""
    viewer = current_viewer()
    request = spaces.get_request_or_404(request_id, viewer)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            if form.accepts(spaces.decide, request, viewer, bool(form.approve.data),
                            form.reason.data):
                flash("Approved: they can see the space now." if form.approve.data else
                      "Declined: they will see your reason.")
                return redirect(url_for("spaces.requests"))
        except Conflict as refusal:
            flash(refusal.message)
            return redirect(url_for("spaces.requests"))
    return render_template("spaces/requests.html", pending=spaces.pending_requests(viewer),
                           form=form, failed=request_id), 422


# --- mentors -------------------------------------------------------------------------------------

def _mentors_page(status: int = 200, **forms):
    viewer = current_viewer()
    is_mentor = mentoring.is_mentor(viewer)
    profile = mentoring.profile_of(viewer) if is_mentor else None
    profile_form = forms.get("profile_form") or MentorProfileForm(
        offer=profile.offer if profile else "",
        max_mentees=profile.max_mentees if profile else mentoring.MENTEES_DEFAULT)
    return render_template(
        "spaces/mentors.html", is_mentor=is_mentor, profile_form=profile_form,
        request_form=forms.get("request_form") or MentorRequestForm(), button=ButtonForm(),
        open_request=mentoring.open_request_of(viewer),
        active=mentoring.active_conversation(viewer),
        requests=mentoring.open_requests(viewer) if is_mentor else [],
        mentee_count=mentoring.mentee_count(viewer) if is_mentor else 0,
        conversations=conversations.list_conversations(viewer), other_of=conversations.other_of,
        mentors=mentoring.mentors_offering()), status


@bp.get("/mentors")
@login_required
def mentors():
    """Peer mentors and what they offer; ask for one; mentors see the open requests."""
    return _mentors_page()


@bp.post("/mentors/request")
@login_required
def ask_for_mentor():
    """Ask for a peer mentor."""
    form = MentorRequestForm()
    if form.validate_on_submit():
        try:
            if form.accepts(mentoring.request_mentor, current_viewer(), form.note.data):
                flash("Thank you: a peer mentor will answer soon; you will find it in your "
                      "notifications.")
                return redirect(url_for("spaces.mentors"))
        except (Conflict, Forbidden) as refusal:
            flash(refusal.message)
            return redirect(url_for("spaces.mentors"))
    return _mentors_page(422, request_form=form)


@bp.post("/mentors/withdraw")
@login_required
def withdraw():
    """Stop waiting for a mentor."""
    if ButtonForm().validate_on_submit():
        mentoring.withdraw_request(current_viewer())
        flash("Your request is withdrawn.")
    return redirect(url_for("spaces.mentors"))


@bp.post("/mentors/profile")
@login_required
def save_profile():
    """A mentor saves what they offer and their limit."""
    form = MentorProfileForm()
    if form.validate_on_submit():
        try:
            if form.accepts(mentoring.set_profile, current_viewer(), form.offer.data,
                            form.max_mentees.data):
                flash("Your mentor profile is saved.")
                return redirect(url_for("spaces.mentors"))
        except Forbidden:
            abort(404)
    return _mentors_page(422, profile_form=form)


@bp.post("/mentors/requests/<int:request_id>/accept")
@login_required
def accept(request_id: int):
    """A mentor takes a request; exactly one mentor wins it."""
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("spaces.mentors"))
    try:
        conversation = mentoring.accept(request_id, current_viewer())
    except (Conflict, Forbidden) as refusal:
        flash(refusal.message)
        return redirect(url_for("spaces.mentors"))
    flash("You are their mentor now: say hello.")
    return redirect(url_for("spaces.conversation", conversation_id=conversation.id))


# --- conversations -------------------------------------------------------------------------------

def _conversation_page(found, form=None, status: int = 200):
    viewer = current_viewer()
    return render_template("spaces/conversation.html", conversation=found,
                           other=conversations.other_of(found, viewer),
                           messages=conversations.messages(found, viewer), form=form or MessageForm(),
                           button=ButtonForm()), status


@bp.get("/conversations/<int:conversation_id>")
@login_required
def conversation(conversation_id: int):
    """The pair's conversation (404 for everyone else)."""
    return _conversation_page(conversations.get_conversation_or_404(conversation_id,
                                                                    current_viewer()))


@bp.post("/conversations/<int:conversation_id>/messages")
@login_required
def send(conversation_id: int):
    """Write to the conversation; a refusal shows beside the message box."""
    viewer = current_viewer()
    found = conversations.get_conversation_or_404(conversation_id, viewer)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            if form.accepts(conversations.send, found, viewer, form.body.data):
                if form.result.notice:
                    flash(form.result.notice["message"])
                return redirect(url_for("spaces.conversation", conversation_id=found.id,
                                        _anchor=f"message-{form.result.message.id}"))
        except Conflict as refusal:
            form.add_service_error(ValidationError(refusal.message, "body"))
    return _conversation_page(found, form, 409 if found.ended_at else 422)


@bp.post("/conversations/<int:conversation_id>/end")
@login_required
def end(conversation_id: int):
    """Either of the pair ends the conversation."""
    viewer = current_viewer()
    found = conversations.get_conversation_or_404(conversation_id, viewer)
    if ButtonForm().validate_on_submit():
        try:
            conversations.end(found, viewer)
            flash("The conversation has ended. Thank you both.")
        except Conflict as refusal:
            flash(refusal.message)
    return redirect(url_for("spaces.conversation", conversation_id=found.id))


@bp.get("/conversation-messages/<int:message_id>/card")
@login_required
def message_card(message_id: int):
    """One message as the conversation page draws it, for the page's live updates (404 for
    anyone outside the pair, exactly as for a message that does not exist)."""
    return render_template("spaces/_message_card.html",
                           message=conversations.get_shown_message_or_404(message_id,
                                                                          current_viewer()))


@bp.post("/conversation-messages/<int:message_id>/report")
@login_required
def report(message_id: int):
    """One of the pair reports a message to the moderators."""
    viewer = current_viewer()
    message = conversations.get_message_or_404(message_id, viewer)
    if ButtonForm().validate_on_submit():
        try:
            conversations.report(message, viewer)
            flash("Thank you: a moderator will look at that message and the few before it.")
        except Conflict as refusal:
            flash(refusal.message)
    return redirect(url_for("spaces.conversation", conversation_id=message.conversation_id))
