"""What a chat server does once at start and leaves behind per event (issue 16): the first
message screened waits for nothing a start could have done, and an event's request is freed the
moment it ends rather than by the garbage collector (whose full collections hold every
connection of a gevent process)."""
import gc

from flask.ctx import RequestContext
from werkzeug.exceptions import NotFound

from clients import emit
from forum.screening import model
from forum.services.screening.assess import warm_up


def test_starting_a_server_reads_every_shipped_word_model(app):
    model._shipped.cache_clear()
    with app.app_context():
        warm_up()
    # Every name asked once (a model shipped switched off is remembered as None), so no
    # member's message reads a file.
    assert model._shipped.cache_info().currsize == len(model.NAMES)
    assert model.get("crisis") is not None


def _send(connection, body: str) -> dict:
    answer = emit(connection, "send", {"room": "lobby", "body": body})
    assert answer["ok"], answer
    return answer["message"]


def test_a_chat_events_request_is_freed_when_the_event_ends(chat):
    sam = chat("member")
    assert emit(sam, "join", {"room": "lobby"})["ok"]
    _send(sam, "warming up")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage to look at
    try:
        for n in range(3):
            _send(sam, f"hello everyone {n}")
        assert emit(sam, "typing", {"room": "lobby"})["ok"]
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if isinstance(o, (RequestContext, NotFound))]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert left == []
