"""How a thread page lays out its reply tree: nested up to INDENT_CAP levels, deeper replies in one
flat list under the fifth level, each naming the post it answers."""
from dataclasses import dataclass, field

from flask import request
from jinja2 import pass_context

from forum.models import PostStatus
from forum.pagecache import piece
from forum.permissions import abilities_on, can_moderate
from forum.services.boards.reading import PostNode

INDENT_CAP = 5  # reply levels that indent; deeper replies line up under the fifth level


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


def post_ids(nodes: list[PostNode]) -> set[int]:
    """Every post id in a tree (shown or a placeholder)."""
    found, stack = set(), list(nodes)
    while stack:
        node = stack.pop()
        found.add(node.post_id)
        stack.extend(node.children)
    return found


def post_list_key(page: dict, viewer, shown: list) -> tuple | None:
    """What a thread page's list of posts depends on about its reader, for readers who see it
    alike (pagecache.shared_fragment); None for a reader whose list is their own: a moderator,
    or one with a post, a reaction, crisis help, a hold or a removal of their own on the page.

    The key holds the thread and page, what the reader may do (reply, flag, react: the same
    for most members), their content-warning choices, where the "new since you last read"
    marker goes, and which posts of the tree they see (ids, and which are placeholders). The
    posts themselves are the forum's generation's, which the fragment cache adds."""
    may = abilities_on(viewer, page["thread"])
    if can_moderate(viewer) or any(may.own(post) for post in shown) or page["who_reacted"] or \
            any(r.mine for r in page["reactions"].values()) or page["crisis_box"] or \
            page["holds"] or page["removals"]:
        return None
    choices = page["warning_choices"]
    return ("post-list", page["thread"].id, page["page"].page, viewer is None, may.reply,
            may.flag, may.react, choices.folded, choices.hidden, page["first_unread_id"],
            page["forum_post_id"], _tree_digest(page["page"].items))


def _tree_digest(nodes: list[PostNode]) -> tuple:
    """The shape of a tree as one reader sees it: each node's id and whether it is shown,
    children in brackets."""
    return tuple((node.post_id, node.post is not None, _tree_digest(node.children))
                 for node in nodes)


_PUBLISHED = PostStatus.PUBLISHED.value
_NO_BADGE = ("no badge",)


@pass_context
def post_piece(context, macro, post, thread, may, token: str):
    """One post's block as the post macro draws it (header, body, reactions, actions), made
    once and kept (pagecache.piece) under a key of everything the block shows: the post's
    HTML, warning, times, author and badge, and the viewer's answers for this post (reply,
    edit, flag, react, their reactions, who reacted on their own post, whether a warned post is
    folded for them). The macro is _post.html's post_block. Held, hidden and removed posts carry
    notices of their own (holds, removals) and are drawn every time."""
    def render(with_token):
        return macro(post, thread, may, with_token)
    if post.status != _PUBLISHED or post.removed_at is not None:
        return render(token)
    author = post.author
    reactions = context.get("reactions")
    counted = reactions.get(post.id) if reactions is not None else None
    who = context.get("who_reacted")
    who = who.get(post.id) if who is not None else None
    choices = context.get("warning_choices")
    badges = context.get("badges")
    react_ok = may.react_to(post)
    key = ("post", request.script_root, post.id, post.body_html, post.content_warning,
           post.created_at, post.edited_at,
           None if author is None else (author.id, author.handle),
           post.id == context.get("forum_post_id"),
           None if badges is None else badges.get(post.author_id, _NO_BADGE),
           None if choices is None or not post.content_warning else choices.folds(post),
           thread.id, may.reply, may.edit(post), may.flag_post(post), react_ok,
           reactions is not None,
           None if counted is None else (tuple(counted.counts.items()), tuple(counted.mine)),
           None if not who else tuple((kind, tuple(names)) for kind, names in who.items()))
    return piece(key, render, token if react_ok else None)


def thread_row_piece(macro, thread, unread: int | None, with_board: bool = False):
    """One thread in a list of threads (a board's; with_board, /latest's and the unread page's,
    which name its board), made once and kept (pagecache.piece) under a key of everything the
    row shows: title, author, replies, last activity, locked and status, the board, and the
    viewer's unread count. The macro draws it from (thread, unread)."""
    if with_board:
        board = thread.board
        shown = (board.slug, board.name)
    else:
        author = thread.author
        shown = (None if author is None else author.handle, thread.locked, thread.status)
    key = ("thread-row", request.script_root, with_board, thread.id, thread.title,
           thread.reply_count, thread.last_activity_at, unread, shown)
    return piece(key, lambda _token: macro(thread, unread))


def pagination_piece(macro, page, endpoint: str, arguments: dict):
    """A page's links to its other pages (_macros.html's pagination), kept (pagecache.piece)
    under a key of all they show: the endpoint and its arguments, this page and how many."""
    def render(_token):
        return macro(page, endpoint, **arguments)
    if not all(value is None or type(value) in (int, str) for value in arguments.values()):
        return render(None)  # only plain values make a key that says what the links show
    key = ("pagination", request.script_root, endpoint, page.page, page.pages,
           tuple(sorted(arguments.items())))
    return piece(key, render)
