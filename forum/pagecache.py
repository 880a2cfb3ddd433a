"""A short cache of whole pages: shared by signed-out readers, and each member's own.

A page rendered for a signed-out reader is the same for every signed-out reader, so the boards'
public pages (@anonymous_cached) keep their HTML for FORUM_PAGE_CACHE_SECONDS (5 by default; 0
turns it off), keyed by the URL with its query and the reader's theme. An entry is used only while
nothing the page shows was written since it was made: each cached view names its freshness
scopes (services.freshness: a thread page its thread's, a board page its board's, /latest and
the home page CONTENT), and its stamp holds those and the forum-wide generation, shared
through Redis when configured. So a new reply, an edit or a removal shows at once, and a write
in one thread leaves the other threads' pages cached.

Never cached, never served from the cache: a signed-in request (session or bearer token), a
request whose session carries flashed messages, anything but a GET answered 200, and a page
holding a CSRF token (it belongs to one visitor's session). Only the body is kept: cookies and
per-response headers (the security headers, Vary) are made afresh for every answer.

A signed-in member's page (the same views) is kept for that member alone, for
MEMBER_PAGE_CACHE_SECONDS, keyed also by their id, what they may do now (post, flag, moderate:
a sanction that runs out changes the key) and their Accept-Language (the crisis lines' country).
It is used only while the page's stamp and the member's own numbers are unchanged
(freshness.member_stamp: their notifications, preferences and read markers, of the page's
thread alone for a thread page), read before the
page is made, so a page that changed the member's state while it was made (a read marker) is
made once more next time. The session's CSRF token is never kept: it is swapped for a
placeholder when stored and the asking session's token is put back on every answer. The member
is still signed in by the server-side session on every request before any cached page is used.
"""
import functools
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app, g, request, session
from flask_login import current_user
from markupsafe import Markup, escape

from forum.csrf_tokens import csrf_token
from forum.permissions import can_flag, can_moderate, can_post
from forum.security import current_viewer, names_authorization
from forum.services import freshness
from forum.theme import theme_choice

MAX_ENTRIES = 1024
MEMBER_MAX_ENTRIES = 256  # members' own pages (about 60 KB each)
FRAGMENT_MAX_ENTRIES = 512  # pieces of pages shared by alike viewers (a thread page's posts)
FRAME_MAX_ENTRIES = 1024  # page headers: one per member recently seen (about 6 KB each)
PIECE_MAX_ENTRIES = 4096  # posts and thread rows keyed by all they show (2-8 KB each, key too)
_CSRF_FIELD = "csrf_token"  # where Flask-WTF keeps the request's token in g
# Stands for the session's CSRF token in a stored member page; random per process, so no
# member's text can carry it.
_CSRF_TEXT = f"csrf-placeholder-{secrets.token_hex(16)}"
_CSRF_PLACEHOLDER = _CSRF_TEXT.encode()
# In g while a member's page is made: kept parts leave the placeholder in, and _member_page
# puts the token in once over the whole page (it takes the token out again to keep the page).
_TOKEN_LATER = "_forum_token_later"
# Stands for the page's own address in a stored header (the theme form's way back).
FRAME_NEXT = f"next-placeholder-{secrets.token_hex(16)}"


@dataclass(frozen=True)
class Entry:
    """A cached page: the stamp it was rendered in (freshness.stamp), when it expires, and its
    body."""

    generation: tuple
    expires: float
    body: bytes
    mimetype: str
    has_token: bool = False  # holds the CSRF placeholder (members' pages, shared fragments)


class PageStore:
    """A small LRU of pages, safe across threads and greenlets."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key, generation: tuple) -> Entry | None:
        """The entry if it is of this stamp and not expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.generation != generation or entry.expires <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        """Keep the entry, dropping the least recently used past the size."""
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every page."""
        with self._lock:
            self._entries.clear()


def init_app(app) -> None:
    """Give the app its page store."""
    app.extensions["forum_page_store"] = PageStore()
    app.extensions["forum_member_page_store"] = PageStore(MEMBER_MAX_ENTRIES)
    app.extensions["forum_fragment_store"] = PageStore(FRAGMENT_MAX_ENTRIES)
    app.extensions["forum_frame_store"] = PageStore(FRAME_MAX_ENTRIES)
    app.extensions["forum_piece_store"] = PageStore(PIECE_MAX_ENTRIES)


def store() -> PageStore:
    """The running app's page store."""
    return current_app.extensions["forum_page_store"]


