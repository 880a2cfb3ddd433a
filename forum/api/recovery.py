"""API: the recovery date, daily check-ins, muted threads and boards, and content-warning
categories."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, posting_limit, require_member
from forum.services.boards.reading import get_board_or_404, get_thread_or_404
from forum.services.recovery import checkins, dates, mutes, warnings
from forum.services.shapes import checkin_json, recovery_json


@bp.get("/me/recovery")
def my_recovery():
    """My recovery date, streak, total days and next milestone (null before I set a date)."""
    return jsonify(recovery_json(dates.recovery_of(require_member())))


@bp.put("/me/recovery")
def set_my_recovery():
    """Set or change my recovery date, the badge and my time zone."""
    member, data = require_member(), json_body()
    return jsonify(recovery_json(dates.set_recovery(member, data)))


@bp.post("/me/recovery/restart")
def restart_my_recovery():
    """Start again quietly: the streak begins again, the total keeps the days before."""
    member, data = require_member(), json_body()
    summary, message = dates.start_again(member, data.get("date"))
    return jsonify({**recovery_json(summary), "message": message})


@bp.post("/checkins")
@posting_limit
def create_checkin():
    """Today's "staying sober today", with an optional note, in the day's check-in thread."""
    member, data = require_member(), json_body()
    done = checkins.check_in(member, data.get("note"), data.get("content_warning"))
    return jsonify({"date": done.day.isoformat(), "thread_id": done.thread_id,
                    "post_id": done.post_id, **({"notice": done.notice} if done.notice else {})}
                   ), 201


@bp.get("/me/checkins")
def my_checkins():
    """My own calendar of check-ins, newest first."""
    return jsonify({"checkins": [checkin_json(c) for c in
                                 checkins.calendar_of(require_member())]})


@bp.put("/threads/<int:thread_id>/mute")
def mute_thread(thread_id: int):
    """Mute a thread: no more notifications from it, and it leaves my thread lists."""
    member = require_member()
    mutes.mute_thread(member, get_thread_or_404(thread_id, member))
    return "", 204


@bp.delete("/threads/<int:thread_id>/mute")
def unmute_thread(thread_id: int):
    """Hear from the thread again."""
    member = require_member()
    mutes.unmute_thread(member, get_thread_or_404(thread_id, member))
    return "", 204


@bp.put("/boards/<slug>/mute")
def mute_board(slug: str):
    """Mute a board: its threads stop notifying me and leave my latest and unread lists."""
    member = require_member()
    mutes.mute_board(member, get_board_or_404(slug, member))
    return "", 204


@bp.delete("/boards/<slug>/mute")
def unmute_board(slug: str):
    """Hear from the board again."""
    member = require_member()
    mutes.unmute_board(member, get_board_or_404(slug, member))
    return "", 204


@bp.get("/content-warnings")
def content_warnings():
    """The content-warning categories an author can pick and a reader can fold or hide."""
    return jsonify({"categories": warnings.categories()})
