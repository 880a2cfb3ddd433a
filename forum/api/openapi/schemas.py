"""JSON schemas for the OpenAPI description: small builders and the contract's shapes.

The package assembles the paths from these; every limit comes from forum/config.py.
"""
from forum.config import CONTENT_WARNING_MAX, PASSWORD_MAX, PASSWORD_MIN, POST_MAX, TITLE_MAX
from forum.models.community import REACTION_KINDS
from forum.resources import boundary_ids
from forum.services.accounts.handles import HANDLE_PATTERN

ANYONE = [{}, {"bearerAuth": []}, {"cookieAuth": []}]  # reading works signed in or not
MEMBERS = [{"bearerAuth": []}, {"cookieAuth": []}]


# --- schema helpers -------------------------------------------------------------------------

def ref(name: str) -> dict:
    """A reference to a schema under components/schemas."""
    return {"$ref": f"#/components/schemas/{name}"}


def text(max_length: int | None = None, min_length: int | None = None, **extra) -> dict:
    """A string schema with optional length limits."""
    schema = {"type": "string", **extra}
    if min_length is not None:
        schema["minLength"] = min_length
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def nullable(schema: dict) -> dict:
    """The schema, or null (JSON Schema 2020-12 spells it as a list of types)."""
    return {**schema, "type": [schema["type"], "null"]}


def obj(required: list[str], **properties) -> dict:
    """An object schema with these properties, of which `required` must be present."""
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def array(items: dict, **extra) -> dict:
    """An array schema."""
    return {"type": "array", "items": items, **extra}


TIMESTAMP = text(format="date-time", description="ISO 8601 in UTC, e.g. 2025-01-31T02:14:00Z")
ID = {"type": "integer", "minimum": 1}

SCHEMAS = {
    "Error": obj(["error"], error=obj(
        ["code", "message"], code=text(description="Stable, machine-readable, e.g. not_found"),
        message=text(description="Plain words a member can read"),
        field=text(description="The JSON key at fault, for validation errors"),
        retry_after={"type": "integer", "description": "Seconds to wait, for 429 and 503"})),
    "Author": obj(["handle"], handle=text(32, description='A handle, or "deleted member"')),
    "Post": obj(
        ["id", "thread_id", "parent_id", "author", "body_html", "content_warning", "status",
         "created_at"],
        id=ID, thread_id=ID, parent_id=nullable(ID), author=ref("Author"),
        body_html=text(description="Sanitised HTML: the only HTML rendering of member text; "
                       "empty once the post is removed"),
        content_warning=nullable(text(CONTENT_WARNING_MAX)),
        status=text(enum=["published", "pending", "hidden"],
                     description="pending: held for review; hidden and pending posts are seen "
                     "only by their author and moderators"),
        created_at=TIMESTAMP, edited_at=nullable(TIMESTAMP),
        removed={"type": "boolean", "description": "Removed by its author: a placeholder that "
                 "keeps its place in the reply tree"},
        depth={"type": "integer", "minimum": 0, "description": "0 for a top-level post"},
        reactions={"type": "object", "description": "Support reaction counts by kind (only "
                   "kinds someone gave)", "propertyNames": {"enum": list(REACTION_KINDS)},
                   "additionalProperties": {"type": "integer", "minimum": 1}},
        my_reactions=array(text(enum=list(REACTION_KINDS)), uniqueItems=True,
                           description="The kinds the reader gave this post")),
    "Thread": obj(
        ["id", "title", "author", "reply_count", "last_activity_at"],
        id=ID, board=text(description="The board's slug"), title=text(TITLE_MAX),
        author=ref("Author"), status=text(enum=["published", "pending", "hidden"]),
        reply_count={"type": "integer", "minimum": 0}, locked={"type": "boolean"},
        created_at=TIMESTAMP, last_activity_at=TIMESTAMP),
    "Board": obj(["slug", "name", "description"], slug=text(64), name=text(100),
                 description=text(500)),
    "Me": obj(["handle", "role"], handle=text(32),
              role=text(enum=["member", "mentor", "moderator", "admin"]), created_at=TIMESTAMP,
              recovery_codes_left={"type": "integer", "minimum": 0, "maximum": 10}),
    "Notice": obj(["code", "message"], code=text(enum=["held", "crisis"]), message=text(),
                  boundary=text(description="held: the boundary the post may cross"),
                  resources=array({"type": "object"}, description="crisis: the lines of the "
                                  "author's country (see GET /help/resources)"),
                  tier=text(enum=["urgent", "check_in"]),
                  country=text(description="crisis: whose lines these are (ISO 3166)"),
                  emergency={"type": "boolean", "description": "crisis: an overdose or "
                             "emergency happening now; show emergency_steps first"},
                  emergency_number={"type": ["string", "null"]},
                  emergency_steps=array(text()), directory={"type": "object"}),
}

PASSWORD = text(PASSWORD_MAX, PASSWORD_MIN, description="Not a common password, and not "
                "containing the handle")
HANDLE = text(32, 3, pattern=HANDLE_PATTERN.pattern,
              description="Unique regardless of case; no e-mail, phone number, link or "
              "official-looking word")
