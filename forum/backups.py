"""`forum backup PATH` and `forum restore PATH`: a copy of the whole database, and back.

SQLite: SQLite's online backup API (sqlite3.Connection.backup), which copies a consistent
snapshot page by page while the forum keeps reading and writing (WAL). PostgreSQL: `pg_dump
--format=custom` (and `pg_restore` back), which must be on the PATH, of a version at least the
server's. The password, if the URL has one, goes to them in PGPASSWORD, never on a command line.

A restore goes only into an empty database (no tables at all): restoring over a live forum
would mix two histories, so it is refused with a clear message.
"""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL

from forum.extensions import db

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
PAGES_A_STEP = 1024  # the online backup copies this many pages, then lets writers in


class BackupError(Exception):
    """Why a backup or restore could not be made; the message is the one line printed."""


def backup(path: str) -> str:
    """Write a backup of the forum's database to path (which must not exist); say what."""
    target = Path(path)
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name (nothing was "
                          "overwritten).")
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
        return f"SQLite database backed up to {target} ({target.stat().st_size:,} bytes)."
    if url.get_backend_name() == "postgresql":
        _run_pg("pg_dump", url, ["--format=custom", "--no-owner", "--no-privileges",
                                 f"--file={target}"])
        return f"PostgreSQL database backed up to {target} with pg_dump (custom format)."
    raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")


def restore(path: str) -> str:
    """Restore a backup made by backup() into the forum's database, which must be empty."""
    source = Path(path)
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    with open(source, "rb") as file:
        header = file.read(len(SQLITE_HEADER))
    url = db.engine.url
    tables = inspect(db.engine).get_table_names()
    db.engine.dispose()  # nothing of ours holds the database while it is written
    if tables:
        raise BackupError(f"The database is not empty ({len(tables)} tables): restore only "
                          "into a new, empty database, then point DATABASE_URL at it. Nothing "
                          "was changed.")
    if url.get_backend_name() == "sqlite":
        if not header.startswith(SQLITE_HEADER):
            raise BackupError(f"{source} is not a SQLite backup (a PostgreSQL dump restores "
                              "only into PostgreSQL).")
        _sqlite_copy(source, Path(_sqlite_path(url)))
        return f"Restored {source} into the SQLite database."
    if url.get_backend_name() == "postgresql":
        if not header.startswith(PG_DUMP_HEADER):
            raise BackupError(f"{source} is not a pg_dump custom-format backup (a SQLite "
                              "backup restores only into SQLite).")
        _run_pg("pg_restore", url, ["--no-owner", "--no-privileges", "--exit-on-error",
                                    "--single-transaction", str(source)], dbname_flag=True)
        return f"Restored {source} into the PostgreSQL database with pg_restore."
    raise BackupError(f"Restores into {url.get_backend_name()} databases are not supported.")


def _sqlite_path(url: URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return url.database


def _sqlite_copy(source: Path | str, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
            sqlite3.connect(target) as dst:
        src.backup(dst, pages=PAGES_A_STEP)
    src.close()
    dst.close()


def _run_pg(program: str, url: URL, arguments: list[str], dbname_flag: bool = False) -> None:
    """Run pg_dump or pg_restore against the database the URL names."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install "
                          "postgresql-client).")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    command = [executable, *arguments, f"--dbname={dsn}" if dbname_flag else dsn]
    done = subprocess.run(command, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{program} failed: {last}")
