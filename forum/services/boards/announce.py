"""Announcing a post once it is visible: followers and mentioned members are told, and thread
pages open on it hear `thread_post`.

A post is announced once, the first time it is published: at once for an ordinary post, when a
moderator publishes it for a held one, never for a post that stays held or hidden, and never
again after an edit or a restore (post_announcements keeps the record). Each member hears of a
post at most once, in the most personal way that applies: a reply to them (posting.py tells
them), a mention, then a followed thread or board. Nobody hears of their own post, of a post
they cannot see, or of one by a member they blocked or who blocked them.
"""
from forum.extensions import db
from forum.models import Post, PostAnnouncement, PostStatus, User
from forum.services import live
from forum.services.boards.following import followers_of
from forum.services.boards.mentions import mentioned_members
from forum.services.notifications import notify
from forum.visibility import blocked_with, can_view_post

PUBLISHED = PostStatus.PUBLISHED.value


def announce_post(post: Post, already_told: set[int] = frozenset()) -> None:
    """Tell who should hear of this post, if it is visible and was never announced (the caller
    commits; the events go out after the commit)."""
    thread = post.thread
    if post.status != PUBLISHED or thread.status != PUBLISHED or post.is_removed or \
            db.session.get(PostAnnouncement, post.id) is not None:
        return
    db.session.add(PostAnnouncement(post_id=post.id))
    author = post.author
    handle = author.handle if author is not None else "A member"
    told = {post.author_id, *already_told}
    blocked = blocked_with(author) if author is not None else set()
    opening = post.parent_id is None and _is_opening(post)
    for member in mentioned_members(post.body_source):
        if _may_hear(member, post, told, blocked):
            notify(member.id, "mention", f"{handle} mentioned you in \"{thread.title}\".",
                   thread_id=thread.id, post_id=post.id)
            told.add(member.id)
    for member in followers_of(thread):
        if _may_hear(member, post, told, blocked):
            message = f"{handle} started \"{thread.title}\" in {thread.board.name}." if opening \
                else f"{handle} replied in \"{thread.title}\", which you follow."
            notify(member.id, "new_thread" if opening else "followed_reply", message,
                   thread_id=thread.id, post_id=post.id)
            told.add(member.id)
    live.emit_on_commit("thread_post", {"thread_id": thread.id, "post_id": post.id},
                        to=live.thread_channel(thread.id))


def _may_hear(member: User, post: Post, told: set, blocked: set[int]) -> bool:
    return member.id not in told and member.id not in blocked and can_view_post(member, post)


def _is_opening(post: Post) -> bool:
    first = db.session.scalar(db.select(Post.id).where(Post.thread_id == post.thread_id)
                              .order_by(Post.id).limit(1))
    return first == post.id
