"""The recovery peer-support forum: create_app() builds the Flask application."""
import gc
import logging
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from forum import (chat, crisis, csrf_tokens, embedded_database, errors, moderation, page_layouts,
                   pagecache, ratelimits, resources, security, static_files, templating)
from forum.api import bp as api_bp
from forum.auth import bp as auth_bp
from forum.boards import bp as boards_bp
from forum.community import bp as community_bp
from forum.chat.queue import message_queue
from forum.config import Config, check_secret_key
from forum.extensions import csrf, db, limiter, login_manager, migrate, socketio
from forum.logs import install as install_log_privacy
from forum.pages import bp as pages_bp
from forum.recovery import bp as recovery_bp
from forum.spaces import bp as spaces_bp
from forum.services import freshness, presence
from forum.services.chat import encoded
from forum.services.screening import assess

log = logging.getLogger(__name__)


def create_app(config: object | None = None, *, serving: bool = True) -> Flask:
    """Build the app: configuration, extensions, blueprints and socket handlers.

    `serving=False` is for the `forum` command's own app (migrate, seed, set a role, check):
    it screens nothing, so it does not read the screening's models at start (a second or
    two of every command); a server's app, and `forum run --dev`, read them before serving."""
    install_log_privacy()  # first, so no line logged from here on names an address or a secret
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config or Config(app.instance_path))
    if not (app.testing or app.debug):  # development and tests may use any key
        check_secret_key(app.config["SECRET_KEY"])
    static_files.init_app(app)  # first: its after_request compresses the final answer
    resources.init_app(app)  # early: a malformed crisis resources file stops the app here
    ratelimits.init_app(app)
    _init_extensions(app)
    presence.init_app(app)
    _register_blueprints(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    _trust_proxies(app)
    if not app.config["RATELIMIT_ENABLED"] and not app.testing:
        log.warning("FORUM_RATE_LIMITS=off: every rate limit is off. Use this for load tests only.")
    # Everything built so far (modules, templates, word lists, the app) lives as long as the
    # process: keep it out of the garbage collector's full scans, which a page's few thousand
    # new objects otherwise set off every few requests (about a third of a page's time). Not in
    # tests: they build an app per test, and frozen objects are never collected.
    # The screening's word lists and word models are read here too, rather than by the first
    # post or chat message (a pause of a few hundred milliseconds for whoever sends first).
    if not app.testing:
        if serving:
            with app.app_context():
                assess.warm_up()
        gc.freeze()
        collect_fully_less_often()
    return app


FULL_COLLECTION_AFTER = 100  # middle-generation collections before a full one (Python's: 10)


def collect_fully_less_often() -> None:
    """A full garbage collection walks every object the process holds; with a thousand chat
    connections that is 0.1 to 0.25 s in which no connection is served (a 1,000-member run of
    bench/chat.py had three, one of 233 ms while messages flowed; with this, none, and less
    than half the time spent collecting). Full collections are made ten times rarer; the young
    and middle generations are collected as before, and an event leaves little cyclic garbage
    (chat/events.py drops the one cycle Flask left per event)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


def _trust_proxies(app: Flask) -> None:
    """Behind FORUM_TRUSTED_PROXIES hops, read the client's address, scheme and host from their
    X-Forwarded-* headers; outermost, so chat's origin check and rate limits see them too."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=_migrations_dir(), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    csrf_tokens.init_app(app)  # after CSRFProtect: its templates' csrf_token() kept per session
    limiter.init_app(app)
    freshness.init_app(app)
    pagecache.init_app(app)
    page_layouts.init_app(app)
    socketio.init_app(app, async_mode=app.config["FORUM_ASYNC_MODE"],
                      client_manager=message_queue(app),
                      # None means "same origin as the page" in engineio; an empty list would
                      # switch the origin check off, so never pass [] or "*".
                      cors_allowed_origins=app.config["ALLOWED_ORIGINS"] or None,
                      max_http_buffer_size=16 * 1024,
                      json=encoded)  # shared join answers encoded once (services/chat/encoded)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            embedded_database.configure(db.engine)


def _migrations_dir() -> str:
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def _register_blueprints(app: Flask) -> None:
    for blueprint in (pages_bp, auth_bp, boards_bp, community_bp, chat.bp, moderation.bp,
                      crisis.bp, recovery_bp, spaces_bp, api_bp):
        app.register_blueprint(blueprint)
