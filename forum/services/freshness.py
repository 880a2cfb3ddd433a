"""How fresh a cached read is: generation numbers, bumped after every commit that wrote something
a page can show. A cache entry remembers the numbers it was made in (its stamp) and is used only
while they are unchanged, so a reader never sees a page older than the last write it shows.

There is one forum-wide generation, and SCOPES of their own, so that a write in one thread does
not make every other page a miss:

- thread_scope(id): the thread's row, its posts and their reactions (thread ids share 65,536
  buckets, so the numbers take bounded room; two threads of one bucket only miss together);
- board_scope(id): its threads' rows and their posts (a board page's list, counts, unread);
- CONTENT: any thread or post anywhere (/latest, the home page, search);
- CHAT: every write of a chat message (a room's cached history reads it).

A write to the posts, threads or post_reactions rows through the session bumps the scopes it
touches (a post: its thread, its thread's board, CONTENT; a reaction: its post's thread). A
write that cannot be placed exactly (a bulk statement on those tables, a post or thread moved
elsewhere, raw SQL) and a write to any other shown table (a board, a member's handle or role, a
moderation decision, a sanction, a space...) bump the forum-wide number, which every stamp
holds: so a reader of any scope sees it. A page's stamp names the scopes of everything it shows
(stamp(scopes)); naming too few would leave it stale, so a cached reader must name them all.

With Redis configured (several processes) the numbers live there (INCR; one GET or MGET a
read); without it, in this process. Writes are noticed by SQLAlchemy session events, so no
service has to remember to call anything.

QUIET_TABLES lists tables no cached page shows to everyone (sessions, tokens, notifications,
chat, per-member state): writing them leaves the forum's caches alone. A new table is *not*
quiet unless added here, so the safe default is a bump.

A signed-in member's pages also show their own quiet state (unread notifications, check-ins,
crisis help, where they stopped reading, what they follow, their content-warning choices): a
write to one of the PERSONAL_TABLES bumps that member's own numbers (and, when the member
cannot be told from a bulk statement, every member's, through one shared epoch). member_stamp()
answers the numbers a member's cached page must match; read markers, written whenever a member
opens a thread with something new, have a number of their own, so what does not show them (the
frame's unread count, remembered_for_member) is not forgotten at every page read.
"""
import itertools
import re
import threading
import time
from collections import OrderedDict

import redis
from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.outages import REDIS_TIMEOUTS
from forum.services.write_scopes import (CONTENT, THREAD_SET, board_scope,  # noqa: F401
                                         scopes_written, thread_scope)

QUIET_TABLES = frozenset({
    "auth_sessions", "api_tokens", "recovery_codes", "notifications", "chat_messages",
    "chat_room_mutes", "member_preferences", "thread_reads", "post_drafts",
    "thread_follows", "board_follows",  # shown to the member alone (their follow buttons)
    "post_announcements",  # which posts were announced: no page shows it
})
CHAT = "chat"
TOPICS = {"chat_messages": CHAT}  # quiet table -> the scope its writes bump
SCOPED_TABLES = frozenset({"posts", "threads", "post_reactions"})  # placed by _scopes_written
# Quiet tables holding one member's own state that a member's pages show (rows with user_id).
PERSONAL_TABLES = {"notifications": "own", "member_preferences": "own", "post_drafts": "own",
                   "thread_follows": "own", "board_follows": "own",
                   "thread_reads": "reads",  # table: which of the member's numbers it bumps
                   # What lets a member act at all (held per chat connection: access_stamp)
                   "auth_sessions": "access", "api_tokens": "access", "chat_room_mutes": "access"}
