"""gunicorn settings for `forum run` (loaded by path, so the master never imports the forum
before the gevent worker has patched the standard library)."""
import os

# gunicorn's own default would be 30 s; chat connections get closed within a few seconds.
timeout = 30
keepalive = 5


def when_ready(_server) -> None:
    """Once the port is bound: the one line that says where the forum is."""
    address = os.environ.get("FORUM_RUN_ADDRESS", "")
    print(f"The forum is at {address} (Ctrl+C stops it).", flush=True)
