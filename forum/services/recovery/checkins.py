"""The daily check-in: a one-click "staying sober today" with an optional note, posted in the
day's check-in thread, and the member's own calendar of check-ins (private to them).

The day is the member's own (their recovery time zone, else UTC). The day's thread is opened by
the first check-in of that day, not by a scheduler; checkin_days is unique by day, so when two
processes race to open it, one insert fails and that one uses the other's thread. A member's
second check-in on one day is refused by the (member, day) unique constraint as well.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.models import Board, Checkin, CheckinDay, Post, PostStatus, Thread, User
from forum.models.base import utcnow
from forum.services import Conflict, ValidationError
from forum.services.boards import posting
from forum.services.boards.drafts import check_draft
from forum.services.recovery.clock import DEFAULT_ZONE, today_in
from forum.services.recovery.dates import record_of
from forum.services.seeding import seed_defaults

CHECKIN_BOARD = "daily-check-in"
PLEDGE = "Staying sober today."
OPENING = ("Welcome to today's check-in. One day at a time: say you're staying sober today "
           "with one click from your check-in page, and add a note if you'd like to. Every "
           "check-in counts, and so does everyone who reads along.")
NOTE_MAX = 10_000
ALREADY = "You've already checked in today. Well done for showing up; see you tomorrow."


@dataclass(frozen=True)
class CheckedIn:
    """A check-in made: the member's day, the thread and the post it wrote (and what the author
    must see, as for any post)."""

    day: date
    thread_id: int
    post_id: int
    notice: dict | None


def member_today(member: User) -> date:
    """Today in the member's own time zone."""
    record = record_of(member)
    return today_in(record.time_zone if record else DEFAULT_ZONE)


def checked_in_today(member: User) -> bool:
    """Whether the member has checked in on their today."""
    return db.session.scalar(select(Checkin.id).where(
        Checkin.user_id == member.id, Checkin.day == member_today(member))) is not None


def check_in(member: User, note=None, content_warning=None) -> CheckedIn:
    """Check in for the member's today: the pledge (and note, with its content warning if the
    member gave one) is posted in the day's thread like any post, so screening, holds and crisis
    care apply. A second check-in the same day is a Conflict; a refused note leaves nothing
    written."""
    posting.check_writer(member)
    note = check_note(note)
    body = f"{PLEDGE}\n\n{note}" if note is not None else PLEDGE
    day = member_today(member)
    thread = day_thread(day)
    checkin = Checkin(user_id=member.id, day=day, note=note, created_at=utcnow())
    db.session.add(checkin)
    try:
        db.session.flush()  # the (member, day) constraint answers a second check-in here
    except IntegrityError:
        db.session.rollback()
        raise Conflict(ALREADY, "already_checked_in") from None
    try:
        # One commit writes the post and the check-in together.
        posted = posting.create_reply(thread, member, body, None, content_warning)
    except ValidationError as error:
        db.session.rollback()  # nothing half-written: the check-in goes with the refused post
        raise ValidationError(error.message, "note" if error.field == "body" else error.field,
                              error.code) from None
    except BaseException:
        db.session.rollback()
        raise
    checkin.post_id = posted.post.id
    db.session.commit()
    return CheckedIn(day, thread.id, posted.post.id, posted.notice)


def check_note(note) -> str | None:
    """An optional note: text of at most NOTE_MAX characters (None when empty)."""
    if note is None or (isinstance(note, str) and not note.strip()):
        return None
    if not isinstance(note, str):
        raise ValidationError("The note must be text.", "note")
    if len(note) > NOTE_MAX:
        raise ValidationError(f"A check-in note can be at most {NOTE_MAX:,} characters (this "
                              f"one has {len(note):,}). A longer story makes a good thread of "
                              "its own.", "note", "too_long")
    return note.strip()


def day_thread(day: date) -> Thread:
    """The day's check-in thread, opened now if nobody has yet. Two processes may both try: the
    loser's insert breaks the unique day and it reads the winner's thread instead."""
    existing = _thread_of(day)
    if existing is not None:
        return existing
    board = _checkin_board()
    now = utcnow()
    thread = Thread(board_id=board.id, author_id=None, title=day_title(day),
                    created_at=now, last_activity_at=now)
    db.session.add(thread)
    db.session.flush()
    opening = check_draft(OPENING)
    post = Post(thread_id=thread.id, author_id=None, body_source=opening.body_source,
                body_html=opening.body_html, status=PostStatus.PUBLISHED.value, created_at=now)
    db.session.add(post)
    db.session.flush()
    post.root_id = post.id
    db.session.add(CheckinDay(day=day, thread_id=thread.id, created_at=now))
    try:
        db.session.commit()  # its own transaction: nothing else is pending here
    except IntegrityError:
        db.session.rollback()  # another process opened the day's thread first: use theirs
    return _thread_of(day)


def _thread_of(day: date) -> Thread | None:
    return db.session.scalar(select(Thread).join(CheckinDay, CheckinDay.thread_id == Thread.id)
                             .where(CheckinDay.day == day))


def opening_post_id(thread: Thread) -> int | None:
    """The id of the welcome post the forum itself wrote, if this is a day's check-in thread."""
    if thread.author_id is not None:
        return None
    return db.session.scalar(select(func.min(Post.id)).join(
        CheckinDay, CheckinDay.thread_id == Post.thread_id).where(Post.thread_id == thread.id))


def day_title(day: date) -> str:
    """"Daily check-in: Sunday 29 November 2026"."""
    return f"Daily check-in: {day:%A} {day.day} {day:%B %Y}"


def _checkin_board() -> Board:
    board = db.session.scalar(select(Board).where(Board.slug == CHECKIN_BOARD))
    if board is None:  # a forum from before the board existed: add the default boards
        seed_defaults()
        board = db.session.scalar(select(Board).where(Board.slug == CHECKIN_BOARD))
    return board


def calendar_of(member: User) -> list[Checkin]:
    """The member's own check-ins, newest first."""
    return list(db.session.scalars(select(Checkin).where(Checkin.user_id == member.id)
                                   .order_by(Checkin.day.desc())))
