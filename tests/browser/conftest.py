"""Browser fixtures: the forum served on a free loopback port, headless Chromium, and axe.

`live_server` runs the real app (TestConfig, a fresh SQLite file) in a background thread, with
the default boards and a few personas. `browser` is one headless Chromium for the session. When
Chromium is missing the browser tests skip, except with FORUM_REQUIRE_BROWSER=1 (CI), where they
fail: a skipped browser run must never pass for a green one.
"""
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from forum import create_app
from forum.config import TestConfig
from forum.extensions import db
from forum.services.accounts.members import create_account
from forum.services.seeding import seed_defaults

from personas import PASSWORD, PERSONA_HANDLES, PERSONAS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    """Everything under tests/browser drives Chromium: mark it, so `-m "not browser"` leaves it
    out even where a module forgets its own pytestmark."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


# --- the forum, served --------------------------------------------------------------------

class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without a log line per request (errors still reach the log)."""

    def log_request(self, code="-", size="-"):
        pass


@dataclass
class LiveServer:
    """The forum served at `url`, with its app for seeding data in an app context."""

    app: Flask
    url: str
    personas: dict[str, str]

    @contextmanager
    def app_context(self) -> Iterator[None]:
        """An app context on the server's database, for calling services directly."""
        with self.app.app_context():
            try:
                yield
            finally:
                db.session.remove()

    def handle(self, persona: str) -> str:
        """The handle of a persona (tests/personas.py: newcomer, member, mentor, moderator...)."""
        return self.personas[persona]

    def api_post(self, persona: str, path: str, body: dict) -> dict:
        """POST JSON to /api/v1 + path as a persona (in process, same database); expect a 201."""
        client = self.app.test_client()
        token = client.post("/api/v1/tokens", json={"handle": self.handle(persona),
                                                    "password": PASSWORD}).json["token"]
        answer = client.post("/api/v1" + path, json=body,
                             headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 201, (path, answer.status_code, answer.json)
        return answer.json


def _build_app(tmp_path: Path) -> Flask:
    config = TestConfig(str(tmp_path / "instance"), f"sqlite:///{tmp_path / 'live.sqlite3'}")
    app = create_app(config)
    with app.app_context():
        # A throwaway database needs no fsync per commit; the XSS test writes thousands of posts.
        event.listen(db.engine, "connect", _no_fsync)
        db.create_all()
        seed_defaults()
        for persona, role in PERSONAS.items():
            create_account(PASSWORD, PERSONA_HANDLES[persona], role)
        db.session.remove()
    return app


def _no_fsync(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@contextmanager
def serving(wsgi_app) -> Iterator[str]:
    """Serve a WSGI app on a free 127.0.0.1 port from a background thread; yield its URL."""
    server: BaseWSGIServer = make_server("127.0.0.1", 0, wsgi_app, threaded=True,
                                         request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture
def live_server(tmp_path) -> Iterator[LiveServer]:
    """The forum on a free 127.0.0.1 port, served from a background thread until the test ends."""
    app = _build_app(tmp_path)
    try:
        with serving(app) as url:
            yield LiveServer(app, url, dict(PERSONA_HANDLES))
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass
class PageServer:
    """Serves `pages` ({path: html}) exactly as given, with no CSP; 404 for anything else."""

    url: str
    pages: dict[str, str]


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    """A bare HTTP server for hand-made pages (the XSS detector's positive control)."""
    pages: dict[str, str] = {}

    def app(environ, start_response):
        body = pages.get(environ.get("PATH_INFO", ""))
        status = "200 OK" if body is not None else "404 Not Found"
        data = (body if body is not None else "not found").encode("utf-8")
        start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                                ("Content-Length", str(len(data)))])
        return [data]

    with serving(app) as url:
        yield PageServer(url, pages)


# --- Chromium -----------------------------------------------------------------------------

def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"Chromium is not installed at {CHROMIUM}: the browser tests cannot run"
    if os.environ.get("FORUM_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (FORUM_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def keep_on_loopback(context, origin: str) -> None:
    """Abort every request that is not for `origin`: the tests never touch the network.

    The pattern matches only other addresses, so the origin's own requests never wait on Python.
    """
    prefix = re.escape(origin.rstrip("/") + "/")
    context.route(re.compile(f"^(?!{prefix})"), lambda route: route.abort())


@pytest.fixture
def offline_context(browser):
    """Make browser contexts that reach only one origin: offline_context(origin, **options)."""
    contexts = []

    def make(origin: str, **options):
        context = browser.new_context(**options)
        keep_on_loopback(context, origin)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_context(live_server, offline_context):
    """Make browser contexts for the live server; they close before the server stops."""
    def make(**options):
        return offline_context(live_server.url, base_url=live_server.url, **options)

    return make


@pytest.fixture
def log_in():
    """Sign a page in through /login: log_in(page, handle)."""
    return sign_in


def sign_in(page, handle: str, password: str = PASSWORD) -> None:
    """Sign in through /login as a person would, and wait until the forum has answered."""
    page.goto("/login")
    form = page.locator('form[action$="/login"]')
    form.locator('input[name="handle"]').fill(handle)
    form.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        form.get_by_role("button", name="Log in").click()
    assert "/login" not in page.url, f"logging in as {handle} failed: {page.url}"


# --- accessibility (axe-core) --------------------------------------------------------------

@pytest.fixture
def a11y_context(new_context):
    """Make contexts for axe runs: bypass_csp=True, and only for these contexts.

    The forum's CSP (script-src 'self') rightly refuses a script added to the page, which is how
    axe (tests/browser/axe.py) gets in. Bypassing it changes nothing axe measures.
    """
    def make(**options):
        return new_context(bypass_csp=True, **options)

    return make
