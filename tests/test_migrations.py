"""The migrations build, on an empty database, exactly the schema the models describe.

When a model changes without a migration, test_upgrade_on_an_empty_database_matches_the_models
fails and prints the difference; `forum db migrate -m "..."` writes the missing revision (read
migrations/README).
"""
import re
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import Index, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import Column, CreateIndex

from forum import create_app
from forum import config as forum_config
from forum.extensions import db
from forum.models import User
from forum.models.reading import is_search_table
from tempdb import fresh_postgres_database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path):
    """An empty database: a new SQLite file, or a new database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    services = request.getfixturevalue("services")
    with fresh_postgres_database(services.database_url, "forum_migrations") as url:
        yield url


@pytest.fixture
def migrating_app(tmp_path, empty_database_url):
    """An app on the empty database, inside an app context; nothing created yet."""
    app = create_app(forum_config.TestConfig(str(tmp_path / "instance"), empty_database_url))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _expression_indexes() -> list[Index]:
    """Expression indexes SQLite builds (not those made for PostgreSQL only, such as search)."""
    return [index for table in db.metadata.sorted_tables for index in table.indexes
            if any(not isinstance(expr, Column) for expr in index.expressions)
            and getattr(index._ddl_if, "dialect", None) in (None, "sqlite")]


def _declared_name(name, type_, _parent_names) -> bool:
    """Leave out SQLite's full-text tables: the models build them with DDL, not as tables."""
    return not (type_ == "table" and is_search_table(name))


def _sqlite_expression_index_diff(conn) -> list:
    """SQLite cannot reflect expression indexes, so compare their stored CREATE statements."""
    rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    stored = {name: sql for name, sql in rows}
    diff = []
    for index in _expression_indexes():
        wanted = str(CreateIndex(index).compile(dialect=conn.dialect)).strip()
        found = stored.get(index.name)
        if found is None:
            diff.append(("add_index", index))
        elif " ".join(found.split()) != " ".join(wanted.split()):
            diff.append(f"~ index {index.name}: database {found!r}, models {wanted!r}")
    return diff


def schema_diff() -> list:
    """What the models have that the migrated database lacks, or the other way round."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_name": _declared_name})
        if conn.dialect.name != "sqlite":
            return compare_metadata(context, db.metadata)
        with warnings.catch_warnings():
            # SQLAlchemy and Alembic warn that SQLite cannot reflect expression indexes; those
            # are compared from sqlite_master just below instead, so nothing goes unchecked.
            warnings.filterwarnings("ignore", message=".*expression-based index")
            diff = compare_metadata(context, db.metadata)
        return diff + _sqlite_expression_index_diff(conn)


def describe(entry) -> str:
    """One readable line for an entry of compare_metadata's diff."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, list):  # modify_* entries come grouped per column
        return "\n".join(describe(item) for item in entry)
    kind, *rest = entry
    sign = {"add": "+ in models, not in database:", "remove": "- in database, not in models:"}
    verb, _, what = kind.partition("_")
    if kind.startswith("modify_"):
        _schema, table, column, _existing, old, new = rest
        return f"~ {table}.{column} {what}: database {old!r}, models {new!r}"
    if what == "column":
        _schema, table, column = rest
        return f"{sign[verb]} column {table}.{column.name} {column.type}"
    if what == "table":
        return f"{sign[verb]} table {rest[0].name}"
    item = rest[0]
    table = getattr(getattr(item, "table", None), "name", "?")
    return f"{sign.get(verb, kind)} {what} {getattr(item, 'name', item)} on {table}"


def assert_schema_matches_models(after: str = "upgrade") -> None:
    """Fail with a readable list of differences between the models and the database."""
    diff = schema_diff()
    if diff:
        pytest.fail(
            f"After {after}, the migrations and the models differ on {db.engine.dialect.name}. "
            "Write or mend the migration (forum db migrate -m '...'; see migrations/README), "
            "read it, and commit it.\n"
            + "\n".join(describe(entry) for entry in diff), pytrace=False)


def test_upgrade_on_an_empty_database_matches_the_models(migrating_app):
    upgrade()
    assert_schema_matches_models()


def test_every_downgrade_then_upgrade_restores_the_schema(migrating_app):
    """Step down one revision at a time, to base, and back up each time.

    A downgrade that loses something (on SQLite a batch table copy drops expression indexes such
    as uq_users_handle_lower) shows up as a difference after the next upgrade.
    """
    upgrade()
    for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions():
        with warnings.catch_warnings():
            # Let a lossy SQLite table copy happen, so the comparison below can name the loss.
            warnings.filterwarnings("ignore", message=".*expression-based index")
            downgrade(revision=script.down_revision or "base")
        if script.down_revision is None:
            assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
        upgrade()
        assert_schema_matches_models(f"downgrading {script.revision} and upgrading again")


def test_migrated_handles_are_unique_regardless_of_case(migrating_app):
    upgrade()
    db.session.add(User(handle="SamRiver", password_hash="x"))
    db.session.commit()
    db.session.add(User(handle="samriver", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_one_head_and_no_model_imports():
    scripts = ScriptDirectory(str(MIGRATIONS))
    assert len(scripts.get_heads()) == 1, f"migration branches to merge: {scripts.get_heads()}"
    for path in (MIGRATIONS / "versions").glob("*.py"):
        # A migration describes the schema at one moment; the models move on without it.
        assert not re.search(r"^\s*(from|import)\s+forum\b", path.read_text(), re.M), path.name
