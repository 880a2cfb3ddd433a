"""Signed-in sessions kept on the server, so one logout, a password change or a sanction ends
them at once, on every page and every open chat connection."""
import secrets
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from typing import NamedTuple

from flask import current_app, session
from sqlalchemy import bindparam, inspect, select, update
from sqlalchemy.orm import make_transient_to_detached

from forum.extensions import db
from forum.models import AuthSession, Room, User
from forum.models.base import utcnow
from forum.services import live
from forum.services.freshness import access_stamp

SESSION_KEY = "auth_session"
HOLD_SECONDS = 60  # a held reading is read again at least this often (writes outside the app)
HELD_MAX = 20_000  # sessions held per process
_held_lock = threading.Lock()
_TOUCH_EVERY = timedelta(minutes=5)  # last_seen_at is written at most this often
# Built once: making the statement costs more than running it.
_SESSION_MEMBER = select(User, AuthSession).join(AuthSession, AuthSession.user_id == User.id) \
    .where(AuthSession.public_id == bindparam("public_id"), User.id == bindparam("user_id"))


def _browser_label(user_agent: str) -> str:
    """A coarse description ("Firefox on Android") so a member can tell sessions apart."""
    ua = user_agent.lower()
    browser = next((name for key, name in (("edg/", "Edge"), ("firefox", "Firefox"),
                                           ("chrome", "Chrome"), ("safari", "Safari"))
                    if key in ua), "A browser")
    system = next((name for key, name in (("android", "Android"), ("iphone", "iPhone"),
                                          ("ipad", "iPad"), ("windows", "Windows"),
                                          ("mac os", "macOS"), ("linux", "Linux")) if key in ua),
                  "")
    return f"{browser} on {system}" if system else browser


def start_session(user: User, user_agent: str = "") -> AuthSession:
    """Record a new signed-in session and name it in the cookie (a new id at every login)."""
    row = AuthSession(public_id=secrets.token_urlsafe(32), user_id=user.id,
                      auth_epoch=user.auth_epoch, label=_browser_label(user_agent))
    db.session.add(row)
    db.session.commit()
    session[SESSION_KEY] = row.public_id
    return row


def end_session(public_id: str | None) -> None:
    """End one session (logout); its cookie and its chat connections stop working."""
    if public_id:
        db.session.execute(update(AuthSession).where(AuthSession.public_id == public_id,
                                                     AuthSession.ended_at.is_(None))
                           .values(ended_at=utcnow()))
        live.disconnect_on_commit(live.session_channel(public_id))
        db.session.commit()


def end_all_sessions(user: User) -> None:
    """End every session of a member and their chat connections (the caller commits)."""
    db.session.execute(update(AuthSession).where(AuthSession.user_id == user.id,
                                                 AuthSession.ended_at.is_(None))
                       .values(ended_at=utcnow()))
    _disconnect_member(user.id)


def _disconnect_member(user_id: int) -> None:
    """After the commit, close every chat connection of the member. With several server
    processes (REDIS_URL), those in chat rooms are found through the shared presence store and
    closed on whichever process holds them; any other is refused at its next event."""
    rooms = tuple(db.session.scalars(select(Room.slug))) \
        if current_app.config.get("REDIS_URL") else ()
    live.disconnect_on_commit(live.member_channel(user_id), user_id, rooms)


def active_session(public_id: str | None, user: User | None) -> AuthSession | None:
    """The session if it belongs to the member, has not ended, and is within its timeouts."""
    if not public_id or user is None:
        return None
    row = db.session.scalar(select(AuthSession).where(AuthSession.public_id == public_id))
    return row if _still_open(row, user) else None


def session_member(public_id: str | None, user_id: int) -> User | None:
    """The member signed in by this session, if it is theirs and still open: the session and
    its member in one query (every signed-in page asks this first)."""
    found = session_and_member(public_id, user_id)
    return found[0] if found is not None else None


def session_and_member(public_id: str | None, user_id: int) -> tuple[User, AuthSession] | None:
    """session_member, with the session row (for a reader that holds the answer a while:
    still_current says how long it may)."""
    if not public_id:
        return None
    found = db.session.execute(_SESSION_MEMBER, {"public_id": public_id,
                                                 "user_id": user_id}).first()
    return (found[0], found[1]) if found is not None and _still_open(found[1], found[0]) else None


