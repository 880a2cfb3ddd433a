"""Default boards for a fresh forum; safe to run any number of times."""
import json
from importlib import resources

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board


def seed_defaults() -> int:
    """Add any default board that is missing; return how many were added."""
    defaults = json.loads(resources.files("forum").joinpath("data/default_boards.json").read_text())
    existing = set(db.session.scalars(select(Board.slug)))
    added = 0
    for position, spec in enumerate(defaults):
        if spec["slug"] not in existing:
            db.session.add(Board(position=position, **spec))
            added += 1
    db.session.commit()
    return added
