"""Boards, threads and posts as server-rendered pages that work without JavaScript."""
from flask import (Blueprint, flash, get_flashed_messages, redirect, render_template, request,
                   url_for)
from flask_login import login_required

from forum.boards.forms import EditForm, RemoveForm, ReplyForm, ThreadForm
from forum.boards.layout import (EmptyForm, board_page_shown, capped_tree, post_ids, post_list_html,
                                 post_list_key, thread_page_shown, thread_row_macro, thread_rows)
from forum.extensions import limiter
from forum.page_layouts import page_with_slot
from forum.pagecache import anonymous_cached, shared_fragment
from forum.models import Post, PostStatus, Thread
from forum.moderation.forms import FlagForm
from forum.permissions import is_author
from forum.ratelimits import EDIT_SCOPE, EDITS_PAUSED, configured_limit, member_key
from forum.security import current_viewer
from forum.services import NotFound, ValidationError, crisis, freshness
from forum.services.boards import posting, reactions, read_state
from forum.services.boards.activity import board_activity
from forum.services.boards.reading import (board_row_and_state_or_404, board_scopes, flatten,
                                           get_board_or_404, get_post_or_404, get_thread_or_404,
                                           list_boards, list_threads, page_of_post, parse_page,
                                           thread_page, thread_row_and_state_or_404)
from forum.services.boards.rows import reactions_of
from forum.services.moderation import appeals, flags, holds
from forum.services.recovery import checkins, dates, warnings
from forum.visibility import can_view_post

bp = Blueprint("boards", __name__)

CRISIS_ANCHOR = "crisis-help"  # the help box's id: redirects after crisis language land on it
FLAG_THANKS = ("Thank you for telling us. A moderator will look at it, and you'll find what they "
               "decide in your notifications.")
HELD_NOTICE = ("Your post is held for a moderator to review. You can see it already; other "
               "members will once a moderator has looked at it.")


def _post_url(post: Post, notice: dict | None = None) -> str:
    """The post in its thread; after crisis language, the help box just above it instead, so
    the browser (with or without JavaScript) lands on the help first."""
    anchor = CRISIS_ANCHOR if _in_crisis(notice) else f"post-{post.id}"
    return url_for("boards.thread", thread_id=post.thread_id,
                   page=page_of_post(post, current_viewer()), _anchor=anchor)


def _in_crisis(notice: dict | None) -> bool:
    return notice is not None and notice["code"] == "crisis"


def _after_writing(posted: posting.Posted) -> None:
    """Tell the author at once what they must see: the thread page draws the crisis box (the
    "crisis" flash only marks it fresh), or why a post is held."""
    if _in_crisis(posted.notice):
        flash("crisis", "crisis")
    elif posted.notice is not None:
        flash(posted.notice["message"], "notice")
    elif posted.post.status != PostStatus.PUBLISHED.value:
        flash(HELD_NOTICE, "notice")


def _thread_page_scopes(thread_id: int) -> tuple:
    """A thread page shows its thread's row, posts and reactions (and, like every page, what
    the forum-wide generation covers: boards, members, moderation)."""
    return (freshness.thread_scope(thread_id),)


@bp.get("/")
@anonymous_cached(lambda: (freshness.CONTENT,))
def index():
    """The boards the reader may see, with their descriptions, in the forum's order."""
    viewer = current_viewer()
    return render_template("boards/index.html", boards=list_boards(viewer),
                           activity=board_activity(viewer))


@bp.get("/boards/<slug>")
@anonymous_cached(board_scopes)
def board(slug: str):
    """One board: its threads, most recent activity first, page by page."""
    viewer = current_viewer()
    found, state = board_row_and_state_or_404(slug, viewer)
    page = list_threads(found, viewer, parse_page(request.args.get("page")))
    unread = read_state.unread_of(page.items)
    rows = thread_rows(thread_row_macro("boards/_board_row.html", "board_row"),
                       [(thread, unread.get(thread.id)) for thread in page.items])
    return page_with_slot("boards/board.html",
                          board_page_shown(found, page, viewer, state.following, state.muted),
                          "thread_list", rows, board=found, page=page, unread=unread,
                          following=state.following, board_muted=state.muted)


def _writing_page(rule: str):
    """A page with a form that writes: signed-in members only; each POST counts against the
    posting limit."""
    limit = limiter.limit(configured_limit("POSTING_LIMIT"), methods=["POST"])
    return lambda view: bp.route(rule, methods=["GET", "POST"])(login_required(limit(view)))


@_writing_page("/boards/<slug>/new")
def new_thread(slug: str):
    """Start a thread in a board."""
    viewer = current_viewer()
    found = get_board_or_404(slug, viewer)
    posting.check_writer(viewer)
    form = ThreadForm()
    if form.validate_on_submit() and form.accepts(
            posting.create_thread, found, viewer, form.title.data, form.body.data,
            form.warning()):
        _after_writing(form.result)
        return redirect(url_for("boards.thread", thread_id=form.result.thread.id,
                                _anchor=CRISIS_ANCHOR if _in_crisis(form.result.notice) else None))
    return render_template("boards/new_thread.html", board=found, form=form)


@bp.get("/threads/<int:thread_id>")
@anonymous_cached(_thread_page_scopes,
                  reads=lambda thread_id: freshness.thread_reads(thread_id))
