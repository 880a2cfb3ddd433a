"""OpenAPI paths: chat rooms, blocks, flags, moderation, notifications and appeals."""
from forum.api.openapi.operations import (SLUG, WRITE_ERRORS, answer, op, path_id, query_int,
                                          with_csrf_header)
from forum.api.openapi.schemas import ID, MEMBERS, array, nullable, obj, ref, text
from forum.services.chat.messages import HISTORY_LIMIT, HISTORY_MAX



def flag_operation(what: str) -> dict:
    """POST .../flags on a post or thread: 404 alike for content the member may not see."""
    return op(f"Report a {what} to the moderators (404 for one the member cannot see)",
              (201, answer("Created", obj(["flag"], flag=obj(["id", "reason"], id=ID,
                                                               reason=text())))),
              security=MEMBERS, body="Flag", params=(path_id(f"{what}_id", what),),
              errors=(*WRITE_ERRORS, 404))


def query_text(name: str, description: str) -> dict:
    """An optional text query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": text()}


PATHS = with_csrf_header({
    "/chat/rooms": {"get": op("Every chat room, with its timetable and state",
                              (200, answer("OK", obj(["rooms"], rooms=array(ref("Room"))))),
                              errors=(401,))},
    "/chat/rooms/{slug}/messages": {"get": op(
        "A room's messages, oldest first; `before` pages back through older ones",
        (200, answer("OK", obj(["messages"], messages=array(ref("Message"))))),
        security=MEMBERS, errors=(401, 404, 422),
        params=({**SLUG, "description": "The room's slug, e.g. lobby"},
                query_int("before", "Only messages with a smaller id"),
                query_int("limit", f"How many, 1 to {HISTORY_MAX}", default=HISTORY_LIMIT,
                          maximum=HISTORY_MAX)))},
    "/chat/messages/{message_id}/flags": {"post": op(
        "Report a message to the moderators",
        (201, answer("Created", obj(["flag"], flag=obj(["id", "reason"], id=ID,
                                                         reason=text())))),
        security=MEMBERS, body="Flag", params=(path_id("message_id", "message"),),
        errors=(*WRITE_ERRORS, 404))},
    "/me/blocks": {
        "get": op("The handles of the members I have blocked",
                  (200, answer("OK", obj(["blocks"], blocks=array(text(32))))),
                  security=MEMBERS, errors=(401,)),
        "post": op("Block a member: the two of you stop seeing each other's messages",
                   (201, answer("Created", obj(["blocked"], blocked=text(32)))),
                   security=MEMBERS, body="NewBlock", errors=(*WRITE_ERRORS, 404))},
    "/me/blocks/{handle}": {"delete": op(
        "Lift a block", (204, answer("Lifted")), security=MEMBERS, errors=(400, 401, 404),
        params=({"name": "handle", "in": "path", "required": True, "schema": text(32),
                 "description": "The blocked member's handle"},))},
    "/posts/{post_id}/flags": {"post": flag_operation("post")},
    "/threads/{thread_id}/flags": {"post": flag_operation("thread")},
    "/moderation/queue": {"get": op(
        "Moderators only: the review queue, urgent first, then held, then flagged (a space's "
        "own moderator finds only the items from the spaces they moderate)",
        (200, answer("OK", obj(
            ["items", "next", "counts"], items=array(ref("ModerationItem")),
            next=nullable(text()),
            counts=obj(["pending", "urgent", "held", "flagged"],
                       pending={"type": "integer",
                                "description": "Every pending item the caller may see"},
                       urgent={"type": "integer", "description": "Urgent, in this filtered queue"},
                       held={"type": "integer", "description": "Held, in this filtered queue"},
                       check_in={"type": "integer", "description":
                                 "Of the held lane, the crisis check-ins (published posts and "
                                 "messages that need a moderator soon)"},
                       flagged={"type": "integer",
                                "description": "Flagged, in this filtered queue"})))),
        security=MEMBERS, errors=(401, 403, 422),
        params=(query_text("status", "pending (the default) or resolved"),
                query_text("cursor", "The \"next\" of the previous page"),
                query_text("reason", "Only items with this reason"),
                query_text("board", "Only items from this board (its slug)"),
                query_text("room", "Only items from this chat room (its slug)")))},
    "/moderation/queue/{item_id}": {"get": op(
        "Moderators only (and a space's own moderators, for its items): one item in full, "
        "with its flags, history and the author's past",
        (200, answer("OK", obj(["item"], item=ref("ModerationItem")))), security=MEMBERS,
        params=(path_id("item_id", "item"),), errors=(401, 403, 404))},
    "/moderation/queue/{item_id}/actions": {"post": op(
        "Moderators only (and a space's own moderators, for its items): act on an item, with a "
        "reason, in one step; a stale version is 409; mute, suspend and ban are the forum's "
        "moderators' only (403)",
        (200, answer("OK", obj(["item"], item=ref("ModerationItem"), removed=obj(
            ["replies", "members"], replies={"type": "integer", "minimum": 0},
            members={"type": "integer", "minimum": 0},
            description="remove_thread only: the replies that went with the thread, and how "
                        "many members wrote them (each is told)")))), security=MEMBERS,
        body="ModerationAction", params=(path_id("item_id", "item"),),
        errors=(*WRITE_ERRORS, 403, 404, 409))},
    "/moderation/log": {"get": op(
        "Moderators only: every moderator's act, newest first (a space's own moderator: the "
        "acts on their spaces' items)",
        (200, answer("OK", obj(["log"], log=array(ref("LogEntry"))))), security=MEMBERS,
        errors=(401, 403))},
    "/transparency": {"get": op(
        "Public: how many acts of each kind, by boundary and month; no content, no names",
        (200, answer("OK", obj(["acts"], acts=array(obj(
            ["month", "action", "count"], month=text(description="YYYY-MM"), action=text(),
            boundary=nullable(text()), count={"type": "integer"}))))), errors=(401,))},
    "/me/notifications": {"get": op(
        "My notifications, newest first",
        (200, answer("OK", obj(["notifications"], notifications=array(ref("Notification"))))),
        security=MEMBERS, errors=(401,))},
    "/me/notifications/read": {"post": op(
        "Mark every notification read", (204, answer("Done")), security=MEMBERS,
        errors=(400, 401))},
    "/appeals": {"post": op(
        "Appeal the removal of my own content, once",
        (201, answer("Created", obj(["appeal"], appeal=obj(["item_id", "status"], item_id=ID,
                                                           status=text())))),
        security=MEMBERS, body="Appeal", errors=(*WRITE_ERRORS, 404, 409))},
})
