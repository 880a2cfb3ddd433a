"""Pages for following, support reactions and live thread pages: plain forms that work without
JavaScript (each redirects back), and one small fragment the thread page's script fetches to
show a new reply without a reload."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import login_required

from forum.boards.layout import capped_tree
from forum.boards.routes import bp, _post_url
from forum.security import current_viewer
from forum.services.boards import following, reactions
from forum.services.boards.reading import (PostNode, get_board_or_404, get_post_or_404,
                                           get_thread_or_404)


def _wants(value: str | None) -> bool:
    """The form's `follow` / `on` field: "1" to do it, anything else to undo it."""
    return value == "1"


@bp.post("/threads/<int:thread_id>/follow")
@login_required
def follow_thread(thread_id: int):
    """Follow or stop following a thread, then back to it."""
    viewer = current_viewer()
    thread = get_thread_or_404(thread_id, viewer)
    change = following.follow_thread if _wants(request.form.get("follow")) \
        else following.unfollow_thread
    change(thread, viewer)
    return redirect(url_for("boards.thread", thread_id=thread.id, _anchor="follow"))


@bp.post("/boards/<slug>/follow")
@login_required
def follow_board(slug: str):
    """Follow or stop following a board, then back to it."""
    viewer = current_viewer()
    board = get_board_or_404(slug, viewer)
    change = following.follow_board if _wants(request.form.get("follow")) \
        else following.unfollow_board
    change(board, viewer)
    return redirect(url_for("boards.board", slug=board.slug, _anchor="follow"))


@bp.post("/posts/<int:post_id>/reactions")
@login_required
def react(post_id: int):
    """Give or take back a support reaction, then back to the post."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    change = reactions.react if _wants(request.form.get("on")) else reactions.unreact
    change(post, viewer, request.form.get("kind"))
    return redirect(_post_url(post))


@bp.get("/posts/<int:post_id>/card")
def post_card(post_id: int):
    """One post as the thread page draws it, for the page's "new replies" bar (404 for a post
    the viewer may not see, exactly as for one that does not exist)."""
    viewer = current_viewer()
    post = get_post_or_404(post_id, viewer)
    if post.is_removed:
        abort(404)
    thread = post.thread
    [shown] = capped_tree([PostNode(post, post.id)], level=min(post.depth + 1, 5))
    return render_template("boards/_post_card.html", thread=thread, shown=shown,
                           reactions=reactions.reactions_for([post], viewer),
                           who_reacted=reactions.who_reacted([post], viewer),
                           removals={})
