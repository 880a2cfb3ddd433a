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

from forum import create_app  # noqa: E402  (after monkey-patching, as gevent requires)

app = create_app()
