"""Flask extensions, created unbound and bound to an app in create_app()."""
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from forum.ratelimits import client_key

# Named constraints keep Alembic's batch migrations on SQLite stable and reversible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose metadata carries the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()
class ForumLimiter(Limiter):
    """Flask-Limiter, with its in-memory fallback reset for each app it is bound to: a storage
    that was unreachable for an app built earlier in this process says nothing of this one's."""

    def init_app(self, app) -> None:
        """Bind to an app, starting on its configured storage."""
        self._storage_dead = False
        super().init_app(app)


limiter = ForumLimiter(key_func=client_key)
