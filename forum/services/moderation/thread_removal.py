"""Removing a whole thread, as opposed to its opening post: what goes with it (how many
replies, by how many members), and telling those members."""
from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post, PostStatus, Thread
from forum.services.moderation.items import opening_post
from forum.services.notifications import notify


@dataclass(frozen=True)
class Impact:
    """The replies a whole-thread removal takes from readers, and the members who wrote them."""

    replies: int
    members: frozenset[int]

    def as_json(self) -> dict:
        """The counts, as the API answers them."""
        return {"replies": self.replies, "members": len(self.members)}

    def sentence(self) -> str:
        """The counts in words, for the confirmation step and the log."""
        replies = f"{self.replies} repl{'y' if self.replies == 1 else 'ies'}"
        members = f"{len(self.members)} member{'' if len(self.members) == 1 else 's'}"
        return f"{replies} by {members}"


def impact(thread: Thread) -> Impact:
    """The published replies of the thread that readers would lose, and their authors."""
    opener = opening_post(thread)
    rows = db.session.execute(select(Post.id, Post.author_id).where(
        Post.thread_id == thread.id, Post.id != (opener.id if opener else None),
        Post.removed_at.is_(None), Post.status == PostStatus.PUBLISHED.value)).all()
    return Impact(len(rows), frozenset(author for _id, author in rows if author is not None))


def tell_repliers(thread: Thread, found: Impact, reason: str | None) -> None:
    """Notify each member whose replies went with the thread (its author is told apart)."""
    about = f" (the boundary '{reason}')" if reason else ""
    message = ("A moderator removed a whole thread you replied in, because its opening post "
               f"crossed a community boundary{about}. Your replies there went with it; this is "
               "not about anything you wrote.")
    for member in sorted(found.members):
        if member != thread.author_id:
            notify(member, "thread_removed", message, boundary=reason, thread_id=thread.id)
