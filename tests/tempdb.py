"""Fresh, empty databases for tests that run the migrations or start a server of their own.

The shared `test` database is emptied between tests by conftest.py; a migration test needs a
database that has never seen create_all(), so it gets one of its own and drops it afterwards.
"""
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url


@contextmanager
def fresh_postgres_database(server_url: str, prefix: str = "forum_test") -> Iterator[str]:
    """Create an empty database on server_url's PostgreSQL; yield its URL; drop it after."""
    url = make_url(server_url)
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # A test database need not survive a crash of the PostgreSQL server itself: commits
        # return without waiting for the log to reach the disk (a forum server killed in a test
        # loses nothing by it, since PostgreSQL keeps running).
        conn.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit TO off").format(
            sql.Identifier(name)))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