MEMO_SECONDS = 60
MEMBER_NUMBERS_MAX = 200_000  # members' numbers kept in one process (without Redis)
THREAD_READS_SECONDS = 86_400  # how long Redis keeps a member's number for one thread
LARGE_MEMO_ENTRIES = 256  # values of up to a few hundred rows (a search's ranked matches)
_CHANGED = "forum_freshness_changed"  # session.info flag: this transaction wrote a shown table
_TOPICS = "forum_freshness_topics"  # session.info: the topics this transaction wrote
_MEMBERS = "forum_freshness_members"  # session.info: (number, member id) written this time
_EVERY_MEMBER = "every member"  # in _MEMBERS: a personal table written for members unknown
_EVERY_ACCESS = "every access"  # likewise for an "access" table: only access stamps move
_USER_PARAM = re.compile(r"user_id(_\d+)?")
_THREAD_PARAM = re.compile(r"thread_id(_\d+)?")


class LocalGeneration:
    """The generation number of one process."""

    def __init__(self):
        self._counter = itertools.count(1)
        self._value = 0
        self._topics: dict[str, int] = {}
        self._lock = threading.Lock()
        # Bounded: past MEMBER_NUMBERS_MAX the least recently bumped go, and a number not
        # held reads as the largest one let go (_floor), never as an older value, so a page
        # cached before it was let go cannot match again.
        self._members: OrderedDict[tuple[str, int], int] = OrderedDict()
        self._floor = 0
        self._epoch = 0
        self._access_epoch = 0

    def current(self, topic: str = "") -> int:
        """The number now (of a topic: see TOPICS)."""
        return self._topics.get(topic, 0) if topic else self._value

    def bump(self, topic: str = "") -> None:
        """A shown table changed (or a topic's table)."""
        with self._lock:
            if topic:
                self._topics[topic] = next(self._counter)
            else:
                self._value = next(self._counter)

    def stamp(self, scopes=()) -> tuple[int, ...]:
        """The forum's number, then each scope's."""
        return (self._value, *(self._topics.get(scope, 0) for scope in scopes))

    def bump_scopes(self, scopes) -> None:
        """These scopes changed."""
        with self._lock:
            for scope in scopes:
                self._topics[scope] = next(self._counter)

    def member_stamp(self, member_id: int, scopes=(), reads: str = "reads") -> tuple[int, ...]:
        """The forum's number, the shared epoch of members' own state, this member's two
        ("own", then their read markers': every one, or one thread's), then each scope's."""
        return (self._value, self._epoch, self._members.get(("own", member_id), self._floor),
                self._members.get((reads, member_id), self._floor),
                *(self._topics.get(scope, 0) for scope in scopes))

    def access_stamp(self, member_id: int) -> tuple[int, int, int]:
        """The forum's number, the shared epoch, and this member's "access" number."""
        return self._value, self._epoch + self._access_epoch, \
            self._members.get(("access", member_id), self._floor)

    def bump_members(self, changes) -> None:
        """These (number, member id) changed (_EVERY_MEMBER among them: everyone's)."""
        with self._lock:
            for change in changes:
                if change == _EVERY_MEMBER:
                    self._epoch = next(self._counter)
                elif change == _EVERY_ACCESS:
                    self._access_epoch = next(self._counter)
                else:
                    self._members[change] = next(self._counter)
                    self._members.move_to_end(change)
            while len(self._members) > MEMBER_NUMBERS_MAX:
                self._floor = max(self._floor, self._members.popitem(last=False)[1])


