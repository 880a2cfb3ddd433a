"""Boards and threads as pages: writing, the reply tree, pagination, content warnings.

The helpers here (PostTree, submit, start_thread, reply...) serve test_pages_posts.py too.
"""
import re
from html.parser import HTMLParser

from forum.extensions import db
from forum.models import Post, Thread
from forum.services.accounts.handles import find_user
from forum.services.boards import posting
from forum.services.boards.reading import get_board_or_404


CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(page: str) -> str:
    """The CSRF token of the first form on a page."""
    return CSRF_FIELD.search(page).group(1)


class PostTree(HTMLParser):
    """Reads a thread page: for each post <li id="post-N">, its parent post and its classes."""

    def __init__(self, page: str):
        super().__init__()
        self.stack: list[str] = []
        self.parent: dict[int, int | None] = {}
        self.classes: dict[int, str] = {}
        self.flat: set[int] = set()  # posts listed in a flattened (past the indent cap) list
        self._lists: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "ol":
            self._lists.append(attributes.get("class") or "")
        if tag != "li":
            return
        ident = attributes.get("id") or ""
        if ident.startswith("post-"):
            post_id = int(ident[5:])
            ancestors = [s for s in self.stack if s.startswith("post-")]
            self.parent[post_id] = int(ancestors[-1][5:]) if ancestors else None
            self.classes[post_id] = attributes.get("class") or ""
            if self._lists and "replies-flat" in self._lists[-1]:
                self.flat.add(post_id)
        self.stack.append(ident)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()
        elif tag == "ol":
            self._lists.pop()


def submit(client, path: str, data: dict, token_from: str | None = None):
    """GET the page with the form, then POST it with its CSRF token."""
    token = csrf_token_from(client.get(token_from or path).text)
    return client.post(path, data={"csrf_token": token, **data})


def start_thread(client, title="Day one", body="I made it through today.", warning="",
                  slug="newcomers") -> int:
    answer = submit(client, f"/boards/{slug}/new",
                     {"title": title, "body": body, "content_warning": warning})
    assert answer.status_code == 302, answer.text
    return int(re.search(r"/threads/(\d+)", answer.headers["Location"]).group(1))


def reply(client, thread_id: int, body="Welcome.", to: int | None = None, warning=""):
    path = f"/threads/{thread_id}/reply"
    return submit(client, path, {"body": body, "parent_id": to or "", "content_warning": warning},
                   token_from=f"{path}?to={to}" if to else path)


def reply_id(answer) -> int:
    assert answer.status_code == 302, answer.text
    return int(answer.headers["Location"].rsplit("#post-", 1)[1])


def first_post_id(app, thread_id: int) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Post.id).where(Post.thread_id == thread_id)
                                 .order_by(Post.id).limit(1))


def set_row(app, model, ident: int, **values) -> None:
    """Change a row directly, as a moderator's tools would."""
    with app.app_context():
        row = db.session.get(model, ident)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


# Writing

def test_a_member_starts_a_thread_and_sees_it(client, auth):
    auth.login("newcomer")
    thread_id = start_thread(client, body="I made it **through** today.")
    page = client.get(f"/threads/{thread_id}").text
    assert "<h1 class=\"thread-heading\">Day one</h1>" in page
    assert "<p>I made it <strong>through</strong> today.</p>" in page
    assert '<span class="handle">Nell</span>' in page
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z">', page)
    board = client.get("/boards/newcomers").text
    assert f'href="/threads/{thread_id}">Day one</a>' in board


