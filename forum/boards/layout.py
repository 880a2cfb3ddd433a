"""How a thread page lays out its reply tree: nested up to INDENT_CAP levels, deeper replies in one
flat list under the fifth level, each naming the post it answers."""
from dataclasses import dataclass, field

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
