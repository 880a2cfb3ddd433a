"""A lean Socket.IO client for load tests: Socket.IO 5 over Engine.IO 4 on one aiohttp WebSocket.

python-socketio's AsyncClient does the same with a task, a JSON decode and a handler call per
packet; at 10,000 deliveries a second on a shared 2-core machine that is the load generator's
whole budget. This one answers pings, resolves acknowledgements, and hands each `message` event
to a callback as raw text (the callback reads only what it needs); every other event is dropped
unread (presence, typing, room_state, notices) unless decode_all asks to parse it as a browser
would.
"""
import asyncio
import json
import re

import aiohttp

_ACK = re.compile(r"43(/[^,]*),(\d+)")


class Refused(Exception):
    """The server refused the namespace connection."""


class Client:
    """One connection to one namespace, authenticated with a token."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, token: str,
                 namespace: str = "/chat", on_message=None, decode_all: bool = False):
        self.session, self.token, self.namespace = session, token, namespace
        self.url = base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.on_message = on_message or (lambda client, text: None)
        self._event_prefix = f'42{namespace},["message"'
        self._pending: dict[int, asyncio.Future] = {}
        self._next_ack = 0
        self.ws = None
        self.closed = False
        self.other_frames = self.other_bytes = 0  # events dropped unread (presence and the like)
        self.decode_all = decode_all  # read every event's JSON, as a browser's client would
        self.reader: asyncio.Task | None = None

    async def connect(self, timeout: float = 30) -> None:
        """Open the WebSocket and the namespace; raise Refused or TimeoutError."""
        self.ws = await self.session.ws_connect(self.url, autoping=True, max_msg_size=0,
                                                timeout=aiohttp.ClientWSTimeout(ws_close=5))
        opened = await asyncio.wait_for(self.ws.receive(), timeout)
        if not str(opened.data).startswith("0"):
            raise Refused(f"no Engine.IO open packet: {str(opened.data)[:80]}")
        await self.ws.send_str(f"40{self.namespace},{json.dumps({'token': self.token})}")
        while True:
            packet = (await asyncio.wait_for(self.ws.receive(), timeout)).data
            if not isinstance(packet, str):
                raise Refused(f"connection closed: {packet}")
            if packet == "2":
                await self.ws.send_str("3")
            elif packet.startswith(f"40{self.namespace},"):
                break
            elif packet.startswith(f"44{self.namespace},"):
                raise Refused(packet)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                if frame.type != aiohttp.WSMsgType.TEXT:
                    break
                text = frame.data
                if text.startswith(self._event_prefix):
                    self.on_message(self, text)
                elif text == "2":
                    await self.ws.send_str("3")
                elif text.startswith("43"):
                    self._resolve(text)
                else:
                    self.other_frames += 1
                    self.other_bytes += len(text)
                    if self.decode_all and "[" in text:
                        json.loads(text[text.index("["):])
        finally:
            self.closed = True
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("connection closed"))

    def _resolve(self, text: str) -> None:
        found = _ACK.match(text)
        future = self._pending.pop(int(found.group(2)), None) if found else None
        if future is not None and not future.done():
            future.set_result(json.loads(text[found.end():])[0])

    async def call(self, event: str, payload: dict, timeout: float = 30) -> dict:
        """Emit an event and wait for its acknowledgement."""
        self._next_ack += 1
        ack_id = self._next_ack
        future = asyncio.get_running_loop().create_future()
        self._pending[ack_id] = future
        await self.ws.send_str(f"42{self.namespace},{ack_id}{json.dumps([event, payload])}")
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._pending.pop(ack_id, None)

    async def close(self) -> None:
        """Close the WebSocket (the server sees a disconnect)."""
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)
