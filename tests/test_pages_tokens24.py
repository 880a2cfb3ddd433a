"""A member's page made from kept parts (the list of posts, the layout, the header) has the
asking session's CSRF token put in once, over the whole page (pagecache._member_page, issue
16): every token on it is the member's own, no placeholder is left, the page kept for the
member holds no token, and the token works."""
import re

import pytest

from test_pages_layouts22 import _browser
from test_pages_threads import reply, reply_id, start_thread

KEEPING = dict(PAGE_CACHE_SECONDS=5, MEMBER_PAGE_CACHE_SECONDS=60, FRAGMENT_CACHE_SECONDS=300,
               PIECE_CACHE_SECONDS=300)
TOKEN_VALUES = re.compile(r'(?:name="csrf_token"[^>]*value|data-csrf|content)="([^"]{40,})"')
PLACEHOLDER = "csrf-placeholder-"


@pytest.fixture
def thread(make_app, personas):
    """An app keeping every part and members' pages; Sam's thread with Pat's reply."""
    app = make_app(**KEEPING)
    readers = {persona: _browser(app, persona) for persona in ("member", "mentor", "troll")}
    thread_id = start_thread(readers["member"], title="Evenings", body="Evenings are long.")
    reply_id(reply(readers["mentor"], thread_id, "A walk helps me."))
    return app, readers, thread_id


def _tokens(html: str) -> set:
    return set(TOKEN_VALUES.findall(html))


def test_each_members_made_page_carries_their_own_token_alone(thread):
    app, readers, thread_id = thread
    path, seen = f"/threads/{thread_id}", {}
    for persona in ("troll", "mentor", "troll", "member"):
        html = readers[persona].get(path).text
        assert PLACEHOLDER not in html and len(_tokens(html)) == 1, persona
        seen.setdefault(persona, _tokens(html))
        assert _tokens(html) == seen[persona]  # made again from what the first kept
    assert len(set.union(*seen.values())) == 3
    kept = [entry.body for entry in
            app.extensions["forum_member_page_store"]._entries.values()]
    assert kept and not any(token.encode() in body for body in kept
                            for token in set.union(*seen.values()))


def test_a_made_pages_token_is_the_one_its_forms_take(thread):
    _app, readers, thread_id = thread
    # Tro's page is made from the list and layout Pat's page left kept.
    readers["mentor"].get(f"/threads/{thread_id}")
    html = readers["troll"].get(f"/threads/{thread_id}").text
    token = _tokens(html).pop()
    answer = readers["troll"].post(f"/threads/{thread_id}/reply", data={
        "body": "Mine are quiet.", "parent_id": "", "content_warning": "", "csrf_token": token})
    assert answer.status_code == 302, answer.text


def test_a_missing_thread_leaves_the_next_page_its_token(thread):
    _app, readers, thread_id = thread
    assert readers["troll"].get("/threads/999999").status_code == 404
    html = readers["troll"].get(f"/threads/{thread_id}").text
    assert PLACEHOLDER not in html and len(_tokens(html)) == 1
