"""Posts and rows of thread lists kept as pieces (pagecache.piece, issue 16): a piece's key is
everything it shows, the viewer's answers included, so a page drawn from pieces made for other
viewers is the very page drawn without them (no one's edit links, reactions or tokens reach
another), and an edit, a reaction, a moderator's decision or a new handle shows at once.

The page caches are off here, so every page is made and only the pieces are reused."""
import re

import pytest

from forum.models import Post, PostStatus, User
from personas import PASSWORD, PERSONA_HANDLES as PERSONA_HANDLES_MAP
from test_pages_threads import csrf_token_from, first_post_id, reply, reply_id, set_row, \
    start_thread, submit

TOKENS = re.compile(r'((?:name="csrf_token"[^>]*value|data-csrf|content)=")[^"]{40,}(")')
NO_PAGE_CACHES = dict(PAGE_CACHE_SECONDS=0, MEMBER_PAGE_CACHE_SECONDS=0,
                      FRAGMENT_CACHE_SECONDS=0)


def _browser(app, personas, persona: str | None):
    client = app.test_client()
    if persona is not None:
        page = client.get("/login")
        answer = client.post("/login", data={"handle": personas[persona], "password": PASSWORD,
                                             "csrf_token": csrf_token_from(page.text)})
        assert answer.status_code == 302, answer.text
    return client


