"""The JSON shapes of contract.md, one function each, used alike by the API, the chat socket's
answers and the live events: POST, THREAD, BOARD, MESSAGE, a room and its state, a notification
and the notice it sends, a review item, a signed-in place and a crisis line.

They read only what they are given (and its relationships); whatever needs a query of its own
(an item's flags, an author's history) is loaded by the service and passed in.
"""
from forum.models import (Board, ChatMessage, Flag, ModerationEvent, ModerationItem,
                          Notification, Post, Room, Thread, User)
from forum.models.base import utcnow
from forum.permissions import can_moderate
from forum.services.accounts.members import unused_recovery_codes
from forum.services.chat.meetings import meeting_in_session, next_meeting, timetable

DELETED_MEMBER = "deleted member"
PRIORITIES = ("urgent", "held", "flagged")
RESOURCE_KEYS = ("name", "phone", "text", "text_body", "chat_url", "url", "hours", "how",
                 "checked")


def iso(moment) -> str | None:
    """An ISO 8601 UTC timestamp ("2025-03-01T20:15:00Z"), or None."""
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def author(user: User | None) -> dict:
    """{"handle"} of a member, or "deleted member" once the account is gone."""
    return {"handle": user.handle if user is not None else DELETED_MEMBER}


# --- boards ------------------------------------------------------------------------------------

def post_json(post: Post, reactions=None) -> dict:
    """A post as the contract's POST object; removed posts keep their place without their text.
    `reactions` (services.boards.reactions.Reactions, loaded for a whole page at once) gives its
    support reaction counts and the viewer's own; without it, none."""
    return {"id": post.id, "thread_id": post.thread_id, "parent_id": post.parent_id,
            "author": author(post.author), "body_html": post.body_html,
            "content_warning": post.content_warning, "status": post.status,
            "created_at": iso(post.created_at), "edited_at": iso(post.edited_at),
            "removed": post.is_removed, "depth": post.depth,
            "reactions": dict(reactions.counts) if reactions else {},
            "my_reactions": list(reactions.mine) if reactions else []}


def thread_json(thread: Thread) -> dict:
    """A thread as listed on its board."""
    return {"id": thread.id, "board": thread.board.slug, "title": thread.title,
            "author": author(thread.author), "status": thread.status,
            "reply_count": thread.reply_count, "locked": thread.locked,
            "created_at": iso(thread.created_at), "last_activity_at": iso(thread.last_activity_at)}


def board_json(board: Board) -> dict:
    """A board with its description."""
    return {"slug": board.slug, "name": board.name, "description": board.description}


def me_json(user: User) -> dict:
    """What a member sees of their own account (how many recovery codes are left, too)."""
    return {"handle": user.handle, "role": user.role, "created_at": iso(user.created_at),
            "recovery_codes_left": unused_recovery_codes(user)}


# --- chat --------------------------------------------------------------------------------------

def message_json(message: ChatMessage) -> dict:
    """A message as the contract's MESSAGE object."""
    return {"id": message.id, "room": message.room.slug, "author": author(message.author),
            "body_html": message.body_html, "created_at": iso(message.created_at)}


def message_row_json(row, slug: str) -> dict:
    """MESSAGE from a narrow row (id, author's handle or None, body_html, created_at): the
    same object as message_json, without loading whole messages and members."""
    return {"id": row.id, "room": slug,
            "author": {"handle": row.handle if row.handle is not None else DELETED_MEMBER},
            "body_html": row.body_html, "created_at": iso(row.created_at)}


def removed_message_json(message: ChatMessage) -> dict:
    """The `message_removed` event: which message leaves which room."""
    return {"id": message.id, "room": message.room.slug}


def room_json(room: Room) -> dict:
    """A room as the API lists it."""
    upcoming = next_meeting(room)
    return {"slug": room.slug, "name": room.name, "description": room.description,
            "kind": room.kind, "locked": room.locked, "slow_mode_seconds": room.slow_mode_seconds,
            "timetable": [slot.describe() for slot in timetable(room)],
            "facilitators": [f.handle for f in room.facilitators],
            "in_session": meeting_in_session(room),
            "next_meeting": upcoming.isoformat() if upcoming else None}


def room_state(room: Room) -> dict:
    """The `room_state` event: what every member in the room should know about it right now."""
    upcoming = next_meeting(room)
    return {"room": room.slug, "locked": room.locked, "slow_mode_seconds": room.slow_mode_seconds,
            "in_session": meeting_in_session(room),
            "next_meeting": upcoming.isoformat() if upcoming and room.kind == "meeting" else None}


# --- notifications -----------------------------------------------------------------------------

def notice_json(note: Notification) -> dict:
    """A stored notification as the `notice` event (and the `notice` of an API or chat answer)."""
    return {"code": note.kind, "id": note.id, "message": note.message, **note.data}


def notification_json(note: Notification, excerpt: str | None = None) -> dict:
    """A notification as the API lists it; a reply's carries a plain-text `excerpt` of it."""
    return {"id": note.id, "kind": note.kind, "message": note.message,
            "created_at": iso(note.created_at), "read": note.read_at is not None, **note.data,
            **({"excerpt": excerpt} if excerpt else {}),
            **({"dismissed": note.dismissed_at is not None} if note.kind == "crisis" else {})}


