"""`forum check`: what a deployment is missing, in plain lines, before members find out.

Each check answers a Finding: "ok", a "problem" (the command then exits 1) or a "note" (worth
knowing, not wrong in itself). The checks read the configuration the server would start with
(the same environment) and the database and Redis it names.
"""
from dataclasses import dataclass

import redis
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from forum.config import WeakSecretKey, check_secret_key
from forum.extensions import db
from forum.outages import REDIS_TIMEOUTS


@dataclass(frozen=True)
class Finding:
    """One line of the report."""

    level: str  # ok | note | problem
    message: str

    def line(self) -> str:
        """How the report prints it."""
        return f"{self.level.upper() if self.level == 'problem' else self.level}: {self.message}"


def check_deployment(app: Flask, processes: int, key_is_generated: bool) -> list[Finding]:
    """Every check, in the order an operator would fix them."""
    return [_secret_key(app, processes, key_is_generated), _database_and_processes(app, processes),
            _redis(app, processes), _migrations(app), _rate_limits(app), _cookies(app)]


def _secret_key(app: Flask, processes: int, key_is_generated: bool) -> Finding:
    try:
        check_secret_key(app.config["SECRET_KEY"])
    except WeakSecretKey:
        return Finding("problem", "SECRET_KEY is too short, too plain or a placeholder: set 32+ "
                       "random characters (python3 -c 'import secrets; "
                       "print(secrets.token_hex(32))').")
    if key_is_generated and processes > 1:
        return Finding("note", "SECRET_KEY is the one generated into instance/: every process "
                       "on this machine shares it, but processes on other machines would not. "
                       "Set SECRET_KEY in their environment.")
    return Finding("ok", "SECRET_KEY is long and random enough.")


def _is_sqlite(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def _database_and_processes(app: Flask, processes: int) -> Finding:
    if _is_sqlite(app) and processes > 1:
        return Finding("problem", f"SQLite with {processes} server processes: SQLite is for one "
                       "process on one machine. Use PostgreSQL (DATABASE_URL="
                       "postgresql+psycopg://...).")
    try:
        with db.engine.connect():
            pass
    except SQLAlchemyError as error:
        return Finding("problem", f"The database can't be reached: {type(error).__name__}.")
    kind = "SQLite" if _is_sqlite(app) else db.engine.dialect.name
    return Finding("ok", f"The database ({kind}) answers.")


def _redis(app: Flask, processes: int) -> Finding:
    url = app.config.get("REDIS_URL")
    if not url:
        if processes > 1:
            return Finding("problem", f"{processes} server processes without REDIS_URL: chat "
                           "messages and presence would stay inside each process and rate "
                           "limits would count per process. Set REDIS_URL.")
        return Finding("ok", "No Redis, which is fine for one process.")
    client = redis.Redis.from_url(url, **REDIS_TIMEOUTS)
    try:
        client.ping()
    except redis.RedisError as error:
        return Finding("problem", f"Redis (REDIS_URL) can't be reached: {type(error).__name__}.")
    finally:
        client.close()
    return Finding("ok", "Redis answers.")


def _migrations(app: Flask) -> Finding:
    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    heads = set(script.get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError:
        return Finding("problem", "The migrations can't be checked: the database doesn't answer.")
    if current != heads:
        return Finding("problem", "The database's migrations are not all applied (it is at "
                       f"{', '.join(sorted(current)) or 'nothing'}; the code needs "
                       f"{', '.join(sorted(heads))}). Run `forum db upgrade`.")
    return Finding("ok", "Every migration is applied.")


def _rate_limits(app: Flask) -> Finding:
    if not app.config.get("RATELIMIT_ENABLED", True):
        return Finding("problem", "FORUM_RATE_LIMITS=off: every rate limit is off (for load "
                       "tests only).")
    return Finding("ok", "Rate limits are on.")


def _cookies(app: Flask) -> Finding:
    if not app.config.get("SESSION_COOKIE_SECURE"):
        return Finding("note", "FORUM_SECURE_COOKIES is off: turn it on when the forum is "
                       "served over HTTPS (any public site).")
    return Finding("ok", "Cookies are sent over HTTPS only.")
