"""Pages made from their kept layout (page_layouts.page_with_slot, issue 16): everything around a
thread page's posts, a board's and /latest's rows is rendered once and kept under a key of all it
shows. So a page made from a kept layout is the very page drawn without one, for every reader
after every kind of change, and no reader's handle, controls or CSRF token reach another.

The page caches are off here, so every page is made and only pieces and layouts are reused."""
import re

import pytest
from flask import template_rendered

from forum.models import Post, PostStatus, Thread
from forum.services.accounts.handles import find_user
from forum.services.accounts.preferences import update_preferences
from personas import PASSWORD, PERSONA_HANDLES
from test_pages_threads import (csrf_token_from, first_post_id, reply, reply_id, set_row,
                                start_thread, submit)

TOKENS = re.compile(r'((?:name="csrf_token"[^>]*value|data-csrf|content)=")[^"]{40,}(")')
NO_PAGE_CACHES = dict(PAGE_CACHE_SECONDS=0, MEMBER_PAGE_CACHE_SECONDS=0,
                      FRAGMENT_CACHE_SECONDS=0)
READERS = (None, "member", "newcomer", "moderator")


def _browser(app, persona: str | None):
    client = app.test_client()
    if persona is not None:
        page = client.get("/login")
        answer = client.post("/login", data={"handle": PERSONA_HANDLES[persona],
                                             "password": PASSWORD,
                                             "csrf_token": csrf_token_from(page.text)})
        assert answer.status_code == 302, answer.text
        client.get("/")  # shows (and so ends) the welcome back
    return client


def _page(client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return TOKENS.sub(r"\1TOKEN\2", answer.text)


def _tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', page)) | \
        set(re.findall(r'data-csrf="([^"]+)"', page))


@pytest.fixture
def world(app, make_app, personas):
    """Two apps on one database, one keeping layouts and pieces, one drawing every page whole;
    each reader signed in to both; Sam's thread with Nell's reply."""
    keeping = make_app(**NO_PAGE_CACHES, PIECE_CACHE_SECONDS=300)
    drawing = make_app(**NO_PAGE_CACHES, PIECE_CACHE_SECONDS=0)
    # One generation for both, as Redis would share it between two processes: a write through
    # either app makes both forget what they remembered of it (the frame's unread count).
    drawing.extensions["forum_generation"] = keeping.extensions["forum_generation"]
    kept = {persona: _browser(keeping, persona) for persona in READERS}
    drawn = {persona: _browser(drawing, persona) for persona in READERS}
    thread_id = start_thread(kept["member"], title="Evenings", body="Evenings are hard.")
    answer = reply_id(reply(kept["newcomer"], thread_id, "They get easier."))
    return dict(keeping=keeping, kept=kept, drawn=drawn, thread_id=thread_id, answer=answer,
                opening=first_post_id(keeping, thread_id),
                paths=(f"/threads/{thread_id}", "/boards/newcomers", "/latest"))


def _all_alike(world, note: str) -> None:
    """Every reader's three pages, twice (the second from what the first kept), read exactly
    as the app keeping nothing draws them. Each is read once before (not compared): reading a
    thread moves the member's read marker, which both apps' pages show."""
    for round_ in range(2):
        for persona in READERS:
            for path in world["paths"]:
                world["kept"][persona].get(path)
                assert _page(world["kept"][persona], path) == \
                    _page(world["drawn"][persona], path), (note, round_, persona, path)


def test_pages_from_kept_layouts_stay_the_drawn_pages_through_every_change(world):
    """A new reply, an edit, a hidden post, a reaction, a follow, a mute, a lock, a new title,
    a theme, a member's settings: after each, every reader's made pages are the pages drawn
    whole."""
    keeping, thread_id, kept = world["keeping"], world["thread_id"], world["kept"]
    thread_path = f"/threads/{thread_id}"
    _all_alike(world, "at first")
    reply(kept["member"], thread_id, "Thank you, Nell.")
    _all_alike(world, "a new reply")
    submit(kept["newcomer"], f"/posts/{world['answer']}/edit",
           {"body": "They do get easier.", "content_warning": ""})
    _all_alike(world, "an edit")
    set_row(keeping, Post, world["answer"], status=PostStatus.HIDDEN.value)
    _all_alike(world, "a hidden post")
    set_row(keeping, Post, world["answer"], status=PostStatus.PUBLISHED.value)
    submit(kept["newcomer"], f"/posts/{world['opening']}/reactions",
           {"kind": "strength", "on": "1"}, token_from=thread_path)
    _all_alike(world, "a reaction")
    submit(kept["newcomer"], f"/threads/{thread_id}/follow", {"follow": "0"},
           token_from=thread_path)
    submit(kept["newcomer"], "/boards/newcomers/mute", {"mute": "1"},
           token_from="/boards/newcomers")
    _all_alike(world, "a follow and a mute")
    set_row(keeping, Thread, thread_id, locked=True, title="Evenings, and after")
    _all_alike(world, "locked, retitled")
    for browsers in (kept, world["drawn"]):
        browsers["newcomer"].set_cookie("theme", "dark")
    _all_alike(world, "a theme")
    set_row(keeping, Thread, thread_id, locked=False)
    assert reply(kept["member"], thread_id, "Hard words about a slip.",
                 warning="Relapse").status_code == 302
    _all_alike(world, "a warned reply")
    with keeping.app_context():
        update_preferences(find_user("Nell"), {"hidden_warnings": ["relapse"]})
    assert "1 post hidden by your settings" in _page(kept["newcomer"], thread_path)
    _all_alike(world, "Nell's settings leave warned posts out")


