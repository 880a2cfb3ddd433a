"""A thread page's list of posts kept under a key of all it shows (boards.layout.post_list_key,
pagecache.shared_fragment, issue 16): the key is the list's version, so the list made from it
is the very list drawn whole after every kind of change, for every reader, and a write
elsewhere in the thread leaves it kept.

The page caches are off here, so every page is made; only pieces, layouts and lists are reused."""
import re
from datetime import date, timedelta

import pytest

from forum.boards import routes
from forum.boards.layout import post_list_html
from forum.extensions import db
from forum.models import Board, Post, PostStatus, Thread, User
from forum.services.accounts.blocks import block_member
from forum.services.accounts.handles import find_user
from forum.services.accounts.preferences import update_preferences
from forum.services.accounts.privacy import delete_account
from forum.services.boards.posting import create_reply
from forum.services.recovery.dates import set_recovery
from personas import PASSWORD, PERSONA_HANDLES
from test_pages_layouts22 import TOKENS, _browser
from test_pages_threads import first_post_id, reply, reply_id, set_row, start_thread, submit

NO_PAGE_CACHES = dict(PAGE_CACHE_SECONDS=0, MEMBER_PAGE_CACHE_SECONDS=0)
READERS = (None, "member", "newcomer", "mentor", "moderator")


def _list_of(page: str) -> str:
    """The page's list of posts, tokens blanked."""
    found = re.search(r'<section class="thread".*?</section>', page, re.S)
    assert found, page
    return TOKENS.sub(r"\1TOKEN\2", found.group(0))


@pytest.fixture
def world(make_app, personas):
    """Two apps on one database, one keeping lists, pieces and layouts, one drawing every
    page whole; each reader signed in to both; Sam's thread with Nell's reply and Tro's."""
    keeping = make_app(**NO_PAGE_CACHES, FRAGMENT_CACHE_SECONDS=300, PIECE_CACHE_SECONDS=300)
    drawing = make_app(**NO_PAGE_CACHES, FRAGMENT_CACHE_SECONDS=0, PIECE_CACHE_SECONDS=0)
    drawing.extensions["forum_generation"] = keeping.extensions["forum_generation"]
    kept = {persona: _browser(keeping, persona) for persona in READERS + ("troll",)}
    drawn = {persona: _browser(drawing, persona) for persona in READERS}
    thread_id = start_thread(kept["member"], title="Mornings", body="Mornings are the worst.")
    answer = reply_id(reply(kept["newcomer"], thread_id, "Coffee first, then the day."))
    troll = reply_id(reply(kept["troll"], thread_id, "Mornings are fine for me."))
    return dict(keeping=keeping, kept=kept, drawn=drawn, thread_id=thread_id, answer=answer,
                troll=troll, opening=first_post_id(keeping, thread_id),
                path=f"/threads/{thread_id}")


def _all_alike(world, note: str) -> None:
    """Every reader's thread page, twice (the second from what the first kept), shows the
    list the app keeping nothing draws. Each is read once before (not compared): it moves the
    member's read marker, which both apps' pages show."""
    path = world["path"]
    for round_ in range(2):
        for persona in READERS:
            world["kept"][persona].get(path)
            kept = _list_of(world["kept"][persona].get(path).text)
            assert kept == _list_of(world["drawn"][persona].get(path).text), \
                (note, round_, persona)


def find_user_id(app, handle: str) -> int:
    with app.app_context():
        return find_user(handle).id


def _as(app, handle: str, act) -> None:
    with app.app_context():
        act(find_user(handle))


