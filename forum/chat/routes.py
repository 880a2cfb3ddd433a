"""Chat pages: the room list and a room (history rendered on the server, live with JavaScript)."""
from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from forum.services import NotFound, crisis
from forum.services.chat.messages import history
from forum.services.chat.rooms import (get_room_or_404, list_rooms, meeting_in_session, room_state,
                                       next_meeting, timetable)

bp = Blueprint("chat", __name__)


@bp.get("/chat")
def rooms():
    """Every chat room, with meeting times."""
    return render_template("chat/rooms.html", rooms=list_rooms(), timetable=timetable,
                           in_session=meeting_in_session, next_meeting=next_meeting)


@bp.get("/chat/<slug>")
@login_required
def room(slug: str):
    """A room: recent history, who is here, and the message box."""
    try:
        found = get_room_or_404(slug)
    except NotFound:
        abort(404)
    viewer = current_user._get_current_object()
    messages = history(found, viewer)
    return render_template("chat/room.html", room=found, messages=messages,
                           slots=timetable(found), state=room_state(found),
                           next_meeting=next_meeting(found),
                           crisis_card=crisis.card_for_room(viewer, found.slug),
                           crisis_help=crisis.help_for(viewer))
