"""Chat load test: one room under many members, the forum beside a bare Flask-SocketIO server.

    python bench/chat.py                        # every scenario, about 6 minutes
    python bench/chat.py --scenarios 200 --seconds 10      # one scenario, shorter
    python bench/chat.py --scenarios 200 --profile /tmp/prof  # py-spy stacks of the forum's worker
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/forum_chat_bench python bench/chat.py

It starts both servers itself, each as one gunicorn gevent process (the forum as the README's
production recipe with FORUM_RATE_LIMITS=off, no Redis; the bare server is bench/bare_chat.py),
afresh for every scenario. Members are created in bulk in the database with bearer tokens minted
there (bench/seed_db.py); --procs load processes (asyncio, bench/sio_client.py) connect them,
join the lobby, and some of them offer messages at a fixed rate. Each message carries its send
time, so every delivery has a latency; every acknowledged message must reach every member, and
what did not arrive by the end of the drain is lost. Server CPU comes from /proc/<pid>/stat.

Scenarios: 200 members at 10,000 deliveries/s offered (50 messages/s); 1,000 members at
5,000/s (5 messages/s); 2,000 connections held for --hold seconds without joining a room; and,
asked for by name, `churn`: 1,000 members at 5,000/s of whom 500 join one by one during the first
half of the run, while messages flow (a message sent after a member's join was acknowledged must
reach that member).
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench  # noqa: E402,F401  (takes bench/ off sys.path: see bench/__init__.py)

import argparse  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench.chat_load import Plan, run_process  # noqa: E402
from bench.chat_report import print_hold, print_room, summarise  # noqa: E402
from bench.servers import forum_env, free_port, gunicorn, running  # noqa: E402

# name: members, deliveries/s offered (None: hold connections only), members joining late
SCENARIOS = {"200": (200, 10_000, 0), "1000": (1_000, 5_000, 0), "hold": (2_000, None, 0),
             "churn": (1_000, 5_000, 500)}
DEFAULT_SCENARIOS = ["200", "1000", "hold"]
SERVERS = {"bare": ("bench.bare_chat:app", "/"), "forum": ("wsgi:app", "/api/v1/boards")}
ROOM = "lobby"
HISTORY = 100  # messages in the room before the run, so a join answers a full history (50)


def parse_args(argv=None) -> argparse.Namespace:
    """Command-line flags."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=DEFAULT_SCENARIOS,
                        help="'churn': 1,000 members, half joining while messages flow")
    parser.add_argument("--seconds", type=float, default=20, help="seconds of offered messages")
    parser.add_argument("--drain", type=float, default=5, 
                        help="seconds to wait for late deliveries")
    parser.add_argument("--hold", type=float, default=30, help="seconds to hold 2,000 connections")
    parser.add_argument("--procs", type=int, default=4, help="load-generating processes")
    parser.add_argument("--decode-all", action="store_true",
                        help="clients parse every event (presence lists too), as browsers do")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL, else a temporary "
                        "SQLite)")
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    parser.add_argument("--profile", metavar="DIR",
                        help="sample the forum's worker with py-spy (pip install py-spy) while "
                        "members connect and while messages flow: collapsed stacks in DIR")
    return parser.parse_args(argv)


def make_members(url: str, count: int, instance: str) -> list[str]:
    """A migrated database with `count` new members and some history in the room; answer a
    bearer token for each member."""
    from bench.seed_db import add_history, add_members, build_app, mint_tokens, prepare_database
    prepare_database(url)
    app = build_app(url, instance)
    with app.app_context():
        from forum.extensions import db
        with db.engine.connect() as conn:
            tag = f"{random.randrange(36 ** 4):04x}"  # new handles on a reused database
            ids = add_members(conn, [f"Chat{tag}n{n}" for n in range(count)], random.Random(count))
            tokens = mint_tokens(conn, ids)
            add_history(conn, ROOM, ids[:HISTORY])
            conn.commit()
        db.engine.dispose()
    return tokens


