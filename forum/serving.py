"""`forum run`: the production server (gunicorn's gevent worker, one process) started for you.

The command line migrates and seeds in its own process, then replaces itself with gunicorn
(`os.execv`), so Ctrl+C and a service manager's SIGTERM reach the server directly. The worker
loads the app through `forum:create_app()` after gevent has patched the standard library, which
is the same code path as `FORUM_ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app`.
"""
import os
import sys
from pathlib import Path

GUNICORN_CONFIG = Path(__file__).with_name("gunicorn_run.py")
ADDRESS_VARIABLE = "FORUM_RUN_ADDRESS"  # read by gunicorn_run.py's when_ready hook
GRACEFUL_SECONDS = 5  # open chat connections may keep a worker busy; do not wait for ever
ANY_ADDRESS = {"0.0.0.0", "::", ""}


def open_address(host: str, port: int) -> str:
    """The address a person can open in a browser: a wildcard bind is opened as loopback."""
    if host in ANY_ADDRESS:
        host = "127.0.0.1"
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def bind_address(host: str, port: int) -> str:
    """gunicorn's --bind for this host and port (IPv6 literals in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gevent_server_command(host: str, port: int) -> list[str]:
    """The gunicorn command line `forum run` becomes."""
    return [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
            "--worker-class", "gevent", "--workers", "1",
            "--bind", bind_address(host, port),
            "--graceful-timeout", str(GRACEFUL_SECONDS),
            "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning",
            "forum:create_app()"]


def exec_gevent_server(host: str, port: int) -> None:
    """Replace this process with gunicorn serving the forum on host:port (never returns)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.environ["FORUM_ASYNC_MODE"] = "gevent"
    os.environ[ADDRESS_VARIABLE] = open_address(host, port)
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    command = gevent_server_command(host, port)
    os.execv(command[0], command)
