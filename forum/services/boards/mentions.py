"""@mentions: "@handle" of a member links to their page and tells them, once per post.

The link is made when the post is written (sanitize.link_mentions, over the sanitised HTML);
the notification when the post is announced (services.boards.announce), never for a member who
blocked the author or was blocked by them, or who cannot see the post.
"""
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import User
from forum.sanitize import link_mentions, mentioned_handles

MAX_MENTIONS = 20  # a post naming more members than this tells only the first twenty


def members_named(source: str) -> dict[str, User]:
    """The members named "@handle" in the text, by lower-case handle (one query)."""
    handles = [handle.lower() for handle in mentioned_handles(source)][:MAX_MENTIONS * 2]
    if not handles:
        return {}
    found = db.session.scalars(select(User).where(func.lower(User.handle).in_(handles)))
    return {user.handle.lower(): user for user in found}


def with_mention_links(source: str, html: str) -> str:
    """The post's sanitised HTML with its members' mentions linked; unknown handles stay text."""
    if "@" not in source:
        return html
    members = members_named(source)
    if not members:
        return html
    return link_mentions(html, lambda handle: getattr(members.get(handle.lower()), "handle",
                                                      None))


def mentioned_members(source: str) -> list[User]:
    """The members a post names, in order, at most MAX_MENTIONS."""
    members = members_named(source)
    named = (members.get(handle.lower()) for handle in mentioned_handles(source))
    return list(dict.fromkeys(user for user in named if user is not None))[:MAX_MENTIONS]
