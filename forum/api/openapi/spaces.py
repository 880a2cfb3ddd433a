"""OpenAPI paths: restricted spaces and join requests, peer mentors, mentor conversations."""
from forum.api.openapi.operations import (SLUG, WRITE_ERRORS, answer, op, path_id,
                                          with_csrf_header)
from forum.api.openapi.schemas import (ANYONE, ID, MEMBERS, NOT_BLANK, TIMESTAMP, array,
                                       nullable, obj, ref, text)
from forum.services.spaces.conversations import MESSAGE_MAX
from forum.services.spaces.mentoring import MENTEES_MAX, MENTEES_MIN, NOTE_MAX, OFFER_MAX
from forum.services.spaces.spaces import REASON_MAX

SCHEMAS = {
    "Space": obj(["slug", "name", "description", "member", "requested"], slug=text(64),
                 name=text(100), description=text(500),
                 member={"type": "boolean", "description": "I am one of its members"},
                 requested={"type": "boolean", "description": "My request waits for an answer"}),
    "JoinRequest": obj(["id", "space", "status"], id=ID, space=text(64),
                       status=text(enum=["pending", "approved", "declined"]), note=text(),
                       reason=nullable(text()), created_at=TIMESTAMP),
    "MentorRequest": obj(["id", "note", "created_at"], id=ID, note=text(), created_at=TIMESTAMP),
    "Conversation": obj(["id", "with", "ended"], id=ID, ended={"type": "boolean"},
                        created_at=TIMESTAMP, **{"with": ref("Author")}),
    "MentorProfile": obj(["offer", "max_mentees", "mentees"], offer=text(),
                         max_mentees={"type": "integer"}, mentees={"type": "integer"}),
}
NOTE = text(NOTE_MAX, 1, pattern=NOT_BLANK, description="A short note; not only whitespace")
REQUESTS = {
    "JoinNote": obj(["note"], note=NOTE),
    "Decision": obj([], reason=nullable(text(REASON_MAX, description="Why; the member sees it"))),
    "MentorNote": obj(["note"], note=NOTE),
    "MentorProfileEdit": obj(["max_mentees"], offer=nullable(text(
        OFFER_MAX, description="Paths, languages, hours: in the mentor's words")),
        max_mentees={"type": "integer", "minimum": MENTEES_MIN, "maximum": MENTEES_MAX}),
    "ConversationMessage": obj(["body"], body=text(MESSAGE_MAX, 1, pattern=NOT_BLANK)),
    "ConversationReport": obj([], note=nullable(text(500))),
}
SPACE_SLUG = {**SLUG, "description": "The space's slug, e.g. women-in-recovery"}
CONVERSATION = obj(["conversation"], conversation=ref("Conversation"))


def _decision(verb: str) -> dict:
    return op(f"A space's moderator (or the forum's) {verb}s a pending request; the member is "
              "told, with the reason. Deciding twice is 409 already_decided",
              (200, answer("OK", ref("JoinRequest"))), security=MEMBERS, body="Decision",
              params=(path_id("request_id", "join request"),),
              errors=(*WRITE_ERRORS, 404, 409))


PATHS = with_csrf_header({
    "/spaces": {"get": op(
        "The restricted spaces one may ask to join: names and descriptions only",
        (200, answer("OK", obj(["spaces"], spaces=array(ref("Space"))))), security=ANYONE)},
    "/spaces/{slug}/join-requests": {"post": op(
        "Ask to join a space; a second request while one waits, or from a member, is 409",
        (201, answer("Created", obj(["id", "status"], id=ID, status=text(enum=["pending"])))),
        security=MEMBERS, body="JoinNote", params=(SPACE_SLUG,),
        errors=(*WRITE_ERRORS, 403, 404, 409))},
    "/spaces/{slug}/membership": {"delete": op(
        "Leave a space (409 not_a_member if I am not in it)", (204, answer("Left")),
        security=MEMBERS, params=(SPACE_SLUG,), errors=(400, 401, 404, 409))},
    "/join-requests": {"get": op(
        "The requests waiting in the spaces I moderate",
        (200, answer("OK", obj(["requests"], requests=array(ref("JoinRequest"))))),
        security=MEMBERS, errors=(401,))},
    "/join-requests/{request_id}/approve": {"post": _decision("approve")},
    "/join-requests/{request_id}/decline": {"post": _decision("decline")},
    "/mentor-profile": {
        "get": op("A peer mentor's own profile", (200, answer("OK", ref("MentorProfile"))),
                  security=MEMBERS, errors=(401, 403)),
        "put": op("A peer mentor says what they offer and how many mentees they take",
                  (200, answer("OK", ref("MentorProfile"))), security=MEMBERS,
                  body="MentorProfileEdit", errors=(*WRITE_ERRORS, 403))},
    "/mentor-requests": {
        "post": op("Ask for a peer mentor; one open request at a time, none while I have a "
                   "mentor (409)", (201, answer("Created", obj(["id"], id=ID))),
                   security=MEMBERS, body="MentorNote", errors=(*WRITE_ERRORS, 403, 409)),
        "get": op("Peer mentors: the open requests, oldest first",
                  (200, answer("OK", obj(["requests"], requests=array(ref("MentorRequest"))))),
                  security=MEMBERS, errors=(401, 403))},
    "/mentor-requests/{request_id}/accept": {"post": op(
        "A peer mentor takes a request: exactly one mentor wins, the others get 409 "
        "already_taken; 409 mentor_full past the mentor's limit",
        (200, answer("OK", CONVERSATION)), security=MEMBERS,
        params=(path_id("request_id", "mentor request"),),
        errors=(400, 401, 403, 404, 409))},
    "/conversations": {"get": op(
        "My mentor conversations, newest first",
        (200, answer("OK", obj(["conversations"], conversations=array(ref("Conversation"))))),
        security=MEMBERS, errors=(401,))},
    "/conversations/{conversation_id}/messages": {
        "get": op("A conversation's messages, oldest first (the pair only; 404 for anyone "
                  "else)", (200, answer("OK", obj(["messages"], messages=array(ref("Message"))))),
                  security=MEMBERS, params=(path_id("conversation_id", "conversation"),),
                  errors=(401, 404)),
        "post": op("Write to the conversation (screened like chat); 409 conversation_ended "
                   "once it has ended",
                   (201, answer("Created", obj(["message"], message=ref("Message"),
                                               notice={"type": "object"}))),
                   security=MEMBERS, body="ConversationMessage",
                   params=(path_id("conversation_id", "conversation"),),
                   errors=(*WRITE_ERRORS, 403, 404, 409))},
    "/conversations/{conversation_id}/end": {"post": op(
        "Either of the pair ends the conversation (409 when it already ended)",
        (200, answer("OK", CONVERSATION)), security=MEMBERS,
        params=(path_id("conversation_id", "conversation"),), errors=(400, 401, 404, 409))},
    "/conversation-messages/{message_id}/reports": {"post": op(
        "One of the pair reports a message: only then do moderators see it, with the messages "
        "before it", (201, answer("Created", obj(["id"], id=ID))), security=MEMBERS,
        body="ConversationReport", params=(path_id("message_id", "message"),),
        errors=(*WRITE_ERRORS, 404, 409))},
})