class RedisGeneration:
    """The generation number shared by every process through Redis. When Redis is away the
    answer is a fresh negative number each time, so nothing cached is ever used meanwhile."""

    def __init__(self, url: str, prefix: str):
        self._redis = redis.Redis.from_url(url, **REDIS_TIMEOUTS)
        self._key = f"{prefix}:generation"
        self._misses = itertools.count(-1, -1)

    def _key_of(self, topic: str) -> str:
        return f"{self._key}:{topic}" if topic else self._key

    def current(self, topic: str = "") -> int:
        """The number now, of a topic or forum-wide (a never-repeating negative one while
        Redis cannot answer)."""
        try:
            return int(self._redis.get(self._key_of(topic)) or 0)
        except (RedisError, ValueError):
            return next(self._misses)

    def bump(self, topic: str = "") -> None:
        """A shown table changed, or a topic's table (if Redis is away, caches are bypassed
        anyway: see current)."""
        try:
            self._redis.incr(self._key_of(topic))
        except RedisError:
            pass

    def stamp(self, scopes=()) -> tuple[int, ...]:
        """The numbers of LocalGeneration.stamp, in one round trip."""
        if not scopes:
            return (self.current(),)
        return self._numbers([self._key, *map(self._key_of, scopes)])

    def bump_scopes(self, scopes) -> None:
        """These scopes changed (in one round trip)."""
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for scope in scopes:
                    pipe.incr(self._key_of(scope))
                pipe.execute()
        except RedisError:
            pass

    def member_stamp(self, member_id: int, scopes=(), reads: str = "reads") -> tuple[int, ...]:
        """The numbers of LocalGeneration.member_stamp, in one round trip."""
        return self._numbers([self._key, f"{self._key}:members",
                              f"{self._key}:member:own:{member_id}",
                              f"{self._key}:member:{reads}:{member_id}",
                              *map(self._key_of, scopes)])

    def _numbers(self, keys: list[str]) -> tuple[int, ...]:
        """The keys' numbers (the forum's first); while Redis cannot answer, a never-repeating
        negative forum number, so nothing cached matches."""
        try:
            return tuple(int(v or 0) for v in self._redis.mget(keys))
        except (RedisError, ValueError):
            return (next(self._misses), *(0 for _ in keys[1:]))

    def access_stamp(self, member_id: int) -> tuple[int, int, int]:
        """The numbers of LocalGeneration.access_stamp, in one round trip."""
        try:
            values = [int(v or 0) for v in self._redis.mget(
                self._key, f"{self._key}:members", f"{self._key}:access",
                f"{self._key}:member:access:{member_id}")]
            return values[0], values[1] + values[2], values[3]
        except (RedisError, ValueError):
            return next(self._misses), 0, 0

    def bump_members(self, changes) -> None:
        """These (number, member id) changed (_EVERY_MEMBER among them: everyone's)."""
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for change in changes:
                    key = f"{self._key}:members" if change == _EVERY_MEMBER \
                        else f"{self._key}:access" if change == _EVERY_ACCESS \
                        else f"{self._key}:member:{change[0]}:{change[1]}"
                    pipe.incr(key)
                    if change not in (_EVERY_MEMBER, _EVERY_ACCESS) \
                            and change[0].startswith("reads:"):
                        # One a member and thread read: they go after a quiet day. A key gone
                        # reads 0 again, which only a page cached a day ago could match, and
                        # nothing is kept that long (MEMO_SECONDS at most).
                        pipe.expire(key, THREAD_READS_SECONDS)
                pipe.execute()
        except RedisError:
            pass


def init_app(app) -> None:
    """Give the app its generation number and watch every session's writes."""
    url = app.config.get("REDIS_URL")
    app.extensions["forum_memo"] = Memo()
    app.extensions["forum_large_memo"] = Memo(LARGE_MEMO_ENTRIES)
    app.extensions["forum_generation"] = RedisGeneration(
        url, app.config.get("REDIS_KEY_PREFIX", "forum")) if url else LocalGeneration()
    if not event.contains(Session, "after_flush", _note_flush):
        event.listen(Session, "after_flush", _note_flush)
        event.listen(Session, "do_orm_execute", _note_bulk_write)
        event.listen(Session, "after_commit", _bump_after_commit)
        event.listen(Session, "after_soft_rollback", _forget)


class Memo:
    """Values computed once per generation (counts a page needs), in this process, LRU. An
    entry also ages out after MEMO_SECONDS, so a write made outside any session of this app
    (a script on another connection) shows within a minute even without a bump."""

    def __init__(self, max_entries: int = 4096):
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key, generation: int, compute):
        """The value remembered for key in this generation, else compute() remembered."""
        with self._lock:
            found = self._values.get(key)
            if found is not None and found[0] == generation and found[1] > time.monotonic():
                self._values.move_to_end(key)
                return found[2]
        value = compute()
        with self._lock:
            self._values[key] = (generation, time.monotonic() + MEMO_SECONDS, value)
            self._values.move_to_end(key)
            while len(self._values) > self._max:
                self._values.popitem(last=False)
        return value


