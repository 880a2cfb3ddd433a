"""Default boards and chat rooms for a fresh forum; safe to run again.

The screening's own lexicons are data in forum/data/screening and need no seeding; the rules
table holds only what admins add.
"""
import json
from importlib import resources

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Room


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
    db.session.commit()
    return added
