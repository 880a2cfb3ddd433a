"""Migration 0010 on a forum already running: the two default spaces appear (a board and a room
each, restricted), and `forum seed` afterwards adds nothing more."""
from flask_migrate import upgrade
from sqlalchemy import select, text

from forum.extensions import db
from forum.models import Board, Room, Space
from forum.services.seeding import seed_defaults

from test_migrations import empty_database_url, migrating_app  # noqa: F401  (the fixtures)


def test_an_upgraded_forum_gets_the_default_spaces(migrating_app):  # noqa: F811
    upgrade(revision="0006")
    db.session.execute(text("INSERT INTO boards (slug, name, description, position) "
                            "VALUES ('alcohol', 'Alcohol', '', 1)"))
    db.session.commit()
    upgrade()
    spaces = db.session.scalars(select(Space)).all()
    assert {s.board.slug for s in spaces} == {"women-in-recovery", "lgbtq-in-recovery"}
    assert all(s.room is not None and s.room.slug == s.board.slug for s in spaces)
    seed_defaults()
    assert len(db.session.scalars(select(Space)).all()) == 2
    assert db.session.scalar(select(Board).where(Board.slug == "women-in-recovery")) is not None
    assert len(db.session.scalars(select(Room).where(Room.slug == "lgbtq-in-recovery")).all()) == 1
