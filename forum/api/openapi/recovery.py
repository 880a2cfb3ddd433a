"""OpenAPI paths: the recovery date, daily check-ins, muted threads and boards, and
content-warning categories."""
from forum.api.openapi.operations import (SLUG, WRITE_ERRORS, answer, op, path_id,
                                          with_csrf_header)
from forum.api.openapi.schemas import ANYONE, ID, MEMBERS, array, nullable, obj, text
from forum.config import CONTENT_WARNING_MAX
from forum.services.recovery.checkins import NOTE_MAX
from forum.services.recovery.clock import zone_names
from forum.services.recovery.warnings import IDS as WARNING_IDS

DAY = text(format="date", description="YYYY-MM-DD")
MILESTONE = obj(["label", "date", "days"], label=text(description='"30 days", "2 years"'),
                date=DAY, days={"type": "integer", "minimum": 1})
RECOVERY = obj(
    ["date", "streak_days", "total_days", "show_badge", "next_milestone"],
    date=nullable({**DAY, "description": "When the current streak began; null before I set one"}),
    streak_days={"type": "integer", "minimum": 0, "description": "Whole days since the date, "
                 "counted in my time zone (0 on the day itself)"},
    total_days={"type": "integer", "minimum": 0,
                "description": "Every day in recovery, earlier streaks included"},
    show_badge={"type": "boolean", "description": "Shown beside my handle; off by default"},
    next_milestone=nullable(MILESTONE), milestone_today=nullable(MILESTONE),
    time_zone=nullable(text(64, description="IANA name, e.g. Europe/London")),
    message=text(description="After a restart: a kind word"))
CHECKIN = obj(["date"], date=DAY, note=text(NOTE_MAX))
CATEGORY_IDS = list(WARNING_IDS)
MUTE_ERRORS = (400, 401, 404)

PATHS = with_csrf_header({
    "/me/recovery": {
        "get": op("My recovery date, current streak, total days and next milestone (private "
                  "to me; the date is null until I set one)",
                  (200, answer("OK", RECOVERY)), security=MEMBERS, errors=(401,)),
        "put": op("Set or change my recovery date, whether the badge shows beside my handle, "
                  "and my time zone (my day turns at its midnight). A future date, one before "
                  "1900 or not a date is 422; an unknown zone 422 unknown_time_zone",
                  (200, answer("OK", RECOVERY)), security=MEMBERS, body="RecoveryDate",
                  errors=WRITE_ERRORS)},
    "/me/recovery/restart": {"post": op(
        "Start again, quietly: the streak begins again (today, or on `date`), and total_days "
        "keeps the days before. Without a recovery date set: 409 no_recovery_date",
        (200, answer("OK", RECOVERY)), security=MEMBERS, body="RecoveryRestart",
        errors=(*WRITE_ERRORS, 409))},
    "/checkins": {"post": op(
        'Check in for my today: "Staying sober today." (and the note) is posted in the day\'s '
        "check-in thread, screened like any post. A second check-in the same day is 409 "
        "already_checked_in",
        (201, answer("Created", obj(["date", "thread_id", "post_id"], date=DAY, thread_id=ID,
                                    post_id=ID, notice={"$ref": "#/components/schemas/Notice"}))),
        security=MEMBERS, body="NewCheckin", errors=(*WRITE_ERRORS, 403, 409))},
    "/me/checkins": {"get": op(
        "My own calendar of check-ins, newest first (nobody else can read it)",
        (200, answer("OK", obj(["checkins"], checkins=array(CHECKIN)))),
        security=MEMBERS, errors=(401,))},
    "/threads/{thread_id}/mute": {
        "put": op("Mute a thread: it stops notifying me and leaves my thread lists",
                  (204, answer("Muted")), security=MEMBERS, errors=MUTE_ERRORS,
                  params=(path_id("thread_id", "thread"),)),
        "delete": op("Unmute a thread", (204, answer("Unmuted")), security=MEMBERS,
                     errors=MUTE_ERRORS, params=(path_id("thread_id", "thread"),))},
    "/boards/{slug}/mute": {
        "put": op("Mute a board: its threads stop notifying me and leave my latest and "
                  "unread lists", (204, answer("Muted")), security=MEMBERS,
                  errors=MUTE_ERRORS, params=(SLUG,)),
        "delete": op("Unmute a board", (204, answer("Unmuted")), security=MEMBERS,
                     errors=MUTE_ERRORS, params=(SLUG,))},
    "/content-warnings": {"get": op(
        "The content-warning categories: an author picks one (its label becomes the post's "
        "content_warning; their own words count as other), a reader folds or hides them",
        (200, answer("OK", obj(["categories"], categories=array(obj(
            ["id", "label"], id=text(enum=CATEGORY_IDS), label=text()))))),
        security=ANYONE)},
})

REQUESTS = {
    "RecoveryDate": {**obj(["date"], date={**DAY, "description": "Today or earlier (in my time "
                                           "zone), from 1900-01-01"},
                           show_badge={"type": "boolean"},
                           time_zone=text(enum=zone_names(),
                                          description="IANA name, e.g. America/Chicago")),
                     "additionalProperties": False},
    "RecoveryRestart": obj([], date={**DAY, "description": "The new start (default: today); "
                                     "not before the current streak began, not in the future"}),
    "NewCheckin": obj([], note=nullable(text(NOTE_MAX, description="Optional; Markdown")),
                      content_warning=nullable(text(CONTENT_WARNING_MAX, description="For a note "
                                                    "that needs one (a category's label, or "
                                                    "one's own words)"))),
}
