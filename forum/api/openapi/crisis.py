"""OpenAPI paths: crisis lines by country, a member's preferences, putting crisis help away,
and a moderator's check-in with a member in crisis."""
from forum.api.openapi.operations import WRITE_ERRORS, answer, op, path_id, with_csrf_header
from forum.api.openapi.schemas import ANYONE, ID, MEMBERS, array, nullable, obj, text
from forum.resources import country_names
from forum.services.recovery.warnings import IDS as WARNING_IDS

COUNTRY = text(2, 2, pattern="^[A-Z]{2}$", description="ISO 3166-1 alpha-2, e.g. GB")
LINE = obj(["name", "checked"],
           name=text(), how=text(description="What the service offers, in plain words"),
           phone=text(description="The number to call, as printed"),
           text=text(description="The number to text (SMS)"),
           text_body=text(description="The word to text, when the service asks for one"),
           chat_url=text(format="uri", description="Where a web chat starts"),
           url=text(format="uri"), hours=text(description='"24/7", or when it answers'),
           checked=text(format="date", description="When the entry was last checked"))
HELP = obj(
    ["country", "resources", "emergency"], country=COUNTRY, country_name=text(),
    listed={"type": "boolean", "description": "false: no checked list for this country yet; "
            "`resources` then holds the international directory"},
    chosen_by=text(enum=["asked", "chosen", "browser", "default"],
                   description="How the country was found: ?country=, the member's setting, "
                   "the browser's Accept-Language region, or the forum's default. Never the "
                   "address."),
    resources=array(LINE), emergency=nullable(text(description="The emergency number")),
    directory=LINE, emergency_steps=array(text(), description="What to do for an overdose, "
                                                             "most urgent first"))
_CATEGORIES = array(text(enum=list(WARNING_IDS)), description="Repeats count once")
PREFERENCES = obj(["country", "folded_warnings", "hidden_warnings"],
                  country=nullable({**COUNTRY, "description": "The country of "
                                    "my crisis lines; null: go by my browser"}),
                  folded_warnings={**_CATEGORIES, "description": "Content-warning categories "
                                   "(GET /content-warnings) shown folded; the rest show open. "
                                   "By default every category"},
                  hidden_warnings={**_CATEGORIES, "description": "Categories I never want to "
                                   "see: such posts are left out for me"})

# Every ISO 3166-1 code, upper and lower case: a code that names no country is outside the
# description, as the 422 the server answers for it says.
_COUNTRY_CODES = sorted({form for code in country_names() for form in (code, code.lower())})

PATHS = with_csrf_header({
    "/help/resources": {"get": op(
        "Crisis lines for a country: ?country=XX, else the member's choice, else the browser's "
        "language; a real country with no checked list answers the international directory. "
        "A code that is not a country is 422 unknown_country",
        (200, answer("OK", HELP)), security=ANYONE, errors=(422,),
        params=({"name": "country", "in": "query", "required": False,
                 "schema": {"type": "string", "enum": _COUNTRY_CODES},
                 "description": "ISO 3166-1 alpha-2, any case"},))},
    "/me/preferences": {
        "get": op("My settings: the country of my crisis lines and the content-warning "
                  "categories I fold or hide",
                  (200, answer("OK", PREFERENCES)), security=MEMBERS, errors=(401,)),
        "put": op("Change my settings; keys left out stay as they are (an unknown category "
                  "is 422 unknown_category, theme 422 not_available_yet, unknown keys 422 "
                  "unknown_setting)",
                  (200, answer("OK", PREFERENCES)), security=MEMBERS, body="Preferences",
                  errors=WRITE_ERRORS)},
    "/me/notifications/{note_id}/dismiss": {"post": op(
        "Put away the crisis help shown beside my own post or in a chat room (every open one "
        "for that thread or room); the notification stays",
        (204, answer("Dismissed")), security=MEMBERS, errors=(400, 401, 404),
        params=(path_id("note_id", "crisis notification"),))},
    "/moderation/queue/{item_id}/check-in": {"post": op(
        "Moderators only (and a space's own moderators, for its items): send the member of an "
        "urgent crisis item a private check-in; the "
        "item (and its grouped items) are marked reached out. A deleted member is 422 "
        "member_gone, a non-urgent item 422 not_urgent",
        (201, answer("Created", obj(["check_in"], check_in=obj(
            ["id", "item_id", "message"], id=ID, item_id=ID, message=text(1000))))),
        security=MEMBERS, body="CheckIn", params=(path_id("item_id", "item"),),
        errors=(*WRITE_ERRORS, 404))},
})

REQUESTS = {
    "Preferences": {**obj([], country={"type": ["string", "null"],
                                       "enum": [*_COUNTRY_CODES, "", None],
                                       "description": "ISO 3166-1 alpha-2, any case; null or "
                                                      "empty clears it"},
                        folded_warnings=_CATEGORIES, hidden_warnings=_CATEGORIES),
                    "additionalProperties": False},
    "CheckIn": obj(["message"], message=text(1000, 1, description="Warm, plain words; the "
                                                                   "queue suggests some")),
}
