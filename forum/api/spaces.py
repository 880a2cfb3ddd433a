"""API: restricted spaces and join requests, peer mentors' requests, and the private mentor
conversations (contract.md, "Added with the second round of work")."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, posting_limit, require_member
from forum.api.errors import ApiError
from forum.security import current_viewer
from forum.services.shapes import author, iso
from forum.services.spaces import conversations, mentoring, spaces


# --- shapes --------------------------------------------------------------------------------------

def space_json(listing: spaces.SpaceListing) -> dict:
    """A restricted space as anyone may see it listed: names and descriptions only."""
    board = listing.space.board
    return {"slug": board.slug, "name": board.name, "description": board.description,
            "member": listing.member, "requested": listing.requested}


def join_request_json(request) -> dict:
    """A join request: its status, and the decision's reason once decided."""
    return {"id": request.id, "space": request.space.board.slug, "status": request.status,
            "note": request.note, "reason": request.reason, "created_at": iso(request.created_at)}


def mentor_request_json(request) -> dict:
    """An open mentor request as mentors see it: the note, not who asked."""
    return {"id": request.id, "note": request.note, "created_at": iso(request.created_at)}


def conversation_json(conversation, viewer) -> dict:
    """A conversation as one of the pair sees it: with whom, and whether it ended."""
    return {"id": conversation.id, "with": author(conversations.other_of(conversation, viewer)),
            "ended": conversation.ended_at is not None, "created_at": iso(conversation.created_at)}


def conversation_message_json(message) -> dict:
    """A conversation message in the shape of a chat MESSAGE (`room` names the conversation)."""
    return {"id": message.id, "room": f"conversation-{message.conversation_id}",
            "author": author(message.author), "body_html": message.body_html,
            "created_at": iso(message.created_at)}


# --- spaces --------------------------------------------------------------------------------------

@bp.get("/spaces")
def list_spaces():
    """The restricted spaces one may ask to join (their content stays hidden)."""
    return jsonify({"spaces": [space_json(s) for s in spaces.list_spaces(current_viewer())]})


@bp.post("/spaces/<slug>/join-requests")
@posting_limit
def ask_to_join(slug: str):
    """Ask to join a space with a short note."""
    member, data = require_member(), json_body()
    request = spaces.request_to_join(spaces.get_space_or_404(slug), member, data.get("note"))
    return jsonify({"id": request.id, "status": request.status}), 201


@bp.delete("/spaces/<slug>/membership")
def leave_space(slug: str):
    """Leave a space."""
    member = require_member()
    spaces.leave(spaces.get_space_or_404(slug), member)
    return "", 204


@bp.get("/join-requests")
def join_requests():
    """The requests waiting in the spaces the viewer moderates."""
    member = require_member()
    return jsonify({"requests": [join_request_json(r) for r in spaces.pending_requests(member)]})


@bp.post("/join-requests/<int:request_id>/approve")
def approve_join_request(request_id: int):
    """A space's moderator approves a request; the member is told, with the reason if any."""
    return _decide(request_id, approve=True)


@bp.post("/join-requests/<int:request_id>/decline")
def decline_join_request(request_id: int):
    """A space's moderator declines a request; the member is told, with the reason if any."""
    return _decide(request_id, approve=False)


def _decide(request_id: int, approve: bool):
    member, data = require_member(), json_body()
    request = spaces.decide(spaces.get_request_or_404(request_id, member), member, approve,
                            data.get("reason"))
    return jsonify(join_request_json(request))


# --- mentors -------------------------------------------------------------------------------------

@bp.get("/mentor-profile")
def mentor_profile():
    """The signed-in mentor's profile: what they offer and how many mentees they take."""
    member = require_member()
    if not mentoring.is_mentor(member):
        raise ApiError(403, "forbidden", "Only peer mentors have a mentor profile.")
    profile = mentoring.profile_of(member)
    return jsonify({"offer": profile.offer if profile else "",
                    "max_mentees": profile.max_mentees if profile else
                    mentoring.MENTEES_DEFAULT, "mentees": mentoring.mentee_count(member)})


@bp.put("/mentor-profile")
def set_mentor_profile():
    """A mentor says what they offer and how many mentees they take at once."""
    member, data = require_member(), json_body()
    profile = mentoring.set_profile(member, data.get("offer"), data.get("max_mentees"))
    return jsonify({"offer": profile.offer, "max_mentees": profile.max_mentees,
                    "mentees": mentoring.mentee_count(member)})


@bp.post("/mentor-requests")
@posting_limit
def ask_for_mentor():
    """Ask for a peer mentor with a short note."""
    member, data = require_member(), json_body()
    request = mentoring.request_mentor(member, data.get("note"))
    return jsonify({"id": request.id}), 201


@bp.get("/mentor-requests")
def open_mentor_requests():
    """Mentors: the requests waiting for a mentor, oldest first."""
    member = require_member()
    return jsonify({"requests": [mentor_request_json(r)
                                 for r in mentoring.open_requests(member)]})


@bp.post("/mentor-requests/<int:request_id>/accept")
def accept_mentor_request(request_id: int):
    """A mentor takes a request (exactly one mentor wins); the pair's conversation opens."""
    member = require_member()
    conversation = mentoring.accept(request_id, member)
    return jsonify({"conversation": conversation_json(conversation, member)})


# --- conversations -------------------------------------------------------------------------------

@bp.get("/conversations")
def list_conversations():
    """The viewer's mentor conversations, newest first."""
    member = require_member()
    return jsonify({"conversations": [conversation_json(c, member)
                                      for c in conversations.list_conversations(member)]})


@bp.get("/conversations/<int:conversation_id>/messages")
def conversation_messages(conversation_id: int):
    """The conversation's messages, oldest first (the pair only)."""
    member = require_member()
    found = conversations.get_conversation_or_404(conversation_id, member)
    return jsonify({"messages": [conversation_message_json(m)
                                 for m in conversations.messages(found, member)]})


@bp.post("/conversations/<int:conversation_id>/messages")
@posting_limit
def send_conversation_message(conversation_id: int):
    """Write to the conversation; 409 once it has ended."""
    member, data = require_member(), json_body()
    said = conversations.send(conversations.get_conversation_or_404(conversation_id, member),
                              member, data.get("body"))
    return jsonify({"message": conversation_message_json(said.message),
                    **({"notice": said.notice} if said.notice else {})}), 201


@bp.post("/conversations/<int:conversation_id>/end")
def end_conversation(conversation_id: int):
    """Either of the pair ends the conversation."""
    member = require_member()
    ended = conversations.end(conversations.get_conversation_or_404(conversation_id, member),
                              member)
    return jsonify({"conversation": conversation_json(ended, member)})


@bp.post("/conversation-messages/<int:message_id>/reports")
@posting_limit
def report_conversation_message(message_id: int):
    """One of the pair reports a message: only now do moderators see it, with its context."""
    member, data = require_member(), json_body()
    item = conversations.report(conversations.get_message_or_404(message_id, member), member,
                                data.get("note"))
    return jsonify({"id": item.id}), 201