NOT_BLANK = r"\S"  # at least one character that is not whitespace
BODY = text(POST_MAX, 1, pattern=NOT_BLANK, description="Markdown; not only whitespace")
WARNING = nullable(text(CONTENT_WARNING_MAX, description="Plain text shown before the post"))
REQUESTS = {
    "NewAccount": obj(["password"], password=PASSWORD, handle=nullable(
        {**HANDLE, "description": HANDLE["description"] + "; left out, one is chosen for you"})),
    "NewToken": obj(["handle", "password"], handle=text(32, 1), password=text(PASSWORD_MAX, 1)),
    "NewThread": obj(["title", "body"], title=text(TITLE_MAX, 1, pattern=NOT_BLANK,
                                                   description="One line of plain text; runs "
                                                   "of whitespace become one space"), body=BODY,
                     content_warning=WARNING),
    "NewPost": obj(["body"], body=BODY, content_warning=WARNING, parent_id=nullable(
        {**ID, "description": "The post replied to; it must be in the same thread"})),
    "PostEdit": obj(["body"], body=BODY, content_warning={
        **WARNING, "description": "Left out, the warning stays; null removes it"}),
}

SCHEMAS["Room"] = obj(
    ["slug", "name"], slug=text(64), name=text(100), description=text(),
    kind=text(enum=["open", "meeting"]), locked={"type": "boolean"},
    slow_mode_seconds={"type": "integer", "minimum": 0},
    timetable=array(text(description='E.g. "Wednesday 19:00-20:00 UTC"')),
    facilitators=array(text(32, description="Handles of the meeting's peer mentors")),
    in_session={"type": "boolean"}, next_meeting=nullable(TIMESTAMP))
SCHEMAS["Message"] = obj(["id", "room", "author", "body_html", "created_at"], id=ID,
                         room=text(64, description="The room's slug"), author=ref("Author"),
                         body_html=text(description="Sanitised HTML"), created_at=TIMESTAMP)
REQUESTS["Flag"] = obj(
    ["reason"], reason=text(enum=[*boundary_ids(), "other"],
                            description="A community boundary's id (see /guidelines), or other"),
    note=nullable(text(500, description="What a moderator should know")))
REQUESTS["NewBlock"] = obj(["handle"], handle=text(32, description="The member to block"))

TARGET = obj(["type", "id"], type=text(enum=["thread", "post", "message", "conversation"]),
             id=ID)
EVENT = obj(["kind", "at"], kind=text(), boundary=nullable(text()), note=nullable(text()),
            by=nullable(text(32, description="The moderator's handle")), at=TIMESTAMP)
SCHEMAS["ModerationItem"] = obj(
    ["id", "priority", "reasons", "target", "snapshot", "created_at"], id=ID,
    priority=text(enum=["urgent", "held", "flagged"]), priority_rank={"type": "integer"},
    reasons=array(text(description="A boundary id, or why it was held")),
    status=text(enum=["pending", "resolved"]), target=TARGET,
    snapshot={"type": "object", "description": "The content as it was when reported or held"},
    version={"type": "integer", "description": "Send it back with an action; a stale one "
             "answers 409"},
    appealed={"type": "boolean"}, author=ref("Author"), created_at=TIMESTAMP,
    opened_at=TIMESTAMP, resolution=nullable(text()),
    flags=array(obj(["reason"], reason=text(), note=nullable(text()), at=TIMESTAMP)),
    history=array(EVENT), author_history=array({"type": "object"}))
SCHEMAS["LogEntry"] = {**EVENT, "properties": {**EVENT["properties"], "item_id": ID,
                                               "target": TARGET}}
SCHEMAS["Notification"] = {
    **obj(["id", "kind", "message", "created_at"], id=ID, kind=text(), message=text(),
          created_at=TIMESTAMP, read={"type": "boolean"},
          excerpt=text(description="reply: the start of the reply, plain text, while it "
                       "stands")),
    "description": "Replies, holds, removals with their boundary and reason, and the outcomes "
                   "of one's reports; some kinds carry more fields"}
REQUESTS["ModerationAction"] = obj(
    ["action"], action=text(
        enum=["approve", "remove", "remove_thread", "edit_and_approve", "add_warning",
              "lock_thread", "warn", "mute", "suspend", "ban"],
        description="remove on a thread's item removes its opening post and keeps the replies "
                    "(a placeholder stands in its place); remove_thread removes the whole "
                    "thread with its replies, whose authors are told"),
    reason=nullable(text(description="The boundary id the action enforces")),
    note=nullable(text(1000)), duration=nullable(text(description='E.g. "30m", "12h", "7d"')),
    version=nullable({"type": "integer"}), body=nullable(text(POST_MAX)),
    content_warning=nullable(text(CONTENT_WARNING_MAX)))
REQUESTS["Appeal"] = obj(["type", "id"], type=text(enum=["thread", "post", "message"]), id=ID,
                         note=nullable(text(1000)))
REQUESTS["AccountDeletion"] = obj(["password"], password=text(PASSWORD_MAX, 1,
                                                               description="My current password"),
                                  erase_content={"type": "boolean", "default": False})
