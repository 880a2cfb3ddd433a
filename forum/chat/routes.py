"""Chat pages: the room list and a room (history rendered on the server, live with JavaScript)."""
from flask import Blueprint, render_template
from flask_login import login_required

from forum.security import current_viewer
from forum.services import crisis
from forum.services.chat.meetings import meeting_in_session, next_meeting, timetable
from forum.services.chat.messages import history
from forum.services.chat.rooms import get_room_or_404, list_rooms
from forum.services.shapes import room_state

bp = Blueprint("chat", __name__)


@bp.get("/chat")
def rooms():
    """Every chat room, with meeting times."""
    return render_template("chat/rooms.html", rooms=list_rooms(current_viewer()),
                           timetable=timetable, in_session=meeting_in_session,
                           next_meeting=next_meeting)


@bp.get("/chat/<slug>")
@login_required
def room(slug: str):
    """A room: recent history, who is here, and the message box."""
    viewer = current_viewer()
    found = get_room_or_404(slug, viewer)
    return render_template("chat/room.html", room=found, messages=history(found, viewer),
                           slots=timetable(found), state=room_state(found),
                           next_meeting=next_meeting(found),
                           crisis_card=crisis.card_for_room(viewer, found.slug),
                           crisis_help=crisis.help_for(viewer))
