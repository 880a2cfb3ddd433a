"""The forum's own server work per chat message and per join, in-process (no network, no other
members to deliver to): CPU time of this process, so a busy machine moves it far less than the
load test's latencies.

    python bench/chat_inprocess.py                 # 1,000 sends, 200 joins, SQLite
    python bench/chat_inprocess.py --sends 3000 --rounds 3

One member sends to a room through Flask-SocketIO's test client (the same handlers, session and
commit as a real server; the test client's own work is counted too, so compare two versions of
the forum measured alike, not this with the load test). A join is a new connection joining the
room and leaving it.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402


def _app(folder: str):
    from forum import create_app
    from forum.config import TestConfig
    from forum.extensions import db
    from forum.services.seeding import seed_defaults
    app = create_app(TestConfig(f"{folder}/instance", f"sqlite:///{folder}/chat.sqlite3"))
    app.config["RATELIMIT_ENABLED"] = False
    with app.app_context():
        db.create_all()
        seed_defaults()
    return app


def _token(app, handle: str) -> str:
    from forum.extensions import db
    from forum.services.accounts.members import create_account
    from forum.services.accounts.tokens import issue_token
    with app.app_context():
        user = create_account("a long enough passphrase 42", handle)[0]
        token = issue_token(user)
        db.session.commit()
        return token


def _connect(app, token: str):
    from forum.extensions import socketio
    return socketio.test_client(app, namespace="/chat", auth={"token": token})


def _call(connection, event: str, payload: dict) -> dict:
    answer = connection.emit(event, payload, namespace="/chat", callback=True)
    assert answer.get("ok"), answer
    return answer


def measure(sends: int, joins: int) -> tuple[float, float]:
    """µs of CPU per send and per connect+join+leave."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        sam = _connect(app, _token(app, "SamBench"))
        _call(sam, "join", {"room": "lobby"})
        for n in range(50):  # warm: rules, history, compiled statements
            _call(sam, "send", {"room": "lobby", "body": f"warming up {n}"})
        started = time.process_time()
        for n in range(sends):
            _call(sam, "send", {"room": "lobby", "body": f"hello everyone, message {n}"})
            sam.get_received("/chat")
        per_send = (time.process_time() - started) / sends * 1e6
        token = _token(app, "NellBench")
        started = time.process_time()
        for _ in range(joins):
            nell = _connect(app, token)
            _call(nell, "join", {"room": "lobby"})
            nell.disconnect(namespace="/chat")
        per_join = (time.process_time() - started) / joins * 1e6
        return per_send, per_join


def main(argv=None) -> None:
    """Measure, print the medians of the rounds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument("--joins", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    rounds = [measure(args.sends, args.joins) for _ in range(args.rounds)]
    print(f"CPU per send: {statistics.median(r[0] for r in rounds):.0f} µs "
          f"(rounds: {', '.join(f'{r[0]:.0f}' for r in rounds)})")
    print(f"CPU per connect+join+leave: {statistics.median(r[1] for r in rounds):.0f} µs "
          f"(rounds: {', '.join(f'{r[1]:.0f}' for r in rounds)})")


if __name__ == "__main__":
    main()
