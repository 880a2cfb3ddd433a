"""Make members established: accounts older than a day, each with a post that stands.

Flags from accounts younger than a day, or with no standing post, count for half toward
hiding content (forum/services/moderation/flags.py); tests about hiding by flags use this to say
which reporters are established members."""
from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, User
from forum.models.base import utcnow
from forum.services.boards.posting import create_thread


def make_established(app, *handles: str) -> None:
    """Backdate these accounts by two days and give each a published post of their own."""
    with app.app_context():
        board = db.session.scalar(select(Board).order_by(Board.id).limit(1))
        for handle in handles:
            user = db.session.scalar(select(User).where(User.handle == handle))
            user.created_at = utcnow() - timedelta(days=2)
            db.session.commit()
            create_thread(board, user, f"Hello from {handle}", "Glad to be here, one day at a time.")
        db.session.remove()
