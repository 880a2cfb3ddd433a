"""Accounts: anonymous members identified by a handle, their recovery codes and API tokens."""
import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forum.extensions import db
from forum.models.base import UTCDateTime, utcnow
from forum.normalize import skeleton


def handle_key(handle: str) -> str:
    """What a handle looks like at a glance (normalize.skeleton), with i and l read as one
    letter as well, since "adm1n" (1 reads as l) should meet "admin" (with an i)."""
    return skeleton(handle).replace("i", "l")


class Role(str, enum.Enum):
    """What a member may do; each role includes the ones before it."""

    MEMBER = "member"
    MENTOR = "mentor"
    MODERATOR = "moderator"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    """A member. No e-mail and no real name: a handle and a password hash only."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(32))
    # handle_key(handle): two members never share one, so nobody passes for another. Rows from
    # before this column are filled in by services.accounts.handles.fill_missing_keys.
    handle_skeleton: Mapped[str | None] = mapped_column(String(64), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped on password change and sanctions: every session and token minted before is void.
    auth_epoch: Mapped[int] = mapped_column(default=0)
    # Sanctions (set by moderators): a muted member reads and flags but cannot write; a
    # suspended or banned one reads only.
    muted_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("handle")
    def _keep_skeleton(self, _key, handle: str) -> str:
        self.handle_skeleton = handle_key(handle)
        return handle

    def get_id(self) -> str:
        """Session identity: id and epoch, so a bumped epoch logs every session out."""
        return f"{self.id}:{self.auth_epoch}"

    @property
    def role_enum(self) -> Role:
        """The member's role as a Role."""
        return Role(self.role)


# Handles are unique regardless of case ("Sam" and "sam" are one member).
Index("uq_users_handle_lower", func.lower(User.handle), unique=True)


class RecoveryCode(db.Model):
    """A one-time code that lets a member set a new password; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    auth_epoch: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()


class AuthSession(db.Model):
    """One signed-in browser: the cookie names it, so logging out can end it everywhere."""

    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    auth_epoch: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(64), default="A browser")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Block(db.Model):
    """A member's personal boundary: the two stop seeing each other."""

    __tablename__ = "blocks"

    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
