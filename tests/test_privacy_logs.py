"""Logs never name a member's address, never hold a password, token, recovery code or post, and
member input cannot forge a log line: checked on the scrubbing itself, on every logger in the
process, on a full journey with SQL logging on, and on the request lines of real servers
(`forum run`, and gunicorn's access and error logs)."""
import logging
import re
from urllib.parse import quote

import pytest
import requests

import privacy_journey as journey
from forum import logs
from privacy_search import found_in_database
from servers import BIN, free_port, run_forum, running, server_env

REQUEST_LINE = re.compile(r"addr-[0-9a-f]{12} - - \[")  # where the client's address was
LOGGERS = ["forum", "werkzeug", "gunicorn.error", "gunicorn.access", "engineio.server",
           "socketio.server", "sqlalchemy.engine.Engine", "somebody.elses.library", ""]


@pytest.mark.parametrize("text, hidden, kept", [
    ('203.0.113.7 - - [01/Jan/2026 10:00:00] "GET / HTTP/1.1" 200 -', ["203.0.113.7"],
     ['"GET / HTTP/1.1" 200', "10:00:00"]),
    ("from 2001:db8::7, [2001:db8:4d::77]:443, fe80::1%eth0 and ::ffff:192.0.2.1",
     ["2001:db8::7", "2001:db8:4d::77", "fe80::1", "192.0.2.1", "eth0"], ["from "]),
    ("ip 10.0.0.1:5000 and ::1", ["10.0.0.1", "::1"], [":5000"]),
    ("Authorization: Bearer abc.DEF-123_xyz~", ["abc.DEF-123_xyz"], ["Bearer [token]"]),
    ("codes ABCDE-23456 and abcd3-fghjk", ["ABCDE-23456", "abcd3-fghjk"], ["[recovery code]"]),
    ("/login?next=/me&password=hunter22&token=t0k3n", ["hunter22", "t0k3n"], ["next=/me"]),
    ('{"password": "hunter22", "handle": "Sam"}', ["hunter22"], ['"handle": "Sam"']),
    ("v1.2.3 at 12:34:56,789 on three-seven", [], ["v1.2.3", "12:34:56,789", "three-seven"]),
])
def test_scrubbing_hides_addresses_and_secrets_and_keeps_the_rest(text, hidden, kept):
    scrubbed = logs.scrub(text)
    for secret in hidden:
        assert secret not in scrubbed
    for part in kept:
        assert part in scrubbed


def test_one_address_keeps_one_label_for_the_day_and_labels_differ():
    first = logs.scrub("203.0.113.7 then 203.0.113.7 then 203.0.113.8").split(" then ")
    assert first[0] == first[1] != first[2]
    assert re.fullmatch(r"addr-[0-9a-f]{12}", first[0])


@pytest.mark.parametrize("forged", ["\n", "\r\n", "\r", "\u2028", "\x85", "\x00", "\x1b]0;x\x07"])
def test_member_input_cannot_start_a_new_log_line(forged):
    scrubbed = logs.scrub(f"GET /threads/1?q=x{forged}2026-01-01 INFO admin logged in")
    assert "\n" not in scrubbed and "\r" not in scrubbed and "\u2028" not in scrubbed
    assert "\x85" not in scrubbed and "\x00" not in scrubbed and "\x07" not in scrubbed


def test_colour_codes_from_the_development_server_stay():
    assert logs.scrub("\x1b[31mGET /\x1b[0m") == "\x1b[31mGET /\x1b[0m"


@pytest.mark.parametrize("name", LOGGERS)
def test_every_logger_in_the_process_is_scrubbed(app, caplog, name):
    caplog.set_level(logging.DEBUG)
    # error: engineio and socketio log nothing below it unless asked to
    logging.getLogger(name).error('%s - - "GET /?token=%s HTTP/1.1"\nFORGED %s', "203.0.113.7",
                                  "s3cr3t", "Bearer abcdef")
    (record,) = [r for r in caplog.records if r.name == (name or "root")]
    message = record.getMessage()
    assert "203.0.113.7" not in message and "s3cr3t" not in message and "abcdef" not in message
    assert "\n" not in message and "\\nFORGED" in message


