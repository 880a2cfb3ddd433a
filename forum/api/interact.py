"""API: following threads and boards, support reactions on posts, and the writing preview."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, require_member
from forum.extensions import limiter
from forum.ratelimits import configured_limit, member_key
from forum.services.boards.drafts import check_draft
from forum.services.boards import following, reactions
from forum.services.boards.reading import get_board_or_404, get_post_or_404, get_thread_or_404


@bp.put("/threads/<int:thread_id>/follow")
def follow_thread(thread_id: int):
    """Follow a thread: its new replies reach the member's notifications."""
    member = require_member()
    following.follow_thread(get_thread_or_404(thread_id, member), member)
    return "", 204


@bp.delete("/threads/<int:thread_id>/follow")
def unfollow_thread(thread_id: int):
    """Stop following a thread (replying to it later does not follow it again)."""
    member = require_member()
    following.unfollow_thread(get_thread_or_404(thread_id, member), member)
    return "", 204


@bp.put("/boards/<slug>/follow")
def follow_board(slug: str):
    """Follow a board: its new threads and replies reach the member's notifications."""
    member = require_member()
    following.follow_board(get_board_or_404(slug, member), member)
    return "", 204


@bp.delete("/boards/<slug>/follow")
def unfollow_board(slug: str):
    """Stop following a board."""
    member = require_member()
    following.unfollow_board(get_board_or_404(slug, member), member)
    return "", 204


@bp.put("/posts/<int:post_id>/reactions/<kind>")
def react(post_id: int, kind: str):
    """Give a support reaction to someone else's post; twice is a quiet no-op."""
    member = require_member()
    reactions.react(get_post_or_404(post_id, member), member, kind)
    return "", 204


@bp.delete("/posts/<int:post_id>/reactions/<kind>")
def unreact(post_id: int, kind: str):
    """Take a support reaction back; one never given is a quiet no-op."""
    member = require_member()
    reactions.unreact(get_post_or_404(post_id, member), member, kind)
    return "", 204


@bp.post("/preview")
@limiter.limit(configured_limit("PREVIEW_LIMIT"), key_func=member_key)
def preview():
    """A post body rendered as it would be published (Markdown, the sanitiser, mentions linked),
    checked like a post (empty or too long is 422); nothing is stored or screened."""
    require_member()
    draft = check_draft(json_body().get("body"))
    return jsonify({"body_html": draft.body_html})
