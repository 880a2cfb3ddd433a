"""API: flags, the review queue, moderators' actions and log, notifications and appeals."""
from flask import jsonify, request

from forum.api.blueprint import bp, json_body, posting_limit, require_member
from forum.api.errors import ApiError
from forum.services import notifications
from forum.services.boards.reading import get_post_or_404, get_thread_or_404
from forum.services.moderation import actions, appeals, crisis_review, flags, items, records
from forum.services.moderation.thread_removal import impact
from forum.services.shapes import flag_json, notification_json


@bp.post("/posts/<int:post_id>/flags")
@posting_limit
def flag_post(post_id: int):
    """Report a post to the moderators (404 for content the member cannot see)."""
    member = require_member()
    return _flagged(get_post_or_404(post_id, member), member)


@bp.post("/threads/<int:thread_id>/flags")
@posting_limit
def flag_thread(thread_id: int):
    """Report a whole thread to the moderators."""
    member = require_member()
    return _flagged(get_thread_or_404(thread_id, member), member)


def _flagged(content, member):
    data = json_body()
    return jsonify(flag_json(flags.flag_content(content, member, data.get("reason"),
                                                data.get("note")))), 201


@bp.get("/moderation/queue")
def moderation_queue():
    """The review queue: urgent first; filters status, reason, board, room; keyset pages."""
    args, viewer = request.args, require_member()
    page = records.queue_page(viewer, args.get("status", "pending"),
                              args.get("reason"), args.get("board"), args.get("room"),
                              args.get("cursor"))
    group = {item.id: card[0].id for card in crisis_review.group_queue(page.items)
             for item in card}
    cards = records.item_cards(page.items, viewer)
    return jsonify({"items": [{**card, "group": group[card["id"]]} for card in cards],
                    "next": page.next, "counts": {**items.queue_counts(viewer), **page.counts}})


@bp.get("/moderation/queue/<int:item_id>")
def moderation_item(item_id: int):
    """One item in full: snapshot, flags, history and the author's past."""
    viewer = require_member()
    return jsonify({"item": records.item_card(items.get_item_or_404(item_id, viewer), viewer)})


@bp.post("/moderation/queue/<int:item_id>/actions")
def moderation_action(item_id: int):
    """Act on an item: approve, remove, remove_thread, edit_and_approve, add_warning,
    lock_thread, warn, mute, suspend, ban. A stale `version` answers 409; remove_thread answers
    how many replies by how many members went with the thread."""
    member, data = require_member(), json_body()
    item = items.get_item_or_404(item_id, member)
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise ApiError(422, "invalid", "'version' must be the item's version number.")
    done = actions.act(
        item, member, data.get("action"), reason=data.get("reason"), note=data.get("note"),
        duration=data.get("duration"), version=version, body=data.get("body"),
        content_warning=data.get("content_warning"))
    answer = {"item": records.item_card(done, member)}
    if data.get("action") == "remove_thread":  # what went with it: replies, and their authors
        answer["removed"] = impact(items.load_target("thread", done.target_id)).as_json()
    return jsonify(answer)


@bp.get("/moderation/log")
def moderation_log():
    """Every moderator's act, newest first."""
    return jsonify({"log": records.moderation_log(require_member())})


@bp.get("/transparency")
def transparency():
    """Public: how many acts of each kind, by boundary and month; no content, no names."""
    return jsonify({"acts": records.transparency(),
                    "crisis": crisis_review.crisis_response_times()})


@bp.get("/me/notifications")
def my_notifications():
    """Replies, holds, removals with their boundary and reason, and outcomes of my reports."""
    member = require_member()
    notes = notifications.notifications_for(member)
    excerpts = notifications.reply_excerpts(member, notes)
    return jsonify({"notifications": [notification_json(n, excerpts.get(n.id)) for n in notes]})


@bp.post("/me/notifications/read")
def read_notifications():
    """Mark every notification read."""
    notifications.mark_all_read(require_member())
    return "", 204


@bp.post("/appeals")
def create_appeal():
    """Appeal a removal of my own content once: {"type": "post"|"thread"|"message", "id"}."""
    member, data = require_member(), json_body()
    kind, content_id = data.get("type"), data.get("id")
    if kind not in items.TARGET_TYPES or isinstance(content_id, bool) or \
            not isinstance(content_id, int):
        raise ApiError(422, "invalid", "Give 'type' (thread, post or message) and the 'id'.")
    content = appeals.own_content_or_404(kind, content_id, member)
    item = appeals.appeal(content, member, data.get("note"))
    return jsonify({"appeal": {"item_id": item.id, "status": item.status}}), 201
