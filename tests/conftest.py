"""Fixtures built from the app factory: app, client, personas, auth (pages) and api (JSON).

The suite runs on a fresh SQLite file per test by default. With TEST_DATABASE_URL set it runs on
that database (PostgreSQL in CI), emptied after every test. Tests that need PostgreSQL or Redis
themselves use the `services` fixture: skipped when they are not configured, and failed instead
when FORUM_REQUIRE_SERVICES=1 (CI's second run), so a skip can never pass for a green run.
"""
import os
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from forum import create_app
from forum.config import TestConfig
from forum.extensions import db
from forum.models import Role
from forum.services.accounts import create_account
from forum.services.seeding import seed_defaults

PASSWORD = "a long enough passphrase 42"
PERSONAS = {
    "newcomer": Role.MEMBER,  # Nell, who joined tonight
    "member": Role.MEMBER,  # Sam, a regular
    "mentor": Role.MENTOR,  # Pat, a peer mentor
    "moderator": Role.MODERATOR,  # Mo
    "admin": Role.ADMIN,  # Ada
    "troll": Role.MEMBER,  # Tro, who tests the boundaries
}
PERSONA_HANDLES = {"newcomer": "Nell", "member": "SamRiver", "mentor": "PatMentor",
                   "moderator": "MoKeeper", "admin": "AdaGarden", "troll": "TroBridge"}


def _require_env(name: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    message = f"{name} is not set: this test needs the real service"
    if os.environ.get("FORUM_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class Services:
    """Addresses of the real PostgreSQL and Redis for tests that need them."""

    database_url: str
    redis_url: str


@pytest.fixture
def services() -> Services:
    """PostgreSQL and Redis addresses (TEST_DATABASE_URL, TEST_REDIS_URL)."""
    return Services(_require_env("TEST_DATABASE_URL"), _require_env("TEST_REDIS_URL"))


@pytest.fixture
def database_url(tmp_path) -> str:
    """The database for one test: TEST_DATABASE_URL, else a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _empty_database() -> None:
    if db.engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    else:
        db.drop_all()


@pytest.fixture
def make_app(tmp_path, database_url):
    """Build an app for this test's database; several may share it (two "servers")."""
    apps = []

    def build(**overrides):
        config = TestConfig(str(tmp_path / "instance"), database_url)
        for key, value in overrides.items():
            setattr(config, key, value)
        app = create_app(config)
        apps.append(app)
        return app

    yield build
    if apps:
        with apps[0].app_context():
            db.session.remove()
            _empty_database()
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


_SHARED_SCHEMA_READY: list[bool] = []


@pytest.fixture
def app(make_app):
    """The forum with its schema, default boards and nothing else."""
    app = make_app()
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        elif not _SHARED_SCHEMA_READY:
            # Build the shared database's schema once per run; each test empties it afterwards.
            db.drop_all()
            db.create_all()
            _SHARED_SCHEMA_READY.append(True)
        seed_defaults()
    return app


@pytest.fixture
def client(app):
    """A browser-like test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def personas(app) -> dict[str, str]:
    """Create every persona; answer {persona: handle}. All share the password PASSWORD."""
    with app.app_context():
        for persona, role in PERSONAS.items():
            create_account(PASSWORD, PERSONA_HANDLES[persona], role)
    return dict(PERSONA_HANDLES)


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_FIELD.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Auth:
    """Log a test client in and out through the real pages, as a person would."""

    def __init__(self, client, personas):
        self.client, self.personas = client, personas

    def login(self, persona: str = "member", password: str = PASSWORD):
        """Log in as a persona (or a raw handle) through /login."""
        handle = self.personas.get(persona, persona)
        page = self.client.get("/login")
        return self.client.post("/login", data={
            "handle": handle, "password": password, "csrf_token": csrf_token_from(page.text)})

    def logout(self):
        """Log out through the form in the page header."""
        page = self.client.get("/me")
        return self.client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})

    def csrf(self, path: str = "/") -> str:
        """A CSRF token for this client's session, read from a page's form."""
        return csrf_token_from(self.client.get(path).text)


@pytest.fixture
def auth(client, personas) -> Auth:
    """Page-level sign-in for the `client` fixture."""
    return Auth(client, personas)


class Api:
    """Call the JSON API as a persona with a bearer token from POST /api/v1/tokens."""

    def __init__(self, app, personas):
        self.client, self.personas, self._tokens = app.test_client(), personas, {}

    def token(self, persona: str, password: str = PASSWORD) -> str:
        """A bearer token for the persona (or raw handle), fetched once."""
        if persona not in self._tokens:
            handle = self.personas.get(persona, persona)
            answer = self.client.post("/api/v1/tokens", json={"handle": handle, "password": password})
            assert answer.status_code == 201, answer.json
            self._tokens[persona] = answer.json["token"]
        return self._tokens[persona]

    def call(self, method: str, path: str, persona: str | None = None, **kwargs):
        """Send a request to /api/v1 + path, signed in as the persona if given."""
        headers = kwargs.pop("headers", {})
        if persona is not None:
            headers["Authorization"] = f"Bearer {self.token(persona)}"
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def get(self, path, persona=None, **kw):
        return self.call("GET", path, persona, **kw)

    def post(self, path, persona=None, **kw):
        return self.call("POST", path, persona, **kw)

    def patch(self, path, persona=None, **kw):
        return self.call("PATCH", path, persona, **kw)

    def delete(self, path, persona=None, **kw):
        return self.call("DELETE", path, persona, **kw)


@pytest.fixture
def api(app, personas) -> Api:
    """JSON API calls as any persona."""
    return Api(app, personas)


@pytest.fixture
def chat(app, api):
    """Open /chat Socket.IO test connections as personas: chat("member") -> connected client."""
    from forum.extensions import socketio

    clients = []

    def connect(persona: str, **kwargs):
        kwargs.setdefault("auth", {"token": api.token(persona)})
        connection = socketio.test_client(app, namespace="/chat", **kwargs)
        clients.append(connection)
        return connection

    yield connect
    for connection in clients:
        if connection.is_connected("/chat"):
            connection.disconnect(namespace="/chat")


def emit(connection, event: str, payload=None):
    """Emit on /chat and return the acknowledgement."""
    return connection.emit(event, payload, namespace="/chat", callback=True)


def received(connection, name: str) -> list:
    """The payloads of the events of this name a connection received since last asked."""
    events = connection.get_received("/chat")
    # The test client unwraps a single argument that is a dict; a list means several arguments.
    return [e["args"] if isinstance(e["args"], dict) else e["args"][0]
            for e in events if e["name"] == name]
