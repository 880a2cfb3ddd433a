"""Configuration from the environment; TestConfig for the test suite."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from forum.outages import REDIS_TIMEOUTS

# Limits members see in forms and the API (README "Limits").
TITLE_MAX = 200
POST_MAX = 20_000
CONTENT_WARNING_MAX = 100
PASSWORD_MIN = 10
PASSWORD_MAX = 256
THREADS_PER_PAGE = 25
TOP_LEVEL_POSTS_PER_PAGE = 20


def _secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY_MIN = 32
SECRET_KEY_MIN_DISTINCT = 12  # "aaaa...", "0123456789" repeated: long, and still guessable
_PLACEHOLDERS = ("change", "example", "secret-key", "secretkey", "not-for-production", "default")


class WeakSecretKey(SystemExit):
    """SECRET_KEY cannot protect a public server; the message is the one line printed."""


def check_secret_key(key: str) -> None:
    """Refuse a SECRET_KEY that is short, of few characters or a placeholder (outside
    development and tests: see forum.create_app); never repeat the key in the message."""
    lowered = key.lower()
    if len(key) < SECRET_KEY_MIN or len(set(key)) < SECRET_KEY_MIN_DISTINCT or \
            any(word in lowered for word in _PLACEHOLDERS):
        raise WeakSecretKey(
            f"forum: refusing to start: SECRET_KEY is too short, too plain or a placeholder "
            f"(it needs {SECRET_KEY_MIN}+ random characters, e.g. from "
            f"`python3 -c 'import secrets; print(secrets.token_hex(32))'`), or leave it unset "
            f"on a single machine to use the key generated into instance/.")


def _bool_env(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "off", "false", "no", ""}


def _positive_int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name} must be a whole number of days, at least 1 (got {value!r}).")
    return int(value)


def _count_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ValueError(f"{name} must be a whole number, 0 or more (got {value!r}).")
    return int(value)


def engine_options(database_url: str) -> dict:
    """SQLAlchemy engine options for this database."""
    # hide_parameters: a database error in the log shows the SQL, never the values (post
    # bodies, password hashes, handles).
    options = {"hide_parameters": True}
    if database_url.startswith("postgresql"):
        # A connection the server dropped is noticed at checkout (one round trip a request);
        # an unreachable database answers 503 within seconds, not after minutes. A SQLite
        # file has no server to drop it, so no ping there.
        options["pool_pre_ping"] = True
        options["connect_args"] = {"connect_timeout": 5}
    return options


class Config:
    """Settings read from the environment when the app is created."""

    def __init__(self, instance_path: str):
        self.SECRET_KEY = _secret_key(instance_path)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{Path(instance_path) / 'forum.sqlite3'}"
        )
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        # Names Redis keys (presence) so several forums, or test runs, can share one Redis.
        self.REDIS_KEY_PREFIX = os.environ.get("FORUM_REDIS_PREFIX", "forum")
        self.RATELIMIT_KEY_PREFIX = self.REDIS_KEY_PREFIX
        self.RATELIMIT_ENABLED = _bool_env("FORUM_RATE_LIMITS", True)
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        # Without Redis, limits are counted in each process's memory until it is back.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_STORAGE_OPTIONS = dict(REDIS_TIMEOUTS) if self.REDIS_URL else {}
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.FORUM_ASYNC_MODE = os.environ.get("FORUM_ASYNC_MODE", "threading")
        self.SESSION_COOKIE_SECURE = _bool_env("FORUM_SECURE_COOKIES", False)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.CRISIS_RESOURCES_FILE = os.environ.get("FORUM_CRISIS_RESOURCES")
        # Extra origins allowed to open chat connections (behind a proxy); same origin otherwise.
        self.ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("FORUM_ALLOWED_ORIGINS", "")
                                .split(",") if o.strip()]
        # Proxies in front of the forum whose X-Forwarded-For/-Proto/-Host are believed; 0 means
        # the client is whoever connects (a forged header changes nothing).
        self.TRUSTED_PROXIES = _count_env("FORUM_TRUSTED_PROXIES", 0)
        # Chat history older than this is deleted by `forum purge` (run it daily from cron).
        self.CHAT_RETENTION_DAYS = _positive_int_env("FORUM_CHAT_RETENTION_DAYS", 90)
        # gzip text answers here; off when a proxy in front compresses them (deploy/nginx).
        self.COMPRESS_RESPONSES = _bool_env("FORUM_COMPRESS", True)
        # Seconds a public page rendered for signed-out readers is reused (forum/pagecache.py;
        # any write makes it stale at once); 0 turns the cache off.
        self.PAGE_CACHE_SECONDS = _count_env("FORUM_PAGE_CACHE_SECONDS", 5)
        # The same for a signed-in member's own pages (kept per member; any write the page
        # shows, theirs or the forum's, makes it stale at once); 0 turns it off.
        self.MEMBER_PAGE_CACHE_SECONDS = _count_env("FORUM_MEMBER_PAGE_CACHE_SECONDS",
                                                    self.PAGE_CACHE_SECONDS)
        # Seconds a thread page's list of posts, rendered for readers who see it alike (the
        # same permissions and choices, none of their own posts or reactions on it), is reused
        # within one generation; 0 renders it for every page.
        self.FRAGMENT_CACHE_SECONDS = _count_env("FORUM_FRAGMENT_CACHE_SECONDS", 60)
        # Seconds one post or one row of a list of threads is reused, keyed by all it shows
        # (pagecache.piece: never stale, whatever was written); 0 renders each every time.
        self.PIECE_CACHE_SECONDS = _count_env("FORUM_PIECE_CACHE_SECONDS", 300)

    MAX_CONTENT_LENGTH = 256 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "forum_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    # The cookie is not signed again on every answer: the server-side session ends at
    # SESSION_ABSOLUTE_TIMEOUT, the same 30 days, whatever the cookie says.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_IDLE_TIMEOUT = timedelta(days=7)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(days=30)
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_HASH_METHOD = "scrypt"
    SIGNUP_LIMIT = "5 per hour;20 per day"
    # Password checks per address: enough for a household or a café behind one address.
    LOGIN_LIMIT = "30 per minute;300 per hour"
    # Failed password and recovery-code checks per account, from any address.
    ACCOUNT_LIMIT = "10 per minute;30 per hour;100 per day"
    POSTING_LIMIT = "10 per minute;120 per hour"
    # Edits, on the page and through the API together, per member: each one re-renders and
    # re-screens the whole post, so a flood of them must not cost more than a flood of posts.
    EDIT_LIMIT = "20 per minute;200 per hour"
    # Previews render like a post (Markdown, sanitiser, mentions) but store nothing.
    PREVIEW_LIMIT = "30 per minute;300 per hour"
    CHAT_SEND_LIMIT = (10, 10)  # messages, seconds
    PRESENCE_FLUSH_SECONDS = 0.25  # a room hears who came and went at most 4 times a second
    CHAT_JOIN_LIMIT = (20, 60)  # joins, seconds: each join is broadcast to the room


class TestConfig(Config):
    """Settings for the test suite: a database per test, fast hashing, limits off."""

    TESTING = True
    PRESENCE_FLUSH_SECONDS = 0  # presence updates at once, so tests need not wait for them
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"

    def __init__(self, instance_path: str, database_url: str, redis_url: str | None = None):
        super().__init__(instance_path)
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.SQLALCHEMY_DATABASE_URI = database_url
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(database_url)
        self.REDIS_URL = redis_url
        self.RATELIMIT_ENABLED = False
        self.RATELIMIT_STORAGE_URI = redis_url or "memory://"
        self.RATELIMIT_STORAGE_OPTIONS = dict(REDIS_TIMEOUTS) if redis_url else {}
        self.FORUM_ASYNC_MODE = "threading"
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_SECURE = False
