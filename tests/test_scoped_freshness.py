"""Caches keyed on what a page shows (services.freshness scopes, issue 16): a write in one thread
leaves every other thread's page, and other boards' pages, cached; and everything that changes a
page still shows on it at once: a post, an edit, a removal, a hold, a reaction, a visibility or
space change, a member's handle or role, a board's name, a bulk statement, a post moved away.

A page is known to come from the cache when a change made behind the app (on a connection of
its own, which no cache hears of) does not show on it; it is known to be made afresh when it does.
"""
import secrets

import pytest
from sqlalchemy import select, update

from forum.extensions import db
from forum.models import Board, Post, PostReaction, Role, Space, Thread, User
from forum.services.accounts.handles import find_user
from forum.services.accounts.members import create_account, set_role
from forum.services.boards import posting, reactions
from forum.services.freshness import CONTENT, board_scope, stamp, thread_scope
from forum.services.seeding import seed_defaults
from personas import PASSWORD
from test_member_page_cache import _signed_in


def _thread(app, persona_handle: str, board_slug: str, title: str, body: str) -> int:
    with app.app_context():
        board = db.session.scalar(select(Board).where(Board.slug == board_slug))
        return posting.create_thread(board, find_user(persona_handle), title, body).thread.id


def _behind_the_app(app, thread_id: int, title: str) -> None:
    """Retitle the thread on a connection of its own: no cache is told."""
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(update(Thread).where(Thread.id == thread_id).values(title=title))


def _twice(client, path: str) -> str:
    client.get(path)
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.text


@pytest.fixture
def two_threads(app, personas):
    """Sam's thread in Newcomers and Nell's in Alcohol."""
    here = _thread(app, personas["member"], "newcomers", "Here", "Opening words here.")
    there = _thread(app, personas["newcomer"], "alcohol", "There", "Opening words there.")
    return here, there


def _reply_here(app, personas, thread_id: int, body: str) -> None:
    with app.app_context():
        posting.create_reply(db.session.get(Thread, thread_id), find_user(personas["mentor"]),
                             body)


def test_a_reply_in_one_thread_leaves_other_threads_and_boards_cached(app, personas,
                                                                      two_threads):
    here, there = two_threads
    visitor, member = app.test_client(), _signed_in(app, personas, "troll")
    paths = [f"/threads/{there}", "/boards/alcohol"]
    for client in (visitor, member):
        # The member reads here first: reading moves their own read markers, which their
        # board pages show (unread counts).
        for path in [f"/threads/{here}", "/latest"] + paths:
            _twice(client, path)
    _behind_the_app(app, there, "Retitled behind the app")
    _reply_here(app, personas, here, "A reply in the other thread.")
    for client in (visitor, member):
        for path in paths:  # nothing they show was written: still the cached pages
            assert "Retitled behind the app" not in client.get(path).text, path
        assert "A reply in the other thread." in client.get(f"/threads/{here}").text
        # /latest shows every thread's activity: made afresh, so the retitle shows too.
        assert "Retitled behind the app" in client.get("/latest").text


def test_reading_one_thread_leaves_a_members_page_of_another_cached(app, personas,
                                                                   two_threads):
    """A thread page holds the member's read marker of its own thread only."""
    here, there = two_threads
    member = _signed_in(app, personas, "troll")
    _twice(member, f"/threads/{there}")
    _behind_the_app(app, there, "Retitled behind the app")
    _twice(member, f"/threads/{here}")  # moves the member's read marker in here
    assert "Retitled behind the app" not in member.get(f"/threads/{there}").text
    _reply_here(app, personas, there, "Something new there.")
    page = member.get(f"/threads/{there}").text
    assert "Something new there." in page and "Retitled behind the app" in page


