"""A page made from its kept layout: everything around its list (the head, the navigation, the
headings and forms above the list, the footer) rendered once and kept, the list put in.

A thread page, a board page and /latest each draw their list (posts, or rows of threads) from
kept pieces already (boards.layout); what is left of a made page is the template run around it,
which costs more than the list. So the view draws its list in Python and hands it in as the
page's one `slot`; the rest of the page is kept (pagecache.piece's store and lifetime) under a
key of *everything it shows*: the template, the request's address and script root, the reader's
theme, who they are (id and handle) and the frame's numbers (templating.page_frame), whether
CSRF fields are drawn, and the page's own values, which its view names (`shown`). So the key is
the layout's version: a new reply count, a new title, a follow, a sign-in or another member make
another key, and a kept layout can never be stale or show one member's page to another.

Kept without the session's CSRF token (a placeholder stands in; the asking session's is put in
on the way out), and never when the page would draw a flashed message (rendering consumes it)
or when the view gives no key (a page with parts of its own: a removal notice, crisis help).
"""
import secrets
import time

from flask import current_app, g, get_flashed_messages, render_template, request
from markupsafe import Markup

from forum.pagecache import _CSRF_FIELD, _CSRF_TEXT, Entry, PageStore, token_in
from forum.security import current_viewer
from forum.theme import theme_choice

LAYOUT_MAX_ENTRIES = 512  # whole pages but their lists (about 10-15 KB each, key too)
# Stands for the page's list in a kept layout; random per process, so no member's text can
# carry it.
_SLOT = f"slot-placeholder-{secrets.token_hex(16)}"


def init_app(app) -> None:
    """Give the app its store of layouts."""
    app.extensions["forum_layout_store"] = PageStore(LAYOUT_MAX_ENTRIES)


def page_with_slot(template: str, shown: tuple | None, slot_name: str, slot: Markup,
                   **context) -> str:
    """render_template(template, **context, slot_name=slot), the same page byte for byte, made
    from its kept layout when one stands for this key (see the module's rules). `shown` holds
    every value of the page's own the template draws outside the slot (None: render it)."""
    seconds = current_app.config.get("PIECE_CACHE_SECONDS", 0)
    if shown is None or seconds <= 0 or get_flashed_messages():
        return render_template(template, **context, **{slot_name: slot})
    key = _layout_key(template, shown)
    layouts: PageStore = current_app.extensions["forum_layout_store"]
    hit = layouts.get(key, ())
    if hit is None:
        html, token = render_template(template, **context, **{slot_name: Markup(_SLOT)}), \
            g.get(_CSRF_FIELD)
        if html.count(_SLOT) > 1:  # drawn twice: not a layout with one slot
            return html.replace(_SLOT, str(slot))
        if token:
            html = html.replace(token, _CSRF_TEXT)
        hit = Entry((), time.monotonic() + seconds, html, "text/html", _CSRF_TEXT in html)
        layouts.put(key, hit)
    return token_in(hit.body, hit.has_token).replace(_SLOT, str(slot), 1)


def _layout_key(template: str, shown: tuple) -> tuple:
    """Everything a page's frame shows (base.html) beside the page's own values. The frame's
    numbers come from templating.page_frame, which templating.init_app hands over in the app's
    extensions (templating imports the boards' layout, whose views use this module)."""
    viewer = current_viewer()
    return ("layout", template, request.script_root, request.full_path, theme_choice(),
            None if viewer is None else (viewer.id, viewer.handle),
            repr(current_app.extensions["forum_page_frame"]()["nav"]),
            bool(current_app.config.get("WTF_CSRF_ENABLED", True)), shown)
