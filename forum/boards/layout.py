"""How a thread page lays out its reply tree: nested up to INDENT_CAP levels, deeper replies in one
flat list under the fifth level, each naming the post it answers."""
from dataclasses import dataclass, field

from flask import current_app, request
from flask_login import current_user
from jinja2 import Undefined, pass_context
from markupsafe import Markup, escape

from forum.csrf_tokens import csrf_token
from forum.models import PostStatus
from forum.pagecache import Shelf, piece, piece_shelf, shared_fragment
from forum.permissions import abilities_on, can_moderate, can_post, can_reply
from forum.services.boards.reading import PostNode
from forum.services.boards.rows import board_values, thread_values

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
    """Everything a thread page's list of posts shows, for readers who see it alike
    (pagecache.shared_fragment keeps the list under it, so the key is the list's version);
    None for a reader whose list is their own: a moderator, or one with a post, a reaction,
    crisis help, a hold or a removal of their own on the page.

    The key holds the script root, the thread and page, what the reader may do (reply, flag,
    react: the same for most members), their content-warning choices, where the "new since you
    last read" marker goes, and the tree as they see it: each post's id, then all it shows
    (_tree_versions; None for a placeholder), its replies after it. So an edit, a hidden post,
    a reaction, a new handle or badge makes another key, and a write elsewhere in the thread
    (another page's new reply) leaves this page's list kept."""
    may = abilities_on(viewer, page["thread"])
    if can_moderate(viewer) or any(may.own(post) for post in shown) or page["who_reacted"] or \
            any(r.mine for r in page["reactions"].values()) or page["crisis_box"] or \
            page["holds"] or page["removals"]:
        return None
    choices = page["warning_choices"]
    return ("post-list", request.script_root, page["thread"].id, page["page"].page,
            viewer is None, may.reply, may.flag, may.react, choices.folded, choices.hidden,
            page["first_unread_id"], page["forum_post_id"],
            _tree_versions(page["page"].items, page["reactions"], page["badges"]))


def thread_page_shown(page: dict, viewer) -> tuple | None:
    """Everything boards/thread.html draws outside its list of posts (page_layouts: its kept
    layout's key): the thread's row, what the reader may do and chose (follow, mute), how many
    posts their settings leave out, whether a "go to where you stopped" link shows, which page
    of how many. None for a page with parts of its own: crisis help or a removal notice."""
    thread, numbers = page["thread"], page["page"]
    if page["crisis_box"] or page["crisis_fresh"] or page["thread_removal"] is not None:
        return None
    return ("thread", thread_values(thread), bool(page["forum_post_id"]), page["following"],
            page["muted"], len(page["hidden_ids"]), bool(page["first_unread_id"]), numbers.page,
            numbers.pages, bool(numbers.items), can_reply(viewer, thread),
            page["form"] is not None)


def board_page_shown(board, page, viewer, following: bool, muted: bool) -> tuple:
    """Everything boards/board.html draws outside its rows of threads (page_layouts: its kept
    layout's key): the board, what the reader may do and chose, which page of how many."""
    return ("board", board_values(board), can_post(viewer), following, muted, page.page,
            page.pages, bool(page.items))


def latest_page_shown(page) -> tuple:
    """Everything community/latest.html draws outside its rows of threads (page_layouts: its
    kept layout's key): which page of how many."""
    return ("latest", page.page, page.pages, bool(page.items))


def _tree_versions(nodes: list[PostNode], reactions: dict, badges: dict) -> tuple:
    """A tree as one reader sees it: each node's id, all its post shows (None for a
    placeholder: the post's HTML, warning, status, times, author, badge and reaction counts;
    its piece's key holds the same beside the reader's answers), then its children's."""
    out = []
    for node in nodes:
        post = node.post
        if post is None:
            version = None
        else:
            author, counted = post.author, reactions.get(post.id)
            version = (post.body_html, post.content_warning, post.status, post.created_at,
                       post.edited_at, post.removed_at,
                       None if author is None else (author.id, author.handle),
                       badges.get(post.author_id),
                       None if counted is None else tuple(counted.counts.items()))
        out.append((node.post_id, version, _tree_versions(node.children, reactions, badges)
                    if node.children else ()))
    return tuple(out)