# --- moderation --------------------------------------------------------------------------------

def _waited(item: ModerationItem) -> int | None:
    """Seconds a pending item has waited since it was opened (None once decided)."""
    if item.status != "pending":
        return None
    return max(0, int((utcnow() - item.opened_at).total_seconds()))


def item_json(item: ModerationItem, flags: list[Flag], author_history: list[dict]) -> dict:
    """A review item as moderators see it (contract: id, priority, reasons, target, snapshot...)."""
    return {"id": item.id, "priority": PRIORITIES[item.priority], "priority_rank": item.priority,
            "reasons": item.reasons, "status": item.status,
            "target": {"type": item.target_type, "id": item.target_id},
            "snapshot": item.snapshot, "version": item.version, "appealed": item.appealed,
            "author": author(item.author), "created_at": iso(item.created_at),
            "opened_at": iso(item.opened_at), "resolution": item.resolution,
            "waited_seconds": _waited(item),
            "reached_out": any(e.kind == "reached_out" and e.created_at >= item.opened_at
                               for e in item.events),
            "flags": [{"reason": f.reason, "note": f.note, "at": iso(f.created_at)}
                      for f in flags],
            "history": [event_json(e) for e in item.events], "author_history": author_history}


# What a moderator does to an item (a space's own moderator too): the history names who did it.
ACT_KINDS = ("approve", "remove", "remove_thread", "edit_and_approve", "add_warning",
             "lock_thread", "warn", "mute", "suspend", "ban")
REACHED_OUT = "reached_out"


def event_json(event: ModerationEvent) -> dict:
    """One line of an item's history, naming the moderator who acted (moderators only ever see
    this); the members who reported or appealed stay unnamed."""
    actor = event.actor
    named = actor is not None and (can_moderate(actor) or event.kind in (*ACT_KINDS, REACHED_OUT))
    return {"kind": event.kind, "boundary": event.boundary, "note": event.note,
            "by": actor.handle if named else None, "at": iso(event.created_at)}


def flag_json(flag: Flag) -> dict:
    """A member's flag as the API answers it."""
    return {"flag": {"id": flag.id, "reason": flag.reason}}


# --- accounts and help -------------------------------------------------------------------------

def signin_json(signin) -> dict:
    """A browser session or API token as the member's list of signed-in places shows it."""
    return {"id": signin.id, "kind": signin.kind, "label": signin.label,
            "created_at": iso(signin.created_at), "last_seen_at": iso(signin.last_seen_at),
            "current": signin.current}


def resource_json(entry: dict) -> dict:
    """A crisis line as GET /help/resources lists it."""
    return {key: entry[key] for key in RESOURCE_KEYS if key in entry}


# --- reading: latest, unread, search, member pages ---------------------------------------------

def thread_summary_json(thread: Thread, unread_count: int | None = None) -> dict:
    """The contract's THREAD_SUMMARY (with `unread_count` on /unread)."""
    summary = {"id": thread.id, "title": thread.title,
               "board": {"slug": thread.board.slug, "name": thread.board.name},
               "reply_count": thread.reply_count,
               "last_activity_at": iso(thread.last_activity_at)}
    if unread_count is not None:
        summary["unread_count"] = unread_count
    return summary


def search_result_json(result) -> dict:
    """A search result (services.search.Result): a thread or a post, its excerpt sanitised
    (escaped text with matches in <mark>)."""
    shape = {"type": result.type, "thread_id": result.thread.id, "title": result.thread.title,
             "board": {"slug": result.thread.board.slug, "name": result.thread.board.name},
             "excerpt_html": result.excerpt_html}
    if result.post is not None:
        shape["post_id"] = result.post.id
    return shape


def member_json(profile) -> dict:
    """A member page (services.accounts.profiles.Profile): handle, month joined, role, and the
    recent posts only when the member chose to show them."""
    shape = {"handle": profile.user.handle, "role": profile.user.role,
             "joined": profile.user.created_at.strftime("%Y-%m")}
    if profile.badge is not None:
        shape["badge"] = profile.badge
    if profile.posts is not None:
        shape["posts"] = [{"id": p.id, "thread_id": p.thread_id, "title": p.thread.title,
                           "created_at": iso(p.created_at)} for p in profile.posts]
    return shape
def milestone_json(milestone) -> dict | None:
    """A recovery milestone: {"label": "30 days", "date", "days"}."""
    if milestone is None:
        return None
    return {"label": milestone.label, "date": milestone.on.isoformat(), "days": milestone.days}


def recovery_json(summary) -> dict:
    """A member's recovery (services.recovery.dates.Recovery), or the empty shape before they
    set a date."""
    if summary is None:
        return {"date": None, "streak_days": 0, "total_days": 0, "show_badge": False,
                "next_milestone": None, "milestone_today": None, "time_zone": None}
    return {"date": summary.start.isoformat(), "streak_days": summary.streak_days,
            "total_days": summary.total_days, "show_badge": summary.show_badge,
            "next_milestone": milestone_json(summary.next_milestone),
            "milestone_today": milestone_json(summary.milestone_today),
            "time_zone": summary.time_zone}


def checkin_json(checkin) -> dict:
    """One day of a member's own check-in calendar."""
    return {"date": checkin.day.isoformat(), **({"note": checkin.note} if checkin.note else {})}
