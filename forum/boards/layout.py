"""How a thread page lays out its reply tree: nested up to INDENT_CAP levels, deeper replies in one
flat list under the fifth level, each naming the post it answers."""
from dataclasses import dataclass, field

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
