"""OpenAPI paths: latest, unread, search and member pages."""
from forum.api.openapi.operations import answer, op, page_param
from forum.api.openapi.schemas import MEMBERS, ID, TIMESTAMP, array, obj, ref, text
from forum.config import TITLE_MAX
from forum.services.boards.activity import LATEST_MAX_PAGES, LATEST_PER_PAGE
from forum.services.search import MAX_PAGES, PAGE_SIZE, QUERY_MAX

BOARD_REF = obj(["slug", "name"], slug=text(64), name=text(100))
COUNT = {"type": "integer", "minimum": 0}
SCHEMAS = {
    "ThreadSummary": obj(["id", "title", "board", "reply_count", "last_activity_at"], id=ID,
                         title=text(TITLE_MAX), board=BOARD_REF, reply_count=COUNT,
                         last_activity_at=TIMESTAMP),
    "SearchResult": obj(
        ["type", "thread_id", "title", "excerpt_html"], type=text(enum=["thread", "post"]),
        thread_id=ID, post_id={**ID, "description": "post results only"}, title=text(),
        board=BOARD_REF,
        excerpt_html=text(description="Escaped text around the first match, each matching "
                          "word inside <mark>; nothing else is HTML")),
    "Member": obj(["handle", "role", "joined"], handle=text(32),
                  role=text(enum=["member", "mentor", "moderator", "admin"]),
                  joined=text(pattern=r"^[0-9]{4}-[0-9]{2}$", description="YYYY-MM"),
                  badge={"type": "string",
                         "description": "The recovery badge (\"90 days\"), when shown"},
                  posts=array(obj(["id", "thread_id", "title", "created_at"], id=ID,
                                  thread_id=ID, title=text(), created_at=TIMESTAMP),
                              description="Only if the member chose to show them")),
}
SCHEMAS["UnreadThread"] = {**SCHEMAS["ThreadSummary"], "properties": {
    **SCHEMAS["ThreadSummary"]["properties"], "unread_count": {"type": "integer", "minimum": 1}},
    "required": [*SCHEMAS["ThreadSummary"]["required"], "unread_count"]}

PAGED = {"page": {"type": "integer", "minimum": 1}, "pages": {"type": "integer", "minimum": 1}}


def _query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


PATHS = {
    "/latest": {"get": op(
        "Threads across the boards the reader may see, most recent activity first",
        (200, answer("OK", obj(["threads", "page", "pages"],
                               threads=array(ref("ThreadSummary")), **PAGED))),
        params=({**page_param(f"{LATEST_PER_PAGE} threads"), "description":
                 f"1-based; {LATEST_PER_PAGE} threads a page, at most {LATEST_MAX_PAGES} "
                 "pages. Past the end answers the last page; anything but a whole number of "
                 "1 or more is a 422."},), errors=(401, 422))},
    "/unread": {"get": op(
        "Threads I have read before that have posts I have not read, with how many",
        (200, answer("OK", obj(["threads"], threads=array(ref("UnreadThread"))))),
        security=MEMBERS, errors=(401,))},
    "/search": {"get": op(
        "Search thread titles and posts the reader may see, best first",
        (200, answer("OK", obj(["results", "page", "pages"],
                               results=array(ref("SearchResult")), **PAGED))),
        description="Every character is read as plain text: only letters and digits count, "
                    "so quotes, `*`, `-`, parentheses and words such as NEAR or OR are never "
                    "search syntax. Words of three letters or more also match longer words; "
                    "English words match their other forms (craving, cravings). At most 8 "
                    "words count. A `q` of only punctuation finds nothing (200).",
        params=(_query("q", f"The words; 1 to {QUERY_MAX} characters (empty or longer is a "
                       "422: query_required, query_too_long)",
                       text(QUERY_MAX, 1, pattern=r"\S"), required=True),
                _query("board", "Only this board (its slug); 404 for one the reader cannot "
                       "see", text(64)),
                {**page_param(f"{PAGE_SIZE} results"), "description":
                 f"1-based; {PAGE_SIZE} results a page, at most {MAX_PAGES} pages"}),
        errors=(401, 404, 422))},
    "/members/{handle}": {"get": op(
        "A member's page: handle, month joined, role, and recent posts if they show them",
        (200, answer("OK", ref("Member"))), errors=(401, 404),
        params=({"name": "handle", "in": "path", "required": True, "schema": text(32),
                 "description": "The member's handle (any case); 404 for a deleted or "
                                "unknown one"},))},
}