def test_a_page_with_nothing_changed_is_made_without_its_template(world):
    """The second made page of a reader renders no page template: its layout was kept (the
    list's pieces too), so the comparison above compares kept layouts, not fresh renders."""
    keeping, kept = world["keeping"], world["kept"]
    rendered = []

    def record(_app, template, context, **_extra):
        rendered.append(template.name)
    for persona in (None, "newcomer"):
        for path in world["paths"]:
            kept[persona].get(path)
            with template_rendered.connected_to(record, keeping):
                assert kept[persona].get(path).status_code == 200
            assert rendered == [], (persona, path, rendered)


def test_no_reader_sees_anothers_member_or_token_through_a_kept_layout(world):
    """Sam's pages are made first; Nell's, the moderator's and a visitor's then each show their
    own handle and their own session's token (the one their forms accept), and nobody else's."""
    kept, thread_path = world["kept"], f"/threads/{world['thread_id']}"
    seen = {}
    for persona in ("member", "newcomer", "moderator", None):
        for path in world["paths"]:
            page = kept[persona].get(path).text
            handles = {h for p, h in PERSONA_HANDLES.items()
                       if f'title="Your settings: {h}"' in page}
            assert handles == ({PERSONA_HANDLES[persona]} if persona else set()), (persona, path)
            assert ("Review queue" in page) == (persona == "moderator"), (persona, path)
            tokens = _tokens(page)
            assert len(tokens) == (1 if persona else 0), (persona, path)
            seen.setdefault(persona, set()).update(tokens)
    assert all(len(tokens) == 1 for persona, tokens in seen.items() if persona)
    assert len({next(iter(seen[p])) for p in ("member", "newcomer", "moderator")}) == 3
    answer = kept["newcomer"].post(f"{thread_path}/reply", data={
        "body": "Still here.", "parent_id": "", "content_warning": "",
        "csrf_token": next(iter(seen["newcomer"]))})
    assert answer.status_code == 302, answer.text
    forged = kept["newcomer"].post(f"{thread_path}/reply", data={
        "body": "Not mine.", "parent_id": "", "content_warning": "",
        "csrf_token": next(iter(seen["member"]))})
    assert forged.status_code == 400


def test_signing_out_and_in_changes_the_kept_layout_at_once(world):
    kept, thread_path = world["kept"], f"/threads/{world['thread_id']}"
    nell = kept["newcomer"]
    assert 'title="Your settings: Nell"' in nell.get(thread_path).text
    page = nell.get(thread_path).text
    nell.post("/logout", data={"csrf_token": next(iter(_tokens(page)))})
    for path in world["paths"]:
        page = nell.get(path).text
        assert "Your settings:" not in page and not _tokens(page), path
        assert ">Log in</a>" in page, path
    nell = _browser(world["keeping"], "newcomer")
    assert 'title="Your settings: Nell"' in nell.get(thread_path).text


def test_a_flashed_message_is_drawn_on_a_page_whose_layout_was_kept(world):
    kept, thread_path = world["kept"], f"/threads/{world['thread_id']}"
    nell = kept["newcomer"]
    nell.get(thread_path)
    nell.get(thread_path)  # kept by now
    answer = submit(nell, f"/posts/{world['answer']}/edit",
                    {"body": "They got easier.", "content_warning": ""})
    assert answer.status_code == 302
    page = nell.get(answer.headers["Location"]).text
    assert "Your changes are saved." in page
    assert "Your changes are saved." not in nell.get(thread_path).text


def test_where_you_stopped_shows_at_once_on_a_kept_layout(world):
    """The "go to where you stopped" link is part of the layout: after a new reply it shows
    on Nell's next page, and once she has read it, it is gone."""
    kept, thread_path = world["kept"], f"/threads/{world['thread_id']}"
    nell = kept["newcomer"]
    nell.get(thread_path)
    assert "Go to where you stopped reading" not in nell.get(thread_path).text
    reply(kept["member"], world["thread_id"], "Thank you, Nell.")
    page = nell.get(thread_path).text
    assert "Go to where you stopped reading" in page and 'id="unread"' in page
    assert "Go to where you stopped reading" not in nell.get(thread_path).text


def test_a_members_made_thread_page_reads_their_state_with_the_thread(world):
    """Signed in, after a write in the thread: the thread with the member's read marker, follow
    and mutes in one statement, the page's first; none of them asked again."""
    from sqlalchemy import event

    from forum.extensions import db
    keeping, thread_id = world["keeping"], world["thread_id"]
    reply(world["kept"]["member"], thread_id, "One more thought.")
    seen = []
    with keeping.app_context():
        listener = lambda *args, **kwargs: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = world["kept"]["newcomer"].get(f"/threads/{thread_id}").text
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    assert "One more thought." in page and "You follow this thread." in page
    reads = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    state = [sql for sql in reads if "thread_reads" in sql or "thread_follows" in sql or
             "thread_mutes" in sql]
    assert len(state) == 1, state  # the rest: what a reply made the forum forget (counts)
    assert state[0] == reads[0] and "FROM threads" in state[0] and "board_mutes" in state[0]