def test_anonymous_visitors_read_but_are_asked_to_log_in_to_write(client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    auth.logout()
    page = client.get(f"/threads/{thread_id}").text
    assert "to reply." in page and 'href="/signup">sign up</a>' in page
    assert 'action="/threads/' not in page and ">Reply<" not in page
    assert "to start a thread." in client.get("/boards/newcomers").text
    for path in ("/boards/newcomers/new", f"/threads/{thread_id}/reply"):
        assert client.get(path).headers["Location"].startswith("/login?next=")


def test_replies_nest_under_the_post_they_answer(app, client, auth):
    auth.login("newcomer")
    thread_id = start_thread(client)
    opening = first_post_id(app, thread_id)
    auth.logout()
    auth.login("member")
    to_thread = reply_id(reply(client, thread_id, "A reply to the thread."))
    to_opening = reply_id(reply(client, thread_id, "Welcome, Nell.", to=opening))
    deeper = reply_id(reply(client, thread_id, "And one more.", to=to_opening))
    page = client.get(f"/threads/{thread_id}").text
    tree = PostTree(page)
    assert tree.parent == {opening: None, to_opening: opening, deeper: to_opening,
                           to_thread: None}
    assert f'href="/threads/{thread_id}/reply?to={opening}">Reply' in page
    assert page.index("Welcome, Nell.") < page.index("A reply to the thread.")


def test_the_reply_page_shows_the_post_being_answered(app, client, auth):
    auth.login("newcomer")
    thread_id = start_thread(client, body="Is it normal to feel this tired?")
    auth.logout()
    auth.login("member")
    page = client.get(f"/threads/{thread_id}/reply?to={first_post_id(app, thread_id)}").text
    assert "Is it normal to feel this tired?" in page
    assert re.search(r'<h1>Reply to <span class="handle">Nell</span></h1>', page)


def test_deep_replies_stop_indenting_after_five_levels(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    chain = [first_post_id(app, thread_id)]
    for n in range(7):
        chain.append(reply_id(reply(client, thread_id, f"Reply number {n}", to=chain[-1])))
    page = client.get(f"/threads/{thread_id}").text
    tree = PostTree(page)
    levels = [re.search(r"level-(\d+)", tree.classes[p]).group(1) for p in chain]
    assert levels == ["1", "2", "3", "4", "5", "6", "6", "6"]
    assert tree.flat == set(chain[5:])
    assert tree.parent[chain[6]] == tree.parent[chain[7]] == chain[4]  # lined up, not nested
    # Past the cap, each reply says whom it answers (the first one sits right under its parent).
    assert page.count('class="in-reply-to"') == 2
    assert f'<a href="#post-{chain[6]}"><span class="handle">SamRiver</span></a>' in page


# Pagination

def _fill_board(app, count: int) -> list[int]:
    with app.app_context():
        board, author = get_board_or_404("slips", None), find_user("SamRiver")
        return [posting.create_thread(board, author, f"Thread {n}", "Body").thread.id
                for n in range(count)]


def test_board_lists_threads_by_last_activity_page_by_page(app, client, auth):
    ids = _fill_board(app, 30)
    auth.login("member")
    reply(client, ids[0], "Bumping the oldest thread.")
    first, second = client.get("/boards/slips").text, client.get("/boards/slips?page=2").text
    listed = [int(i) for i in re.findall(r'<h2 class="thread-title"><a href="/threads/(\d+)"', first)]
    assert len(listed) == 25
    assert listed[:3] == [ids[0], ids[29], ids[28]]
    assert len(re.findall(r'class="thread-title"', second)) == 5
    assert 'href="/boards/slips?page=2" rel="next"' in first
    assert 'aria-current="page"' in second and "Page 2 of 2" in second


def test_a_thread_pages_by_top_level_post(app, client, auth):
    auth.login("member")
    thread_id = start_thread(client)
    with app.app_context():
        thread, author = db.session.get(Thread, thread_id), find_user("Nell")
        tops = [posting.create_reply(thread, author, f"Top-level post {n}").post.id for n in range(44)]
    pages = [client.get(f"/threads/{thread_id}?page={n}").text for n in (1, 2, 3)]
    counts = [len([p for p, parent in PostTree(page).parent.items() if parent is None])
              for page in pages]
    assert counts == [20, 20, 5]
    assert "Page 3 of 3" in pages[2] and "Page 1 of 3" in pages[0]
    answer = reply(client, thread_id, "Answering the last one.", to=tops[-1])
    assert f"/threads/{thread_id}?page=3#post-" in answer.headers["Location"]
    top = reply(client, thread_id, "A new top-level reply.")
    assert f"/threads/{thread_id}?page=3#post-" in top.headers["Location"]


def test_a_content_warned_post_is_folded_behind_its_warning(client, auth):
    auth.login("member")
    thread_id = start_thread(client, body="The story of that night.", warning="describes use")
    page = client.get(f"/threads/{thread_id}").text
    folded = re.search(r'<details class="cw">\s*<summary>Content warning: describes use</summary>'
                       r'(.*?)</details>', page, re.S)
    assert folded and "The story of that night." in folded.group(1)


def test_a_threads_byline_reads_well_whenever_it_was_started(app, client, api, personas):
    """"Started by Nell · just now", never "on just now" (the time is relative or a date)."""
    thread = api.post("/boards/newcomers/threads", "newcomer",
                      json={"title": "A byline", "body": "Hello all."}).json["thread"]["id"]
    html = client.get(f"/threads/{thread}").get_data(as_text=True)
    assert "Started by" in html and " on <time" not in html
