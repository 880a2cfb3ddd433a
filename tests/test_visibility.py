"""One visibility concept (forum/visibility.py): for every viewer, the Python question asked of a
loaded row and the SQL filter a query composes answer alike, over threads, posts and chat
messages in every state; the loaders answer NotFound for what the viewer may not see."""
from datetime import timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from forum.extensions import db
from forum.models import Block, ChatMessage, Post, Room, Thread
from forum.models.base import utcnow
from forum.services import NotFound
from forum.services.accounts.handles import find_user
from forum.services.boards.reading import (get_board_or_404, get_post_or_404, get_thread_or_404,
                                           list_boards)
from forum.services.chat.messages import get_message_or_404
from forum.services.chat.rooms import get_room_or_404, list_rooms
from forum.visibility import (can_view_message, can_view_post, can_view_thread,
                              visible_messages, visible_posts, visible_threads)

STATUSES = ("published", "pending", "hidden")
VIEWERS = (None, "anonymous", "newcomer", "member", "troll", "moderator")


@pytest.fixture
def world(app, personas):
    """Threads in every status with posts in every status, by Sam and Nell; chat messages
    published, hidden and removed; and a block between Sam and Tro."""
    with app.app_context():
        sam, nell, tro = (find_user(personas[p]) for p in ("member", "newcomer", "troll"))
        board = get_board_or_404("alcohol", None)
        for thread_status in STATUSES:
            thread = Thread(board_id=board.id, author_id=sam.id, title=thread_status,
                            status=thread_status)
            db.session.add(thread)
            db.session.flush()
            for author in (sam, nell):
                for status in STATUSES:
                    db.session.add(Post(thread_id=thread.id, author_id=author.id, body_source="x",
                                        body_html="<p>x</p>", status=status))
        room = db.session.scalar(select(Room).where(Room.slug == "lobby"))
        for author in (sam, nell, tro, None):
            for status, removed in (("published", None), ("hidden", None),
                                    ("published", utcnow() - timedelta(minutes=1))):
                db.session.add(ChatMessage(room_id=room.id, author_id=author.id if author else None,
                                           body_source="x", body_html="<p>x</p>", status=status,
                                           removed_at=removed))
        db.session.add(Block(blocker_id=sam.id, blocked_id=tro.id))
        db.session.commit()
    return app


def _viewer(name, personas):
    if name is None:
        return None
    if name == "anonymous":
        return AnonymousUserMixin()
    return find_user(personas[name])


@pytest.mark.parametrize("viewer_name", VIEWERS)
def test_python_and_sql_agree_on_threads_posts_and_messages(world, personas, viewer_name):
    with world.app_context():
        viewer = _viewer(viewer_name, personas)
        for model, question, where in ((Thread, can_view_thread, visible_threads),
                                       (Post, can_view_post, visible_posts),
                                       (ChatMessage, can_view_message, visible_messages)):
            rows = db.session.scalars(select(model)).all()
            in_python = {row.id for row in rows if question(viewer, row)}
            in_sql = set(db.session.scalars(select(model.id).where(where(viewer))))
            assert in_python == in_sql, model.__name__
            assert in_python, f"{viewer_name} sees some {model.__name__}"


@pytest.mark.parametrize("viewer_name, seen", [
    ("anonymous", {("published", "published")}),
    ("newcomer", {("published", "published"), ("published", "pending"),
                  ("published", "hidden")}),  # Nell's own posts, in Sam's published thread
    ("moderator", {(t, p) for t in STATUSES for p in STATUSES}),
])
def test_held_and_hidden_content_is_seen_by_its_author_and_moderators_only(world, personas,
                                                                          viewer_name, seen):
    with world.app_context():
        viewer = _viewer(viewer_name, personas)
        nell = find_user(personas["newcomer"])
        rows = db.session.execute(select(Thread.status, Post.status, Post.author_id)
                                  .join(Thread, Thread.id == Post.thread_id)
                                  .where(visible_posts(viewer))).all()
        shown = {(thread, post) for thread, post, author in rows
                 if author == nell.id or viewer_name != "newcomer"}
        assert shown == seen


def test_blocked_members_see_none_of_each_others_messages(world, personas):
    with world.app_context():
        sam, tro = find_user(personas["member"]), find_user(personas["troll"])
        for viewer, other in ((sam, tro), (tro, sam)):
            authors = set(db.session.scalars(select(ChatMessage.author_id)
                                             .where(visible_messages(viewer))))
            assert other.id not in authors and viewer.id in authors and None in authors


def test_loaders_answer_not_found_alike_for_hidden_and_missing_rows(world, personas):
    with world.app_context():
        nell = find_user(personas["newcomer"])
        held = db.session.scalar(select(Thread).where(Thread.status == "pending"))
        hidden_post = db.session.scalar(select(Post).where(Post.status == "hidden",
                                                           Post.author_id != nell.id))
        removed = db.session.scalar(select(ChatMessage).where(ChatMessage.removed_at.is_not(None)))
        for load, key in ((get_thread_or_404, held.id), (get_thread_or_404, 10**6),
                          (get_post_or_404, hidden_post.id), (get_post_or_404, 10**6),
                          (get_message_or_404, removed.id), (get_message_or_404, 10**6),
                          (get_board_or_404, "no-such-board"), (get_room_or_404, "no-such-room")):
            with pytest.raises(NotFound):
                load(key, nell)
        assert get_thread_or_404(held.id, find_user(personas["moderator"])) == held


def test_board_and_room_lists_take_the_viewer(world, personas):
    with world.app_context():
        for viewer in (None, find_user(personas["newcomer"])):
            assert [b.slug for b in list_boards(viewer)][:1] == ["newcomers"]
            assert "lobby" in [r.slug for r in list_rooms(viewer)]
            assert get_room_or_404("lobby", viewer).slug == "lobby"