def plans(base_url: str, tokens: list[str], room, deliveries, args, late: int = 0) -> list[Plan]:
    """Split the members, the senders and the late joiners over the load processes."""
    members, early = len(tokens), len(tokens) - late
    rate = deliveries / members if deliveries else 0.0  # messages a second into the room
    senders = min(early, max(5, math.ceil(rate / 5))) if deliveries else 0
    epoch = time.time()
    return [Plan(base_url, tokens[n::args.procs], room,
                 senders // args.procs + (n < senders % args.procs),
                 rate / senders if senders else 0.0,
                 args.seconds if deliveries else args.hold, args.drain, epoch, args.decode_all,
                 late // args.procs + (n < late % args.procs))
            for n in range(args.procs)]


def _sampler(server, profile_dir: str | None, phase: str):
    """py-spy recording the server's worker until stopped (None without --profile)."""
    if not profile_dir:
        return None
    out = Path(profile_dir) / f"{server.name}-{phase}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--format",
                             "raw", "--rate", "250", "--nonblocking", "-o", str(out), "-p",
                             str(server.worker_pids()[0])], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _stop_sampler(sampler) -> None:
    if sampler is not None:
        sampler.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
        sampler.wait(timeout=60)


def drive(server, plan_list: list[Plan], timeout: float, profile_dir: str | None = None) -> dict:
    """Run the load processes against a server; answer their outcomes and the server's costs."""
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(len(plan_list) + 1, timeout=timeout), ctx.Queue()
    workers = [ctx.Process(target=run_process, args=(plan, barrier, results))
               for plan in plan_list]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    measured = {"server": server.name}
    sampler = _sampler(server, profile_dir, "connect")
    try:
        cpu_at_start = server.cpu_seconds()
        barrier.wait()
        measured["connect_wall_s"] = time.perf_counter() - began
        measured["connect_cpu_s"] = server.cpu_seconds() - cpu_at_start
        _stop_sampler(sampler)
        sampler = _sampler(server, profile_dir, "messages")
        cpu, rss, started = server.cpu_seconds(), server.rss_mb(), time.perf_counter()
        barrier.wait()
        _stop_sampler(sampler)
        sampler = None
        measured.update(cpu_s=server.cpu_seconds() - cpu, window_s=time.perf_counter() - started,
                        rss_mb=max(rss, server.rss_mb()))
    except Exception as error:  # noqa: BLE001  (a broken barrier: report what arrived)
        measured["note"] = f"did not finish: {type(error).__name__}"
        _stop_sampler(sampler)
    measured["outcomes"] = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        if worker.is_alive():
            worker.terminate()
    return measured


def scenario(name: str, url: str, tokens: list[str], args, log_dir: Path) -> list[dict]:
    """One scenario on each server, started afresh for it."""
    members, deliveries, late = SCENARIOS[name]
    rows = []
    for server_name, (app, ready) in SERVERS.items():
        port = free_port()
        with running(server_name, gunicorn(app, port), forum_env(url), port, log_dir,
                     ready_path=ready) as server:
            room = ROOM if deliveries else None
            timeout = 240 + args.seconds + args.drain + args.hold
            measured = drive(server, plans(server.base_url, tokens[:members], room, deliveries,
                                           args, late), timeout,
                             args.profile and str(Path(args.profile) / name))
        rows.append(summarise(measured, members, deliveries, args, late))
        print(f"  {name}: {server_name} done", flush=True)
    return rows


def main(argv=None) -> None:
    """Create the members, run the scenarios, print the tables."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    started, results = time.perf_counter(), {}
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or os.environ.get("DATABASE_URL") or f"sqlite:///{Path(tmp) / 'chat.sqlite3'}"
        tokens = make_members(url, max(SCENARIOS[name][0] for name in args.scenarios),
                              str(Path(tmp) / "instance"))
        print(f"{len(tokens):,} members with tokens; {args.procs} load processes", flush=True)
        for name in args.scenarios:
            results[name] = scenario(name, url, tokens, args, Path(tmp))
    for name, rows in results.items():
        (print_hold if SCENARIOS[name][1] is None else print_room)(name, rows, args)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
