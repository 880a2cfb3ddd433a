"""url_for for templates, fast for the links a page repeats once per post (reply, edit, remove,
flag): Werkzeug builds each URL by matching the rule afresh (tens of µs a call), so a thread page
of 20 posts spent a third of its time there.

The first call for an endpoint with a given set of integer arguments builds the URL once with
marker numbers and keeps the pieces around them; later calls with integers for the same
arguments join the pieces with the numbers. Anything else (strings, _anchor, _external, other
arguments) goes to Flask's url_for unchanged. This is exact because the forum's rules have no
defaults and the app no url_defaults callbacks but static_files' (tests/test_pagespeed.py
compares the two).

A link whose arguments are plain text and integers (a board's slug, a login link's `next`) is
kept whole, per endpoint, arguments and script root, in a bounded store: the same arguments
build the same URL.

Two more kinds are kept whole: a link to an endpoint with no arguments (the footer's and the
breadcrumb's: the same URL every time, for one script root), and a static file's versioned URL,
keyed by the file's current content hash (static_files), so a changed file gets its new URL at
once.
"""
import re

from flask import current_app, request, url_for

_MARK = 7_391_528_460_000  # marker numbers start here; no real id comes near
_patterns: dict[tuple, tuple[str, ...] | None] = {}


def fast_url_for(endpoint: str, **values) -> str:
    """The URL url_for(endpoint, **values) builds, from a cached pattern when every value is an
    integer (not a bool)."""
    if not values:
        return _plain(endpoint)
    if endpoint == "static" and len(values) == 1 and type(values.get("filename")) is str:
        return _static(values["filename"])
    if not all(type(v) is int for v in values.values()):
        return _with_text(endpoint, values)
    key = (endpoint, tuple(values), request.environ.get("SCRIPT_NAME", ""))
    pieces = _patterns.get(key, ())
    if pieces == ():
        pieces = _patterns[key] = _pattern(endpoint, tuple(values))
    if pieces is None:
        return url_for(endpoint, **values)
    numbers = [str(v) for v in values.values()]
    return "".join(piece + number for piece, number in zip(pieces, numbers)) + pieces[-1]


def _pattern(endpoint: str, names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The URL split around each argument's place, in the order given; None when the markers
    cannot be found exactly once each in that order (then url_for is always asked)."""
    marks = [str(_MARK + n) for n in range(len(names))]
    built = url_for(endpoint, **dict(zip(names, (int(m) for m in marks))))
    pieces = re.split("(" + "|".join(marks) + ")", built)
    if pieces[1::2] != marks:
        return None
    return tuple(pieces[0::2])


_plain_urls: dict[tuple[str, str], str] = {}
_static_urls: dict[tuple[str, str, str | None], str] = {}
_KEPT_MAX = 4096  # bounds both: endpoints and static files are few


def _plain(endpoint: str) -> str:
    """url_for(endpoint) for an endpoint without arguments, built once per script root (a
    blueprint-relative ".name" depends on the request's blueprint: always asked)."""
    if endpoint.startswith("."):
        return url_for(endpoint)
    key = (endpoint, request.environ.get("SCRIPT_NAME", ""))
    found = _plain_urls.get(key)
    if found is None:
        found = url_for(endpoint)
        if len(_plain_urls) < _KEPT_MAX:
            _plain_urls[key] = found
    return found


def _static(filename: str) -> str:
    """url_for("static", filename=...) with its ?v= content hash, built once per hash."""
    digest = current_app.extensions["forum_static_files"].digest(filename)
    key = (filename, request.environ.get("SCRIPT_NAME", ""), digest)
    found = _static_urls.get(key)
    if found is None:
        found = url_for("static", filename=filename)
        if len(_static_urls) < _KEPT_MAX:
            _static_urls[key] = found
    return found


_text_urls: dict[tuple, str] = {}
_TEXT_KEPT_MAX = 4096  # slugs are few; `next` paths are many, so the store is emptied when full


def _with_text(endpoint: str, values: dict) -> str:
    """url_for(endpoint, **values) for plain text and integer arguments (no _anchor, _external
    and the like, no blueprint-relative endpoint), built once per script root and kept."""
    if endpoint.startswith(".") or not all(
            type(v) in (str, int) and not k.startswith("_") for k, v in values.items()):
        return url_for(endpoint, **values)
    key = (endpoint, tuple(values.items()), request.environ.get("SCRIPT_NAME", ""))
    found = _text_urls.get(key)
    if found is None:
        found = url_for(endpoint, **values)
        if len(_text_urls) >= _TEXT_KEPT_MAX:
            _text_urls.clear()
        _text_urls[key] = found
    return found
