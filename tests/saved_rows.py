"""The rows of a forum's database: emptied between tests on PostgreSQL, and read out of one
database and written into another, so a world that takes seconds of requests to build is built
once per module and each test gets its own copy of it.

The copy is exact: the same rows under the same ids, in a database of the test's own (SQLite) or
the run's database emptied for the test (PostgreSQL), whose id sequences go on after the copied
rows as they would after the built ones. Nothing a test changes reaches the saved rows.
"""
from functools import cache

from sqlalchemy import text

from forum.extensions import db


def saved_rows(app) -> dict[str, list[dict]]:
    """Every row of every table of the app's database, by table, in id order."""
    with app.app_context():
        rows = {}
        for table in db.metadata.sorted_tables:
            query = table.select().order_by(*table.primary_key.columns)
            rows[table.name] = [dict(row._mapping) for row in db.session.execute(query)]
        db.session.remove()
        return rows


def empty_postgresql() -> None:
    """Delete every row of the app's PostgreSQL database and start each id sequence at 1 again,
    as TRUNCATE ... RESTART IDENTITY would: in one round trip, and some ten times faster for
    tables of a test's few rows (TRUNCATE makes and drops the files of each table and index)."""
    db.session.execute(text(_emptying_sql(_serial_sequences())))
    db.session.commit()


_SEQUENCES: list[tuple[tuple[str, str, str], ...]] = []  # the schema's, found once per process


def _serial_sequences() -> tuple[tuple[str, str, str], ...]:
    """(table, id column, its sequence) for every table whose id a sequence hands out."""
    if _SEQUENCES:
        return _SEQUENCES[0]
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": f'"{table.name}"', "c": column.name})
            if sequence:
                found.append((table.name, column.name, sequence))
    _SEQUENCES.append(tuple(found))
    return _SEQUENCES[0]


@cache
def _emptying_sql(sequences: tuple[tuple[str, str, str], ...]) -> str:
    deletes = [f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)]
    restarts = [f"SELECT setval('{sequence}', 1, false)" for _t, _c, sequence in sequences]
    return "; ".join(deletes + restarts)  # no parameters, so psycopg sends it as one query


def restore_rows(app, rows: dict[str, list[dict]], empty: bool = False) -> None:
    """Make the app's database hold exactly these rows (and nothing else); `empty` says it holds
    none yet, so nothing need be deleted first."""
    with app.app_context():
        tables = db.metadata.sorted_tables
        postgresql = db.engine.dialect.name == "postgresql"
        if not empty and postgresql:
            empty_postgresql()
        elif not empty:
            for table in reversed(tables):  # children before the rows they point at
                db.session.execute(table.delete())
        for table in tables:  # parents first; within a table in id order
            if rows[table.name]:
                db.session.execute(table.insert(), rows[table.name])
        if postgresql:  # each sequence goes on after the largest copied id, in one query
            db.session.execute(text("; ".join(
                f"SELECT setval('{sequence}', COALESCE(MAX(\"{column}\"), 0) + 1, false) "
                f'FROM "{table}"' for table, column, sequence in _serial_sequences())))
        db.session.commit()
        db.session.remove()
