"""API: what is new and what helped before: latest, unread, search and member pages."""
from flask import jsonify, request

from forum.api.blueprint import bp, query_int
from forum.security import current_viewer
from forum.services import search
from forum.services.shapes import search_result_json


@bp.get("/search")
def search_posts():
    """Threads and posts matching the words of `q` that the reader may see, best first."""
    found = search.search(current_viewer(), request.args.get("q"), request.args.get("board"),
                          query_int("page", 1, cap=search.MAX_PAGES))
    return jsonify({"results": [search_result_json(r) for r in found.items],
                    "page": found.page, "pages": found.pages})
