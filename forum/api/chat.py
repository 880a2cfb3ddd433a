"""API: chat rooms, their message history, and flagging a message."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, posting_limit, query_int, require_member
from forum.models.base import MAX_ID
from forum.security import current_viewer
from forum.services.chat.messages import (HISTORY_LIMIT, HISTORY_MAX, flag_message,
                                          get_message_or_404, history)
from forum.services.chat.rooms import get_room_or_404, list_rooms
from forum.services.shapes import flag_json, message_json, room_json


@bp.get("/chat/rooms")
def chat_rooms():
    """The rooms the reader may see, with their kind, timetable and state."""
    return jsonify({"rooms": [room_json(r) for r in list_rooms(current_viewer())]})


@bp.get("/chat/rooms/<slug>/messages")
def chat_messages(slug: str):
    """Messages of a room, newest last; `before` pages back through older ones."""
    member = require_member()
    messages = history(get_room_or_404(slug, member), member, query_int("before", cap=MAX_ID),
                       query_int("limit", HISTORY_LIMIT, cap=HISTORY_MAX + 1))
    return jsonify({"messages": [message_json(m) for m in messages]})


@bp.post("/chat/messages/<int:message_id>/flags")
@posting_limit
def flag_chat_message(message_id: int):
    """Report a message to the moderators."""
    member, data = require_member(), json_body()
    flag = flag_message(get_message_or_404(message_id, member), member, data.get("reason"),
                        data.get("note"))
    return jsonify(flag_json(flag)), 201