_PUBLISHED = PostStatus.PUBLISHED.value
_NO_BADGE = ("no badge",)


class _PostValues:
    """What a post's piece key reads from the page's context, read once for a whole tree
    instead of once per post."""

    __slots__ = ("reactions", "who", "choices", "badges", "forum_post_id", "shelf")

    def __init__(self, get):
        self.shelf = piece_shelf()
        self.reactions = get("reactions")
        self.who = get("who_reacted")
        self.choices = get("warning_choices")
        self.badges = get("badges")
        self.forum_post_id = get("forum_post_id")


@pass_context
def post_piece(context, macro, post, thread, may, token: str):
    """One post's block as the post macro draws it (header, body, reactions, actions), made
    once and kept (pagecache.piece) under a key of everything the block shows: the post's
    HTML, warning, times, author and badge, and the viewer's answers for this post (reply,
    edit, flag, react, their reactions, who reacted on their own post, whether a warned post is
    folded for them). The macro is _post.html's post_block. Held, hidden and removed posts carry
    notices of their own (holds, removals) and are drawn every time."""
    return _post_piece(_PostValues(context.get), lambda: macro, post, thread, may, token)


def _post_piece(values: _PostValues, macro, post, thread, may, token: str):
    """post_piece with the context's values read already; macro() gives post_block (asked
    only when the piece is drawn)."""
    def render(with_token):
        return macro()(post, thread, may, with_token)
    if post.status != _PUBLISHED or post.removed_at is not None:
        return render(token)
    author = post.author
    reactions = values.reactions
    counted = reactions.get(post.id) if reactions is not None else None
    who = values.who
    who = who.get(post.id) if who is not None else None
    choices = values.choices
    badges = values.badges
    react_ok = may.react_to(post)
    shelf = values.shelf
    key = ("post", shelf.script_root, post.id, post.body_html, post.content_warning,
           post.created_at, post.edited_at,
           None if author is None else (author.id, author.handle),
           post.id == values.forum_post_id,
           None if badges is None else badges.get(post.author_id, _NO_BADGE),
           None if choices is None or not post.content_warning else choices.folds(post),
           thread.id, may.reply, may.edit(post), may.flag_post(post), react_ok,
           reactions is not None,
           None if counted is None else (tuple(counted.counts.items()), tuple(counted.mine)),
           None if not who else tuple((kind, tuple(names)) for kind, names in who.items()))
    return piece(key, render, token if react_ok else None, shelf)


@pass_context
def post_tree_html(context, macros, items: list[ShownPost], thread, flat: bool = False,
                   may=None) -> Markup:
    """A thread's posts as nested lists, the same HTML _post.html's post_tree macro drew (that
    macro now calls this): the loop around each post's kept piece costs far less in Python
    than in Jinja. `macros` is the template's (post_block, crisis_help_box, handle), asked
    only for what is drawn here rarely (the crisis box, a "replying to" line) and for pieces
    not kept yet. Everything per viewer (the crisis box, the "new since you last read" marker,
    posts left out by their settings) is drawn per call, as before."""
    may = may or abilities_on(context.get("current_user"), thread)
    token = context.resolve("csrf_token")() if may.viewer_id else ""
    return _draw(context.get, lambda: macros, items, thread, flat, may, token)


def post_list_html(page: dict, items: list[ShownPost], thread,
                   token: str | None = None) -> Markup:
    """A thread page's list of posts (what boards/_post.html's post_tree draws), from the
    view's own context, without rendering a template: _post.html's macros are made (with the
    page's context, as `import ... with context` made them) only when a post's piece is not
    kept yet or a rare part (the crisis box, a "replying to" line) is drawn. `token` goes where
    a member's CSRF token goes in the posts' forms (None: the session's own; a kept list's
    placeholder, pagecache.shared_fragment)."""
    may = abilities_on(current_user, thread)
    token = (token or csrf_token()) if may.viewer_id else ""
    made = []

    def macros():
        if not made:
            values = dict(page)
            current_app.update_template_context(values)
            templates = current_app.jinja_env
            made.append((templates.get_template("boards/_post.html").make_module(values).post_block,
                         templates.get_template("crisis/_help.html").make_module(values).crisis_box,
                         templates.get_template("_macros.html").module.handle))
        return made[0]
    return _draw(page.get, macros, items, thread, False, may, token)


