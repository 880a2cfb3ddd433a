"""Handles that pass for someone they are not: official-looking words and near-copies of an
existing member's handle, both compared by what the handle looks like at a glance
(models.accounts.handle_key: Unicode TS #39's skeleton idea with digit and letter look-alikes,
"rn" for "m", capital I for l, separators dropped)."""
from sqlalchemy import select

from forum.extensions import db
from forum.models import User
from forum.models.accounts import handle_key

# Words that make a handle look like the forum speaking; compared by skeleton, as substrings,
# so "Adrnin", "M0DERAT0R", "5taff" and "DeIetedMember" meet "admin", "moderat", "staff" and
# "deleted". (Words of contact off the forum, and those with digits or separators, are checked
# as written in services.accounts.RESERVED_WORDS.)
OFFICIAL_WORDS = ("admin", "moderat", "staff", "support", "official", "system", "sysop",
                  "forum", "helpdesk", "team", "root", "security", "crisis", "lifeline",
                  "samhsa", "deleted", "anonymous", "everyone", "owner", "doctor", "nurse",
                  "counsel", "therapist")
_OFFICIAL_KEYS = tuple(handle_key(word) for word in OFFICIAL_WORDS)


def looks_official(handle: str) -> bool:
    """True if the handle reads, at a glance, as one of the forum's official words."""
    key = handle_key(handle)
    return any(word in key for word in _OFFICIAL_KEYS)


def lookalike_of(handle: str) -> User | None:
    """The member whose handle looks the same as this one at a glance, if any."""
    fill_missing_keys()
    return db.session.scalar(select(User).where(User.handle_skeleton == handle_key(handle))
                             .limit(1))


def fill_missing_keys() -> int:
    """Give members from before the handle_skeleton column their key; answer how many."""
    missing = db.session.scalars(select(User).where(User.handle_skeleton.is_(None))).all()
    for user in missing:
        user.handle_skeleton = handle_key(user.handle)
    if missing:
        db.session.commit()
    return len(missing)
