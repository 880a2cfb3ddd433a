"""Default boards and chat rooms for a fresh forum; safe to run again.

The screening's own lexicons are data in forum/data/screening and need no seeding; the rules
table holds only what admins add.
"""
import json
from importlib import resources

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Room, Space


def _defaults(name: str) -> list[dict]:
    return json.loads(resources.files("forum").joinpath(f"data/{name}").read_text())


def seed_defaults() -> int:
    """Add any default board or room that is missing; return how many were added."""
    added = 0
    boards = set(db.session.scalars(select(Board.slug)))
    for position, spec in enumerate(_defaults("default_boards.json")):
        if spec["slug"] not in boards:
            db.session.add(Board(position=position, **spec))
            added += 1
    rooms = set(db.session.scalars(select(Room.slug)))
    for position, spec in enumerate(_defaults("default_rooms.json")):
        if spec["slug"] not in rooms:
            schedule = json.dumps(spec.pop("schedule", []))
            db.session.add(Room(position=position, schedule_json=schedule, **spec))
            added += 1
    added += _seed_spaces()
    db.session.commit()
    return added


def _seed_spaces() -> int:
    """The default restricted spaces: a board and a room each, for their members only."""
    added = 0
    for position, spec in enumerate(_defaults("default_spaces.json"), start=100):
        board = db.session.scalar(select(Board).where(Board.slug == spec["slug"]))
        if board is None:
            board = Board(position=position, **spec)
            db.session.add(board)
        room = db.session.scalar(select(Room).where(Room.slug == spec["slug"]))
        if room is None:
            room = Room(position=position, kind="open", **spec)
            db.session.add(room)
        db.session.flush()
        if db.session.scalar(select(Space).where(Space.board_id == board.id)) is None:
            db.session.add(Space(board_id=board.id, room_id=room.id))
            added += 1
    return added
