"""Writing in the boards: open a thread, reply, edit and remove one's own posts.

Each verb checks first (check_* raise NotFound, Forbidden or ValidationError, and the pages ask
the same ones before showing a form), then writes and commits, and answers what it made with
what the author must see now (Posted).
"""
import re
from dataclasses import replace
from typing import NamedTuple

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, Post, PostStatus, Thread, User
from forum.models.base import database_id, utcnow
from forum.permissions import can_edit_post, can_post, can_reply, is_author
from forum.services import Forbidden, NotFound, ValidationError
from forum.services.boards.announce import announce_post
from forum.services.boards.drafts import Draft, check_draft, check_title
from forum.services.boards.following import follow_by_default
from forum.services.moderation.items import set_visibility, target_of
from forum.services.notifications import notify
from forum.services.screening.verdicts import (AUTO_WARNING, check_screening, initial_status,
                                               notice_for, record_screening, screened_text)
from forum.visibility import can_view_post, can_view_thread

_CANNOT_WRITE = "Your account can't write right now (a moderator has paused it)."


class Posted(NamedTuple):
    """What writing made: the thread, the post, and what its author must see now (held for
    review, or crisis resources), or None."""

    thread: Thread
    post: Post
    notice: dict | None


def check_writer(author: User | None) -> None:
    """Signed-in members write, unless a sanction is running (Forbidden)."""
    if not can_post(author):
        raise Forbidden(_CANNOT_WRITE)


def check_reply(thread: Thread, author: User | None) -> None:
    """The member may reply here: they see the thread (else NotFound), may write, and it is not
    locked (Forbidden)."""
    if not can_view_thread(author, thread):
        raise NotFound()  # a held or hidden thread is not there for this member at all
    if not can_reply(author, thread):
        raise Forbidden("This thread is locked: it can be read but not replied to."
                        if can_post(author) else _CANNOT_WRITE)


def check_edit(post: Post, editor: User | None) -> None:
    """Only the author edits or removes a post, while it stands (Forbidden otherwise)."""
    if not can_edit_post(editor, post):
        raise Forbidden("This post was removed, so it can't be edited." if post.is_removed
                        and is_author(editor, post) else "You can only edit your own posts.")


def create_thread(board: Board, author: User, title, body, content_warning=None) -> Posted:
    """Open a thread with its first post after checking every field."""
    check_writer(author)
    title = check_title(title)
    draft = check_draft(body, content_warning)
    verdict, draft = _screen(title, draft, author)
    now = utcnow()
    thread = Thread(board_id=board.id, author_id=author.id, title=title,
                    created_at=now, last_activity_at=now)
    db.session.add(thread)
    db.session.flush()
    post = _new_post(thread, author, None, draft, now, initial_status(verdict))
    thread.status = post.status
    record_screening("thread", thread, verdict, author)
    follow_by_default(thread, author)
    announce_post(post)  # only once it is published: a held thread waits for a moderator
    db.session.commit()
    return Posted(thread, post, notice_for(verdict, author))


def _screen(title: str | None, draft: Draft, author: User):
    """Screen title, warning and body as one text; a cry for help that also needed a content
    warning is published folded behind a plain one (a moderator can word it better)."""
    verdict = check_screening(screened_text(title, draft.body_source, draft.content_warning),
                              author, bool(draft.content_warning), draft.body_html)
    if verdict.auto_warning and not draft.content_warning:
        draft = replace(draft, content_warning=AUTO_WARNING)
    return verdict, draft


def _new_post(thread: Thread, author: User, parent: Post | None, draft: Draft, now,
              status: str) -> Post:
    post = Post(thread_id=thread.id, author_id=author.id, parent_id=parent.id if parent else None,
                depth=parent.depth + 1 if parent else 0, body_source=draft.body_source,
                body_html=draft.body_html, content_warning=draft.content_warning,
                status=status, created_at=now)
    db.session.add(post)
    db.session.flush()
    post.root_id = parent.root_id if parent else post.id
    return post


def check_parent(thread: Thread, parent_id, viewer: User) -> Post | None:
    """The post being replied to, which must be a visible post of the same thread."""
    if parent_id is None or parent_id == "":
        return None
    if isinstance(parent_id, bool) or not isinstance(parent_id, (int, str)) or \
            not re.fullmatch(r"[0-9]+", str(parent_id)):
        raise ValidationError("parent_id must be the id of a post in this thread.", "parent_id")
    key = database_id(int(parent_id))
    parent = db.session.get(Post, key) if key is not None else None
    if parent is None or parent.thread_id != thread.id or not can_view_post(viewer, parent):
        raise ValidationError("The post you are replying to is not in this thread.", "parent_id",
                              "unknown_parent")
    return parent


def create_reply(thread: Thread, author: User, body, parent_id=None,
                 content_warning=None) -> Posted:
    """Reply to the thread, or to one of its posts."""
    check_reply(thread, author)
    parent = check_parent(thread, parent_id, author)
    draft = check_draft(body, content_warning)
    verdict, draft = _screen(None, draft, author)
    now = utcnow()
    post = _new_post(thread, author, parent, draft, now, initial_status(verdict))
    record_screening("post", post, verdict, author)
    if post.status == PostStatus.PUBLISHED.value:
        thread.reply_count += 1
        thread.last_activity_at = now
        answered = _reply_notification(thread, parent, post, author)
        announce_post(post, {answered} if answered else set())
    follow_by_default(thread, author)
    db.session.commit()
    return Posted(thread, post, notice_for(verdict, author))


def _reply_notification(thread: Thread, parent: Post | None, post: Post,
                        author: User) -> int | None:
    """Tell the member being answered (never oneself) that someone replied, if they can see
    the reply; answers who was told."""
    answered = parent.author_id if parent is not None else thread.author_id
    if answered is None or answered == author.id or \
            not can_view_post(db.session.get(User, answered), post):
        return None
    notify(answered, "reply", f"{author.handle} replied in \"{thread.title}\".",
           thread_id=thread.id, post_id=post.id)
    return answered


def edit_post(post: Post, editor: User, body, content_warning=None) -> Posted:
    """The author's own edit, marked edited and screened again like a new post."""
    check_edit(post, editor)
    draft = check_draft(body, content_warning)
    verdict, draft = _screen(None, draft, editor)
    post.body_source, post.body_html = draft.body_source, draft.body_html
    post.content_warning = draft.content_warning
    post.edited_at = utcnow()
    if verdict.reasons():
        target_type, target = target_of(post)
        if initial_status(verdict) == PostStatus.PENDING.value:
            set_visibility(target_type, target, PostStatus.PENDING.value)
        record_screening(target_type, target, verdict, editor)
    db.session.commit()
    return Posted(post.thread, post, notice_for(verdict, editor))


def remove_post(post: Post, remover: User) -> Post:
    """The author's own removal: the text goes, a placeholder keeps the reply tree intact."""
    if post.is_removed and is_author(remover, post):
        return post  # removing twice is not an error: the post is gone either way
    if not can_edit_post(remover, post):
        raise Forbidden("You can only remove your own posts.")
    post.body_source, post.body_html, post.content_warning = "", "", None
    post.removed_at = utcnow()
    thread = post.thread
    if post.id != _opening_post_id(thread) and post.status == PostStatus.PUBLISHED.value:
        thread.reply_count = max(0, thread.reply_count - 1)
    db.session.commit()
    return post


def _opening_post_id(thread: Thread) -> int | None:
    return db.session.scalar(select(Post.id).where(Post.thread_id == thread.id)
                             .order_by(Post.id).limit(1))
