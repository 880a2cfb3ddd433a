"""What a member in crisis is shown at once, and what stays with them until they put it away.

The screening decides *whether* a text is a crisis (and its tier, and whether it describes an
emergency happening now); this module decides *what the author sees*: the lines of their
country, and the emergency steps first when someone's life is in danger right now. The help
is kept as a "crisis" notification of the author's, which is what draws the box beside the
post or the card in the chat stream until they dismiss it. Nobody else ever sees it.
"""
from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import select

from forum.extensions import db
from forum.models import Notification, User
from forum.models.base import database_id, utcnow
from forum.resources import country_names, entry_json, resource_set, resources_for
from forum.services import NotFound
from forum.services.accounts.preferences import chosen_country
from forum.services.freshness import remembered_for_member
from forum.services.moderation.items import opening_post
from forum.services.notifications import notify

KIND = "crisis"
RECENT = 50  # undismissed crisis notes looked at when drawing a box: plenty for one member


def emergency_steps(number: str | None) -> list[str]:
    """What to do for someone overdosing or unresponsive, most urgent first."""
    call = f"Call {number} now" if number else "Call your local emergency number now"
    return [
        f"{call}. Say the person is not breathing or will not wake up; the call taker will "
        "tell you what to do until help comes.",
        "If you have naloxone (Narcan), give it now. If they do not respond within 2 to 3 "
        "minutes, give another dose: strong opioids such as fentanyl can need more than one.",
        "If they are breathing, roll them onto their side (the recovery position) so they "
        "cannot choke. If they are not breathing, give rescue breaths or CPR as the call taker "
        "tells you.",
        "Stay with them until help arrives. Naloxone can wear off before the drugs do, so "
        "they need medical care even if they wake up.",
    ]


def browser_country() -> str | None:
    """The country of the first language tag with a region in Accept-Language (en-GB -> GB);
    never anything derived from the address."""
    if not has_request_context():
        return None
    for tag, _quality in request.accept_languages:
        for part in tag.replace("_", "-").split("-")[1:]:
            code = part.upper()
            if len(part) == 2 and part.isalpha() and code in country_names():
                return code
    return None


def country_for(member: User | None) -> tuple[str, str]:
    """(country code, how it was found): "chosen" on /me, "browser" language, or "default"."""
    chosen = chosen_country(member)
    if chosen:
        return chosen, "chosen"
    from_browser = browser_country()
    if from_browser:
        return from_browser, "browser"
    return resource_set().default_country, "default"


def help_for_country(code: str) -> dict:
    """The lines for a country; for a country with no vetted list, the international directory
    first and no emergency number (the page then says "your local emergency number")."""
    if code in resource_set().countries:
        return {**resources_for(code), "listed": True}
    directory = entry_json(resource_set().directory)
    return {"country": code, "country_name": country_names()[code], "emergency": None,
            "resources": [directory], "directory": directory, "listed": False}


def help_for(member: User | None) -> dict:
    """The help a member (or visitor) should see, with how their country was chosen."""
    code, how = country_for(member)
    return {**help_for_country(code), "chosen_by": how}


def _message(place: dict, emergency: bool) -> str:
    lines = "; ".join(f"{r['name']}: {r.get('phone') or r.get('text') or r.get('url')}"
                      for r in place["resources"])
    if emergency:
        number = place["emergency"] or "your local emergency number"
        return (f"If someone may be overdosing or will not wake up, call {number} now, give "
                f"naloxone if you have it, and stay with them. Then, for support: {lines}.")
    return (f"You are not alone. If you might be in danger, please reach out now: {lines}. "
            "A moderator will also look in.")


def crisis_notice(member: User | None, verdict) -> dict:
    """The private notice for a crisis verdict: code "crisis", the message, the member's lines;
    with `emergency` set, the emergency steps come first."""
    place = help_for(member)
    notice = {"code": "crisis", "tier": verdict.crisis_tier or "urgent",
              "message": _message(place, verdict.emergency), "country": place["country"],
              "resources": place["resources"], "emergency_number": place["emergency"],
              "directory": place["directory"]}
    if verdict.emergency:
        notice["emergency"] = True
        notice["emergency_steps"] = emergency_steps(place["emergency"])
    return notice


def _where(target_type: str, target) -> dict:
    """Where the help belongs: above which post of which thread, or in which chat room."""
    if target_type == "message":
        return {"room": target.room.slug, "message_id": target.id,
                "target": {"type": "message", "id": target.id}}
    if target_type == "thread":
        opener = opening_post(target)
        return {"thread_id": target.id, "post_id": opener.id if opener else None,
                "target": {"type": "thread", "id": target.id}}
    return {"thread_id": target.thread_id, "post_id": target.id,
            "target": {"type": "post", "id": target.id}}


def remember_crisis(author: User, target_type: str, target, verdict) -> Notification | None:
    """Keep the author's crisis help as a notification tied to the content (the caller
    commits; the author's open pages hear of it then); it draws the box or card until dismissed."""
    notice = crisis_notice(author, verdict)
    message = notice.pop("message")
    notice.pop("code")
    return notify(author.id, KIND, message, **notice, **_where(target_type, target))


def _open_notes(viewer: User | None) -> list[Notification]:
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == viewer.id, Notification.kind == KIND,
        Notification.dismissed_at.is_(None)).order_by(Notification.id.desc()).limit(RECENT)))


def _box(note: Notification, viewer: User) -> dict:
    data = note.data or {}
    place = help_for(viewer)
    emergency = bool(data.get("emergency"))
    return {"id": note.id, "post_id": data.get("post_id"), "message_id": data.get("message_id"),
            "emergency": emergency, "help": place,
            "steps": emergency_steps(place["emergency"]) if emergency else [],
            "created_at": note.created_at}


@dataclass(frozen=True)
class OpenNote:
    """An undismissed crisis note as a box is drawn from it (plain data, kept between requests)."""

    id: int
    data: dict
    created_at: datetime


def _remembered_open_notes(viewer: User | None) -> list[OpenNote]:
    """_open_notes as plain data, remembered until the member's own notifications (or the
    forum) change: a thread page asks on every view."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return []
    return remembered_for_member(viewer.id, "open-crisis-notes", lambda: [
        OpenNote(n.id, dict(n.data or {}), n.created_at) for n in _open_notes(viewer)])


def box_for_thread(viewer: User | None, thread_id: int) -> dict | None:
    """The newest help the viewer has not dismissed for their own crisis post in this thread."""
    for note in _remembered_open_notes(viewer):
        if (note.data or {}).get("thread_id") == thread_id:
            return _box(note, viewer)
    return None


def card_for_room(viewer: User | None, room_slug: str) -> dict | None:
    """The newest help the viewer has not dismissed for their own crisis message in a room."""
    for note in _open_notes(viewer):
        if (note.data or {}).get("room") == room_slug:
            return _box(note, viewer)
    return None


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and database_id(value) is not None


def dismiss_crisis(member: User, note_id) -> Notification:
    """Put the help away: this note and every other open one for the same thread or room."""
    note = db.session.get(Notification, note_id) if _an_id(note_id) else None
    if note is None or note.user_id != member.id or note.kind != KIND:
        raise NotFound()
    data = note.data or {}
    now = utcnow()
    for other in _open_notes(member):
        other_data = other.data or {}
        same = other.id == note.id or (
            data.get("thread_id") is not None and other_data.get("thread_id") == data["thread_id"]
        ) or (data.get("room") is not None and other_data.get("room") == data["room"])
        if same:
            other.dismissed_at = now
            other.read_at = other.read_at or now
    db.session.commit()
    return note
