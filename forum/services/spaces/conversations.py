"""A mentor and mentee's private conversation: only the pair see it (everyone else, moderators
too, gets NotFound), screened like chat (contact details masked, crisis help for the author
only), ended by either at any time. A reported message, with a little of what came before it,
goes to the moderators' queue: only then do they see it."""
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from forum.extensions import db
from forum.models import (Conversation, ConversationMessage, ModerationEvent, ModerationItem,
                          User)
from forum.models.base import database_id, utcnow
from forum.normalize import clean_stored
from forum.permissions import can_post, is_member
from forum.sanitize import render_message
from forum.services import Conflict, Forbidden, NotFound, ValidationError, live
from forum.services.crisis import crisis_notice
from forum.services.moderation.items import FLAGGED, announce_queue_counts
from forum.services.notifications import notify
from forum.services.screening.assess import assess

MESSAGE_MAX = 2_000
PAGE = 200
CONTEXT = 5  # messages before a reported one that moderators see with it
MASKED = {"code": "masked", "message": "We hid contact details in your message: contact stays "
          "on the forum, for everyone's safety."}


def in_pair(viewer: User | None, conversation: Conversation) -> bool:
    """True for the mentor and the mentee of the conversation."""
    return is_member(viewer) and viewer.id in (conversation.mentor_id, conversation.mentee_id)


def other_of(conversation: Conversation, viewer: User) -> User | None:
    """The other member of the pair (None once they deleted their account)."""
    return conversation.mentee if conversation.mentor_id == viewer.id else conversation.mentor


def list_conversations(member: User) -> list[Conversation]:
    """The member's conversations, as mentor or mentee, newest first."""
    return list(db.session.scalars(select(Conversation).where(
        or_(Conversation.mentor_id == member.id, Conversation.mentee_id == member.id))
        .order_by(Conversation.id.desc())))


def get_conversation_or_404(conversation_id, viewer: User | None) -> Conversation:
    """The conversation, for its pair only; NotFound for anyone else, alike with one that does
    not exist."""
    known = isinstance(conversation_id, int) and database_id(conversation_id)
    conversation = db.session.get(Conversation, conversation_id) if known else None
    if conversation is None or not in_pair(viewer, conversation):
        raise NotFound()
    return conversation


def messages(conversation: Conversation, viewer: User) -> list[ConversationMessage]:
    """The latest messages of the conversation, oldest first; one a moderator removed after a
    report only its author still sees."""
    rows = db.session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == conversation.id,
        or_(ConversationMessage.status == "published",
            ConversationMessage.author_id == viewer.id))
        .order_by(ConversationMessage.id.desc()).limit(PAGE)).all()
    return list(reversed(rows))


@dataclass(frozen=True)
class Said:
    """A stored message, and what its author must see now (crisis help, masked details)."""

    message: ConversationMessage
    notice: dict | None


def send(conversation: Conversation, member: User, body) -> Said:
    """Write to the conversation; refused once it ended (Conflict), screened like chat."""
    if not in_pair(member, conversation):
        raise NotFound()
    if conversation.ended_at is not None:
        raise Conflict("This conversation has ended, so no more messages can be sent in it.",
                       "conversation_ended")
    if not can_post(member):
        raise Forbidden("Your account can't send messages right now.")
    if not isinstance(body, str) or not body.strip():
        raise ValidationError("Please write a message first.", "body", "required")
    if len(body) > MESSAGE_MAX:
        raise ValidationError(f"A message can be at most {MESSAGE_MAX:,} characters.", "body",
                              "too_long")
    verdict = assess(body, member, channel="message")
    if verdict.refuse is not None:
        raise ValidationError(verdict.refuse.explanation, "body", "refused")
    text = clean_stored((verdict.masked_text or body).replace("\x00", ""))
    html = render_message(text)
    if not html:
        raise ValidationError("Please write a message first.", "body", "required")
    message = ConversationMessage(conversation_id=conversation.id, author_id=member.id,
                                  body_source=text, body_html=html)
    db.session.add(message)
    db.session.flush()
    # The pair's open pages fetch the message drawn as it is stored (screened, masked): the
    # event itself carries no text.
    live.emit_on_commit("conversation_message", {"conversation_id": conversation.id,
                                                 "message_id": message.id},
                        to=live.conversation_channel(conversation.id))
    db.session.commit()
    if verdict.crisis:
        return Said(message, crisis_notice(member, verdict))
    return Said(message, MASKED if verdict.masked_text is not None else None)