def _page(client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return TOKENS.sub(r"\1TOKEN\2", answer.text)


@pytest.fixture
def world(app, make_app, personas):
    """Two apps on one database: one keeping pieces, one drawing everything every time; a
    thread with Sam's opening post, Nell's warned reply, Tro's post held for review, a reply
    Sam removed, and reactions."""
    keeping = make_app(**NO_PAGE_CACHES, PIECE_CACHE_SECONDS=300)
    drawing = make_app(**NO_PAGE_CACHES, PIECE_CACHE_SECONDS=0)
    sam = _browser(keeping, PERSONA_HANDLES_MAP, "member")
    nell = _browser(keeping, PERSONA_HANDLES_MAP, "newcomer")
    tro = _browser(keeping, PERSONA_HANDLES_MAP, "troll")
    thread_id = start_thread(sam, title="Evenings", body="Evenings are the hard part.")
    opening = first_post_id(keeping, thread_id)
    warned = reply_id(reply(nell, thread_id, "What helped me, in detail.", warning="describes use"))
    gone = reply_id(reply(sam, thread_id, "A second thought."))
    submit(sam, f"/posts/{gone}/remove", {}, token_from=f"/posts/{gone}/remove")
    held = reply_id(reply(tro, thread_id, "Another answer."))
    set_row(keeping, Post, held, status=PostStatus.PENDING.value)
    submit(nell, f"/posts/{opening}/reactions", {"kind": "strength", "on": "1"},
           token_from=f"/threads/{thread_id}")
    submit(sam, f"/posts/{warned}/reactions", {"kind": "me-too", "on": "1"},
           token_from=f"/threads/{thread_id}")
    return dict(keeping=keeping, drawing=drawing, thread_id=thread_id, opening=opening,
                warned=warned, held=held, sam=sam, nell=nell)


VIEWERS = (None, "member", "newcomer", "troll", "mentor", "moderator")


def test_pages_from_pieces_are_the_pages_drawn_without_them(world):
    """Every viewer in turn, each after the others' pieces were made: their thread page, the
    board and /latest read exactly as the app that keeps no pieces draws them."""
    keeping, drawing = world["keeping"], world["drawing"]
    paths = (f"/threads/{world['thread_id']}", "/boards/newcomers", "/latest")
    for round_ in range(2):  # the second round is served from pieces made in the first
        for persona in VIEWERS:
            kept = _browser(keeping, PERSONA_HANDLES_MAP, persona)
            drawn = _browser(drawing, PERSONA_HANDLES_MAP, persona)
            for path in paths:
                assert _page(kept, path) == _page(drawn, path), (round_, persona, path)


def test_one_viewers_controls_never_reach_another(world):
    keeping, thread_id = world["keeping"], world["thread_id"]
    opening, warned, held = world["opening"], world["warned"], world["held"]
    path = f"/threads/{thread_id}"
    sams_page = _page(world["sam"], path)  # Sam's pieces first: his edit links, who reacted
    assert f"/posts/{opening}/edit" in sams_page and "Sending strength: Nell" in sams_page
    for persona in (None, "newcomer", "troll"):
        page = _page(_browser(keeping, PERSONA_HANDLES_MAP, persona), path)
        assert f"/posts/{opening}/edit" not in page
        assert "Sending strength: Nell" not in page  # only the author sees who reacted
        assert ("Another answer." in page) == (persona == "troll")  # held: its author only
    nells_page = _page(world["nell"], path)
    assert f"/posts/{warned}/edit" in nells_page and f"/posts/{opening}/flag" in nells_page
    assert 'aria-pressed="true"' in nells_page  # her own reaction on Sam's post
    anonymous = _page(_browser(keeping, PERSONA_HANDLES_MAP, None), path)
    assert "reaction-form" not in anonymous and "/flag" not in anonymous
    moderator = _page(_browser(keeping, PERSONA_HANDLES_MAP, "moderator"), path)
    assert "Another answer." in moderator and f"/posts/{held}/edit" not in moderator


def test_a_members_token_is_their_own_on_every_piece(world):
    """Reaction forms come from pieces: each session gets its own CSRF token in them, and a
    reaction sent with it is accepted."""
    keeping, thread_id = world["keeping"], world["thread_id"]
    path = f"/threads/{thread_id}"
    world["sam"].get(path)
    mentor = _browser(keeping, PERSONA_HANDLES_MAP, "mentor")
    page = mentor.get(path).text
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', page))
    assert len(tokens) == 1
    answer = mentor.post(f"/posts/{world['opening']}/reactions",
                         data={"kind": "congrats", "on": "1", "csrf_token": tokens.pop()})
    assert answer.status_code in (302, 303), answer.status_code


def test_edits_reactions_and_decisions_show_at_once(world):
    keeping, thread_id, opening = world["keeping"], world["thread_id"], world["opening"]
    path = f"/threads/{thread_id}"
    reader = _browser(keeping, PERSONA_HANDLES_MAP, "mentor")
    _page(reader, path)
    assert "Evenings are the hard part." in _page(reader, path)
    submit(world["sam"], f"/posts/{opening}/edit", {"body": "Evenings are easier now.",
                                                    "content_warning": ""})
    page = _page(reader, path)
    assert "Evenings are easier now." in page and "Evenings are the hard part." not in page
    assert "(edited" in page
    before = page.count('reaction-count">1<')
    submit(world["nell"], f"/posts/{opening}/reactions", {"kind": "me-too", "on": "1"},
           token_from=path)
    assert _page(reader, path).count('reaction-count">1<') == before + 1
    set_row(keeping, Post, world["warned"], status=PostStatus.HIDDEN.value)
    assert "What helped me, in detail." not in _page(reader, path)
    set_row(keeping, Post, world["warned"], status=PostStatus.PUBLISHED.value)
    assert "What helped me, in detail." in _page(reader, path)
    # The stored HTML changed with nothing else (a renderer's new version, a correction).
    set_row(keeping, Post, opening, body_html="<p>Evenings, then mornings.</p>")
    assert "Evenings, then mornings." in _page(reader, path)
    set_row(keeping, User, _member_id(keeping, "Nell"), handle="NellDawn")
    assert "NellDawn" in _page(reader, path)
    set_row(keeping, User, _member_id(keeping, "SamRiver"), handle="SamStream")
    assert "SamStream" in _page(reader, "/boards/newcomers")
    assert "SamStream" in _page(reader, path)


def test_unread_counts_on_rows_are_each_readers_own(world):
    """Rows of the board and /latest are pieces too: one reader's unread count is theirs."""
    keeping, thread_id = world["keeping"], world["thread_id"]
    mentor = _browser(keeping, PERSONA_HANDLES_MAP, "mentor")
    moderator = _browser(keeping, PERSONA_HANDLES_MAP, "moderator")
    mentor.get(f"/threads/{thread_id}")  # the mentor has read it all; the moderator nothing
    for page in ("/boards/newcomers", "/latest"):
        _page(moderator, page), _page(mentor, page)
    reply(world["nell"], thread_id, "One more thought tonight.")
    for page in ("/boards/newcomers", "/latest"):
        assert "1 unread" in _page(mentor, page), page
        assert "1 unread" not in _page(moderator, page), page
        assert "1 unread" not in _page(_browser(keeping, PERSONA_HANDLES_MAP, None), page)


def _member_id(app, handle: str) -> int:
    from forum.extensions import db
    with app.app_context():
        return db.session.scalar(db.select(User.id).where(User.handle == handle))


def test_pagination_from_pieces_is_the_pagination_drawn(world):
    """Each page's links to the others, kept per endpoint, arguments and page."""
    from flask import render_template_string

    from forum.services.boards.reading import Page
    source = ('{% from "_macros.html" import pagination %}'
              '{{ pagination(page, "boards.thread", thread_id=thread_id) }}'
              '{{ pagination(page, "community.search_page", q=query) }}')
    cases = [(Page([], n, pages), thread_id, query) for pages in (1, 2, 9) for n in (1, 2, pages)
             for thread_id in (7, 8) for query in ("sleep", "walks & talks")]
    drawn = []
    with world["drawing"].test_request_context():
        for page, thread_id, query in cases:
            drawn.append(render_template_string(source, page=page, thread_id=thread_id,
                                                query=query))
    with world["keeping"].test_request_context():
        for _ in range(2):
            kept = [render_template_string(source, page=page, thread_id=thread_id, query=query)
                    for page, thread_id, query in cases]
            assert kept == drawn
    assert any("/threads/8?page=2" in html for html in drawn)
