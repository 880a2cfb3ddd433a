"""Posting and reading services: checks, the reply tree, counts, removal, and who sees what."""
import pytest

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.extensions import db
from forum.models import Board, PostStatus
from forum.models.base import MAX_ID, database_id
from forum.services import Forbidden, NotFound, ValidationError
from forum.services.accounts.handles import find_user
from forum.services.boards.drafts import check_draft, check_title
from forum.services.boards.posting import (check_parent, create_reply, create_thread, edit_post,
                                           remove_post)
from forum.services.boards.reading import get_board_or_404
from forum.services.boards.reading import (flatten, get_post_or_404, get_thread_or_404,
                                           list_threads, parse_page, thread_page)


@pytest.fixture
def ctx(app, personas):
    """An application context with the personas in the database."""
    with app.app_context():
        yield


@pytest.fixture
def sam(ctx):
    """Sam, a regular member."""
    return find_user("SamRiver")


@pytest.fixture
def nell(ctx):
    """Nell, who joined tonight."""
    return find_user("Nell")


@pytest.fixture
def board(ctx) -> Board:
    """The Alcohol board."""
    return get_board_or_404("alcohol", None)


def refusal(call, *args) -> ValidationError:
    """The ValidationError a call raises."""
    with pytest.raises(ValidationError) as raised:
        call(*args)
    return raised.value


# --- checking input -------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [("  Day   one  ", "Day one"), ("a\nb\tc", "a b c"),
                                        ("nul\x00here", "nulhere"), ("bell\x07", "bell"),
                                        ("t" * TITLE_MAX, "t" * TITLE_MAX)])
def test_titles_become_one_line_of_plain_text(raw, clean):
    assert check_title(raw) == clean


@pytest.mark.parametrize("raw, code", [(None, "required"), ("", "required"), (" \n ", "required"),
                                       ("\x00\x01", "required"), (7, "invalid"),
                                       ("t" * (TITLE_MAX + 1), "too_long")])
def test_bad_titles_are_refused_with_a_reason(raw, code):
    error = refusal(check_title, raw)
    assert (error.field, error.code) == ("title", code)


def test_a_draft_renders_safe_html_and_keeps_its_source():
    draft = check_draft("Line one\r\n**two** <script>x</script>\x00", " cw ")
    assert draft.body_source == "Line one\n**two** <script>x</script>"
    assert "<script>" not in draft.body_html and "<strong>two</strong>" in draft.body_html
    assert draft.content_warning == "cw"


@pytest.mark.parametrize("body, warning, field, code", [
    (None, None, "body", "required"), ("", None, "body", "required"),
    (" \n\t", None, "body", "required"), (5, None, "body", "invalid"),
    (["b"], None, "body", "invalid"), ("x" * (POST_MAX + 1), None, "body", "too_long"),
    ("b", "w" * (CONTENT_WARNING_MAX + 1), "content_warning", "too_long"),
    ("b", 5, "content_warning", "invalid"),
])
def test_bad_drafts_are_refused_with_the_field_at_fault(body, warning, field, code):
    error = refusal(check_draft, body, warning)
    assert (error.field, error.code) == (field, code)


def test_an_empty_warning_means_none():
    assert check_draft("b", "   ").content_warning is None


@pytest.mark.parametrize("slug", ["nope", "", "bad slug", "new\x00comers", "x" * 65])
def test_unknown_or_odd_board_slugs_are_not_found(ctx, slug):
    with pytest.raises(NotFound):
        get_board_or_404(slug, None)


# --- threads, replies and the tree ----------------------------------------------------------

def test_a_thread_opens_with_a_top_level_post(board, sam):
    thread, post, _ = create_thread(board, sam, "Hello", "First night.")
    assert (post.thread_id, post.parent_id, post.root_id, post.depth) == (thread.id, None,
                                                                          post.id, 0)
    assert thread.reply_count == 0 and thread.last_activity_at == post.created_at
    assert thread.status == post.status == PostStatus.PUBLISHED.value


def test_replies_know_their_parent_depth_and_root(board, sam, nell):
    thread, opening, _ = create_thread(board, sam, "Hello", "First night.")
    first = create_reply(thread, nell, "Welcome", opening.id).post
    second = create_reply(thread, sam, "Thanks", str(first.id)).post  # forms send the id as text
    top = create_reply(thread, nell, "Another thought").post
    assert (first.depth, first.root_id) == (1, opening.id)
    assert (second.parent_id, second.depth, second.root_id) == (first.id, 2, opening.id)
    assert (top.parent_id, top.depth, top.root_id) == (None, 0, top.id)
    assert thread.reply_count == 3 and thread.last_activity_at == top.created_at
    page = thread_page(thread, None, 1)
    assert [p.id for p in flatten(page.items)] == [opening.id, first.id, second.id, top.id]