def remembered(key, compute, large: bool = False, topic: str | None = None, scopes=()):
    """compute(), or its value from earlier while nothing it reads was written. For figures
    that cost a scan (a board's or a thread's count of what a viewer sees): the key must name
    everything the value depends on, the viewer's kind included, and scopes every scope it
    reads (a thread's posts: thread_scope; see the module). A large value (a list of rows)
    goes to a smaller store of its own. A value read from a quiet table names its topic too
    (it is stale once that table is written)."""
    memo = current_app.extensions["forum_large_memo" if large else "forum_memo"]
    return memo.get(key, stamp((*scopes, topic) if topic else scopes), compute)


def remembered_for_member(member_id: int, key, compute, reads: bool = False, scopes=()):
    """compute(), or its value from earlier while neither the forum, nor the scopes it reads,
    nor this member's own state (PERSONAL_TABLES) changed: for what a member's every page
    shows (their unread count, their preferences). Only a value that depends on their read
    markers (reads=True) is forgotten when those move. The value must be plain data, never
    rows of a session."""
    numbers = member_stamp(member_id, scopes)
    return current_app.extensions["forum_memo"].get(
        ("member", member_id, key), numbers if reads else numbers[:3] + numbers[4:], compute)


def session_wrote(session: Session) -> bool:
    """Whether this transaction holds writes (flushed or not) that a remembered value would
    not see yet: what it read must then come from the database, not from the memo."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_CHANGED)
                or session.info.get(_TOPICS))


def stamp(scopes=()) -> tuple[int, ...]:
    """What a cached read of these scopes must match: the forum's generation and each scope's
    (one round trip to Redis when it is shared)."""
    return current_app.extensions["forum_generation"].stamp(tuple(scopes))


def remembered_for_access(member_id: int, key, compute):
    """compute(), or its value from earlier while access_stamp(member_id) stands: for what
    decides whether a member may act (their mute in a room). Plain values, or rows detached
    from every session."""
    return current_app.extensions["forum_memo"].get(("access", member_id, key),
                                                    access_stamp(member_id), compute)


def generation(topic: str = "") -> int:
    """The current generation number of the running app (of a topic: see TOPICS)."""
    return current_app.extensions["forum_generation"].current(topic)


def bump(topic: str = "") -> None:
    """Declare every cached read stale (the session events call this after a writing commit);
    with a topic, only what was read from its table."""
    current_app.extensions["forum_generation"].bump(topic)


def member_stamp(member_id: int, scopes=(), reads: str = "reads") -> tuple[int, ...]:
    """What a member's own cached page must match: the forum's generation, the numbers bumped
    when that member's own state (PERSONAL_TABLES) was written (of their read markers, every
    one, or with reads=thread_reads(id) one thread's), and the page's scopes'."""
    return current_app.extensions["forum_generation"].member_stamp(member_id, tuple(scopes),
                                                                   reads)


def access_stamp(member_id: int) -> tuple[int, int, int]:
    """What a member held in memory (a chat connection's identity, their mutes) must match: the
    forum's generation (users, blocks, rooms...), the shared epoch, and the member's own
    "access" number, bumped when their sessions, tokens or room mutes are written."""
    return current_app.extensions["forum_generation"].access_stamp(member_id)


def bump_members(changes) -> None:
    """Declare these members' own cached pages stale: (number, member id) pairs, or
    _EVERY_MEMBER (the session events call this)."""
    current_app.extensions["forum_generation"].bump_members(changes)


def _shown(instance) -> bool:
    table = getattr(instance, "__tablename__", None)
    return table is not None and table not in QUIET_TABLES


