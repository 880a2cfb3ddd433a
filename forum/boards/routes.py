"""Boards, threads and posts as server-rendered pages that work without JavaScript."""
from dataclasses import dataclass, field

from flask import (Blueprint, abort, flash, get_flashed_messages, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required

from forum import permissions
from forum.boards.forms import EditForm, RemoveForm, ReplyForm, ThreadForm
from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.extensions import limiter
from forum.models import Post, PostStatus
from forum.moderation.forms import FlagForm
from forum.ratelimits import EDIT_SCOPE, EDITS_PAUSED, configured_limit, member_key
from forum.services import Forbidden, NotFound, ValidationError, crisis
from forum.services.boards import posting
from forum.services.boards.reading import (PostNode, get_board_or_404, get_post_or_404,
                                          get_thread_or_404, list_boards,
                                           list_threads, page_of_post, parse_page, thread_page)
from forum.services.moderation import flags
from forum.visibility import can_view_post

bp = Blueprint("boards", __name__)

CRISIS_ANCHOR = "crisis-help"  # the help box's id: redirects after crisis language land on it
INDENT_CAP = 5  # reply levels that indent; deeper replies line up under the fifth level
FLAG_THANKS = ("Thank you for telling us. A moderator will look at it, and you'll find what they "
               "decide in your notifications.")
HELD_NOTICE = ("Your post is held for a moderator to review. You can see it already; other "
               "members will once a moderator has looked at it.")


@bp.record_once
def _template_globals(state) -> None:
    """Permission predicates, limits and date formats for every template."""
    env = state.app.jinja_env
    env.globals.update(
        can_post=permissions.can_post, can_reply=permissions.can_reply,
        can_edit_post=permissions.can_edit_post, can_moderate=permissions.can_moderate,
        is_author=permissions.is_author, TITLE_MAX=TITLE_MAX, POST_MAX=POST_MAX,
        CONTENT_WARNING_MAX=CONTENT_WARNING_MAX, INDENT_CAP=INDENT_CAP,
        SITE_NAME=state.app.config.get("FORUM_NAME", "Recovery Forum"))
    env.filters["iso"] = lambda moment: moment.isoformat().replace("+00:00", "Z")
    env.filters["when"] = lambda moment: moment.strftime("%-d %b %Y, %H:%M UTC")


@dataclass
class ShownPost:
    """A post as the thread page lays it out; `in_reply_to` names the parent past the indent cap."""

    node: PostNode
    level: int
    children: list["ShownPost"] = field(default_factory=list)
    in_reply_to: PostNode | None = None


def capped_tree(nodes: list[PostNode], level: int = 1) -> list[ShownPost]:
    """The reply tree nested up to INDENT_CAP levels; deeper replies follow in one flat list."""
    shown = []
    for node in nodes:
        item = ShownPost(node, level)
        if level < INDENT_CAP:
            item.children = capped_tree(node.children, level + 1)
        else:
            item.children = [ShownPost(child, level + 1, [], None if parent is node else parent)
                             for parent, child in _descendants(node)]
        shown.append(item)
    return shown


def _descendants(node: PostNode) -> list[tuple[PostNode, PostNode]]:
    """Every reply under the node in reading order, each with its parent (no recursion)."""
    out, stack = [], [(node, child) for child in reversed(node.children)]
    while stack:
        parent, child = stack.pop()
        out.append((parent, child))
        stack.extend((child, grandchild) for grandchild in reversed(child.children))
    return out


def _viewer():
    """The signed-in member, or None for an anonymous reader."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def _or_404(load, *args):
    """Call a get_*_or_404 service; hidden and missing both answer 404."""
    try:
        return load(*args)
    except NotFound:
        abort(404)


def _post_url(post: Post) -> str:
    """The post in its thread; after crisis language, the help box just above it instead, so
    the browser (with or without JavaScript) lands on the help first."""
    anchor = CRISIS_ANCHOR if _in_crisis(post) else f"post-{post.id}"
    return url_for("boards.thread", thread_id=post.thread_id, page=page_of_post(post, _viewer()),
                   _anchor=anchor)


def _in_crisis(post: Post) -> bool:
    notice = getattr(post, "notice", None)
    return notice is not None and notice["code"] == "crisis"


def _after_writing(post: Post) -> None:
    """Tell the author at once what they must see: the thread page draws the crisis box (the
    "crisis" flash only marks it fresh), or why a post is held."""
    if _in_crisis(post):
        flash("crisis", "crisis")
    elif post.notice is not None:
        flash(post.notice["message"], "notice")
    elif post.status != PostStatus.PUBLISHED.value:
        flash(HELD_NOTICE, "notice")


def _crisis_help(thread_id: int, page) -> dict:
    """The viewer's own crisis help for this thread, if any, and where the page draws it."""
    box = crisis.box_for_thread(_viewer(), thread_id)
    on_page = box is not None and box["post_id"] in _post_ids(page.items)
    return {"crisis_box": box, "crisis_box_on_page": on_page,
            "crisis_fresh": bool(get_flashed_messages(category_filter=["crisis"]))}


def _post_ids(nodes: list[PostNode]) -> set[int]:
    found, stack = set(), list(nodes)
    while stack:
        node = stack.pop()
        found.add(node.post_id)
        stack.extend(node.children)
    return found


@bp.get("/")
def index():
    """Every board with its description, in the forum's order."""
    return render_template("boards/index.html", boards=list_boards(_viewer()))


@bp.get("/boards/<slug>")
def board(slug: str):
    """One board: its threads, most recent activity first, page by page."""
    found = _or_404(get_board_or_404, slug, _viewer())
    page = list_threads(found, _viewer(), parse_page(request.args.get("page")))
    return render_template("boards/board.html", board=found, page=page)


@bp.route("/boards/<slug>/new", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("POSTING_LIMIT"), methods=["POST"])
def new_thread(slug: str):
    """Start a thread in a board."""
    found = _or_404(get_board_or_404, slug, _viewer())
    if not permissions.can_post(_viewer()):
        abort(403)
    form = ThreadForm()
    if form.validate_on_submit():
        try:
            thread, post = posting.create_thread(found, _viewer(), form.title.data,
                                                 form.body.data, form.content_warning.data)
        except ValidationError as error:
            form.add_service_error(error)
        except Forbidden:
            abort(403)
        else:
            _after_writing(post)
            return redirect(url_for("boards.thread", thread_id=thread.id,
                                    _anchor=CRISIS_ANCHOR if _in_crisis(post) else None))
    return render_template("boards/new_thread.html", board=found, form=form)


@bp.get("/threads/<int:thread_id>")
def thread(thread_id: int):
    """A thread as a reply tree, 20 top-level posts a page, with a reply form at the bottom."""
    found = _or_404(get_thread_or_404, thread_id, _viewer())
    page = thread_page(found, _viewer(), parse_page(request.args.get("page")))
    return render_template("boards/thread.html", thread=found, page=page,
                           posts=capped_tree(page.items), form=ReplyForm(formdata=None),
                           **_crisis_help(found.id, page))


@bp.route("/threads/<int:thread_id>/reply", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("POSTING_LIMIT"), methods=["POST"])
def reply(thread_id: int):
    """Reply to the thread, or (?to=POST_ID) to one of its posts."""
    found = _or_404(get_thread_or_404, thread_id, _viewer())
    if not permissions.can_reply(_viewer(), found):
        abort(403)
    form = ReplyForm(parent_id=request.args.get("to", ""))
    if form.validate_on_submit():
        try:
            post = posting.create_reply(found, _viewer(), form.body.data,
                                        form.parent_id.data or None, form.content_warning.data)
        except ValidationError as error:
            form.add_service_error(error)
        except Forbidden:
            abort(403)
        else:
            _after_writing(post)
            return redirect(_post_url(post))
    parent = _reply_target(found, form.parent_id.data)
    return render_template("boards/reply.html", thread=found, form=form, parent=parent)


def _reply_target(thread, parent_id: str | None) -> Post | None:
    """The post being answered, if the viewer may see it in this thread.

    Asked for by link (GET ?to=), an unseen post is 404 like any other; after a refused POST the
    form shows the service's message instead.
    """
    if not parent_id or not str(parent_id).isdigit():
        return None
    try:
        post = get_post_or_404(int(parent_id), _viewer())
    except NotFound:
        post = None
    if post is None or post.thread_id != thread.id:
        if request.method == "GET":
            abort(404)
        return None
    return post


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
@limiter.shared_limit(configured_limit("EDIT_LIMIT"), EDIT_SCOPE, key_func=member_key,
                      methods=["POST"], error_message=EDITS_PAUSED)
def edit(post_id: int):
    """The author edits their own post; it is then marked edited."""
    post = _or_404(get_post_or_404, post_id, _viewer())
    if not permissions.can_edit_post(_viewer(), post):
        abort(403)
    form = EditForm(body=post.body_source, content_warning=post.content_warning)
    if form.validate_on_submit():
        try:
            posting.edit_post(post, _viewer(), form.body.data, form.content_warning.data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            flash("Your changes are saved.")
            _after_writing(post)
            return redirect(_post_url(post))
    return render_template("boards/edit.html", post=post, form=form)


@bp.route("/posts/<int:post_id>/remove", methods=["GET", "POST"])
@login_required
def remove(post_id: int):
    """The author removes their own post after confirming; its replies stay."""
    post = _or_404(get_post_or_404, post_id, _viewer())
    if not permissions.can_edit_post(_viewer(), post):
        abort(403)
    form = RemoveForm()
    if form.validate_on_submit():
        posting.remove_post(post, _viewer())
        flash("Your post is removed. Replies to it are still there.")
        return redirect(_post_url(post))
    return render_template("boards/remove.html", post=post, form=form)


@bp.route("/posts/<int:post_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("POSTING_LIMIT"), methods=["POST"])
def flag(post_id: int):
    """A member tells the moderators about a post, naming the boundary it crosses."""
    post = _or_404(get_post_or_404, post_id, _viewer())
    form = FlagForm()
    if form.validate_on_submit():
        try:
            flags.flag_content(post, _viewer(), form.reason.data, form.note.data or None)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            flash(FLAG_THANKS)
            if can_view_post(_viewer(), post):  # enough flags hide it at once
                return redirect(_post_url(post))
            return redirect(url_for("boards.board", slug=post.thread.board.slug))
    return render_template("moderation/flag.html", post=post, form=form)