class _Held(NamedTuple):
    """A reading of a session and its member, used again while `stamp`
    (freshness.access_stamp) is unchanged, until `until` (monotonic) and while the session
    needs no touch (still_current)."""

    stamp: tuple
    until: float
    user: User  # detached from every session; merged into each request's
    times: tuple  # the session's (created_at, last_seen_at)


def held_session_member(public_id: str | None, user_id: int) -> User | None:
    """session_member, without a query while nothing that could change the answer was
    committed since it was last read (as a chat connection holds its member): the member's
    row, their sanctions, blocks and the forum's other shown tables (the forum-wide
    generation), and their sessions and tokens (their access number: a logout, an ended or
    revoked session, even one named only by its id, moves it), nor more than HOLD_SECONDS
    ago, nor once the session is due its last_seen_at touch or a timeout. So a logout, a
    password change or a sanction counts at the very next request, in every process sharing
    Redis. Answers an instance of this request's session (merged without a load)."""
    if not public_id:
        return None
    key, stamp = (user_id, public_id), access_stamp(user_id)
    held = current_app.extensions.setdefault("forum_held_sessions", OrderedDict())
    with _held_lock:
        found = held.get(key)
    if found is None or found.stamp != stamp or found.until < time.monotonic() or \
            not still_current(*found.times):
        read = session_and_member(public_id, user_id)
        with _held_lock:
            held.pop(key, None)
        if read is None:
            return None
        user, row = read
        if inspect(user).expired_attributes:  # the session's touch committed (and expired it)
            db.session.refresh(user)
        found = _Held(stamp, time.monotonic() + HOLD_SECONDS, _detached_copy(user),
                      (row.created_at, row.last_seen_at))
        with _held_lock:
            held[key] = found
            while len(held) > HELD_MAX:
                held.popitem(last=False)
        return user
    return db.session.merge(found.user, load=False)


def _detached_copy(user: User) -> User:
    """A copy of the member's loaded columns, in no session (the request keeps its own)."""
    copy = User()
    state = inspect(user)
    for attribute in state.mapper.column_attrs:
        if attribute.key not in state.unloaded:
            setattr(copy, attribute.key, getattr(user, attribute.key))
    make_transient_to_detached(copy)
    return copy


def still_current(created_at, last_seen_at) -> bool:
    """A session read earlier and found open may be taken as open still without reading it
    again: it is not due for its last_seen_at touch, nor past a timeout. Ending it early (a
    logout, a sanction) is told by freshness.access_stamp."""
    now, config = utcnow(), current_app.config
    return now - last_seen_at <= min(_TOUCH_EVERY, config["SESSION_IDLE_TIMEOUT"]) and \
        now - created_at <= config["SESSION_ABSOLUTE_TIMEOUT"]


def _still_open(row: AuthSession | None, user: User) -> bool:
    """The session belongs to the member, has not ended, and is within its timeouts (an idle
    one is ended now; last_seen_at is written at most every _TOUCH_EVERY)."""
    if row is None or row.user_id != user.id or row.ended_at is not None \
            or row.auth_epoch != user.auth_epoch:
        return False
    now = utcnow()
    if _timed_out(row, now):
        row.ended_at = now
        db.session.commit()
        return False
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return True


def _timed_out(row: AuthSession, now) -> bool:
    config = current_app.config
    return now - row.created_at > config["SESSION_ABSOLUTE_TIMEOUT"] or \
        now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"]


def sessions_of(user: User) -> list[AuthSession]:
    """The member's sessions that are still open, most recently used first."""
    now = utcnow()
    rows = db.session.scalars(
        select(AuthSession).where(AuthSession.user_id == user.id, AuthSession.ended_at.is_(None),
                                  AuthSession.auth_epoch == user.auth_epoch)
        .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc()))
    return [row for row in rows if not _timed_out(row, now)]


def end_session_of(user: User, session_id: int) -> bool:
    """End one of the member's own sessions by its number; False if they have no such one."""
    row = db.session.get(AuthSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        return False
    end_session(row.public_id)
    return True


def end_other_sessions(user: User, keep_public_id: str | None) -> int:
    """End every open session of the member but the one named; answer how many ended."""
    others = [row for row in sessions_of(user) if row.public_id != keep_public_id]
    for row in others:
        row.ended_at = utcnow()
        live.disconnect_on_commit(live.session_channel(row.public_id))
    db.session.commit()
    return len(others)
