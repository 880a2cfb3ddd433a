"""One load-generating process of bench/chat.py: many Socket.IO clients on one asyncio loop.

Each process connects its share of the members (connect, then join, timed together), waits at a
barrier for the others, then its senders offer messages at a fixed rate for the run while every
client counts what arrives: message ids, and latency from the send time written in the body.
"""
import asyncio
import re
import threading
import time
from dataclasses import dataclass, field

import aiohttp

from bench.sio_client import Client

DIGITS = "qwertyuiop"  # the send time is written in letters: digits could read as a phone number
_STAMP = re.compile(r"bench-([qwertyuiop]+)")
_ID = re.compile(r'"id":\s*(\d+)')
CONNECTS_AT_ONCE = 25  # per process: a burst, not a thundering herd


@dataclass
class Plan:
    """What one process does: its tokens, which of them send and how often, and for how long."""

    base_url: str
    tokens: list[str]
    room: str | None  # None: connect and hold, join nothing
    senders: int = 0
    per_sender_rate: float = 0.0  # messages a second
    seconds: float = 20.0
    drain: float = 5.0
    epoch: float = 0.0  # send times are written relative to this
    decode_all: bool = False  # parse every event (presence lists too), as browsers do
    late: int = 0  # of the tokens, the last `late` join while messages flow (first half of the run)


@dataclass
class Outcome:
    """What one process saw; bench/chat.py adds the processes up."""

    connect_s: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    # per joined client: when its join was acknowledged (time.time()), and the message ids it got
    received: list[tuple[float, list[int]]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    acked: list[tuple[int, float]] = field(default_factory=list)  # message id, when sent
    send_errors: dict = field(default_factory=dict)
    disconnected: int = 0
    other_frames: int = 0  # other events (presence, room_state, notices) received
    other_bytes: int = 0


def stamp(epoch: float) -> str:
    """The body of a benchmark message: 'bench-' and microseconds since the epoch in letters."""
    return "bench-" + "".join(DIGITS[int(d)] for d in str(int((time.time() - epoch) * 1e6)))


class Load:
    """The clients of one process and what they counted."""

    def __init__(self, plan: Plan):
        self.plan, self.out = plan, Outcome()
        self.clients: list[Client] = []
        self.ids: dict[int, list[int]] = {}
        self.joined_at: dict[int, float] = {}

    def on_message(self, client: Client, text: str) -> None:
        """Count one delivery: its id, and its latency if the body carries a send time."""
        now = time.time()
        found = _STAMP.search(text)
        if found is None:
            return
        self.ids[id(client)].append(int(_ID.search(text).group(1)))
        micros = int("".join(str(DIGITS.index(c)) for c in found.group(1)))
        self.out.latencies_ms.append((now - self.plan.epoch) * 1000 - micros / 1000)

    async def connect_all(self, session) -> None:
        """Connect (and join) every client but the late ones, CONNECTS_AT_ONCE at a time."""
        gate = asyncio.Semaphore(CONNECTS_AT_ONCE)
        early = self.plan.tokens[:len(self.plan.tokens) - self.plan.late]
        await asyncio.gather(*(self._connect(session, token, gate) for token in early))

    async def join_late(self, session) -> None:
        """The late clients connect and join one after another over the first half of the run."""
        late = self.plan.tokens[len(self.plan.tokens) - self.plan.late:]
        start, gate, pending = time.monotonic(), asyncio.Semaphore(CONNECTS_AT_ONCE), []
        for n, token in enumerate(late):
            await asyncio.sleep(max(0.0, start + n * self.plan.seconds / 2 / len(late)
                                    - time.monotonic()))
            pending.append(asyncio.create_task(self._connect(session, token, gate)))
        await asyncio.gather(*pending)

    async def _connect(self, session, token: str, gate) -> None:
        async with gate:
            client = Client(session, self.plan.base_url, token, on_message=self.on_message,
                            decode_all=self.plan.decode_all)
            self.ids[id(client)] = []
            began = time.perf_counter()
            try:
                await client.connect()
                if self.plan.room is not None:
                    joined = await client.call("join", {"room": self.plan.room}, timeout=60)
                    if not joined.get("ok"):
                        raise RuntimeError(str(joined.get("error")))
            except Exception as error:  # noqa: BLE001  (counted and named, never fatal)
                self.out.failed.append(f"{type(error).__name__}: {str(error)[:120]}")
                await client.close()
                return
            self.out.connect_s.append(time.perf_counter() - began)
            self.joined_at[id(client)] = time.time()
            self.clients.append(client)

    async def offer(self) -> None:
        """Each sender sends at its rate for the run; acknowledgements are counted as they come."""
        plan = self.plan
        start = time.monotonic()
        senders = self.clients[:plan.senders]
        pending = []
        if not senders:
            return
        for n, client in enumerate(senders):
            pending.append(asyncio.create_task(self._send_loop(client, start, n / len(senders))))
        await asyncio.gather(*pending)

    async def _send_loop(self, client: Client, start: float, phase: float) -> None:
        interval = 1 / self.plan.per_sender_rate
        due, acks = start + phase * interval, []
        while due < start + self.plan.seconds:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            if client.closed:
                break
            acks.append(asyncio.create_task(self._send_one(client)))
            due += interval
        await asyncio.gather(*acks)

    async def _send_one(self, client: Client) -> None:
        sent_at = time.time()
        try:
            answer = await client.call("send", {"room": self.plan.room,
                                                "body": stamp(self.plan.epoch)}, timeout=30)
        except Exception as error:  # noqa: BLE001
            code = type(error).__name__
        else:
            if answer.get("ok"):
                self.out.acked.append((answer["message"]["id"], sent_at))
                return
            code = answer.get("error", {}).get("code", "unknown")
        self.out.send_errors[code] = self.out.send_errors.get(code, 0) + 1

    async def close_all(self) -> None:
        """Count the connections the server dropped, then close the rest."""
        self.out.disconnected = sum(1 for client in self.clients if client.closed)
        self.out.other_frames = sum(client.other_frames for client in self.clients)
        self.out.other_bytes = sum(client.other_bytes for client in self.clients)
        self.out.received = [(self.joined_at[id(client)], self.ids[id(client)])
                             for client in self.clients]
        await asyncio.gather(*(client.close() for client in self.clients))


async def _meet(barrier) -> None:
    """Wait for every process (and bench/chat.py) without stopping this loop's pings."""
    try:
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait)
    except threading.BrokenBarrierError:
        pass  # another side gave up; report what this process saw all the same


async def _run(plan: Plan, barrier, results) -> None:
    load = Load(plan)
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        await load.connect_all(session)
        await _meet(barrier)  # every process connected: go
        if plan.room is not None and (plan.senders or plan.late):
            await asyncio.gather(load.offer(), load.join_late(session))
        await asyncio.sleep(plan.drain if plan.senders else plan.seconds)
        await _meet(barrier)  # done: bench/chat.py reads the server's CPU now
        await load.close_all()
    results.put(load.out)


def run_process(plan: Plan, barrier, results) -> None:
    """The body of one load process (started with multiprocessing)."""
    asyncio.run(_run(plan, barrier, results))