def _draw(get, macros, items, thread, flat, may, token) -> Markup:
    out: list[str] = []
    _TreePage(get, macros, thread, may, token).tree(out, items, flat)
    return Markup("".join(out))


class _TreePage:
    """One drawing of a tree: the page's values read once (`get` reads the page's context)."""

    def __init__(self, get, macros, thread, may, token):
        self.macros = macros
        self.thread, self.may, self.token = thread, may, token
        self.values = _PostValues(get)
        hidden = get("hidden_ids")
        self.hidden = hidden if hidden is not None and not isinstance(hidden, Undefined) \
            else ()
        box = get("crisis_box")
        self.box_post_id = box.get("post_id") if box and get("crisis_box_on_page") else None
        self.box, self.box_fresh = box, get("crisis_fresh")
        self.first_unread_id = get("first_unread_id")

    def post_block(self):
        return self.macros()[0]

    def tree(self, out: list[str], items: list[ShownPost], flat: bool) -> None:
        """Append one level's <ol> (the whitespace is the old macro's, byte for byte)."""
        kind = "posts" if items and items[0].level == 1 else "replies"
        out.append(f'\n  \n  <ol class="{kind}{" replies-flat" if flat else ""}">\n  ')
        for shown in items:
            self.item(out, shown)
        out.append("\n  </ol>")

    def item(self, out: list[str], shown: ShownPost) -> None:
        node = shown.node
        post, post_id = node.post, node.post_id
        left_out = post is not None and post.id in self.hidden
        out.append("\n    \n    \n    ")
        if left_out and not shown.children:
            out.append("\n  ")
            return
        parent = f' data-parent-id="{post.parent_id}"' if post is not None and post.parent_id \
            else ""
        removed = post is not None and post.is_removed
        out.append(f'\n    <li class="post-node level-{min(shown.level, INDENT_CAP + 1)}" '
                   f'id="post-{post_id}" data-post-id="{post_id}"{parent}>\n      ')
        if self.box_post_id is not None and self.box_post_id == post_id:
            out.append(str(self.macros()[1](self.box, self.box_fresh)))
        out.append("\n      ")
        if self.first_unread_id and self.first_unread_id == post_id:
            out.append('<p class="unread-marker" id="unread">New since you last read</p>')
        out.append(f'\n      <article class="post{" post-removed" if removed else ""}">\n      ')
        if post is None:
            out.append('\n        <p class="placeholder">This post isn\'t available.</p>\n      ')
        elif left_out:
            out.append('\n        <p class="placeholder">A post hidden by your settings.</p>'
                       '\n      ')
        else:
            out.append("\n        ")
            if shown.in_reply_to:
                out.append(self.in_reply_to(shown.in_reply_to))
            out.append("\n        ")
            if removed:
                out.append('\n        <p class="placeholder">This post was removed by its '
                           'author.</p>\n        ')
            else:
                out.append("\n        ")
                out.append(str(_post_piece(self.values, self.post_block, post, self.thread,
                                           self.may, self.token)))
                out.append("\n        ")
            out.append("\n      ")
        out.append("\n      </article>\n      ")
        if shown.children:
            self.tree(out, shown.children, shown.level >= INDENT_CAP)
        out.append("\n    </li>\n    \n  ")

    def in_reply_to(self, parent: PostNode) -> str:
        if parent.post is None:
            who = "a post that isn't available"
        elif parent.post.is_removed:
            who = "a removed post"
        else:
            who = str(self.macros()[2](parent.post.author))
        return (f'\n        <p class="in-reply-to">Replying to <a href="#post-{parent.post_id}">'
                f'{who}</a></p>\n        ')