def test_a_kept_list_is_the_drawn_list_through_every_change(world):
    """An edit, a hidden post and its return, a removal, a reaction, a block, a new badge, a
    theme, a member's warning settings and a deleted account: after each, every reader's list
    is the list drawn whole."""
    keeping, kept, path = world["keeping"], world["kept"], world["path"]
    _all_alike(world, "at first")
    submit(kept["newcomer"], f"/posts/{world['answer']}/edit",
           {"body": "Coffee first, always.", "content_warning": ""})
    _all_alike(world, "an edit")
    assert "Coffee first, always." in kept[None].get(path).text
    set_row(keeping, Post, world["answer"], body_html="<p>Coffee first, <em>always</em>.</p>")
    _all_alike(world, "its HTML made again (a new renderer), not edited")
    set_row(keeping, User, find_user_id(keeping, "Nell"), handle="NellMorning")
    _all_alike(world, "a new handle")
    set_row(keeping, Post, world["answer"], status=PostStatus.HIDDEN.value)
    _all_alike(world, "a hidden post")
    assert "Coffee first" not in kept[None].get(path).text
    set_row(keeping, Post, world["answer"], status=PostStatus.PUBLISHED.value)
    _all_alike(world, "published again")
    assert submit(kept["troll"], f"/posts/{world['troll']}/remove", {}).status_code == 302
    _all_alike(world, "removed by its author")
    assert "This post was removed by its author." in kept["mentor"].get(path).text
    submit(kept["newcomer"], f"/posts/{world['opening']}/reactions",
           {"kind": "me-too", "on": "1"}, token_from=path)
    _all_alike(world, "a reaction")
    assert "Me too: NellMorning" in kept["member"].get(path).text  # only Sam sees who
    assert "Me too: NellMorning" not in kept["mentor"].get(path).text
    _as(keeping, "SamRiver", lambda sam: block_member(sam, "NellMorning"))
    _all_alike(world, "a block")
    assert "Me too: NellMorning" not in kept["member"].get(path).text
    start = (date.today() - timedelta(days=100)).isoformat()
    _as(keeping, "NellMorning", lambda nell: set_recovery(nell, {"date": start, "show_badge": True}))
    _all_alike(world, "a badge")
    assert "recovery-badge" in kept[None].get(path).text
    for browsers in (kept, world["drawn"]):
        browsers["mentor"].set_cookie("theme", "dark")
    _all_alike(world, "a theme")
    assert reply(kept["newcomer"], world["thread_id"], "Some mornings I think about using.",
                 warning="Relapse").status_code == 302
    _all_alike(world, "a warned reply")
    _as(keeping, "PatMentor", lambda pat: update_preferences(pat, {"folded_warnings": []}))
    _all_alike(world, "the mentor's warnings unfolded")
    _as(keeping, "TroBridge", lambda tro: delete_account(tro, PASSWORD, erase_content=True))
    _all_alike(world, "a deleted account")
    assert "TroBridge" not in kept[None].get(path).text


def test_a_change_on_another_page_of_the_thread_leaves_this_pages_list_kept(world, monkeypatch):
    """Pages of 20 top-level posts: a reply landing on page 2 moves the thread's scope, but
    nothing page 1's list shows, so page 1's list is not drawn again; an edit on page 1
    draws it again, with the edit."""
    keeping, kept, thread_id = world["keeping"], world["kept"], world["thread_id"]
    with keeping.app_context():
        thread, pat = db.session.get(Thread, thread_id), find_user("PatMentor")
        for number in range(20):
            create_reply(thread, pat, f"A note from the evening, number {number}.")
    visitor, path = kept[None], world["path"]
    assert "?page=2" in visitor.get(path).text
    drawn = []
    monkeypatch.setattr(routes, "post_list_html", lambda *args: drawn.append(args[2].id) or
                        post_list_html(*args))
    visitor.get(path)
    reply(kept["newcomer"], thread_id, "Late to this, but hello.")
    assert "Late to this" in visitor.get(f"{path}?page=2").text
    drawn.clear()
    page = visitor.get(path).text
    assert "number 0." in page and "Late to this" not in page
    assert drawn == []
    submit(kept["newcomer"], f"/posts/{world['answer']}/edit",
           {"body": "Coffee, then the day.", "content_warning": ""})
    assert "Coffee, then the day." in visitor.get(path).text
    assert drawn == [thread_id]
    assert _list_of(visitor.get(path).text) == _list_of(world["drawn"][None].get(path).text)


def test_a_kept_list_carries_each_readers_own_token(world):
    """Pat's list is made first (its reaction forms hold her token); Tro's, made from the same
    kept list, holds Tro's alone, and a visitor's none."""
    kept, path = world["kept"], world["path"]
    tokens = {}
    for persona in ("mentor", "troll", None):
        page = kept[persona].get(path).text
        posts = re.search(r'<section class="thread".*?</section>', page, re.S).group(0)
        tokens[persona] = set(re.findall(r'name="csrf_token" value="([^"]+)"', posts))
    assert len(tokens["mentor"]) == 1 and len(tokens["troll"]) == 1
    assert tokens["mentor"] != tokens["troll"] and tokens[None] == set()
    assert PERSONA_HANDLES["mentor"] not in _list_of(kept["troll"].get(path).text)


def test_a_members_unread_counts_come_with_the_rows_and_count_as_before(world):
    """A board's and /latest's rows carry the member's unread counts, read in the rows' own
    statement (viewer_state.unread_column): the counts read_state.unread_counts answers, for a
    thread read to the end, one with new replies (her own, a hidden and a removed one not
    counted), and one she never opened; the pages run one statement fewer."""
    from forum.services.boards.activity import list_latest
    from forum.services.boards.read_state import unread_counts, unread_of
    from forum.services.boards.reading import get_board_or_404, list_threads
    from test_pagespeed import _statements
    keeping, kept, thread_id = world["keeping"], world["kept"], world["thread_id"]
    quiet = start_thread(kept["member"], title="Quiet", body="Just checking in.")
    unopened = start_thread(kept["member"], title="Unopened", body="Nobody here yet.")
    for path in (world["path"], f"/threads/{quiet}"):
        kept["mentor"].get(path)
    reply(kept["mentor"], thread_id, "My own reply, read already.")
    for body in ("One new word.", "Another new word.", "Hidden word.", "Removed word."):
        reply(kept["newcomer"], thread_id, body)
    with keeping.app_context():
        ids = dict(db.session.execute(db.select(Post.body_source, Post.id).where(
            Post.thread_id == thread_id)).all())
    set_row(keeping, Post, ids["Hidden word."], status=PostStatus.HIDDEN.value)
    assert submit(kept["newcomer"], f"/posts/{ids['Removed word.']}/remove", {}) \
        .status_code == 302
    with keeping.app_context(), keeping.test_request_context():
        pat = find_user(PERSONA_HANDLES["mentor"])
        board = get_board_or_404("newcomers", pat)
        for rows in (list_threads(board, pat, 1).items, list_latest(pat, 1).items):
            shown = unread_of(rows)
            assert shown == unread_counts(pat, [row.id for row in rows])
            assert shown[thread_id] == 2 and quiet not in shown and unopened not in shown
    for path in ("/boards/newcomers", "/latest"):
        assert "2 unread" in kept["mentor"].get(path).text
    assert [_statements(keeping, kept["mentor"], path) for path in
            ("/boards/newcomers", "/latest")] == [2, 1]


