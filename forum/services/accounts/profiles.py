"""Member pages (/members/<handle>): a handle, the month they joined, their role marks, and
their recent posts only if they chose to show them (off by default: an activity trail can
identify someone). Deleted and unknown handles are NotFound alike.

The recovery badge ("90 days", "2 years") is there only when the member chose to show it
(services.recovery.dates.recovery_badge).
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.models import MemberPreferences, Post, Role, User
from forum.services import NotFound
from forum.services.accounts.handles import find_user
from forum.services.recovery.dates import recovery_badge
from forum.visibility import visible_posts

RECENT_POSTS = 10
ROLE_MARKS = {Role.MENTOR.value: "Peer mentor", Role.MODERATOR.value: "Moderator",
              Role.ADMIN.value: "Admin"}


@dataclass
class Profile:
    """What a member page shows: `posts` is None unless the member shows them, `badge` unless
    they show their recovery badge."""

    user: User
    role_mark: str | None
    posts: list[Post] | None
    badge: str | None = None


def shows_recent_posts(member: User) -> bool:
    """True if the member chose to list their recent posts on their page."""
    return bool(db.session.scalar(select(MemberPreferences.show_recent_posts).where(
        MemberPreferences.user_id == member.id)))


def set_show_recent_posts(member: User, show: bool) -> None:
    """Save the member's choice to list (or not) their recent posts on their page."""
    row = db.session.get(MemberPreferences, member.id)
    if row is None:
        row = MemberPreferences(user_id=member.id)
        db.session.add(row)
    row.show_recent_posts = bool(show)
    db.session.commit()


def recent_posts(member: User, viewer: User | None) -> list[Post]:
    """The member's newest posts that the viewer may see (never removed ones)."""
    return list(db.session.scalars(
        select(Post).where(Post.author_id == member.id, Post.removed_at.is_(None),
                           visible_posts(viewer))
        .options(selectinload(Post.thread)).order_by(Post.id.desc()).limit(RECENT_POSTS)))


def profile_of(handle, viewer: User | None) -> Profile:
    """The member page for a handle (NotFound for a handle no current member has)."""
    member = find_user(handle)
    if member is None:
        raise NotFound()
    posts = recent_posts(member, viewer) if shows_recent_posts(member) else None
    return Profile(member, ROLE_MARKS.get(member.role), posts, recovery_badge(member))
