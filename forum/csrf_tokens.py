"""A session's signed CSRF token, made once and kept.

Flask-WTF signs the session's raw token afresh on every request that shows a form (JSON, zlib,
HMAC: a tenth of a millisecond, a few per cent of a signed-in page). The forum's tokens never
expire (WTF_CSRF_TIME_LIMIT is None: a token lives as long as its session), so the token signed
once for a raw token stays valid as long as that session: it is kept here, per raw token, in a
bounded store of this process, and handed to Flask-WTF in `g` (where generate_csrf looks first).
The session is read exactly as generate_csrf reads it, so a page holding a token still varies
by its cookie. With a time limit configured, nothing is kept.
"""
import threading
from collections import OrderedDict

from flask import Flask, current_app, g, session
from flask_wtf.csrf import csrf_meta_tag, generate_csrf

_FIELD = "csrf_token"  # WTF_CSRF_FIELD_NAME: the session's raw token and g's signed one
KEPT_MAX = 4096
_kept: OrderedDict[tuple[str, str], str] = OrderedDict()
_lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Templates' csrf_token() (which CSRFProtect made generate_csrf) goes through the store:
    as a global, and in the context CSRFProtect's context processor gives every
    render_template (which would otherwise shadow the global with generate_csrf itself)."""
    app.jinja_env.globals["csrf_token"] = csrf_token
    processors = app.template_context_processors[None]
    for number, processor in enumerate(processors):
        if getattr(processor, "__module__", "") == "flask_wtf.csrf":
            processors[number] = _context
            break
    else:
        processors.append(_context)


def _context() -> dict:
    """What CSRFProtect's context processor gives templates, with the kept csrf_token()."""
    return {"csrf_token": csrf_token, "csrf_meta_tag": csrf_meta_tag}


def csrf_token() -> str:
    """generate_csrf(), with the session's signed token kept from an earlier request."""
    if _FIELD in g or current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    raw = session.get(_FIELD)
    # Keyed by the signing key too: a token signed with another key is not this app's.
    key = (raw, current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key)
    if isinstance(raw, str):
        with _lock:
            signed = _kept.get(key)
            if signed is not None:
                _kept.move_to_end(key)
        if signed is not None:
            setattr(g, _FIELD, signed)
            return signed
    signed = generate_csrf()
    raw = session.get(_FIELD)
    if isinstance(raw, str):
        with _lock:
            _kept[(raw, key[1])] = signed
            while len(_kept) > KEPT_MAX:
                _kept.popitem(last=False)
    return signed
