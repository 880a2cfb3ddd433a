"""The `forum` command (contract.md, "Running it"): migrate, seed, manage members, run."""
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, inspect, select

from forum import config as forum_config
from forum import create_app
from forum.cli import main
from forum.extensions import db
from forum.models import Board, User
from forum.screening import model
from forum.services.accounts.members import authenticate

from personas import PASSWORD
from servers import BIN, PROJECT, free_port, running, server_env

DEFAULT_BOARDS = 12  # the 11 discussion boards and the daily check-in board
SPACE_BOARDS = 2  # Women in recovery, LGBTQ+ in recovery: only their members see them


def invoke(app, *args, password: str | None = None):
    """Run `forum ARGS` against this app; `password` is what arrives on standard input."""
    runner = app.test_cli_runner()
    return runner.invoke(main, list(args), input=None if password is None else password + "\n")


@pytest.fixture
def fresh_app(tmp_path):
    """An app on a new, empty SQLite database: nothing migrated or seeded."""
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    app = create_app(forum_config.TestConfig(str(tmp_path / "instance"), url))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_db_upgrade_on_a_fresh_instance_creates_the_schema(fresh_app):
    result = invoke(fresh_app, "db", "upgrade")
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"alembic_version", "users", "boards", "threads", "posts"} <= tables


def test_seed_adds_the_defaults_once(fresh_app):
    assert invoke(fresh_app, "db", "upgrade").exit_code == 0
    first = invoke(fresh_app, "seed")
    assert first.exit_code == 0, first.output
    assert int(re.search(r"Added (\d+)", first.output).group(1)) >= DEFAULT_BOARDS
    again = invoke(fresh_app, "seed")
    assert again.exit_code == 0, again.output
    assert "Added 0 " in again.output
    with fresh_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Board)) == DEFAULT_BOARDS + SPACE_BOARDS


def _user(app, handle: str) -> User | None:
    with app.app_context():
        return db.session.scalar(select(User).where(func.lower(User.handle) == handle.lower()))


def test_users_create_reads_the_password_and_prints_the_handle(app):
    result = invoke(app, "users", "create", "--role", "moderator", "--handle", "MoNight",
                    password=PASSWORD)
    assert result.exit_code == 0, result.output
    assert result.stdout == "MoNight\n"  # recovery codes go to stderr: stdout is scriptable
    assert len(re.findall(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$", result.stderr, re.M)) == 10
    user = _user(app, "MoNight")
    assert user.role == "moderator"
    with app.app_context():
        assert authenticate("MoNight", PASSWORD) is not None


def test_users_create_generates_a_handle_when_none_is_given(app):
    result = invoke(app, "users", "create", password=PASSWORD)
    assert result.exit_code == 0, result.output
    handle = result.stdout.strip()
    assert re.fullmatch(r"[A-Za-z0-9_-]{3,32}", handle)
    assert _user(app, handle).role == "member"


@pytest.mark.parametrize("password, message", [
    ("short", "at least 10 characters"),
    ("", "at least 10 characters"),
])
def test_users_create_refuses_a_bad_password(app, password, message):
    result = invoke(app, "users", "create", "--handle", "Weakling", password=password)
    assert result.exit_code != 0
    assert message in result.stderr
    assert _user(app, "Weakling") is None


def test_users_create_refuses_a_taken_handle_whatever_its_case(app):
    assert invoke(app, "users", "create", "--handle", "SamRiver", password=PASSWORD).exit_code == 0
    result = invoke(app, "users", "create", "--handle", "samriver", password=PASSWORD)
    assert result.exit_code != 0
    assert "taken" in result.stderr
    assert result.stdout == ""


def test_users_set_role(app):
    invoke(app, "users", "create", "--handle", "PatMentor", password=PASSWORD)
    result = invoke(app, "users", "set-role", "patmentor", "mentor")
    assert result.exit_code == 0, result.output
    assert "PatMentor is now mentor." in result.stdout
    assert _user(app, "PatMentor").role == "mentor"


def test_users_set_role_refuses_an_unknown_handle_or_role(app):
    unknown = invoke(app, "users", "set-role", "NoSuchMember", "admin")
    assert unknown.exit_code != 0
    assert "No member has the handle" in unknown.stderr
    invoke(app, "users", "create", "--handle", "SamRiver", password=PASSWORD)
    bad_role = invoke(app, "users", "set-role", "SamRiver", "overlord")
    assert bad_role.exit_code != 0
    assert "overlord" in bad_role.stderr
    assert _user(app, "SamRiver").role == "member"


def test_default_database_is_sqlite_under_the_projects_instance_folder(monkeypatch):
    for name in [n for n in os.environ if n.startswith("FORUM_")] + ["DATABASE_URL", "REDIS_URL"]:
        monkeypatch.delenv(name, raising=False)
    # so nothing is written to instance/ (a key long and varied enough for a server to accept)
    monkeypatch.setenv("SECRET_KEY", "only-for-this-check-" + "k7Qz2LmP9xWv4RtY8sBn")
    app = create_app()
    expected = PROJECT / "instance" / "forum.sqlite3"
    assert Path(app.instance_path) == PROJECT / "instance"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected}"
    with app.app_context():
        assert db.engine.url.database == str(expected)


# `forum run` as a person would start it on a fresh machine.

def test_forum_run_on_a_fresh_machine_migrates_seeds_and_serves(tmp_path):
    port, database = free_port(), tmp_path / "server.sqlite3"
    command = [str(BIN / "forum"), "run", "--port", str(port)]
    with running(command, server_env(f"sqlite:///{database}"), port,
                 tmp_path / "forum-run.log") as server:
        home = requests.get(server.base_url + "/", timeout=10)
        assert home.status_code == 200, home.text[:500]
        boards = requests.get(server.base_url + "/api/v1/boards", timeout=10).json()["boards"]
        assert len(boards) == DEFAULT_BOARDS
        assert boards[0]["slug"] == "newcomers"
        with closing(sqlite3.connect(database)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert server.stop() == 0, server.log()
    assert f"The forum is at http://127.0.0.1:{port}/" in server.log()
    assert "FORUM_RATE_LIMITS=off" not in server.log()


def test_forum_run_warns_when_rate_limits_are_off(tmp_path):
    port = free_port()
    env = server_env(f"sqlite:///{tmp_path / 'server.sqlite3'}", FORUM_RATE_LIMITS="off")
    with running([str(BIN / "forum"), "run", "--port", str(port)], env, port,
                 tmp_path / "forum-run.log") as server:
        pass
    assert "FORUM_RATE_LIMITS=off" in server.log()
    assert "rate limit" in server.log().lower()


READ_MODELS = """
import sys
from forum import create_app
from forum.screening import model, sentence
create_app(serving=sys.argv[1] == "server")
print(model._shipped.cache_info().currsize, sentence.shipped.cache_info().currsize)
"""


def test_a_command_reads_no_screening_model_and_a_server_reads_them_all_at_start(tmp_path):
    """A command (migrate, seed, set a role) screens nothing, so it starts without reading the
    models (a second or two each time); a server's app reads them all before anyone posts."""
    env = server_env(f"sqlite:///{tmp_path / 'forum.sqlite3'}")
    counts = {}
    for kind in ("command", "server"):
        done = subprocess.run([sys.executable, "-c", READ_MODELS, kind], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        counts[kind] = done.stdout.split()
    assert counts["command"] == ["0", "0"]
    assert counts["server"] == [str(len(model.NAMES)), "1"]
