"""Personal boundaries: a member blocks another, and the two stop seeing each other."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import Block, User
from forum.permissions import can_moderate
from forum.services import NotFound, ValidationError
from forum.services.accounts.handles import find_user


def _other(handle) -> User:
    user = find_user(handle) if isinstance(handle, str) and handle else None
    if user is None:
        raise NotFound()
    return user


def block_member(blocker: User, handle) -> User:
    """Block a member by handle (blocking twice is harmless); answer the blocked member."""
    other = _other(handle)
    if other.id == blocker.id:
        raise ValidationError("You can't block yourself.", "handle", "own_account")
    if can_moderate(other):
        raise ValidationError("Moderators can't be blocked: they need to be able to reach "
                              "everyone. If a moderator worries you, please tell an admin.",
                              "handle", "moderator")
    if db.session.get(Block, (blocker.id, other.id)) is None:
        db.session.add(Block(blocker_id=blocker.id, blocked_id=other.id))
        db.session.commit()
    return other


def unblock_member(blocker: User, handle) -> None:
    """Lift a block."""
    block = db.session.get(Block, (blocker.id, _other(handle).id))
    if block is None:
        raise NotFound()
    db.session.delete(block)
    db.session.commit()


def blocked_members(blocker: User) -> list[User]:
    """The members this member has blocked, by handle."""
    return list(db.session.scalars(
        select(User).join(Block, Block.blocked_id == User.id)
        .where(Block.blocker_id == blocker.id).order_by(User.handle)))
