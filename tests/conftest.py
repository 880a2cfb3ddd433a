"""Fixtures built from the app factory: app, client, personas, auth (pages) and api (JSON).

The suite runs on a fresh SQLite file per test by default. With TEST_DATABASE_URL set (PostgreSQL
in CI) it makes a fresh database on that server for the run, empties it after every test, and
drops it at the end. Tests that need PostgreSQL or Redis
themselves use the `services` fixture: skipped when they are not configured, and failed instead
when FORUM_REQUIRE_SERVICES=1 (CI's second run), so a skip can never pass for a green run.
"""
import copy as copy_module
import os
import shutil
import weakref
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_sqlalchemy import SQLAlchemy
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy.util import LRUCache
from werkzeug.routing import Rule

from forum import create_app
from forum.config import TestConfig
from forum.extensions import db
from forum.services.accounts.members import create_account
from forum.services.seeding import seed_defaults

from clients import Api, Auth
from tempdb import fresh_postgres_database
from personas import PASSWORD, PERSONA_HANDLES, PERSONAS
from saved_rows import empty_postgresql, restore_rows, saved_rows



def _require_env(name: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    message = f"{name} is not set: this test needs the real service"
    if os.environ.get("FORUM_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): one worker more than there are cores, at most four
    (--maxprocesses). A third of the suite waits rather than computes (browser pages, servers
    started in subprocesses, a killed process's restart, SQLite's lock timeouts), so on a 2-core
    machine a third worker keeps both cores busy while one test waits."""
    return (os.cpu_count() or 1) + 1


# The fixtures through which a test reaches the run's database or Redis, and the parameters that
# choose PostgreSQL in the fixtures that pick their database themselves (request.getfixturevalue).
_SERVICE_FIXTURE = "run_database_url"
_SERVICE_PARAMS = {"postgresql", "postgresql+redis"}


def _reaches_services(item) -> bool:
    if _SERVICE_FIXTURE in getattr(item, "fixturenames", ()):
        return True
    params = getattr(getattr(item, "callspec", None), "params", {})
    return any(value in _SERVICE_PARAMS for value in params.values() if isinstance(value, str))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """CI's second run (FORUM_SERVICE_TESTS_ONLY=1) is the suite against PostgreSQL and Redis:
    a test that reaches neither (no database fixture, or the SQLite twin of a test that runs on
    both) behaves there exactly as it did in the first run, so it is left out, not run twice."""
    if os.environ.get("FORUM_SERVICE_TESTS_ONLY") != "1":
        return
    kept = [item for item in items if _reaches_services(item)]
    left_out = [item for item in items if not _reaches_services(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@dataclass
class Services:
    """Addresses of the real PostgreSQL and Redis for tests that need them."""

    database_url: str
    redis_url: str


@pytest.fixture
def services(run_database_url) -> Services:
    """PostgreSQL and Redis for tests that need them: this run's own database on the
    TEST_DATABASE_URL server (the one the `app` fixture uses), and TEST_REDIS_URL."""
    _require_env("TEST_DATABASE_URL")
    return Services(run_database_url, _require_env("TEST_REDIS_URL"))


@pytest.fixture(scope="session")
def run_database_url():
    """With TEST_DATABASE_URL: a fresh database on that server for this whole run, dropped at
    the end, so runs that overlap (several developers, CI) never share tables."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield None
        return
    with fresh_postgres_database(server, "forum_run") as url:
        _RUN_DATABASE.append(url)
        try:
            yield url
        finally:
            for engine in _SHARED_ENGINES.values():  # no connection may outlive the database
                engine.dispose()


_RUN_DATABASE: list[str] = []
_SHARED_ENGINES: dict[tuple, object] = {}


def _share_engines_and_statements() -> None:
    """Every test builds an app, and each app would make its own engine: new connections, and
    every statement compiled again (SQLAlchemy's statement cache lives in the engine; a quarter
    of a page test's time). On PostgreSQL every test uses the run's one database: apps on it
    with the same engine options share one engine per test process, and each test still gets
    an emptied database and a session of its own (the `make_app` fixture). A database a test
    makes and drops for itself keeps engines of its own. On SQLite each test's database is a
    file of its own, so an engine of its own, sharing one statement cache (_SameSQLite)."""
    make_engine = SQLAlchemy._make_engine

    def shared(self, bind_key, options, app):
        url = str(options.get("url"))
        if url.startswith("sqlite"):
            return _with_shared_statements(make_engine(self, bind_key, options, app))
        if not _RUN_DATABASE or url != _RUN_DATABASE[0]:
            return make_engine(self, bind_key, options, app)
        key = (bind_key, url, repr(sorted((k, v) for k, v in options.items() if k != "url")))
        if key not in _SHARED_ENGINES:
            _SHARED_ENGINES[key] = make_engine(self, bind_key, options, app)
        return _SHARED_ENGINES[key]

    SQLAlchemy._make_engine = shared


_share_engines_and_statements()


class _SameSQLite:
    """On SQLite every test has a database file of its own, so an engine of its own, and
    SQLAlchemy keys its statement cache by the engine's dialect object: every test compiled
    every statement again. Every SQLite engine of a test process has the same dialect settings
    (pysqlite, one SQLite library, the options of engine_options()), so here they share one
    statement cache, keyed by what the dialect is rather than by which object it is."""

    cache = LRUCache(5000)

    @staticmethod
    def key(dialect) -> tuple:
        return (type(dialect), dialect.paramstyle, dialect.server_version_info,
                dialect.isolation_level, dialect.label_length, dialect.supports_native_boolean)


class _SharedStatements(dict):
    """The engine's statement cache, as a view on _SameSQLite.cache with the dialect in each
    key replaced by what it is."""

    def __init__(self, dialect):
        super().__init__()
        self.dialect = dialect

    def _key(self, key):
        return (_SameSQLite.key(key[0]),) + tuple(key[1:]) if key[0] is self.dialect else None

    def get(self, key, default=None):
        shared = self._key(key)
        return default if shared is None else _SameSQLite.cache.get(shared, default)

    def __setitem__(self, key, value):
        shared = self._key(key)
        if shared is not None:
            _SameSQLite.cache[shared] = value


def _with_shared_statements(engine):
    engine._compiled_cache = _SharedStatements(engine.dialect)
    return engine


@pytest.fixture
def database_url(tmp_path, run_database_url) -> str:
    """The database for one test: this run's PostgreSQL database, else a fresh SQLite file."""
    return run_database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _empty_database() -> None:
    """Empty the run's shared PostgreSQL database for the next test. A SQLite database is a file
    of this test's own (tmp_path), thrown away with it: dropping its tables would only cost time."""
    if db.engine.dialect.name == "postgresql":
        empty_postgresql()


_SHARED_SCHEMA_READY: list[bool] = []


def _prepare_shared_schema(app) -> None:
    """On PostgreSQL, build the run's database schema once; each test empties the tables."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql" or _SHARED_SCHEMA_READY:
            return
        db.create_all()
        _SHARED_SCHEMA_READY.append(True)


@pytest.fixture
def make_app(tmp_path, database_url):
    """Build an app for this test's database; several may share it (two "servers")."""
    apps = []

    def build(**overrides):
        config = TestConfig(str(tmp_path / "instance"), database_url)
        for key, value in overrides.items():
            setattr(config, key, value)
        app = create_app(config)
        app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
        apps.append(app)
        _prepare_shared_schema(app)
        return app

    yield build
    if apps:
        with apps[0].app_context():
            db.session.remove()
            _empty_database()
    for app in apps:
        with app.app_context():
            db.session.remove()
            if db.engine not in _SHARED_ENGINES.values():  # a shared one keeps its connections
                db.engine.dispose()




def _remember_url_builders() -> None:
    """Every test builds an app, and Werkzeug compiles two URL builders for each of its ~150
    rules (Python source, parsed and compiled: most of the cost of building an app). The code it
    compiles depends only on the rule's text, its parts, defaults and converters, so within the
    test process a builder compiled once serves every later app's same rule; each call is still
    bound to its own rule. Tests only: the forum itself builds one app per process."""
    compile_builder = Rule._compile_builder
    compiled: dict[tuple, object] = {}

    def remembered(rule: Rule, append_unknown: bool = True):
        try:
            key = (rule.rule, tuple(rule._trace), append_unknown,
                   tuple(sorted((name, repr(value)) for name, value in (rule.defaults or {})
                                .items())),
                   tuple((name, type(converter), getattr(converter, "regex", None))
                         for name, converter in rule._converters.items()))
        except (AttributeError, TypeError):  # another Werkzeug: compile as it does
            return compile_builder(rule, append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(rule, append_unknown)
        return compiled[key]

    Rule._compile_builder = remembered


def _remember_parsed_rules() -> None:
    """Parsing a rule's text into its parts (the rest of building an app's URL map) also depends
    only on the text, the map's converters and its slash and host settings: parsed once per
    test process, each later app's rule takes a copy of the parts, with converters of its own
    bound to its own map, and its builders as compile() would set them."""
    compile_rule = Rule.compile
    parsed: dict[tuple, tuple] = {}

    def remembered(rule: Rule) -> None:
        known = rule.map
        key = (type(rule), rule.rule, known.host_matching, rule.host, rule.subdomain,
               rule.merge_slashes, tuple(sorted(known.converters.items())))
        if key not in parsed:
            before = set(rule.arguments)
            compile_rule(rule)
            parsed[key] = (tuple(rule._parts), tuple(rule._trace), rule._converters,
                           set(rule.arguments) - before)
            return
        parts, trace, converters, arguments = parsed[key]
        rule._parts = list(parts)
        rule._trace = list(trace)
        rule._converters = {}
        for name, converter in converters.items():
            rule._converters[name] = copy_module.copy(converter)
            rule._converters[name].map = known
        rule.arguments.update(arguments)
        rule._build = rule._compile_builder(False).__get__(rule, None)
        rule._build_unknown = rule._compile_builder(True).__get__(rule, None)

    Rule.compile = remembered


_remember_url_builders()
_remember_parsed_rules()


class _CompiledTemplates(BytecodeCache):
    """Every test builds an app, and each app's Jinja environment would parse and compile each
    template it renders again (a sixth of a page test's time). Jinja's bytecode cache hands a
    template's compiled code to every environment in the test process, checked against the
    template's source, so an app still renders exactly what its own compilation would."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite database with the schema and the default boards, rooms and spaces, built once
    per test process: each test's `app` starts from a copy of the file (a millisecond) rather
    than running the schema's DDL and the seeding again."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = create_app(TestConfig(str(folder / "instance"), f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        seed_defaults()
        db.session.remove()
        db.engine.dispose()  # the last connection checkpoints the log into the file
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        assert not leftover.exists() or leftover.stat().st_size == 0, leftover
    return path


@pytest.fixture(scope="session")
def persona_template(sqlite_template, tmp_path_factory) -> Path:
    """The template above with every persona's account made, as the `personas` fixture makes
    them: a test that asks for personas starts from a copy of this file instead of making six
    accounts (hashing, recovery codes, handle checks: a fifth of a page test's time)."""
    folder = tmp_path_factory.mktemp("persona_template")
    path = folder / "personas.sqlite3"
    shutil.copyfile(sqlite_template, path)
    app = create_app(TestConfig(str(folder / "instance"), f"sqlite:///{path}"))
    with app.app_context():
        _create_personas()
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def app(make_app, database_url, request):
    """The forum with its schema, default boards and nothing else; and with every persona's
    account when the test asks for personas (made here from a copy, so `personas` need not)."""
    with_personas = "personas" in request.fixturenames
    if database_url.startswith("sqlite:///"):
        template = "persona_template" if with_personas else "sqlite_template"
        shutil.copyfile(request.getfixturevalue(template), database_url.removeprefix("sqlite:///"))
        app = make_app()
    else:
        app = make_app()
        if with_personas not in _SEEDED_ROWS:
            # as on SQLite, a copy of what seeding (and the personas) made for this process
            with app.app_context():
                seed_defaults()
                if with_personas:
                    _create_personas()
            _SEEDED_ROWS[with_personas] = saved_rows(app)
        else:
            restore_rows(app, _SEEDED_ROWS[with_personas], empty=True)
    if with_personas:
        _APPS_WITH_PERSONAS.add(app)
    return app


_SEEDED_ROWS: dict[bool, dict] = {}  # with personas or without: the rows a test starts from
_APPS_WITH_PERSONAS: "weakref.WeakSet" = weakref.WeakSet()


def _create_personas() -> None:
    for persona, role in PERSONAS.items():
        create_account(PASSWORD, PERSONA_HANDLES[persona], role)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory, run_database_url, sqlite_template):
    """Worlds built once per module: built_once(build) runs build(app, api) on a forum of its
    own (the default boards and every persona) the first time, and answers what it returned
    with the rows it left; `copy_of` puts those rows into each test's database, so a test sees
    exactly what a fresh build would have made and changes nothing another test sees."""
    built = {}

    def build_once(build):
        if build not in built:
            built[build] = _build_apart(build, tmp_path_factory.mktemp("built"),
                                        run_database_url, sqlite_template)
        return built[build]

    return build_once


def _build_apart(build, folder: Path, run_database_url, sqlite_template):
    """build(app, api) on a database of its own; answer its result and the rows it left."""
    if not run_database_url:
        path = folder / "built.sqlite3"
        shutil.copyfile(sqlite_template, path)
        return _build_on(build, folder, f"sqlite:///{path}")
    with fresh_postgres_database(run_database_url, "forum_built") as url:
        return _build_on(build, folder, url)


def _build_on(build, folder: Path, database_url: str):
    app = create_app(TestConfig(str(folder / "instance"), database_url))
    try:
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                db.create_all()
                seed_defaults()
            _create_personas()
        result = build(app, Api(app, dict(PERSONA_HANDLES)))
        return result, saved_rows(app)
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def copy_of(app, personas, built_once):
    """copy_of(build): this test's database made a copy of what build(app, api) makes (see
    built_once); answer what build returned."""
    def copy(build):
        result, rows = built_once(build)
        restore_rows(app, rows)
        return copy_module.deepcopy(result)  # a test that changes it changes only its own

    return copy


@pytest.fixture
def client(app):
    """A browser-like test client (cookies kept between requests)."""
    return app.test_client()


@pytest.fixture
def personas(app) -> dict[str, str]:
    """Every persona's account (made by the `app` fixture from its template); answer
    {persona: handle}. All share the password PASSWORD."""
    if app not in _APPS_WITH_PERSONAS:
        with app.app_context():
            _create_personas()
    return dict(PERSONA_HANDLES)


@pytest.fixture
def auth(client, personas) -> Auth:
    """Page-level sign-in for the `client` fixture."""
    return Auth(client, personas)


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

