"""The embedded SQLite database's settings, and its waits for the write lock made cooperative.

SQLite lets one writer at a time. Its own busy wait (busy_timeout) sleeps inside the C library,
where gevent cannot run anything else: while another process (a second server, a `forum`
command, a backup) held the write lock, a chat server froze every one of its connections for up
to the whole timeout. Here SQLite is asked not to wait at all (busy_timeout 0), and a statement
or commit refused because the database is busy is tried again after a short sleep, which under
gevent lets every other connection carry on, and in a threaded server releases the interpreter.
The overall patience is the same as before: BUSY_SECONDS, then the usual "database is locked".
"""
import sqlite3
import time

from sqlalchemy import event

BUSY_SECONDS = 5.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.001, 0.05
_SQLITE_BUSY = 5
_SQLITE_BUSY_SNAPSHOT = 517  # a read snapshot gone stale: waiting cannot help, so never retried


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # an older sqlite3 module: only the message tells
        return "database is locked" in str(error)
    return code & 0xFF == _SQLITE_BUSY and code != _SQLITE_BUSY_SNAPSHOT


def _patiently(run, *args):
    """run(*args), tried again while SQLite answers busy, sleeping (cooperatively) in between."""
    deadline, pause = time.monotonic() + BUSY_SECONDS, _FIRST_PAUSE
    while True:
        try:
            return run(*args)
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)  # gevent's sleep once the server has patched the standard library
        pause = min(pause * 2, _LONGEST_PAUSE)


class CooperativeCursor(sqlite3.Cursor):
    """A cursor whose statements wait for the write lock with time.sleep, not in C."""

    def execute(self, sql, parameters=()):
        """Cursor.execute, tried again while the database is busy."""
        return _patiently(super().execute, sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        """Cursor.executemany, tried again while the database is busy (the parameters are read
        into a list first, so a second try sees them all again)."""
        return _patiently(super().executemany, sql, list(seq_of_parameters))


class CooperativeConnection(sqlite3.Connection):
    """A connection whose cursors and commits wait cooperatively for the write lock."""

    def cursor(self, factory=CooperativeCursor):
        """A cooperative cursor unless asked for another kind."""
        return super().cursor(factory)

    def commit(self):
        """Connection.commit, tried again while the database is busy."""
        return _patiently(super().commit)


def configure(engine) -> None:
    """Connections of this engine wait cooperatively, in WAL mode with foreign keys on.

    synchronous=NORMAL: in WAL mode a commit is then written to the log without waiting for
    the disk (the log is synced at checkpoints). A commit survives the server process being
    killed; only a power cut or an operating-system crash may lose the last commits, never
    corrupt the file. Waiting for the disk on every commit held the whole gevent process (every
    chat connection) for the length of an fsync, once per message sent."""
    @event.listens_for(engine, "do_connect")
    def _cooperative(_dialect, _record, _cargs, cparams):
        cparams["factory"] = CooperativeConnection
        cparams["timeout"] = 0  # the sqlite3 module's own busy wait, in C: none

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()
