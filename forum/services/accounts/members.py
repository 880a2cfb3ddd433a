"""Members' accounts: creating one, passwords, recovery codes, roles, and revoking every
way in at once."""
import secrets
from functools import cache
from importlib import resources

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from forum.config import PASSWORD_MAX, PASSWORD_MIN
from forum.extensions import db
from forum.models import ApiToken, RecoveryCode, Role, User
from forum.models.base import utcnow
from forum.services import ValidationError
from forum.services.accounts.handles import HANDLE_TAKEN, check_handle, find_user, suggest_handle
from forum.services.accounts.sessions import end_all_sessions
from forum.services.accounts.tokens import hash_secret

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("forum").joinpath("data/common_passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def check_password(password: str, handle: str = "", field: str = "password") -> None:
    """Raise ValidationError unless the password is long enough and not a common one."""
    if not isinstance(password, str):
        raise ValidationError("Please choose a password.", field, "required")
    if not _encodable(password):
        raise ValidationError("That password holds characters we can't store.", field)
    if len(password) < PASSWORD_MIN:
        raise ValidationError(f"Please use at least {PASSWORD_MIN} characters.", field)
    if len(password) > PASSWORD_MAX:
        raise ValidationError(f"Please use at most {PASSWORD_MAX} characters.", field)
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2:
        raise ValidationError("That password is too common to keep your account safe.", field)
    if handle and handle.lower() in lowered:
        raise ValidationError("Please don't use your handle in your password.", field)


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the member's recovery codes with ten new ones; return them in plain text."""
    codes = ["-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5))
                      for _ in range(2)) for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.clear()
    user.recovery_codes.extend(RecoveryCode(code_hash=hash_secret(c)) for c in codes)
    return codes


def create_account(password: str, handle: str | None = None,
                   role: Role = Role.MEMBER) -> tuple[User, list[str]]:
    """Create a member; return them with their ten recovery codes (shown once, stored hashed)."""
    handle = check_handle(handle) if handle else suggest_handle()
    check_password(password, handle)
    user = User(handle=handle, password_hash=_hash_password(password), role=role.value)
    codes = _new_recovery_codes(user)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:  # someone took the handle between the check and the commit
        db.session.rollback()
        raise ValidationError(HANDLE_TAKEN, "handle", "taken") from None
    return user, codes


def authenticate(handle: str, password: str) -> User | None:
    """The member if the handle and password match, else None (same answer for either miss)."""
    user = find_user(handle)
    if user is None:
        # Spend the same time as a real check so a timing probe cannot list handles.
        _password_matches(_dummy_hash(), password)
        return None
    return user if _password_matches(user.password_hash, password) else None


def _password_matches(password_hash: str, password) -> bool:
    """check_password_hash that answers False, not an error, for what no password can be."""
    usable = isinstance(password, str) and _encodable(password)
    matches = check_password_hash(password_hash, password if usable else "")  # same time either way
    return usable and matches


def _encodable(text: str) -> bool:
    """False for text with lone surrogates, which cannot be hashed or stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _dummy_hash() -> str:
    return _hash_password(secrets.token_hex(16))


def revoke_everything(user: User) -> None:
    """End every session, API token and chat connection the member has (the caller commits)."""
    user.auth_epoch += 1
    db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == user.id))
    end_all_sessions(user)


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; every other session ends."""
    if not _password_matches(user.password_hash, current):
        raise ValidationError("That is not your current password.", "current_password")
    check_password(new, user.handle, field="new_password")
    user.password_hash = _hash_password(new)
    revoke_everything(user)
    db.session.commit()


def recover_account(handle: str, code: str, new_password: str) -> User:
    """Use one recovery code to set a new password; the code cannot be used again."""
    user = find_user(handle)
    wanted = hash_secret(_normalise_code(code))
    match = None
    if user is not None:
        match = next((c for c in user.recovery_codes
                      if c.used_at is None and secrets.compare_digest(c.code_hash, wanted)), None)
    if match is None:
        raise ValidationError("That handle and recovery code don't match an unused code.", "code")
    check_password(new_password, user.handle, field="new_password")
    match.used_at = utcnow()
    user.password_hash = _hash_password(new_password)
    revoke_everything(user)
    db.session.commit()
    return user


def _normalise_code(code) -> str:
    """A recovery code as stored ("ABCDE-FGHJK"), however it was typed: case, spaces, dashes."""
    letters = "".join(ch for ch in code if ch.isalnum()).upper() if isinstance(code, str) else ""
    return f"{letters[:5]}-{letters[5:]}" if len(letters) == 10 else letters


def regenerate_recovery_codes(user: User, password: str) -> list[str]:
    """Give the member ten fresh recovery codes after checking the password."""
    if not _password_matches(user.password_hash, password):
        raise ValidationError("That is not your current password.", "password")
    codes = _new_recovery_codes(user)
    db.session.commit()
    return codes


def unused_recovery_codes(user: User) -> int:
    """How many recovery codes the member has left."""
    return sum(1 for c in user.recovery_codes if c.used_at is None)


def set_role(handle: str, role: Role) -> User:
    """Give a member a role (admins and the command line only)."""
    user = find_user(handle)
    if user is None:
        raise ValidationError(f"No member has the handle {handle!r}.", "handle")
    user.role = role.value
    db.session.commit()
    return user
