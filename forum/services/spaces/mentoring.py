"""Peer mentoring: mentors say what they offer and how many mentees they take; members ask for
a mentor; one mentor accepts (a conditional UPDATE ... WHERE status = 'open', so when two accept
at once exactly one wins), which opens the pair's private conversation.

A member has at most one active mentor (a partial unique index on conversations not ended), a
mentor at most their own limit (their profile row is locked while they accept).
"""
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Conversation, MentorProfile, MentorRequest, Role, User
from forum.models.base import database_id, utcnow
from forum.normalize import clean_stored
from forum.permissions import can_post, has_role, is_member
from forum.services import Conflict, Forbidden, NotFound, ValidationError
from forum.services.notifications import notify
from forum.services.screening.assess import assess

NOTE_MAX = 500
OFFER_MAX = 1000
MENTEES_MIN, MENTEES_MAX, MENTEES_DEFAULT = 1, 10, 2


def screened_text(value, field: str, limit: int, author: User, required: bool = True) -> str:
    """Member text screened like a chat message: refused when it crosses a boundary that
    refuses, contact details masked; bounded and cleaned. Answers the text to store."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"'{field}' must be text.", field)
    value = clean_stored(value.replace("\x00", "")).strip()
    if required and not value:
        raise ValidationError(f"Please write a short {field} first.", field, "required")
    if len(value) > limit:
        raise ValidationError(f"'{field}' can be at most {limit:,} characters.", field,
                              "too_long")
    if not value:
        return value
    verdict = assess(value, author, channel="message")
    if verdict.refuse is not None:
        raise ValidationError(verdict.refuse.explanation, field, "refused")
    return verdict.masked_text or value


# --- mentors' profiles -----------------------------------------------------------------------

def is_mentor(viewer: User | None) -> bool:
    """Peer mentors (and the roles above them) take mentees."""
    return has_role(viewer, Role.MENTOR)


def profile_of(mentor: User) -> MentorProfile | None:
    """What the mentor offers, if they wrote it."""
    return db.session.get(MentorProfile, mentor.id)


def _mentee_limit(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or \
            not MENTEES_MIN <= value <= MENTEES_MAX:
        raise ValidationError(f"'max_mentees' must be a whole number from {MENTEES_MIN} to "
                              f"{MENTEES_MAX}.", "max_mentees")
    return value


def set_profile(mentor: User, offer, max_mentees) -> MentorProfile:
    """A mentor says what they offer (paths, languages, hours, in their words) and how many
    mentees they take at once."""
    if not is_mentor(mentor):
        raise Forbidden("Only peer mentors have a mentor profile.")
    offer = screened_text(offer, "offer", OFFER_MAX, mentor, required=False)
    limit = _mentee_limit(max_mentees)
    profile = profile_of(mentor) or MentorProfile(user_id=mentor.id)
    profile.offer, profile.max_mentees, profile.updated_at = offer, limit, utcnow()
    db.session.add(profile)
    db.session.commit()
    return profile


# --- requests --------------------------------------------------------------------------------

def active_conversation(member: User) -> Conversation | None:
    """The member's conversation with their mentor, while it lasts."""
    return db.session.scalar(select(Conversation).where(
        Conversation.mentee_id == member.id, Conversation.ended_at.is_(None)))


def open_request_of(member: User) -> MentorRequest | None:
    """The member's request still waiting for a mentor."""
    return db.session.scalar(select(MentorRequest).where(
        MentorRequest.member_id == member.id, MentorRequest.status == "open"))


def request_mentor(member: User, note) -> MentorRequest:
    """Ask for a mentor with a short note. One open request at a time, and none while the
    member has a mentor: a Conflict, with nothing written."""
    if not can_post(member):
        raise Forbidden("Your account can't ask for a mentor right now.")
    note = screened_text(note, "note", NOTE_MAX, member)
    if active_conversation(member) is not None:
        raise Conflict("You already have a mentor. End that conversation first to ask for "
                       "another.", "already_mentored")
    if open_request_of(member) is not None:
        raise Conflict("You already asked for a mentor; a mentor will answer soon.",
                       "already_requested")
    request = MentorRequest(member_id=member.id, note=note)
    db.session.add(request)
    try:
        db.session.commit()
    except IntegrityError:  # a second request sent at the same moment
        db.session.rollback()
        raise Conflict("You already asked for a mentor; a mentor will answer soon.",
                       "already_requested") from None
    return request


