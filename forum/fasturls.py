"""url_for for templates, fast for the links a page repeats once per post (reply, edit, remove,
flag): Werkzeug builds each URL by matching the rule afresh (tens of µs a call), so a thread page
of 20 posts spent a third of its time there.

The first call for an endpoint with a given set of integer arguments builds the URL once with
marker numbers and keeps the pieces around them; later calls with integers for the same
arguments join the pieces with the numbers. Anything else (strings, _anchor, _external, other
arguments) goes to Flask's url_for unchanged. This is exact because the forum's rules have no
defaults and the app no url_defaults callbacks (tests/test_pagespeed.py compares the two).
"""
import re

from flask import request, url_for

_MARK = 7_391_528_460_000  # marker numbers start here; no real id comes near
_patterns: dict[tuple, tuple[str, ...] | None] = {}


def fast_url_for(endpoint: str, **values) -> str:
    """The URL url_for(endpoint, **values) builds, from a cached pattern when every value is an
    integer (not a bool)."""
    if not values or not all(type(v) is int for v in values.values()):
        return url_for(endpoint, **values)
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
