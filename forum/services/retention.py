"""Retention: what the forum deletes by itself once it has kept it long enough.

`forum purge` runs these, daily from cron. Each deletes in batches, one transaction a batch, so
a large first run never holds a long lock, and an interrupted run loses nothing: the next run
finishes the job. A second run straight after the first finds nothing to delete.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from forum.extensions import db
from forum.models import AuthSession, ChatMessage, ModerationItem
from forum.models.base import utcnow

BATCH = 1000
ENDED_SESSION_RETENTION = timedelta(days=30)


def purge_chat(older_than: timedelta, batch: int = BATCH) -> int:
    """Delete chat messages older than this; answer how many went. A message still waiting
    for a moderator stays until it is decided (its review item keeps a snapshot either way)."""
    waiting = select(ModerationItem.target_id).where(ModerationItem.target_type == "message",
                                                     ModerationItem.status == "pending")
    oldest = select(ChatMessage.id).where(ChatMessage.created_at < utcnow() - older_than,
                                          ChatMessage.id.not_in(waiting))
    return _delete_in_batches(ChatMessage, oldest.order_by(ChatMessage.id).limit(batch))


def purge_sessions(ended_before: timedelta = ENDED_SESSION_RETENTION, batch: int = BATCH) -> int:
    """Delete the records of sessions that ended more than 30 days ago; answer how many. A
    session nobody logged out of ended when its idle or absolute timeout ran out."""
    cutoff = utcnow() - ended_before
    config = current_app.config
    ended = select(AuthSession.id).where(or_(
        AuthSession.ended_at < cutoff,
        AuthSession.last_seen_at < cutoff - config["SESSION_IDLE_TIMEOUT"],
        AuthSession.created_at < cutoff - config["SESSION_ABSOLUTE_TIMEOUT"]))
    return _delete_in_batches(AuthSession, ended.order_by(AuthSession.id).limit(batch))


def _delete_in_batches(model, batch_query) -> int:
    removed = 0
    while ids := list(db.session.scalars(batch_query)):
        result = db.session.execute(delete(model).where(model.id.in_(ids))
                                    .execution_options(synchronize_session=False))
        db.session.commit()
        removed += result.rowcount  # another purge running at once may have taken some
    return removed