def thread(thread_id: int):
    """A thread as a reply tree, 20 top-level posts a page, with a reply form at the bottom."""
    viewer = current_viewer()
    found, state = thread_row_and_state_or_404(thread_id, viewer)
    page = thread_page(found, viewer, parse_page(request.args.get("page")))
    shown = flatten(page.items)
    stopped_at = state.last_read
    context = dict(thread=found, page=page,
                   first_unread_id=_first_unread(shown, stopped_at, viewer),
                   reactions=reactions_of(shown),
                   who_reacted=reactions.who_reacted(shown, viewer),
                   following=state.following, muted=state.muted, form=_reply_form(viewer),
                   **_personal_view(found, shown),
                   thread_removal=appeals.thread_removal(found),
                   removals=appeals.post_removals(found, shown, viewer),
                   holds=holds.own_hold_reasons(found, shown, viewer),
                   **_crisis_help(found, page))
    post_list = shared_fragment(post_list_key(context, viewer, shown), lambda token: post_list_html(
        context, capped_tree(page.items), found, token))
    html = page_with_slot("boards/thread.html", thread_page_shown(context, viewer),
                          "post_list", post_list, **context)
    # After rendering: the commit expires every loaded row, which the page would reload.
    read_state.mark_read(viewer, found, [p.id for p in shown], known=stopped_at)
    return html


def _reply_form(viewer):
    """The reply form for a member; none for a visitor, since making one starts a session (its
    CSRF token), and a signed-out page must carry nothing of one visitor's to be shared."""
    return EmptyForm(ReplyForm) if viewer is not None else None


def _first_unread(shown: list[Post], stopped_at: int | None, viewer) -> int | None:
    """The first post on the page newer than where the member stopped reading (not their own),
    where the page marks "new since you last read"."""
    if stopped_at is None:
        return None
    return next((p.id for p in shown if p.id > stopped_at and not p.is_removed and
                 (p.author_id is None or p.author_id != viewer.id)), None)
def _personal_view(thread: Thread, posts: list[Post]) -> dict:
    """What the reader chose for themselves: which warned posts stay folded or are left out,
    and the recovery badges members chose to show beside their handles (one query a page)."""
    viewer = current_viewer()
    choices = warnings.remembered_choices(viewer)
    hidden = {p.id for p in posts if choices.hides(p) and not is_author(viewer, p)}
    return {"warning_choices": choices, "hidden_ids": hidden,
            "badges": dates.badges_for(p.author_id for p in posts),
            "forum_post_id": checkins.opening_post_id(thread)}


def _crisis_help(thread: Thread, page) -> dict:
    """The viewer's own crisis help for this thread, if any, and where the page draws it."""
    box = crisis.box_for_thread(current_viewer(), thread.id)
    return {"crisis_box": box,
            "crisis_box_on_page": box is not None and box["post_id"] in post_ids(page.items),
            "crisis_fresh": bool(get_flashed_messages(category_filter=["crisis"]))}


@_writing_page("/threads/<int:thread_id>/reply")
def reply(thread_id: int):
    """Reply to the thread, or (?to=POST_ID) to one of its posts."""
    viewer = current_viewer()
    found = get_thread_or_404(thread_id, viewer)
    posting.check_reply(found, viewer)
    form = ReplyForm(parent_id=request.args.get("to", ""))
    if form.validate_on_submit() and form.accepts(
            posting.create_reply, found, viewer, form.body.data, form.parent_id.data or None,
            form.warning()):
        _after_writing(form.result)
        return redirect(_post_url(form.result.post, form.result.notice))
    parent = _reply_target(found, form.parent_id.data)
    return render_template("boards/reply.html", thread=found, form=form, parent=parent,
                           removals=appeals.post_removals(found, [parent] if parent else [],
                                                          viewer))


def _reply_target(thread: Thread, parent_id: str | None) -> Post | None:
    """The post being answered, if the viewer may see it in this thread.

    Asked for by link (GET ?to=), an unseen post is 404 like any other; after a refused POST the
    form shows the service's message instead.
    """
    if not parent_id or not str(parent_id).isdigit():
        return None
    try:
        return posting.check_parent(thread, parent_id, current_viewer())
    except ValidationError:
        if request.method == "GET":  # a link to a post that isn't there for this viewer
            raise NotFound() from None
        return None


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(configured_limit("EDIT_LIMIT"), EDIT_SCOPE, key_func=member_key,
                      methods=["POST"], error_message=EDITS_PAUSED)
def edit(post_id: int):
    """The author edits their own post; it is then marked edited."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    posting.check_edit(post, viewer)
    form = EditForm(body=post.body_source)
    if not form.is_submitted():
        form.show_warning(post.content_warning)
    if form.validate_on_submit() and form.accepts(
            posting.edit_post, post, viewer, form.body.data, form.warning()):
        flash("Your changes are saved.")
        _after_writing(form.result)
        return redirect(_post_url(post, form.result.notice))
    return render_template("boards/edit.html", post=post, form=form)


@bp.route("/posts/<int:post_id>/remove", methods=["GET", "POST"])
@login_required
def remove(post_id: int):
    """The author removes their own post after confirming; its replies stay."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    posting.check_edit(post, viewer)
    form = RemoveForm()
    if form.validate_on_submit():
        posting.remove_post(post, viewer)
        flash("Your post is removed. Replies to it are still there.")
        return redirect(_post_url(post))
    return render_template("boards/remove.html", post=post, form=form)


@_writing_page("/posts/<int:post_id>/flag")
def flag(post_id: int):
    """A member tells the moderators about a post, naming the boundary it crosses."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    form = FlagForm()
    if form.validate_on_submit() and form.accepts(
            flags.flag_content, post, viewer, form.reason.data, form.note.data or None):
        flash(FLAG_THANKS)
        if can_view_post(viewer, post):  # enough flags hide it at once
            return redirect(_post_url(post))
        return redirect(url_for("boards.board", slug=post.thread.board.slug))
    return render_template("moderation/flag.html", post=post, form=form)