@pytest.mark.parametrize("parent", ["abc", "1.5", "-1", "²", True, 2.0, [1], {"id": 1}])
def test_a_parent_that_is_not_an_id_is_refused(board, sam, parent):
    thread, _, _ = create_thread(board, sam, "Hello", "First night.")
    assert refusal(check_parent, thread, parent, sam).code == "invalid"


def test_a_parent_must_be_a_visible_post_of_the_same_thread(board, sam, nell):
    thread, opening, _ = create_thread(board, sam, "Hello", "First night.")
    other, elsewhere, _ = create_thread(board, nell, "Other", "Elsewhere.")
    hidden = create_reply(thread, sam, "Hidden later").post
    hidden.status = PostStatus.HIDDEN.value
    db.session.commit()
    for parent in (elsewhere.id, 0, MAX_ID, MAX_ID + 1, 10**40, hidden.id):
        assert refusal(check_parent, thread, parent, nell).code == "unknown_parent"
    assert check_parent(thread, hidden.id, sam) == hidden, "the author still sees it"
    assert check_parent(thread, "", nell) is None and check_parent(thread, None, nell) is None
    assert other.reply_count == 0


def test_a_locked_thread_takes_replies_only_from_moderators(board, sam, nell):
    thread, _, _ = create_thread(board, sam, "Hello", "First night.")
    thread.locked = True
    db.session.commit()
    with pytest.raises(Forbidden, match="locked"):
        create_reply(thread, nell, "Can I?")
    assert create_reply(thread, find_user("MoKeeper"), "Locked for now.").post.depth == 0


# --- edit and removal -----------------------------------------------------------------------

def test_only_the_author_edits_and_an_edit_is_marked(board, sam, nell):
    thread, post, _ = create_thread(board, sam, "Hello", "First night.")
    with pytest.raises(Forbidden):
        edit_post(post, nell, "Mine now")
    with pytest.raises(Forbidden):
        edit_post(post, find_user("MoKeeper"), "Moderators act through the queue")
    edited = edit_post(post, sam, "First *night*.", "tw").post
    assert edited.body_html == "<p>First <em>night</em>.</p>" and edited.edited_at is not None
    assert edited.content_warning == "tw"


def test_removal_leaves_a_placeholder_and_fixes_the_count(board, sam, nell):
    thread, opening, _ = create_thread(board, sam, "Hello", "First night.")
    answer = create_reply(thread, nell, "Welcome", opening.id).post
    child = create_reply(thread, sam, "Thanks", answer.id).post
    with pytest.raises(Forbidden):
        remove_post(answer, sam)
    remove_post(answer, nell)
    assert answer.is_removed and answer.body_source == answer.body_html == ""
    assert thread.reply_count == 1
    remove_post(answer, nell)  # twice is harmless and counts once
    assert thread.reply_count == 1
    assert [p.id for p in flatten(thread_page(thread, None, 1).items)] == [
        opening.id, answer.id, child.id]
    remove_post(opening, sam)
    assert thread.reply_count == 1, "the opening post is not a reply"
    with pytest.raises(Forbidden, match="removed"):
        edit_post(answer, nell, "Back again")


# --- reading --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, page", [(None, 1), ("", 1), ("abc", 1), ("0", 1), ("-4", 1),
                                       ("3", 3), (" 2 ", 2), ("1e3", 1), ("9" * 40, 1_000_000)])
def test_page_numbers_are_forgiving(raw, page):
    assert parse_page(raw) == page


def test_ids_outside_the_database_range_are_simply_not_found(ctx):
    assert database_id(1) == 1 and database_id(MAX_ID) == MAX_ID
    assert database_id(0) is None and database_id(MAX_ID + 1) is None
    for missing in (0, -1, MAX_ID + 1, 10**30):
        with pytest.raises(NotFound):
            get_thread_or_404(missing, None)
        with pytest.raises(NotFound):
            get_post_or_404(missing, None)


def test_held_threads_are_listed_only_for_their_author_and_moderators(board, sam, nell):
    held, post, _ = create_thread(board, sam, "Held", "Waiting for review.")
    shown, _, _ = create_thread(board, nell, "Shown", "Hello.")
    held.status = post.status = PostStatus.PENDING.value
    db.session.commit()
    titles = {viewer: [t.title for t in list_threads(board, viewer, 1).items]
              for viewer in (None, nell, sam, find_user("MoKeeper"))}
    assert titles[None] == titles[nell] == ["Shown"]
    assert titles[sam] == titles[find_user("MoKeeper")] == ["Shown", "Held"]