def member_store() -> PageStore:
    """The running app's store of members' own pages."""
    return current_app.extensions["forum_member_page_store"]


def shared_fragment(key, render) -> Markup:
    """A large piece of a page (a thread page's list of posts) that is the same for every viewer
    the key names, kept at most FRAGMENT_CACHE_SECONDS under a key of *all it shows*, as
    piece's are (the key must name everything about the viewer the piece shows, and all of
    its content: so the key is its version, and a write elsewhere leaves it kept); in a store
    of its own, smaller than the pieces'. render(token) makes it with `token` where the
    session's CSRF token goes (None: the asking session's own), so a kept one is made with the
    placeholder at once. A None key renders every time. The asking session's CSRF token is put
    in on the way out, never kept."""
    seconds = current_app.config.get("FRAGMENT_CACHE_SECONDS", 0)
    if key is None or seconds <= 0:
        return Markup(render(None))
    store_ = current_app.extensions["forum_fragment_store"]
    hit = store_.get(key, ())
    if hit is None:
        html, token = str(render(_CSRF_TEXT)), g.get(_CSRF_FIELD)
        # A part that asked csrf_token() itself rather than taking the placeholder.
        body = html.replace(token, _CSRF_TEXT) if token and token in html else html
        hit = Entry((), time.monotonic() + seconds, body, "text/html", _CSRF_TEXT in body)
        store_.put(key, hit)
    return Markup(token_in(hit.body, hit.has_token))


def token_in(body: str, has_token: bool = True) -> str:
    """A kept part with the asking session's CSRF token in the placeholder's place; the
    placeholder stays while a member's page is made (_TOKEN_LATER), which puts the token in
    once over the whole page."""
    if not has_token or _TOKEN_LATER in g:
        return body
    return body.replace(_CSRF_TEXT, csrf_token())


class Shelf(NamedTuple):
    """Where a list of pieces is kept, read once for the list (every post of a thread page,
    every row of a board's) rather than once a piece: each read goes through Flask's context
    proxies. `script_root` is the request's, which every piece's key names."""

    seconds: float
    store: "PageStore"
    script_root: str


def piece_shelf() -> Shelf:
    """The running app's piece store and lifetime, and this request's script root."""
    app = current_app._get_current_object()
    return Shelf(app.config.get("PIECE_CACHE_SECONDS", 0), app.extensions["forum_piece_store"],
                 request.script_root)


def piece(key: tuple, render, token: str | None = None, shelf: Shelf | None = None) -> Markup:
    """A small piece of a page (one post, one row of a list of threads) whose key is *all it
    shows*: the row's own values (a post's HTML, its author's handle, its counts) and every
    answer about the viewer it uses (may they edit, flag, react; which reactions are theirs).
    So the key is the piece's version: an edit, a reaction, a new handle or another viewer's
    rights make another key, and a kept piece can never be stale or show one viewer's controls
    to another. Kept at most PIECE_CACHE_SECONDS (0: rendered every time), LRU-bounded.
    render() makes it; a piece holding a CSRF form is rendered with the placeholder in the
    token's place (render receives it) and the asking session's `token` is put in on the way
    out, never kept. `shelf` (piece_shelf), when the caller read it once for many pieces."""
    seconds, pieces, _root = shelf or piece_shelf()
    if seconds <= 0:
        return Markup(render(token))
    hit = pieces.get(key, ())
    if hit is None:
        body = str(render(_CSRF_TEXT if token else None))
        hit = Entry((), time.monotonic() + seconds, body, "text/html", _CSRF_TEXT in body)
        pieces.put(key, hit)
    return Markup(hit.body.replace(_CSRF_TEXT, token) if hit.has_token and token != _CSRF_TEXT
                  else hit.body)


def cached_frame(handle: str | None, nav: dict, next_path: str, caller) -> Markup:
    """A page's header (a Jinja call block), rendered once for every page a member (or every
    visitor) sees while what it shows is unchanged: the key is all it shows, the member's
    handle and the frame's numbers (templating.page_frame, themselves remembered per member).
    The page's own address (the theme form's way back, FRAME_NEXT in the template) and the
    session's CSRF token are put in on the way out, never kept."""
    seconds = current_app.config.get("FRAGMENT_CACHE_SECONDS", 0)
    if seconds <= 0:
        body = str(caller())
    else:
        key, frames = ("frame", handle, repr(nav)), current_app.extensions["forum_frame_store"]
        hit = frames.get(key, ())
        if hit is None:
            html, token = str(caller()), g.get(_CSRF_FIELD)
            hit = Entry((), time.monotonic() + seconds,
                        html.replace(token, _CSRF_TEXT) if token else html, "text/html")
            frames.put(key, hit)
        body = token_in(hit.body, _CSRF_TEXT in hit.body)
    return Markup(body.replace(FRAME_NEXT, str(escape(next_path))))


