"""API: what is new and what helped before: latest, unread, search and member pages."""
from flask import jsonify, request

from forum.api.blueprint import bp, query_int, require_member
from forum.security import current_viewer
from forum.services import search
from forum.services.accounts.profiles import profile_of
from forum.services.boards.activity import LATEST_MAX_PAGES, list_latest
from forum.services.boards.read_state import list_unread
from forum.services.shapes import member_json, search_result_json, thread_summary_json


@bp.get("/latest")
def latest():
    """Threads across the boards the reader may see, most recent activity first."""
    page = list_latest(current_viewer(), query_int("page", 1, cap=LATEST_MAX_PAGES))
    return jsonify({"threads": [thread_summary_json(t) for t in page.items],
                    "page": page.page, "pages": page.pages})


@bp.get("/unread")
def unread():
    """Threads the member opened that have posts they have not read, with how many."""
    member = require_member()
    return jsonify({"threads": [thread_summary_json(t, count)
                                for t, count in list_unread(member)]})


@bp.get("/search")
def search_posts():
    """Threads and posts matching the words of `q` that the reader may see, best first."""
    found = search.search(current_viewer(), request.args.get("q"), request.args.get("board"),
                          query_int("page", 1, cap=search.MAX_PAGES))
    return jsonify({"results": [search_result_json(r) for r in found.items],
                    "page": found.page, "pages": found.pages})


@bp.get("/members/<handle>")
def member(handle: str):
    """A member's page: handle, month joined, role, and recent posts if they show them."""
    return jsonify(member_json(profile_of(handle, current_viewer())))