def test_a_pages_rows_carry_the_reactions_reactions_for_counts(world):
    """Each post row's reactions, read in the posts' statement (one column of kinds given, the
    reader's own marked), are what reactions_for's grouped query answers, for every reader."""
    from forum.services.boards.reactions import react, reactions_for
    from forum.services.boards.reading import thread_page
    keeping, thread_id = world["keeping"], world["thread_id"]
    with keeping.app_context():
        handles = {persona: PERSONA_HANDLES[persona] for persona in
                   ("newcomer", "mentor", "moderator", "troll")}
        members = {persona: find_user(handle) for persona, handle in handles.items()}
        opening = db.session.get(Post, world["opening"])
        answer = db.session.get(Post, world["answer"])
        for persona, kinds in (("newcomer", ("congrats", "me-too", "strength")),
                               ("mentor", ("strength", "me-too")), ("troll", ("strength",))):
            for kind in kinds:
                react(opening, members[persona], kind)
        react(answer, members["mentor"], "congrats")
        thread = db.session.get(Thread, thread_id)
        for viewer in (None, *members.values(), find_user(PERSONA_HANDLES["member"])):
            rows = [node.post for node in thread_page(thread, viewer, 1).items]
            expected = reactions_for([db.session.get(Post, row.id) for row in rows], viewer)
            assert {row.id: row.reactions for row in rows} == expected, viewer
        assert expected[world["opening"]].counts == {"me-too": 2, "strength": 3, "congrats": 1}


def _lists_alike(world, note: str) -> None:
    """Every reader's board page and /latest, twice, are the pages the app keeping nothing
    draws (their rows' lists kept whole under their rows' keys)."""
    for round_ in range(2):
        for persona in READERS:
            for path in ("/boards/newcomers", "/latest"):
                kept = TOKENS.sub(r"\1TOKEN\2", world["kept"][persona].get(path).text)
                drawn = TOKENS.sub(r"\1TOKEN\2", world["drawn"][persona].get(path).text)
                assert kept == drawn, (note, round_, persona, path)


def test_kept_lists_of_threads_are_the_drawn_lists_through_every_change(world):
    """A board's and /latest's rows kept as one list: after a reply (counts, order, unread), a
    new title, a lock, a hidden thread, a new handle, a renamed board and a theme, every
    reader's pages are the pages drawn whole."""
    keeping, kept, thread_id = world["keeping"], world["kept"], world["thread_id"]
    other = start_thread(kept["newcomer"], title="Nights", body="Nights are long.")
    for persona in READERS:
        if persona:
            kept[persona].get(world["path"])  # opened: unread counts from now on
    _lists_alike(world, "at first")
    reply(kept["troll"], thread_id, "Mornings are fine for me still.")
    _lists_alike(world, "a reply")
    assert "1 unread" in kept["mentor"].get("/latest").text
    set_row(keeping, Thread, thread_id, title="Mornings, and coffee", locked=True)
    _lists_alike(world, "a new title, locked")
    set_row(keeping, Thread, other, status=PostStatus.HIDDEN.value)
    _lists_alike(world, "a hidden thread")
    assert "Nights" not in kept["mentor"].get("/boards/newcomers").text
    set_row(keeping, User, find_user_id(keeping, "SamRiver"), handle="SamDawn")
    _lists_alike(world, "a new handle")
    assert "SamDawn" in kept[None].get("/boards/newcomers").text
    with keeping.app_context():
        board_id = db.session.scalar(db.select(Board.id).where(Board.slug == "newcomers"))
    set_row(keeping, Board, board_id, name="Newcomers, welcome")
    _lists_alike(world, "a renamed board")
    assert "Newcomers, welcome</a>" in kept[None].get("/latest").text
    for browsers in (kept, world["drawn"]):
        browsers["mentor"].set_cookie("theme", "dark")
    _lists_alike(world, "a theme")