def _note_flush(session: Session, _context) -> None:
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table in TOPICS:
            session.info.setdefault(_TOPICS, set()).add(TOPICS[table])
        elif table in SCOPED_TABLES:
            scopes = scopes_written(session, obj)
            if scopes is None:
                session.info[_CHANGED] = True
            else:
                session.info.setdefault(_TOPICS, set()).update(scopes)
        elif _shown(obj):
            session.info[_CHANGED] = True
        elif table in PERSONAL_TABLES:
            thread_id = getattr(obj, "thread_id", None) if table == "thread_reads" else None
            session.info.setdefault(_MEMBERS, set()).update(_members_changes(
                table, {getattr(obj, "user_id", None)}, {thread_id}))


def note_write(session: Session, table: str) -> None:
    """A statement run on the session's connection directly (past the ORM's events, for a hot
    path) wrote this table: what it bumps is bumped after the commit like any other write (a
    quiet table's topic; any shown table, the forum's generation)."""
    if table in TOPICS:
        session.info.setdefault(_TOPICS, set()).add(TOPICS[table])
    elif table not in QUIET_TABLES:
        session.info[_CHANGED] = True


def _note_bulk_write(state) -> None:
    """A statement run through the session rather than through objects (a bulk UPDATE, DELETE
    or INSERT, or raw SQL): a write unless it is a SELECT or only touches a quiet table."""
    if state.is_select:
        return
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table in TOPICS:
        state.session.info.setdefault(_TOPICS, set()).add(TOPICS[table])
    elif table not in QUIET_TABLES:
        state.session.info[_CHANGED] = True
        if table is None:  # raw SQL: it may have written anything, a topic's table too
            state.session.info.setdefault(_TOPICS, set()).update(TOPICS.values())
            state.session.info.setdefault(_MEMBERS, set()).add(_EVERY_MEMBER)
    elif table in PERSONAL_TABLES:
        params = state.statement.compile().params
        state.session.info.setdefault(_MEMBERS, set()).update(_members_changes(
            table, _named(params, _USER_PARAM), _named(params, _THREAD_PARAM)))


def _every(number: str) -> str:
    """The marker for "every member's `number`": an "access" write for members unknown (a
    logout names its session, not its member) moves only access stamps, not members' pages."""
    return _EVERY_ACCESS if number == "access" else _EVERY_MEMBER


def _named(params: dict, pattern: re.Pattern) -> set:
    """The values of a statement's parameters of this name (an upsert's value, a WHERE
    column = / IN)."""
    named = set()
    for name, value in params.items():
        if pattern.fullmatch(name):
            named.update(value if isinstance(value, (list, tuple)) else [value])
    return named


def _members_changes(table: str, members: set, threads: set) -> set:
    """The members' numbers a write of a personal table bumps: its number for each member
    named (every member's epoch when they cannot be told); a read marker also bumps the
    member's number for that thread (a thread page's), or, when the thread cannot be told,
    their "own" number, which every page of theirs holds."""
    if not members or not all(_is_id(m) for m in members):
        return {_every(PERSONAL_TABLES[table])}
    changes = {(PERSONAL_TABLES[table], m) for m in members}
    if table == "thread_reads":
        known = len(threads) == 1 and all(_is_id(t) for t in threads)
        changes |= {(thread_reads(next(iter(threads))) if known else "own", m) for m in members}
    return changes


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def thread_reads(thread_id: int) -> str:
    """The name of a member's number for their read marker in one thread (by its bucket, as
    thread_scope): what a thread page of theirs holds instead of every read marker's."""
    return f"reads:{thread_scope(thread_id)}"


def _bump_after_commit(session: Session) -> None:
    changed, members = session.info.pop(_CHANGED, False), session.info.pop(_MEMBERS, None)
    scopes = session.info.pop(_TOPICS, ())
    try:
        if changed:
            bump()
        if scopes:
            current_app.extensions["forum_generation"].bump_scopes(scopes)
        if members:
            bump_members(members)
    except RuntimeError:  # no app context (a script's own session): nothing is cached there
        pass


def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info.pop(_CHANGED, None)
        session.info.pop(_MEMBERS, None)
        session.info.pop(_TOPICS, None)
