"""Entry point for production servers.

    forum db upgrade && forum seed
    FORUM_ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app

One worker a process: a Socket.IO connection lives in one process. For more capacity run several
such processes behind a load balancer with sticky sessions, all with the same REDIS_URL.
"""
import os

if os.environ.get("FORUM_ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()  # before anything imports socket, ssl or threading

import sys  # noqa: E402

from forum import create_app  # noqa: E402  (after monkey-patching, as gevent requires)
from forum.config import WeakSecretKey  # noqa: E402
from forum.resources import ResourcesError  # noqa: E402

# Exit status 3 is gunicorn's "worker failed to boot": it stops instead of retrying for ever.
BOOT_FAILED = 3

try:
    app = create_app()
except WeakSecretKey as refused:
    print(refused, file=sys.stderr)
    raise SystemExit(BOOT_FAILED) from None
except ResourcesError as error:  # say what is wrong in one line, then stop the server
    print(f"The forum can't start: {error}", file=sys.stderr)
    raise SystemExit(BOOT_FAILED) from None