def end(conversation: Conversation, member: User) -> Conversation:
    """Either of the pair ends the conversation; the other is told. Ending it twice is a
    Conflict."""
    if not in_pair(member, conversation):
        raise NotFound()
    ended = db.session.execute(
        update(Conversation).where(Conversation.id == conversation.id,
                                   Conversation.ended_at.is_(None))
        .values(ended_at=utcnow()).execution_options(synchronize_session=False))
    if ended.rowcount != 1:
        db.session.rollback()
        raise Conflict("This conversation has already ended.", "conversation_ended")
    other = other_of(conversation, member)
    if other is not None:
        notify(other.id, "conversation_ended", f"{member.handle} ended your mentor "
               "conversation. You can ask for a mentor again any time.",
               conversation_id=conversation.id)
    live.emit_on_commit("conversation_ended", {"conversation_id": conversation.id},
                        to=live.conversation_channel(conversation.id))
    db.session.commit()
    db.session.refresh(conversation)
    return conversation


def get_shown_message_or_404(message_id, viewer: User) -> ConversationMessage:
    """A message as the conversation page shows it to the viewer (messages()): NotFound for
    anyone outside the pair, and for a message a moderator removed unless the viewer wrote it,
    alike with one that does not exist."""
    message = get_message_or_404(message_id, viewer)
    if message.status != "published" and message.author_id != viewer.id:
        raise NotFound()
    return message


def get_message_or_404(message_id, viewer: User) -> ConversationMessage:
    """A message of one of the viewer's conversations, else NotFound."""
    known = isinstance(message_id, int) and database_id(message_id)
    message = db.session.get(ConversationMessage, message_id) if known else None
    if message is None or not in_pair(viewer, message.conversation):
        raise NotFound()
    return message


def report(message: ConversationMessage, reporter: User, note=None) -> ModerationItem:
    """One of the pair reports a message: the moderators' queue gets it with the few messages
    before it (only now may moderators see any of the conversation)."""
    if not in_pair(reporter, message.conversation):
        raise NotFound()
    if note is not None and (not isinstance(note, str) or len(note) > 500):
        raise ValidationError("'note' is text of at most 500 characters.", "note")
    if message.reported_at is not None:
        raise Conflict("This message was reported already; the moderators have it.",
                       "already_reported")
    message.reported_at = utcnow()
    before = db.session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == message.conversation_id,
        ConversationMessage.id < message.id)
        .order_by(ConversationMessage.id.desc()).limit(CONTEXT)).all()
    context = [{"id": m.id, "by": _side(message.conversation, m), "body_html": m.body_html}
               for m in reversed(before)]
    item = ModerationItem(target_type="conversation", target_id=message.id,
                          reasons=["other"], author_id=message.author_id, priority=FLAGGED,
                          snapshot={"body_html": message.body_html,
                                    "by": _side(message.conversation, message),
                                    "body_source": message.body_source,
                                    "conversation_id": message.conversation_id,
                                    "context": context, "taken_at": utcnow().isoformat()})
    db.session.add(item)
    db.session.flush()
    db.session.add(ModerationEvent(item_id=item.id, actor_id=reporter.id, kind="flag",
                                   boundary="other", note=clean_stored(note) if note else None))
    announce_queue_counts(item)
    db.session.commit()
    return item


def _side(conversation: Conversation, message: ConversationMessage) -> str | None:
    """Who of the pair wrote a message, without a handle (snapshots hold none)."""
    if message.author_id is None:
        return None
    return "mentor" if message.author_id == conversation.mentor_id else "mentee"


def end_all_of(member: User) -> None:
    """A member leaving the forum: their conversations end (the caller commits)."""
    db.session.execute(update(Conversation).where(
        or_(Conversation.mentor_id == member.id, Conversation.mentee_id == member.id),
        Conversation.ended_at.is_(None)).values(ended_at=utcnow())
        .execution_options(synchronize_session=False))
