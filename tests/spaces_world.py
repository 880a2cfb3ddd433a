"""A forum with a restricted space in use, shared by the spaces tests: Sam (member) belongs to
"Women in recovery", Pat (mentor) is its space moderator, Mo is a moderator of the forum; Nell
(newcomer) and Tro (troll) are not in it. Sam opened a thread there, Pat replied, and Sam wrote
in its chat room."""
from dataclasses import dataclass

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import (Board, ChatMessage, JoinRequest, Notification, Post, Room, SpaceMember,
                          Thread)
from forum.services.spaces.spaces import get_space_or_404, set_space_role

SPACE = "women-in-recovery"
MISSING_SLUG = "no-such-space-here"


@dataclass
class SpaceWorld:
    """Ids of what is in the space, and ids no row has, to compare answers with."""

    thread_id: int
    post_id: int
    reply_id: int
    message_id: int
    missing_id: int


def build(app, api, personas) -> SpaceWorld:
    """Make the world through the API (as members would) and return its ids."""
    with app.app_context():
        set_space_role(SPACE, personas["member"], "member")
        set_space_role(SPACE, personas["mentor"], "moderator")
    opened = api.post(f"/boards/{SPACE}/threads", "member",
                      json={"title": "Hidden harbour", "body": "First words in the space"})
    assert opened.status_code == 201, opened.json
    thread_id = opened.json["thread"]["id"]
    reply = api.post(f"/threads/{thread_id}/posts", "mentor",
                     json={"body": "A reply in the space", "parent_id": opened.json["post"]["id"]})
    assert reply.status_code == 201, reply.json
    with app.app_context():
        room = db.session.scalar(select(Room).where(Room.slug == SPACE))
        sam_id = db.session.scalar(select(SpaceMember.user_id).where(
            SpaceMember.role == "member"))
        message = ChatMessage(room_id=room.id, author_id=sam_id, body_source="Quiet room",
                              body_html="<p>Quiet room</p>")
        db.session.add(message)
        db.session.commit()
        message_id = message.id
    return SpaceWorld(thread_id, opened.json["post"]["id"], reply.json["post"]["id"],
                      message_id, 10 ** 6)


def row_counts(app) -> dict:
    """How many rows of each kind a write could add."""
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Board, Thread, Post, ChatMessage, Notification, JoinRequest,
                              SpaceMember)}


def space_id(app) -> int:
    with app.app_context():
        return get_space_or_404(SPACE).id