def test_tracebacks_are_scrubbed_and_cannot_forge_lines(app, caplog):
    caplog.set_level(logging.DEBUG)
    try:
        raise ValueError("bad login from 203.0.113.7 password=hunter22\n2026 INFO forged")
    except ValueError:
        logging.getLogger("forum").exception("API request failed")
    text = caplog.text
    assert "203.0.113.7" not in text and "hunter22" not in text
    assert "Traceback" in text and "ValueError" in text
    assert not any(line.startswith("2026 INFO") for line in text.splitlines())


def test_installing_twice_wraps_once(app, make_app):
    factory = logging.getLogRecordFactory()
    make_app()
    assert logging.getLogRecordFactory() is factory


def test_a_full_journey_with_sql_logging_leaves_nothing_in_the_log(app, api, chat, personas,
                                                                    caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement is logged
    willow = journey.run(app, api, chat)
    journey.call_as_willow(api, willow.token, "GET", "/me/export")
    deleted = journey.call_as_willow(api, willow.token, "DELETE", "/me",
                                     json={"password": journey.PASSWORD, "erase_content": True})
    assert deleted.status_code == 204
    text = caplog.text
    assert "INSERT INTO posts" in text  # the log did see the journey
    for secret in [*willow.needles(), journey.OPENING, journey.REPLY, journey.CHAT,
                   journey.WILLOW_FLAG_NOTE]:
        assert secret.lower() not in text.lower(), secret
    with app.app_context():
        assert found_in_database(list(journey.ADDRESSES)) == []


def _walk(base: str) -> dict:
    """Sign up, get a token, post, read and make a bad request on a real server."""
    signup = requests.post(f"{base}/api/v1/accounts", json={"handle": journey.HANDLE,
                                                             "password": journey.PASSWORD})
    assert signup.status_code == 201, signup.text
    token = requests.post(f"{base}/api/v1/tokens", json={
        "handle": journey.HANDLE, "password": journey.PASSWORD}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    created = requests.post(f"{base}/api/v1/boards/newcomers/threads", headers=headers,
                            json={"title": "Third night", "body": journey.OPENING})
    assert created.status_code == 201, created.text
    thread = created.json()["thread"]["id"]
    assert requests.get(f"{base}/threads/{thread}", headers=headers).status_code == 200
    requests.get(f"{base}/login?next=/me&password={journey.PASSWORD}&token={token}")
    requests.get(f"{base}/no/such/page%0d%0a2026-01-01%20INFO%20forged")
    return {"token": token, "codes": signup.json()["recovery_codes"]}


def _assert_clean(lines: list[str], walked: dict) -> None:
    text = "\n".join(lines)
    for secret in ["127.0.0.1", journey.PASSWORD, quote(journey.PASSWORD), walked["token"],
                   *walked["codes"], journey.OPENING, quote(journey.OPENING)]:
        assert secret not in text, secret
    assert not any(line.startswith("2026-01-01 INFO forged") for line in lines)


def test_the_development_server_logs_no_address_or_secret(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'served.sqlite3'}")
    port = free_port()
    command = [str(BIN / "forum"), "run", "--host", "localhost", "--port", str(port)]
    with running(command, env, port, tmp_path / "forum-run.log") as server:
        walked = _walk(server.base_url)
    lines = server.log().splitlines()
    requests_logged = [line for line in lines if '"GET /api/v1/boards HTTP/1.1" 200' in line]
    assert requests_logged and all(REQUEST_LINE.search(line) for line in requests_logged)
    _assert_clean(lines, walked)


def test_gunicorn_access_and_error_logs_hold_no_address_or_secret(tmp_path):
    env = server_env(f"sqlite:///{tmp_path / 'served.sqlite3'}", FORUM_ASYNC_MODE="gevent")
    run_forum("db", "upgrade", env=env)
    run_forum("seed", env=env)
    port = free_port()
    command = [str(BIN / "gunicorn"), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
               "--access-logfile", "-", "--error-logfile", "-",
               "--graceful-timeout", "5", "wsgi:app"]
    with running(command, env, port, tmp_path / "gunicorn.log") as server:
        walked = _walk(server.base_url)
        master = server.process.pid
    lines = server.log().splitlines()
    # The master process only binds the port ("Listening at: http://127.0.0.1:..."): it never
    # sees a client. Everything else comes from the worker that serves requests.
    workers = [line for line in lines if f"[{master}]" not in line]
    access = [line for line in workers if '"POST /api/v1/tokens HTTP/1.1" 201' in line]
    assert access and all(REQUEST_LINE.match(line) for line in access)
    _assert_clean(workers, walked)