def anonymous_cached(scopes, reads=None):
    """Serve the view's page from the cache: to signed-out readers from the shared one, to a
    signed-in member from their own (see the module's rules). scopes(**view_args) names the
    freshness scopes of everything the page shows (services.freshness); reads(**view_args),
    when the page shows one thread's read marker only, that marker's number
    (freshness.thread_reads)."""
    return functools.partial(_cached, scopes=scopes, reads=reads)


def _cached(view, scopes, reads):
    @functools.wraps(view)
    def cached_view(*args, **kwargs):
        if _member_may_use():
            return _member_page(view, args, kwargs, scopes(**kwargs),
                                reads(**kwargs) if reads else "reads")
        seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
        if seconds <= 0 or not _may_share():
            return view(*args, **kwargs)
        # The page names the reader's chosen theme (<html data-theme>), so the key does too.
        key = f"{request.url} {theme_choice() or ''}"
        generation = freshness.stamp(scopes(**kwargs))
        hit = store().get(key, generation)
        if hit is not None:
            return current_app.response_class(hit.body, 200, mimetype=hit.mimetype)
        response = current_app.make_response(view(*args, **kwargs))
        if _shareable(response):
            store().put(key, Entry(generation, time.monotonic() + seconds,
                                   response.get_data(), response.mimetype))
        return response
    return cached_view


def _member_may_use() -> bool:
    """A signed-in member's GET by cookie, with no flashed message waiting, while the cache
    of members' pages is on."""
    return current_app.config.get("MEMBER_PAGE_CACHE_SECONDS", 0) > 0 and \
        request.method == "GET" and not names_authorization() and \
        current_user.is_authenticated and "_flashes" not in session


def _member_page(view, args, kwargs, scopes, reads: str):
    """The member's own cached page if nothing it shows changed, else the view's page, kept
    for them with the CSRF token taken out (see the module's rules)."""
    viewer = current_viewer()
    key = " ".join((request.full_path, theme_choice() or "", str(viewer.id),
                    f"{can_post(viewer):d}{can_flag(viewer):d}{can_moderate(viewer):d}",
                    request.environ.get("HTTP_ACCEPT_LANGUAGE", "")))
    stamp = freshness.member_stamp(viewer.id, scopes, reads)
    hit = member_store().get(key, stamp)
    if hit is not None:
        body = hit.body.replace(_CSRF_PLACEHOLDER, csrf_token().encode()) \
            if hit.has_token else hit.body
        return current_app.response_class(body, 200, mimetype=hit.mimetype)
    g.setdefault(_TOKEN_LATER, True)
    try:
        response = current_app.make_response(view(*args, **kwargs))
    finally:
        g.pop(_TOKEN_LATER, None)
    if response.direct_passthrough or response.is_streamed:
        return response
    # The page as kept: its kept parts hold the placeholder already; what was drawn afresh
    # holds the token itself, taken out here.
    body, token = response.get_data(), g.get(_CSRF_FIELD)
    if token:
        body = body.replace(token.encode(), _CSRF_PLACEHOLDER)
    has_token = _CSRF_PLACEHOLDER in body
    if response.status_code == 200 and response.mimetype == "text/html" and \
            "_flashes" not in session:
        seconds = current_app.config["MEMBER_PAGE_CACHE_SECONDS"]
        member_store().put(key, Entry(stamp, time.monotonic() + seconds, body,
                                      response.mimetype, has_token))
    if has_token:
        response.set_data(body.replace(_CSRF_PLACEHOLDER, csrf_token().encode()))
    return response


def _may_share() -> bool:
    """A signed-out GET with no flashed message waiting."""
    return request.method == "GET" and not names_authorization() and \
        not current_user.is_authenticated and "_flashes" not in session


def _shareable(response) -> bool:
    """A plain page that holds nothing of this visitor's own."""
    return response.status_code == 200 and not response.direct_passthrough and \
        response.mimetype == "text/html" and "_flashes" not in session and \
        b'name="csrf_token"' not in response.get_data()