def test_a_reaction_shows_at_once_on_its_thread_and_leaves_the_others_cached(app, personas,
                                                                           two_threads):
    here, there = two_threads
    visitor = app.test_client()
    _twice(visitor, f"/threads/{here}"), _twice(visitor, f"/threads/{there}")
    _twice(visitor, "/boards/alcohol")
    _behind_the_app(app, there, "Retitled behind the app")
    with app.app_context():
        post = db.session.scalar(select(Post).where(Post.thread_id == here))
        reactions.react(post, find_user(personas["mentor"]), "strength")
        assert stamp((thread_scope(here),)) != stamp((thread_scope(there),))
    assert 'reaction-count">1<' in visitor.get(f"/threads/{here}").text
    assert "Retitled behind the app" not in visitor.get(f"/threads/{there}").text
    assert "Retitled behind the app" not in visitor.get("/boards/alcohol").text


def _last_post(thread_id: int) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread_id)
                             .order_by(Post.id.desc()).limit(1))


def _edit(app, personas, here):
    post = db.session.scalar(select(Post).where(Post.thread_id == here).order_by(Post.id))
    posting.edit_post(post, find_user(personas["member"]), "Edited words, shown at once.")


def _remove(app, personas, here):
    post = _last_post(here)
    posting.remove_post(post, find_user(personas["mentor"]))


def _hold(app, personas, here):
    post = _last_post(here)
    post.status = "pending"
    db.session.commit()


def _hide_thread(app, personas, here):
    db.session.get(Thread, here).status = "hidden"
    db.session.commit()


def _restrict_board(app, personas, here):
    board = db.session.get(Thread, here).board
    db.session.add(Space(board_id=board.id))
    db.session.commit()


def _rename_board(app, personas, here):
    db.session.get(Thread, here).board.name = "Newcomers, renamed"
    db.session.commit()


def _rename_member(app, personas, here):
    find_user(personas["mentor"]).handle = "PatRenamed"
    db.session.commit()


def _bulk_statement(app, personas, here):
    db.session.execute(update(Post).where(Post.thread_id == here)
                       .values(body_html="<p>Written in bulk.</p>"))
    db.session.commit()


def _move_post_away(app, personas, here):
    elsewhere = db.session.scalar(select(Thread).where(Thread.id != here))
    post = _last_post(here)
    post.thread_id = elsewhere.id
    db.session.commit()


@pytest.mark.parametrize("change, shows", [
    (_edit, lambda page: "Edited words, shown at once." in page),
    (_remove, lambda page: "A reply to see." not in page),
    (_hold, lambda page: "A reply to see." not in page),
    (_hide_thread, lambda page: page is None),
    (_restrict_board, lambda page: page is None),
    (_rename_board, lambda page: "Newcomers, renamed" in page),
    (_rename_member, lambda page: "PatRenamed" in page),
    (_bulk_statement, lambda page: "Written in bulk." in page),
    (_move_post_away, lambda page: "A reply to see." not in page),
], ids=lambda value: getattr(value, "__name__", "")[1:])
def test_every_change_to_a_thread_page_shows_at_once(app, personas, two_threads, change, shows):
    here, _there = two_threads
    _reply_here(app, personas, here, "A reply to see.")
    visitor = app.test_client()
    before = _twice(visitor, f"/threads/{here}")
    assert "A reply to see." in before
    with app.app_context():
        change(app, personas, here)
    answer = visitor.get(f"/threads/{here}")
    assert shows(answer.text if answer.status_code == 200 else None), answer.status_code


def test_a_role_change_or_a_sanction_moves_the_forums_number(app, personas):
    """What a member may do is in their page's key; the forum's number moves too, for every
    page that shows a member's role (a mentor's mark, a moderator's tools)."""
    with app.app_context():
        before = stamp()
        set_role(personas["mentor"], Role.MODERATOR)
        assert stamp() != before