def thread_row_piece(macro, thread, unread: int | None, with_board: bool = False,
                     shelf: Shelf | None = None):
    """One thread in a list of threads (a board's; with_board, /latest's and the unread page's,
    which name its board), made once and kept (pagecache.piece) under a key of everything the
    row shows: title, author, replies, last activity, locked and status, the board, and the
    viewer's unread count. The macro draws it from (thread, unread). `shelf`: see
    pagecache.piece."""
    shelf = shelf or piece_shelf()
    return piece(_row_key(thread, unread, with_board, shelf.script_root),
                 lambda _token: macro(thread, unread), None, shelf)


def _row_key(thread, unread: int | None, with_board: bool, script_root: str) -> tuple:
    """Everything a row of a list of threads shows (thread_row_piece's key)."""
    if with_board:
        board = thread.board
        shown = (board.slug, board.name)
    else:
        author = thread.author
        shown = (None if author is None else author.handle, thread.locked, thread.status)
    return ("thread-row", script_root, with_board, thread.id, thread.title, thread.reply_count,
            thread.last_activity_at, unread, shown)


def thread_row_macro(template: str, name: str):
    """A macro drawing one row of a list of threads, from a template of macros that reads
    nothing of a page's context (Jinja keeps the template's module, made once)."""
    return getattr(current_app.jinja_env.get_template(template).module, name)


def thread_rows(macro, rows, with_board: bool = False) -> Markup:
    """A list of threads' rows, each through thread_row_piece, as the Jinja loop drew them
    (each row between two line breaks): `rows` holds (thread, unread count or None). The
    list is kept whole too (pagecache.shared_fragment) under the keys of all its rows, so a
    list with nothing changed is made without asking for a row."""
    rows = list(rows)
    shelf = piece_shelf()
    keys = tuple(_row_key(thread, unread, with_board, shelf.script_root)
                 for thread, unread in rows)
    return shared_fragment(("thread-rows", getattr(macro, "name", None), keys), lambda _token: (
        "".join(f"\n  {thread_row_piece(macro, thread, unread, with_board, shelf)}\n  "
                for thread, unread in rows)))


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


class EmptyForm:
    """An empty form (no data, no errors) built only when its fields are drawn: a page whose
    fields are a kept piece (form_fields_piece) draws only its CSRF field, which is written
    here as Flask-WTF writes it (building the form costs more than drawing that field:
    about a thirtieth of a signed-in thread page). With CSRF off there is no such field,
    as on a built form."""

    _field_names: dict[tuple, tuple[str, ...]] = {}

    def __init__(self, form_class) -> None:
        self.form_class = form_class
        self._built = None

    @property
    def built(self):
        """The form itself, built the first time it is asked for."""
        if self._built is None:
            self._built = self.form_class(formdata=None)
        return self._built

    @property
    def csrf_token(self) -> Markup:
        """The hidden CSRF field, as the built form's `csrf_token` field draws it."""
        if not current_app.config.get("WTF_CSRF_ENABLED", True):
            return Markup("")
        return Markup('<input id="csrf_token" name="csrf_token" type="hidden" value="%s">'
                      % escape(csrf_token()))

    def field_names(self) -> tuple[str, ...]:
        """Its fields' names, learned from the first one built (per class and CSRF setting)."""
        key = (self.form_class, bool(current_app.config.get("WTF_CSRF_ENABLED", True)))
        names = self._field_names.get(key)
        if names is None:
            names = self._field_names[key] = tuple(field.name for field in self.built)
        return names

    def __getattr__(self, name: str):
        return getattr(self.built, name)


def form_fields_piece(macro, form):
    """An empty form's fields (the thread page's reply box: no data, no errors, the same
    choices for everyone), drawn once by the macro and kept (pagecache.piece) under the form's
    class and its fields' names; a form holding data or errors is drawn every time. Its CSRF
    token is not among them."""
    if isinstance(form, EmptyForm):
        key = ("form-fields", request.script_root, form.form_class.__module__,
               form.form_class.__qualname__, form.field_names())
        return piece(key, lambda _token: macro(form.built))

    def render(_token):
        return macro(form)
    if form.errors or any(field.data not in (None, "") for field in form
                          if field.type not in ("CSRFTokenField", "SubmitField")):
        return render(None)
    key = ("form-fields", request.script_root, type(form).__module__, type(form).__qualname__,
           tuple(field.name for field in form))
    return piece(key, render)
