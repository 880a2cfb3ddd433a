"""Where moderated content can be seen: links for the review queue, the log, a member's
notifications and appeals, each only to what the viewer may see."""
from flask import url_for

from forum.models import User
from forum.services.boards.reading import page_of_post
from forum.services.moderation.items import load_target
from forum.visibility import can_view_post, can_view_room, can_view_thread


def target_href(kind: str, target_id: int, viewer: User | None,
                snapshot: dict | None = None) -> str | None:
    """The page showing a thread, post or chat message to this viewer, or None when it is gone
    or hidden from them (a message links to its room, which outlives it)."""
    if kind == "conversation":
        return None  # a private mentor conversation: the report's snapshot is all there is
    found = load_target(kind, target_id)
    if kind == "message":
        slug = found.room.slug if found is not None else (snapshot or {}).get("room")
        shown = slug and (found is None or can_view_room(viewer, found.room))
        return url_for("chat.room", slug=slug) if shown else None
    if kind == "thread":
        shown = found is not None and can_view_thread(viewer, found)
        return url_for("boards.thread", thread_id=target_id) if shown else None
    if found is None or not can_view_post(viewer, found):
        return None
    return url_for("boards.thread", thread_id=found.thread_id,
                   page=page_of_post(found, viewer), _anchor=f"post-{found.id}")
