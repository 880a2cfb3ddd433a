"""What a chat server does once at start and leaves behind per event (issue 16): the first
message screened waits for nothing a start could have done, and an event's request is freed the
moment it ends rather than by the garbage collector (whose full collections hold every
connection of a gevent process), and the session cookie's signer is not built again at every
event."""
import gc

import pytest
from flask.ctx import RequestContext
from itsdangerous import BadSignature
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


def test_the_session_cookies_signer_is_built_once_per_key_and_again_when_it_changes(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first  # every request and chat event
    cookie = first.dumps({"seen": 1})
    old_key = app.secret_key
    app.secret_key = "a rotated secret key, long enough for the test 0123456789abcdef"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first and rotated.loads(cookie) == {"seen": 1}
    app.config["SECRET_KEY_FALLBACKS"] = []
    with pytest.raises(BadSignature):
        interface.get_signing_serializer(app).loads(cookie)


def test_a_server_makes_full_garbage_collections_rarer_and_leaves_the_others():
    from forum import FULL_COLLECTION_AFTER, collect_fully_less_often
    before = gc.get_threshold()
    try:
        collect_fully_less_often()
        assert gc.get_threshold() == (before[0], before[1], FULL_COLLECTION_AFTER)
        assert FULL_COLLECTION_AFTER > before[2]
    finally:
        gc.set_threshold(*before)