def open_requests(mentor: User) -> list[MentorRequest]:
    """The requests waiting for a mentor, oldest first (mentors only; never their own)."""
    if not is_mentor(mentor):
        raise Forbidden("Open mentor requests are for peer mentors.")
    return list(db.session.scalars(select(MentorRequest).where(
        MentorRequest.status == "open", MentorRequest.member_id != mentor.id)
        .order_by(MentorRequest.id).limit(200)))


def withdraw_request(member: User) -> None:
    """The member no longer waits for a mentor."""
    db.session.execute(update(MentorRequest).where(
        MentorRequest.member_id == member.id, MentorRequest.status == "open")
        .values(status="withdrawn"))
    db.session.commit()


def mentee_count(mentor: User) -> int:
    """How many conversations the mentor has going now."""
    return db.session.scalar(select(func.count(Conversation.id)).where(
        Conversation.mentor_id == mentor.id, Conversation.ended_at.is_(None)))


def _lock_capacity(mentor: User) -> None:
    """Lock the mentor's profile row (PostgreSQL) and refuse when they are at their limit."""
    profile = db.session.scalar(select(MentorProfile).where(MentorProfile.user_id == mentor.id)
                                .with_for_update())
    limit = profile.max_mentees if profile is not None else MENTEES_DEFAULT
    if mentee_count(mentor) >= limit:
        raise Conflict(f"You mentor {limit} member(s) already, your limit. Raise it on your "
                       "mentor profile, or end a conversation first.", "mentor_full")


def accept(request_id, mentor: User) -> Conversation:
    """A mentor takes a request: exactly one mentor wins it (the others get a Conflict), and the
    pair's private conversation opens."""
    if not is_mentor(mentor) or not can_post(mentor):
        raise Forbidden("Only peer mentors accept mentor requests.")
    known = isinstance(request_id, int) and database_id(request_id)
    request = db.session.get(MentorRequest, request_id) if known else None
    if request is None:
        raise NotFound()
    if request.member_id == mentor.id:
        raise Conflict("That is your own request: another mentor will answer it.", "own_request")
    _lock_capacity(mentor)
    claimed = db.session.execute(
        update(MentorRequest).where(MentorRequest.id == request.id,
                                    MentorRequest.status == "open")
        .values(status="accepted", mentor_id=mentor.id, accepted_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise Conflict("Another mentor already answered this request.", "already_taken")
    conversation = Conversation(mentor_id=mentor.id, mentee_id=request.member_id,
                                request_id=request.id)
    db.session.add(conversation)
    try:
        db.session.flush()
    except IntegrityError:  # the member has a mentor already
        db.session.rollback()
        raise Conflict("This member has a mentor already.", "already_mentored") from None
    notify(request.member_id, "mentor_found", f"{mentor.handle} is your peer mentor now: your "
           "private conversation is open.", conversation_id=conversation.id)
    db.session.commit()
    return conversation


def member_requests(member: User) -> list[MentorRequest]:
    """Every mentor request the member made (their export)."""
    if not is_member(member):
        return []
    return list(db.session.scalars(select(MentorRequest).where(
        MentorRequest.member_id == member.id).order_by(MentorRequest.id)))


def mentors_offering() -> list[tuple[User, MentorProfile]]:
    """Mentors who wrote what they offer, with their profiles, by handle."""
    rows = db.session.execute(select(User, MentorProfile)
                              .join(MentorProfile, MentorProfile.user_id == User.id)
                              .where(MentorProfile.offer != "").order_by(User.handle))
    return [(user, profile) for user, profile in rows if is_mentor(user)]
