"""API: boards, threads and posts."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, posting_limit, query_int, require_member
from forum.extensions import limiter
from forum.ratelimits import EDIT_SCOPE, EDITS_PAUSED, configured_limit, member_key
from forum.security import current_viewer
from forum.services import ValidationError
from forum.services.boards import posting
from forum.services.boards.rows import reactions_of
from forum.services.boards.reactions import reactions_for
from forum.services.boards.reading import (MAX_PAGE, flatten, get_board_or_404, get_post_or_404,
                                           get_thread_or_404, list_boards, list_threads,
                                           thread_page)
from forum.services.shapes import board_json, post_json, thread_json


@bp.get("/boards")
def boards():
    """The boards the reader may see, in the order the forum lists them."""
    return jsonify({"boards": [board_json(b) for b in list_boards(current_viewer())]})


@bp.get("/boards/<slug>/threads")
def board_threads(slug: str):
    """One page of a board's threads, most recent activity first."""
    reader = current_viewer()
    page = list_threads(get_board_or_404(slug, reader), reader, query_int("page", 1, cap=MAX_PAGE))
    return jsonify({"threads": [thread_json(t) for t in page.items],
                    "page": page.page, "pages": page.pages})


@bp.post("/boards/<slug>/threads")
@posting_limit
def create_thread(slug: str):
    """Open a thread in a board with its first post."""
    member, data = require_member(), json_body()
    posted = posting.create_thread(get_board_or_404(slug, member), member, data.get("title"),
                                   data.get("body"), data.get("content_warning"))
    return _posted(posted, thread_json(posted.thread)), 201


@bp.get("/threads/<int:thread_id>")
def thread(thread_id: int):
    """One page of a thread: 20 top-level posts with their replies, in reading order."""
    reader = current_viewer()
    found = get_thread_or_404(thread_id, reader)
    page = thread_page(found, reader, query_int("page", 1, cap=MAX_PAGE))
    shown = flatten(page.items)
    counted = reactions_of(shown)  # read with the posts
    posts = [post_json(p, counted[p.id]) for p in shown]
    return jsonify({"thread": thread_json(found), "posts": posts,
                    "page": page.page, "pages": page.pages})


@bp.post("/threads/<int:thread_id>/posts")
@posting_limit
def reply(thread_id: int):
    """Reply to the thread, or to one of its posts with parent_id."""
    member, data = require_member(), json_body()
    thread = get_thread_or_404(thread_id, member)
    return _posted(posting.create_reply(thread, member, data.get("body"), _parent_id(data),
                                        data.get("content_warning"))), 201


def _posted(posted: posting.Posted, thread: dict | None = None):
    """The post written (with its thread when one was opened), and the contract's optional
    `notice`: what the author must see now."""
    return jsonify({**({"thread": thread} if thread else {}), "post": _post_json(posted.post),
                    **({"notice": posted.notice} if posted.notice else {})})


def _parent_id(data: dict) -> int | None:
    """parent_id must be a JSON integer or null here (forms send text; JSON clients need not)."""
    value = data.get("parent_id")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError("parent_id must be the id (a whole number) of a post in this "
                              "thread, or null.", "parent_id")
    return value


@bp.get("/posts/<int:post_id>")
def post(post_id: int):
    """One post."""
    return jsonify({"post": _post_json(get_post_or_404(post_id, current_viewer()))})


def _post_json(found) -> dict:
    """One post with its reaction counts and the viewer's own reactions."""
    return post_json(found, reactions_for([found], current_viewer())[found.id])


@bp.patch("/posts/<int:post_id>")
@limiter.shared_limit(configured_limit("EDIT_LIMIT"), EDIT_SCOPE, key_func=member_key,
                      error_message=EDITS_PAUSED)
def edit_post(post_id: int):
    """The author edits their own post (its content warning stays unless one is sent)."""
    member, data = require_member(), json_body()
    found = get_post_or_404(post_id, member)
    warning = data["content_warning"] if "content_warning" in data else found.content_warning
    return _posted(posting.edit_post(found, member, data.get("body"), warning))


@bp.delete("/posts/<int:post_id>")
def remove_post(post_id: int):
    """The author removes their own post; a placeholder keeps its place in the tree."""
    member = require_member()
    posting.remove_post(get_post_or_404(post_id, member), member)
    return "", 204
