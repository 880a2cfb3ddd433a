"""The `forum` command: run the server, migrate, seed and manage members."""
import os
import signal
import sys
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from forum import backups, create_app, serving
from forum.config import Config, WeakSecretKey
from forum.deployment import Finding, check_deployment
from forum.extensions import socketio
from forum.models import Role
from forum.resources import ResourcesError
from forum.services import NotFound, ValidationError
from forum.services.accounts.members import create_account, set_role
from forum.services.chat.rooms import set_facilitator
from forum.services.retention import purge_chat, purge_sessions
from forum.services.screening import assess
from forum.services.seeding import seed_defaults


def _create_app():
    """The app for a command; a configuration it cannot start with is one line, not a trace."""
    try:
        return create_app(serving=False)  # `forum run` serves from processes of their own
    except ResourcesError as error:
        raise click.ClickException(f"The forum can't start: {error}") from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def main() -> None:
    """Run and manage the recovery peer-support forum."""


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--dev", is_flag=True,
              help="Werkzeug's development server with the reloader and debugger (threading).")
@with_appcontext
def run_command(host: str, port: int, dev: bool) -> None:
    """Migrate and seed the database, then serve the site and chat.

    Plain `forum run` serves with gunicorn's gevent worker, exactly as production does
    (deploy/README.md); `--dev` is for working on the code.
    """
    upgrade()
    seed_defaults()
    if dev:
        _run_development_server(host, port)
    else:
        serving.exec_gevent_server(host, port)


def _run_development_server(host: str, port: int) -> None:
    """Werkzeug with the reloader and debugger, Socket.IO in threading mode."""
    # A service manager stops with SIGTERM: leave as cleanly as after Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    click.echo(f"The forum (development server) is at {serving.open_address(host, port)} "
               "(Ctrl+C stops it).")
    # Flask sets this for every CLI command, and app.run() then refuses to serve; this command
    # is the server, so it must.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    app = current_app._get_current_object()
    app.debug = True
    assess.warm_up()  # this process serves: read the screening's models before anyone posts
    socketio.run(app, host=host, port=port, debug=True, use_reloader=True,
                 allow_unsafe_werkzeug=True)


@main.command("check", with_appcontext=False)
@click.option("--processes", type=click.IntRange(min=1), envvar="FORUM_PROCESSES", default=1,
              show_default=True, help="How many server processes will run (FORUM_PROCESSES).")
def check_command(processes: int) -> None:
    """Report what this deployment is missing; exit 1 if something is wrong."""
    weak_key = None
    try:
        app = create_app(serving=False)
    except WeakSecretKey as refused:  # report it with the rest rather than stop here
        weak_key = refused
        app = create_app(_ReportingConfig(Flask("forum", instance_relative_config=True)
                                          .instance_path), serving=False)
    except ResourcesError as error:
        raise click.ClickException(f"The forum can't start: {error}") from None
    with app.app_context():
        findings = check_deployment(app, processes, not os.environ.get("SECRET_KEY"))
    if weak_key is not None and not any("SECRET_KEY" in f.message and f.level == "problem"
                                        for f in findings):
        findings.insert(0, Finding("problem", str(weak_key)))
    for finding in findings:
        click.echo(finding.line())
    problems = sum(f.level == "problem" for f in findings)
    click.echo(f"{problems} problem(s) found." if problems else "Nothing is missing.")
    if problems:
        sys.exit(1)


class _ReportingConfig(Config):
    """The configuration as the server would read it, built even with a weak key (to report)."""

    DEBUG = True


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    """Back the database up to PATH while the forum runs (SQLite: online backup; PostgreSQL:
    pg_dump, custom format)."""
    try:
        click.echo(backups.backup(path))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None


@main.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def restore_command(path: str) -> None:
    """Restore a backup made by `forum backup` into an empty database (a non-empty one is
    refused)."""
    try:
        click.echo(backups.restore(path))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None


