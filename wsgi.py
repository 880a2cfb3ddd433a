"""Entry point for production servers: FORUM_ASYNC_MODE=gevent gunicorn -k gevent -w 1 wsgi:app"""
import os

if os.environ.get("FORUM_ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from forum import create_app  # noqa: E402  (after monkey-patching, as gevent requires)

app = create_app()
