"""Alembic environment for Flask-Migrate: the app's engine and metadata, batch mode for SQLite."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import TypeDecorator

config = context.config
logger = logging.getLogger("alembic.env")

# Configure logging from alembic.ini only for a bare `forum db ...` run: inside the server or the
# test suite logging is already set up, and fileConfig would replace its handlers and silence
# every logger created before this point.
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

migrate_config = current_app.extensions["migrate"]
target_metadata = migrate_config.db.metadata


def render_item(type_, obj, autogen_context):
    """Render a column TypeDecorator (such as UTCDateTime) as the plain type it stores.

    A migration must not import the models: it describes the schema at one moment, and the
    models move on. The decorator only converts values in Python; the database sees its impl.
    """
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def process_revision_directives(context_, revision, directives):
    """Write no empty revision when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def include_name(name, type_, _parent_names) -> bool:
    """Autogenerate leaves SQLite's full-text tables alone: the models build them with DDL."""
    from forum.models.reading import is_search_table
    return not (type_ == "table" and is_search_table(name))


def _configure_args() -> dict:
    args = dict(migrate_config.configure_args)  # render_as_batch=True, from create_app()
    args.setdefault("process_revision_directives", process_revision_directives)
    args.setdefault("render_item", render_item)
    args.setdefault("compare_type", True)
    args.setdefault("include_name", include_name)
    return args


def run_migrations_offline() -> None:
    """Emit SQL for `forum db upgrade --sql` without connecting."""
    url = migrate_config.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      **_configure_args())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply migrations through the app's own engine."""
    with migrate_config.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          **_configure_args())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
