"""JSON encoded once and sent many times: the socket's json module (passed to Socket.IO), which
writes an Encoded value's text as it is.

Every join answers the room's 50 messages of history and who is present (up to 1,000 handles).
Socket.IO walks a payload looking for binary data and then encodes it, for every joining member;
an Encoded value is neither walked (it is not a list or a dict) nor encoded again: the shared
history is encoded once per chat generation, and the present list once per join.
"""
import json
import secrets

from engineio import json as engineio_json

loads = engineio_json.loads  # with its guard against huge numbers


class Encoded:
    """A value encoded to JSON text once, written into any payload as it is."""

    __slots__ = ("text",)

    def __init__(self, value):
        self.text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def dumps(obj, **kwargs) -> str:
    """json.dumps, with each Encoded value's text put in place (behind a placeholder no member's
    text can hold: a new random one every call)."""
    texts: list[str] = []
    nonce = None

    def placeholder(value):
        nonlocal nonce
        if not isinstance(value, Encoded):
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        nonce = nonce or secrets.token_hex(8)
        texts.append(value.text)
        return f"\x00{nonce}:{len(texts) - 1}\x00"

    out = json.dumps(obj, default=placeholder, **kwargs)
    for number, text in enumerate(texts):
        out = out.replace(f'"\\u0000{nonce}:{number}\\u0000"', text, 1)
    return out
