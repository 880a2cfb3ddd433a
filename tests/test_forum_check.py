"""`forum check` (contract.md "Running it"): what a deployment is missing, exit status 1 when
something is wrong."""
import subprocess

from servers import BIN, PROJECT, run_forum, server_env


def _check(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "forum"), "check", *args], env=env, cwd=PROJECT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)


def _problems(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stdout.splitlines() if line.startswith("PROBLEM:")]


def test_a_ready_single_process_forum_has_nothing_missing(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'ready.sqlite3'}")
    run_forum("db", "upgrade", env=env)
    done = _check(env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _problems(done) == [] and "Nothing is missing." in done.stdout
    assert "ok: Every migration is applied." in done.stdout


def test_migrations_not_applied_are_a_problem(tmp_path):
    done = _check(server_env(f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    assert done.returncode == 1
    assert [p for p in _problems(done) if "forum db upgrade" in p], done.stdout


def test_a_weak_key_is_reported_not_a_crash(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'weak.sqlite3'}")
    run_forum("db", "upgrade", env=env)
    env["SECRET_KEY"] = "change-me"
    done = _check(env)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert [p for p in _problems(done) if "SECRET_KEY" in p], done.stdout
    assert "change-me" not in done.stdout + done.stderr  # never repeat the key


def test_several_processes_need_redis_and_not_sqlite(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'many.sqlite3'}", FORUM_PROCESSES="3")
    run_forum("db", "upgrade", env=env)
    done = _check(env)
    assert done.returncode == 1
    problems = " ".join(_problems(done))
    assert "SQLite with 3 server processes" in problems
    assert "without REDIS_URL" in problems
    assert len(_problems(done)) == 2, done.stdout


def test_an_unreachable_redis_and_rate_limits_off_are_problems(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'redis.sqlite3'}",
                     REDIS_URL="redis://127.0.0.1:1/0", FORUM_RATE_LIMITS="off")
    run_forum("db", "upgrade", env=env)
    done = _check(env)
    assert done.returncode == 1
    problems = " ".join(_problems(done))
    assert "Redis (REDIS_URL) can't be reached" in problems and "FORUM_RATE_LIMITS=off" in problems
