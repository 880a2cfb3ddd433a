"""A member's spaces and mentoring in their export, and what happens to them when the member
deletes their account: their conversations end (the other of the pair sees "deleted member"),
their open requests go with the account (CASCADE), and with erase_content their messages are
blanked. Called from services.accounts.privacy inside its one transaction."""
from sqlalchemy import or_, select, update

from forum.extensions import db
from forum.models import (Conversation, ConversationMessage, JoinRequest, MentorProfile,
                          MentorRequest, SpaceMember, User)
from forum.services.shapes import author, iso
from forum.services.spaces.conversations import end_all_of


def mentoring_export(user: User) -> dict:
    """The member's spaces, join requests, mentor requests and profile, and conversations with
    every message in them (both of the pair wrote them to each other)."""
    places = db.session.scalars(select(SpaceMember).where(SpaceMember.user_id == user.id))
    joins = db.session.scalars(select(JoinRequest).where(JoinRequest.user_id == user.id)
                               .order_by(JoinRequest.id))
    asked = db.session.scalars(select(MentorRequest).where(MentorRequest.member_id == user.id)
                               .order_by(MentorRequest.id))
    profile = db.session.get(MentorProfile, user.id)
    talks = db.session.scalars(select(Conversation).where(
        or_(Conversation.mentor_id == user.id, Conversation.mentee_id == user.id))
        .order_by(Conversation.id))
    return {"spaces_and_mentoring": {
        "spaces": [{"space_id": p.space_id, "role": p.role, "since": iso(p.created_at)}
                   for p in places],
        "join_requests": [{"space_id": r.space_id, "note": r.note, "status": r.status,
                           "reason": r.reason, "created_at": iso(r.created_at)} for r in joins],
        "mentor_requests": [{"note": r.note, "status": r.status,
                             "created_at": iso(r.created_at)} for r in asked],
        "mentor_profile": {"offer": profile.offer, "max_mentees": profile.max_mentees}
        if profile else None,
        "conversations": [_conversation(c, user) for c in talks],
    }}


def _conversation(conversation: Conversation, user: User) -> dict:
    messages = db.session.scalars(select(ConversationMessage).where(
        ConversationMessage.conversation_id == conversation.id).order_by(ConversationMessage.id))
    return {"as": "mentor" if conversation.mentor_id == user.id else "mentee",
            "started_at": iso(conversation.created_at), "ended_at": iso(conversation.ended_at),
            "messages": [{"author": author(m.author)["handle"], "body": m.body_source,
                          "created_at": iso(m.created_at)} for m in messages]}


def forget_mentoring(user: User) -> None:
    """End the member's conversations and withdraw their open requests (the caller commits)."""
    end_all_of(user)
    db.session.execute(update(MentorRequest).where(
        MentorRequest.member_id == user.id, MentorRequest.status == "open")
        .values(status="withdrawn").execution_options(synchronize_session=False))


def erase_conversation_messages(user: User) -> None:
    """Blank the member's messages in mentor conversations (erase_content)."""
    db.session.execute(update(ConversationMessage).where(ConversationMessage.author_id == user.id)
                       .values(body_source="", body_html="")
                       .execution_options(synchronize_session=False))
