"""The database side of seeding: the app on a URL, a database of its own, bulk inserts with
explicit ids, and members with bearer tokens minted straight into the database."""
import secrets
from datetime import datetime, timedelta, timezone
from functools import cache

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

PASSWORD = "a long enough passphrase 42"
BATCH = 5_000


def build_app(database_url: str, instance: str):
    """The forum on this database, migrated, with the default boards and rooms."""
    from forum import create_app
    from forum.config import TestConfig
    from forum.services.seeding import seed_defaults

    app = create_app(TestConfig(instance, database_url))
    with app.app_context():
        upgrade()
        seed_defaults()
    return app


def prepare_database(database_url: str, reset: bool = False) -> None:
    """PostgreSQL: create the database if it is missing (dropped first with reset). The shared
    `test` database is refused: its tables belong to the test suite."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return
    if url.database in (None, "", "test", "postgres"):
        raise SystemExit(f"seed: use a database of its own, not {url.database!r} "
                         "(e.g. .../forum_bench); it is created if missing.")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                             {"name": url.database})
        if exists and reset:
            conn.execute(text(f'DROP DATABASE "{url.database}" WITH (FORCE)'))
        if not exists or reset:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def tables() -> dict:
    """The models' tables by name (importing the models registers them)."""
    import forum.models  # noqa: F401
    from forum.extensions import db
    return db.metadata.tables


def next_id(conn, table) -> int:
    """The first id after every row the table already holds."""
    return (conn.scalar(select(func.max(table.c.id))) or 0) + 1


def insert(conn, table, rows) -> int:
    """Insert row dicts in batches of BATCH (one executemany each); answer how many."""
    count, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        conn.execute(table.insert(), batch)
        count += len(batch)
    return count


def fix_sequences(conn, names) -> None:
    """PostgreSQL: move each table's id sequence past the explicit ids written, so the forum's
    own inserts after seeding do not collide."""
    if conn.dialect.name != "postgresql":
        return
    for name in names:
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                          f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"))


@cache
def password_hash() -> str:
    """One hash of PASSWORD with the production method, shared by every seeded member (hashing
    20,000 passwords with scrypt would take minutes and prove nothing)."""
    from werkzeug.security import generate_password_hash
    return generate_password_hash(PASSWORD, method="scrypt")


def member_rows(first_id: int, handles: list[str], rng, roles=None, span_days: int = 730):
    """Rows for the users table: handle and its look-alike key, the shared password hash."""
    from forum.models.accounts import handle_key
    now = datetime.now(timezone.utc)
    for offset, handle in enumerate(handles):
        yield {"id": first_id + offset, "handle": handle, "handle_skeleton": handle_key(handle),
               "password_hash": password_hash(), "role": (roles or {}).get(handle, "member"),
               "created_at": now - timedelta(days=rng.uniform(1, span_days)), "auth_epoch": 0}


def add_members(conn, handles: list[str], rng, roles=None) -> list[int]:
    """Create members with these handles in bulk; answer their ids in the same order."""
    users = tables()["users"]
    first = next_id(conn, users)
    insert(conn, users, member_rows(first, handles, rng, roles))
    fix_sequences(conn, ["users"])
    return list(range(first, first + len(handles)))


def mint_tokens(conn, user_ids: list[int]) -> list[str]:
    """A new API bearer token for each member, written as the forum stores them (hashed)."""
    from forum.services.accounts.tokens import hash_secret
    tokens = [secrets.token_urlsafe(32) for _ in user_ids]
    now = datetime.now(timezone.utc)
    insert(conn, tables()["api_tokens"],
           ({"user_id": uid, "token_hash": hash_secret(tok), "created_at": now, "auth_epoch": 0}
            for uid, tok in zip(user_ids, tokens)))
    return tokens


def add_history(conn, room_slug: str, author_ids: list[int]) -> int:
    """One message from each of these members in the room, as recent history."""
    from forum.sanitize import render_message
    rooms = tables()["chat_rooms"]
    room_id = conn.scalar(select(rooms.c.id).where(rooms.c.slug == room_slug))
    body = "Evening all, checking in. Staying sober today."
    html, now = render_message(body), datetime.now(timezone.utc)
    return insert(conn, tables()["chat_messages"], (
        {"room_id": room_id, "author_id": uid, "body_source": body, "body_html": html,
         "created_at": now - timedelta(minutes=len(author_ids) - n), "status": "published"}
        for n, uid in enumerate(author_ids)))