def test_writes_name_the_scopes_they_change(app, personas, two_threads):
    here, there = two_threads
    with app.app_context():
        here_board = db.session.get(Thread, here).board_id
        there_board = db.session.get(Thread, there).board_id
        numbers = lambda: stamp((thread_scope(here), board_scope(here_board), CONTENT,  # noqa
                                 thread_scope(there), board_scope(there_board)))
        before = numbers()
    _reply_here(app, personas, here, "A reply.")
    with app.app_context():
        after = numbers()
        # Not the forum's number, nor the other thread's or board's: only what the reply shows in.
        assert after[0] == before[0] and after[4:] == before[4:]
        assert all(a != b for a, b in zip(after[1:4], before[1:4]))
        post = db.session.scalar(select(Post).where(Post.thread_id == there))
        db.session.add(PostReaction(post_id=post.id, user_id=find_user(personas["member"]).id,
                                    kind="me-too"))
        db.session.commit()
        reacted = numbers()
        assert reacted[:4] == after[:4] and reacted[5] == after[5] and reacted[4] != after[4]
        db.session.get(Board, there_board).description = "Changed."
        db.session.commit()
        assert numbers()[0] != reacted[0]  # anything else: the forum's number


def test_a_reply_in_one_process_shows_in_the_other_and_leaves_its_other_pages_cached(
        make_app, services):
    """Two servers sharing one Redis: the scopes' numbers are shared, so a reply made through the
    first shows at once on the second, whose page of another thread stays cached."""
    shared = {"REDIS_URL": services.redis_url,
              "REDIS_KEY_PREFIX": f"forumtest{secrets.token_hex(4)}"}
    first, second = make_app(**shared), make_app(**shared)
    with first.app_context():
        if db.engine.dialect.name != "postgresql":
            db.create_all()
        seed_defaults()
        author, _codes = create_account(PASSWORD, "SharedSam")
        boards = {b.slug: b for b in db.session.scalars(select(Board))}
        here = posting.create_thread(boards["newcomers"], author, "Here", "Words here.").thread.id
        there = posting.create_thread(boards["alcohol"], author, "There", "Words there.").thread.id
        author_id = author.id
    reader = second.test_client()
    for path in (f"/threads/{here}", f"/threads/{there}", "/boards/alcohol"):
        _twice(reader, path)
    _behind_the_app(second, there, "Retitled behind the app")
    with first.app_context():
        posting.create_reply(db.session.get(Thread, here), db.session.get(User, author_id),
                             "A reply from afar.")
    assert "A reply from afar." in reader.get(f"/threads/{here}").text
    assert "Retitled behind the app" not in reader.get(f"/threads/{there}").text
    assert "Retitled behind the app" not in reader.get("/boards/alcohol").text
    with first.app_context():
        db.session.get(Thread, there).title = "Retitled through the app"
        db.session.commit()
    assert "Retitled through the app" in reader.get(f"/threads/{there}").text
    assert "Retitled through the app" in reader.get("/boards/alcohol").text


def test_members_numbers_let_go_never_read_as_an_older_value(monkeypatch):
    """Without Redis the members' numbers are bounded: one let go reads as the largest let go,
    so a page stamped before cannot match again."""
    from forum.services import freshness
    monkeypatch.setattr(freshness, "MEMBER_NUMBERS_MAX", 2)
    numbers = freshness.LocalGeneration()
    before = numbers.member_stamp(7, reads="reads:thread:1")
    numbers.bump_members({("reads:thread:1", 7)})
    bumped = numbers.member_stamp(7, reads="reads:thread:1")
    numbers.bump_members({("reads:thread:2", 8)})
    numbers.bump_members({("reads:thread:3", 9)})  # lets member 7's number go
    after = numbers.member_stamp(7, reads="reads:thread:1")
    assert len({before, bumped, after}) == 3


def test_a_members_thread_read_number_expires_in_redis(make_app, services):
    shared = {"REDIS_URL": services.redis_url,
              "REDIS_KEY_PREFIX": f"forumtest{secrets.token_hex(4)}"}
    app = make_app(**shared)
    with app.app_context():
        numbers = app.extensions["forum_generation"]
        numbers.bump_members({("reads:thread:5", 3), ("own", 3)})
        member = f"{shared['REDIS_KEY_PREFIX']}:generation:member"
        assert 0 < numbers._redis.ttl(f"{member}:reads:thread:5:3") <= 86_400
        assert numbers._redis.ttl(f"{member}:own:3") == -1  # one a member: kept