def counted(number: int, thing: str) -> str:
    """A count as people say it: "1 chat message", "3 chat messages", "0 chat messages"."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


@main.command("seed")
@with_appcontext
def seed_command() -> None:
    """Add the default boards, chat rooms and boundary rules that are missing (idempotent)."""
    added = seed_defaults()
    click.echo(f"Added {counted(added, 'missing default')}.")


@main.command("purge")
@with_appcontext
def purge_command() -> None:
    """Delete chat messages older than FORUM_CHAT_RETENTION_DAYS (default 90) and the records of
    sessions that ended more than 30 days ago. Safe to run from cron, daily: running it again
    removes nothing more."""
    days = current_app.config["CHAT_RETENTION_DAYS"]
    messages = purge_chat(timedelta(days=days))
    sessions = purge_sessions()
    click.echo(f"Removed {counted(messages, 'chat message')} older than {days} days and "
               f"{counted(sessions, 'session record')} that ended more than 30 days ago.")


@main.group("users")
def users_group() -> None:
    """Create members and set their roles."""


ROLE_CHOICE = click.Choice([r.value for r in Role])


def _read_password() -> str:
    """The password: asked for twice, unseen, at a terminal; else the first line of stdin."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_group.command("create")
@click.option("--role", type=ROLE_CHOICE, default=Role.MEMBER.value, show_default=True)
@click.option("--handle", default=None, help="Choose a handle; one is generated otherwise.")
@with_appcontext
def users_create(role: str, handle: str | None) -> None:
    """Create a member; the password is read from standard input. Prints the handle.

    The recovery codes go to standard error, so standard output is the handle alone.
    """
    try:
        user, codes = create_account(_read_password(), handle, Role(role))
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    click.echo(user.handle)
    click.echo("Recovery codes (shown once; each sets a new password once):", err=True)
    click.echo("\n".join(codes), err=True)


@users_group.command("set-role")
@click.argument("handle")
@click.argument("role", type=ROLE_CHOICE)
@with_appcontext
def users_set_role(handle: str, role: str) -> None:
    """Give a member a role: member, mentor, moderator or admin."""
    try:
        user = set_role(handle, Role(role))
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{user.handle} is now {user.role}.")


@main.group("rooms")
def rooms_group() -> None:
    """Chat rooms: who facilitates the scheduled meetings."""


@rooms_group.command("facilitator")
@click.argument("room")
@click.argument("handle")
@click.option("--remove", is_flag=True, help="Stop this member facilitating the room.")
@with_appcontext
def rooms_facilitator(room: str, handle: str, remove: bool) -> None:
    """Name a peer mentor as a facilitator of a meeting room (or --remove them)."""
    try:
        found = set_facilitator(room, handle, facilitates=not remove)
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    except NotFound as error:
        raise click.ClickException(f"There is no room {room!r}.") from error
    names = ", ".join(f.handle for f in found.facilitators) or "nobody yet"
    click.echo(f"{found.name} is facilitated by: {names}.")


@main.group("spaces")
def spaces_group() -> None:
    """Restricted spaces: make one, and name its members and moderators."""


@spaces_group.command("create")
@click.argument("slug")
@click.argument("name")
@click.option("--description", default="", help="What the space is for (shown to everyone).")
@click.option("--no-room", is_flag=True, help="A board only, without a chat room.")
@with_appcontext
def spaces_create(slug: str, name: str, description: str, no_room: bool) -> None:
    """Make a restricted space (a board, and a room unless --no-room) for its members only."""
    from forum.services.spaces.spaces import create_space
    try:
        space = create_space(slug, name, description, with_room=not no_room)
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{space.board.name} is a restricted space now (/boards/{space.board.slug}).")


@spaces_group.command("set-role")
@click.argument("slug")
@click.argument("handle")
@click.argument("role", type=click.Choice(["member", "moderator", "none"]))
@with_appcontext
def spaces_set_role(slug: str, handle: str, role: str) -> None:
    """Make a member a space's member or moderator, or (none) take them out of it."""
    from forum.services.spaces.spaces import set_space_role
    try:
        space = set_space_role(slug, handle, None if role == "none" else role)
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    except NotFound as error:
        raise click.ClickException(f"There is no space {slug!r}.") from error
    click.echo(f"{handle} in {space.board.name}: {role}.")
