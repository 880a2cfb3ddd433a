"""Latest, unread, search and member pages, a thread's "where you stopped" link, opening a
notification, and the member-page setting: pages that work without JavaScript."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required

from forum.boards.layout import latest_page_shown, thread_row_macro, thread_rows
from forum.community.forms import MemberPageForm
from forum.moderation.links import target_href
from forum.page_layouts import page_with_slot
from forum.pagecache import anonymous_cached
from forum.security import current_viewer
from forum.services import ValidationError, freshness, notifications, search
from forum.services.accounts.profiles import profile_of, set_show_recent_posts
from forum.services.boards import read_state
from forum.services.boards.activity import list_latest
from forum.services.boards.reading import (get_post_or_404, get_thread_or_404, list_boards,
                                           page_of_post, parse_page)
from forum.services.search.terms import QUERY_MAX

bp = Blueprint("community", __name__)


@bp.get("/latest")
@anonymous_cached(lambda: (freshness.CONTENT,))
def latest():
    """Threads across every board the reader may see, most recent activity first."""
    viewer = current_viewer()
    page = list_latest(viewer, parse_page(request.args.get("page")))
    unread = read_state.unread_of(page.items)
    rows = thread_rows(thread_row_macro("community/_summaries.html", "summary_row"),
                       [(thread, unread.get(thread.id)) for thread in page.items], True)
    return page_with_slot("community/latest.html", latest_page_shown(page), "thread_list", rows,
                          page=page)


@bp.get("/unread")
@login_required
def unread():
    """The threads the member opened that have posts they have not read yet."""
    return render_template("community/unread.html",
                           threads=read_state.list_unread(current_viewer()))


@bp.get("/threads/<int:thread_id>/unread")
def where_i_stopped(thread_id: int):
    """Jump to the first post the member has not read (the thread's start otherwise)."""
    viewer = current_viewer()
    thread = get_thread_or_404(thread_id, viewer)
    post = read_state.first_unread(viewer, thread)
    if post is None:
        return redirect(url_for("boards.thread", thread_id=thread.id))
    return redirect(url_for("boards.thread", thread_id=thread.id,
                            page=page_of_post(post, viewer), _anchor=f"post-{post.id}"))


@bp.get("/posts/<int:post_id>")
def post_link(post_id: int):
    """A post's lasting address: the page of its thread that shows it, at the post."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    return redirect(url_for("boards.thread", thread_id=post.thread_id,
                            page=page_of_post(post, viewer), _anchor=f"post-{post.id}"))


@bp.get("/search")
def search_page():
    """Search thread titles and posts; an empty box shows just the form."""
    query = request.args.get("q", "")
    board = request.args.get("board") or None
    results, problem = None, None
    if query.strip():
        try:
            results = search.search(current_viewer(), query, board,
                                    min(parse_page(request.args.get("page")), search.MAX_PAGES))
        except ValidationError as refused:
            problem = refused.message
    return render_template("community/search.html", q=query, board=board, results=results,
                           problem=problem, query_max=QUERY_MAX,
                           boards=list_boards(current_viewer())), 422 if problem else 200


@bp.get("/members/<handle>")
def member(handle: str):
    """A member's page: handle, month joined, role marks, recent posts if they show them."""
    return render_template("community/member.html",
                           profile=profile_of(handle, current_viewer()))


@bp.post("/me/member-page")
@login_required
def member_page_setting():
    """Save whether the member page lists the member's recent posts."""
    form = MemberPageForm()
    if form.validate_on_submit():
        set_show_recent_posts(current_viewer(), form.show_recent_posts.data)
        flash("Your member page now shows your recent posts." if form.show_recent_posts.data
              else "Your member page no longer shows your recent posts.")
    return redirect(url_for("auth.settings", _anchor="member-page-heading"))


@bp.get("/me/notifications/<int:note_id>/open")
@login_required
def open_notification(note_id: int):
    """Mark a notification read and go to what it is about (a plain link: no script needed)."""
    viewer = current_viewer()
    note = notifications.open_notification(viewer, note_id)
    data = note.data or {}
    target = data.get("target") or ({"type": "post", "id": data["post_id"]}
                                    if "post_id" in data else None)
    if note.kind == "report_outcome" and data.get("outcome") == "remove":
        target = None  # what was reported is gone; the list says so
    href = target_href(target["type"], target["id"], viewer) if target else None
    return redirect(href or url_for("moderation.my_notifications"))
