"""Support reactions: "me too", "sending strength" and "congratulations", one of each per member
per post, counted under the post. No downvotes.

Reacting is for posts one can see (get_post_or_404 answers NotFound otherwise), not for one's
own posts (a member cannot cheer themselves on), not for removed ones. Reacting twice, or taking
back a reaction one never gave, is a quiet no-op. The post's author sees who reacted; everyone
else sees the counts. Nobody is notified of a reaction: they are a quiet kindness, not a ping.
"""
from dataclasses import dataclass, field

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import REACTION_KINDS, Post, PostReaction, User
from forum.permissions import can_post, is_author, is_member
from forum.services import Forbidden, NotFound
from forum.visibility import blocked_with

LABELS = {"me-too": "Me too", "strength": "Sending strength", "congrats": "Congratulations"}


@dataclass
class Reactions:
    """A post's reaction counts by kind, and which kinds the viewer gave."""

    counts: dict[str, int] = field(default_factory=dict)
    mine: list[str] = field(default_factory=list)


def check_kind(kind) -> str:
    """One of the fixed kinds; anything else is no such thing (NotFound)."""
    if kind not in REACTION_KINDS:
        raise NotFound()
    return kind


def check_reacting(post: Post, member: User) -> None:
    """The member may react to this (visible) post: not their own, not a removed one."""
    if not is_member(member) or not can_post(member):
        raise Forbidden("Your account can't react right now.")
    if is_author(member, post):
        raise Forbidden("Reactions are for other members' posts.")
    if post.is_removed:
        raise Forbidden("This post was removed, so it can't be reacted to.")


def react(post: Post, member: User, kind) -> None:
    """Give a reaction; giving it twice changes nothing (the unique constraint holds under a
    race, and the loser's insert is a no-op too)."""
    kind = check_kind(kind)
    check_reacting(post, member)
    if _existing(post, member, kind) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(PostReaction(post_id=post.id, user_id=member.id, kind=kind))
    except IntegrityError:
        pass  # another request of the same member won: the reaction is there either way
    db.session.commit()


def unreact(post: Post, member: User, kind) -> None:
    """Take a reaction back; one never given is not an error."""
    kind = check_kind(kind)
    if not is_member(member):
        raise Forbidden("Please sign in.")
    row = _existing(post, member, kind)
    if row is not None:
        db.session.delete(row)
    db.session.commit()


def _existing(post: Post, member: User, kind: str) -> PostReaction | None:
    return db.session.scalar(select(PostReaction).where(
        PostReaction.post_id == post.id, PostReaction.user_id == member.id,
        PostReaction.kind == kind))


# Built once: making the statement costs more than running it.
_COUNTS = select(PostReaction.post_id, PostReaction.kind, func.count(),
                 func.max(case((PostReaction.user_id == bindparam("viewer_id"), 1), else_=0))) \
    .where(PostReaction.post_id.in_(bindparam("ids", expanding=True))) \
    .group_by(PostReaction.post_id, PostReaction.kind)


def reactions_for(posts: list[Post], viewer: User | None) -> dict[int, Reactions]:
    """Every post's counts and the viewer's own reactions, for a whole page in one query."""
    ids = [post.id for post in posts]
    found: dict[int, Reactions] = {post_id: Reactions() for post_id in ids}
    if not ids:
        return found
    viewer_id = viewer.id if is_member(viewer) else -1
    rows = db.session.execute(_COUNTS, {"viewer_id": viewer_id, "ids": ids})
    for post_id, kind, count, given in rows:
        found[post_id].counts[kind] = count
        if given:
            found[post_id].mine.append(kind)
    for reactions in found.values():
        reactions.counts = {kind: reactions.counts[kind] for kind in REACTION_KINDS
                            if kind in reactions.counts}
        reactions.mine.sort(key=REACTION_KINDS.index)
    return found


def who_reacted(posts: list[Post], viewer: User | None) -> dict[int, dict[str, list[str]]]:
    """For the viewer's own posts among these: the handles behind each kind (members they
    blocked, or who blocked them, left out), in one query. Only the author sees who reacted;
    other posts are not in the answer."""
    if not is_member(viewer):
        return {}
    own = [post.id for post in posts if post.author_id == viewer.id]  # is_author, per post
    if not own:
        return {}
    hidden = blocked_with(viewer)
    rows = db.session.execute(
        select(PostReaction.post_id, PostReaction.kind, User.id, User.handle)
        .join(User, User.id == PostReaction.user_id)
        .where(PostReaction.post_id.in_(own)).order_by(PostReaction.id))
    who: dict[int, dict[str, list[str]]] = {}
    for post_id, kind, user_id, handle in rows:
        if user_id not in hidden:
            who.setdefault(post_id, {}).setdefault(kind, []).append(handle)
    return who
