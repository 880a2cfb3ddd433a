"""Handles: finding a member by one, suggesting one, and refusing those that identify someone
or pass for someone they are not: official-looking words and near-copies of an existing
member's handle, both compared by what the handle looks like at a glance
(models.accounts.handle_key: Unicode TS #39's skeleton idea with digit and letter look-alikes,
"rn" for "m", capital I for l, separators dropped)."""
import re
import secrets
from functools import cache
from importlib import resources

from sqlalchemy import func, select

from forum.extensions import db
from forum.models import User
from forum.models.accounts import handle_key
from forum.services import ValidationError

HANDLE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{3,32}$")
# Words that would make a handle look official, or point at contact off the forum.
RESERVED_WORDS = (
    "admin", "moderat", "mod_", "_mod", "staff", "support", "official", "system", "sysop",
    "forum", "helpdesk", "team", "root", "security", "crisis", "lifeline", "samhsa", "988",
    "deleted", "anonymous", "everyone", "owner", "doctor", "nurse", "counsel", "therapist",
    "http", "www", "dotcom", "gmail", "yahoo", "hotmail", "outlook", "icloud", "protonmail",
    "telegram", "whatsapp", "snapchat", "snap_", "insta", "kik", "wickr", "signal_", "discord",
    "venmo", "cashapp", "paypal", "onlyfans",
)
PHONE_LIKE = re.compile(r"(?:\d[_-]?){7,}")  # 7+ digits, perhaps split by _ or -
EMAIL_OR_LINK_LIKE = re.compile(r"@|\.[A-Za-z]{2,}\b|[_-](?:com|net|org|io)$", re.IGNORECASE)
HANDLE_TAKEN = "That handle is taken (handles ignore upper and lower case). Please choose another."
_HANDLE_LOOKALIKE = ("That handle looks too much like one a member already has (letters and "
                     "digits that look alike, or only _ and - apart), so one of you could pass "
                     "for the other. Please choose another.")

# Words that make a handle look like the forum speaking; compared by skeleton, as substrings,
# so "Adrnin", "M0DERAT0R", "5taff" and "DeIetedMember" meet "admin", "moderat", "staff" and
# "deleted". (Words of contact off the forum, and those with digits or separators, are checked
# as written in RESERVED_WORDS.)
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


@cache
def handle_words() -> tuple[list[str], list[str]]:
    """The adjectives and nouns drawn handles are made of (data/handle_words.txt)."""
    text = resources.files("forum").joinpath("data/handle_words.txt").read_text()
    sections, current = [], []
    for line in text.splitlines():
        if line.startswith("#"):
            if current:
                sections.append(current)
            current = []
        else:
            current.extend(line.split())
    sections.append(current)
    return sections[0], sections[1]


def find_user(handle: str) -> User | None:
    """The member with this handle, compared regardless of case (None for a non-handle)."""
    if not isinstance(handle, str) or not HANDLE_PATTERN.fullmatch(handle):
        return None  # nothing else can be a handle; odd text (NUL bytes) never reaches the database
    return db.session.scalar(select(User).where(func.lower(User.handle) == handle.lower()))


def suggest_handle() -> str:
    """A free generated handle of two words and a number, e.g. QuietHeron27."""
    adjectives, nouns = handle_words()
    for _ in range(50):
        handle = f"{secrets.choice(adjectives)}{secrets.choice(nouns)}{secrets.randbelow(90) + 10}"
        if find_user(handle) is None:
            return handle
    return f"{secrets.choice(adjectives)}{secrets.choice(nouns)}{secrets.token_hex(3)}"


def check_handle(handle: str) -> str:
    """Return the handle if a member may choose it, else raise ValidationError saying why."""
    handle = handle.strip()
    if EMAIL_OR_LINK_LIKE.search(handle):
        raise ValidationError(
            "Please leave e-mail addresses and links out of your handle: they can identify you "
            "or move contact off the forum.", "handle")
    if not HANDLE_PATTERN.fullmatch(handle):
        raise ValidationError(
            "A handle is 3 to 32 letters, digits, '_' or '-', with no spaces.", "handle")
    lowered = handle.lower()
    if any(word in lowered for word in RESERVED_WORDS) or looks_official(handle):
        raise ValidationError(
            "That handle looks official or points to contact outside the forum. Please choose "
            "another.", "handle")
    if PHONE_LIKE.search(handle):
        raise ValidationError(
            "Please leave long runs of digits out of your handle: they can look like a phone "
            "number and identify you.", "handle")
    if find_user(handle) is not None:
        raise ValidationError(HANDLE_TAKEN, "handle", "taken")
    if lookalike_of(handle) is not None:
        raise ValidationError(_HANDLE_LOOKALIKE, "handle", "taken")
    return handle

