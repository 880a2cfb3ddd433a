"""What the benchmark database holds, row by row: members, threads with reply trees, chat history,
moderation items, and the fixed boards and threads bench/http.py measures (FIXTURES)."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from bench import seed_texts
from bench.seed_db import add_members, fix_sequences, insert, next_id

FIXTURES = {"small_board": "bench-small", "large_board": "bench-large",
            "short_thread": "Bench: a thread of 50 posts", "long_thread": "Bench: the long thread"}
SHORT_THREAD_POSTS = 50
SMALL_BOARD_THREADS = 40
READER = "BenchReader"  # signs in for the signed-in pages
HOLD_REASONS = ["promotion", "identifying-info", "sourcing"]
# Shares of posts and threads that are not simply published (the rest are).
POST_SHARES = {"pending": 0.008, "hidden": 0.004, "removed": 0.003, "crisis": 0.0005}
THREAD_SHARES = {"pending": 0.006, "hidden": 0.002}
MESSAGE_SHARES = {"hidden": 0.001, "removed": 0.001}
BOARD_WEIGHTS = [12, 20, 14, 10, 6, 5, 9, 7, 6, 5, 6]  # newcomers ... sober living
# The open discussion boards the weights are for (not the daily check-in board, whose threads are
# one a day, nor the restricted spaces' boards).
GENERAL_BOARDS = ("newcomers", "alcohol", "drugs-and-other-substances", "12-step",
                  "smart-and-secular", "medication-assisted", "cravings-and-triggers", "slips",
                  "milestones", "family-and-friends", "sober-living")
GENERAL_ROOMS = ("lobby", "newcomers", "evening-meeting", "weekend-meeting")  # not the spaces'


class Seeder:
    """Holds what later steps need from earlier ones (ids, moderation items to write)."""

    def __init__(self, conn, tables, rng, args):
        self.conn, self.t, self.rng, self.args = conn, tables, rng, args
        self.now = datetime.now(timezone.utc)
        self.items: list[dict] = []  # moderation items found while writing content
        self.members: list[int] = []
        self.moderators: list[int] = []
        self.bodies = _rendered(seed_texts.POSTS, rng)
        self.lines = _rendered(seed_texts.MESSAGES, rng, message=True)

    def author(self) -> int:
        """A member id, skewed: a few members write much, most write little."""
        return self.members[int(len(self.members) * self.rng.random() ** 2.5)]

    def add_members(self) -> int:
        """Members with generated handles; a few mentors and moderators, and READER."""
        from forum.services.accounts.handles import handle_words
        adjectives, nouns = handle_words()
        staff = {f"BenchMod{i:02}": "moderator" for i in range(1, 11)}
        staff.update({f"BenchMentor{i:02}": "mentor" for i in range(1, 21)})
        handles = list(staff) + [READER]
        handles += [f"{self.rng.choice(adjectives)}{self.rng.choice(nouns)}"[:24] + str(n)
                    for n in range(self.args.members - len(handles))]
        ids = add_members(self.conn, handles, self.rng, staff)
        self.moderators, self.members = ids[:10], ids
        return len(ids)

    def add_threads(self) -> int:
        """The general threads over the default boards, with their posts in reply trees."""
        boards = self._board_ids()
        counts = _post_counts(self.args.threads, self.args.posts, self.rng)
        start = self.now - timedelta(days=365)
        step = timedelta(days=365) / max(1, self.args.threads)
        plans = ((self.rng.choices(boards, BOARD_WEIGHTS[:len(boards)])[0],
                  start + step * i, count, None) for i, count in enumerate(counts))
        return self._write_threads(plans, tree=True)

    def _board_ids(self) -> list[int]:
        boards = self.t["boards"]
        rows = self.conn.execute(boards.select().order_by(boards.c.position, boards.c.id))
        return [row.id for row in rows if row.slug in GENERAL_BOARDS]

    def _write_threads(self, plans, tree: bool) -> int:
        """Write threads (board, created, post count, title or None) with their posts, a chunk
        of threads at a time so posts always follow the thread they belong to."""
        thread_id = next_id(self.conn, self.t["threads"])
        post_id = next_id(self.conn, self.t["posts"])
        written, chunk = 0, []
        for plan in plans:
            chunk.append(plan)
            if len(chunk) == 2_000:
                thread_id, post_id = self._write_chunk(chunk, thread_id, post_id, tree)
                written, chunk = written + len(chunk), []
        if chunk:
            self._write_chunk(chunk, thread_id, post_id, tree)
            written += len(chunk)
        fix_sequences(self.conn, ["threads", "posts"])
        return written

    def _write_chunk(self, chunk, thread_id: int, post_id: int, tree: bool) -> tuple[int, int]:
        threads, posts = [], []
        for board_id, created, count, title in chunk:
            row = self._thread_row(thread_id, board_id, created, count, title)
            made = list(self._posts_of(row, post_id, count, tree))
            row["last_activity_at"] = made[-1]["created_at"]
            threads.append(row)
            posts.extend(made)
            thread_id, post_id = thread_id + 1, post_id + count
        insert(self.conn, self.t["threads"], threads)
        insert(self.conn, self.t["posts"], posts)
        return thread_id, post_id

    def _thread_row(self, thread_id, board_id, created, count, title) -> dict:
        status = _pick(self.rng, THREAD_SHARES) if title is None else "published"
        author = self.author()
        if status != "published":
            self._item("thread", thread_id, status, board_id=board_id, author_id=author)
        title = title or self.rng.choice(seed_texts.TITLES).format(n=self.rng.randint(2, 400))
        return {"id": thread_id, "board_id": board_id, "author_id": author, "title": title,
                "status": status, "created_at": created, "last_activity_at": created,
                "reply_count": count - 1, "locked": self.rng.random() < 0.002}

    def _posts_of(self, thread: dict, first_id: int, count: int, tree: bool):
        """The thread's posts: the opening one, then top-level posts and replies to earlier ones."""
        made: list[dict] = []
        when = thread["created_at"]
        for n in range(count):
            parent = None
            if tree and n > 1 and self.rng.random() < 0.55:
                parent = made[max(0, len(made) - 1 - int(self.rng.expovariate(0.3)))]
            post_id = first_id + n
            status = thread["status"] if n == 0 else _pick(self.rng, POST_SHARES)
            source, html = self.rng.choice(self.bodies)
            row = {"id": post_id, "thread_id": thread["id"], "author_id": thread["author_id"]
                   if n == 0 else self.author(), "parent_id": parent and parent["id"],
                   "root_id": parent["root_id"] if parent else post_id,
                   "depth": parent["depth"] + 1 if parent else 0, "body_source": source,
                   "body_html": html, "content_warning": None, "status": "published",
                   "created_at": when, "edited_at": None, "removed_at": None}
            self._post_status(row, status, thread, opening=n == 0)
            made.append(row)
            when = min(self.now, when + timedelta(minutes=self.rng.expovariate(1 / 90)))
        return made

    def _post_status(self, row: dict, status: str, thread: dict, opening: bool) -> None:
        """Set a post's status, warning and removal; note the moderation item it needs."""
        if self.rng.random() < 0.02:
            row["content_warning"] = self.rng.choice(seed_texts.CONTENT_WARNINGS)
        if status == "removed":
            row["removed_at"] = row["created_at"] + timedelta(hours=2)
        elif status in ("pending", "hidden"):
            row["status"] = status
        if status != "published" and not opening:  # an opening post's thread carries its item
            self._item("post", row["id"], status, board_id=thread["board_id"],
                       author_id=row["author_id"])

    def _item(self, target_type: str, target_id: int, status: str, author_id: int,
              board_id: int | None = None, room_id: int | None = None) -> None:
        """Note a target that needs a review item (written by add_moderation)."""
        self.items.append({"target_type": target_type, "target_id": target_id, "why": status,
                           "author_id": author_id, "board_id": board_id, "room_id": room_id})

    def add_messages(self) -> int:
        """Chat history over the default rooms, the last 80 days, most of it in the lobby."""
        rooms = [row.id for row in self.conn.execute(self.t["chat_rooms"].select()
                                                     .order_by(self.t["chat_rooms"].c.position))
                 if row.slug in GENERAL_ROOMS]
        first, total = next_id(self.conn, self.t["chat_messages"]), self.args.messages
        start, step = self.now - timedelta(days=80), timedelta(days=80) / max(1, total)
        weights = [60, 25, 10, 5][:len(rooms)]
        count = insert(self.conn, self.t["chat_messages"],
                       (self._message(first + n, self.rng.choices(rooms, weights)[0],
                                      start + step * n) for n in range(total)))
        fix_sequences(self.conn, ["chat_messages"])
        return count

    def _message(self, message_id: int, room_id: int, when) -> dict:
        source, html = self.rng.choice(self.lines)
        status = _pick(self.rng, MESSAGE_SHARES)
        row = {"id": message_id, "room_id": room_id, "author_id": self.author(),
               "body_source": source, "body_html": html, "created_at": when,
               "status": "hidden" if status == "hidden" else "published",
               "removed_at": None, "removed_by_id": None}
        if status == "removed":
            row["removed_at"], row["removed_by_id"] = when, self.rng.choice(self.moderators)
        if status != "published":
            self._item("message", message_id, status, room_id=room_id, author_id=row["author_id"])
        return row

    def add_fixtures(self) -> int:
        """The boards and threads bench/http.py measures: a board of SMALL_BOARD_THREADS threads
        holding a flat 50-post thread and a flat long thread, and a board of --big-board threads."""
        boards = self.t["boards"]
        first = next_id(self.conn, boards)
        self.conn.execute(boards.insert(), [
            {"id": first, "slug": FIXTURES["small_board"], "name": "Bench: a small board",
             "description": "Benchmark fixture.", "position": 100},
            {"id": first + 1, "slug": FIXTURES["large_board"], "name": "Bench: a large board",
             "description": "Benchmark fixture.", "position": 101}])
        fix_sequences(self.conn, ["boards"])
        when = self.now - timedelta(days=30)
        small = [(first, when, SHORT_THREAD_POSTS, FIXTURES["short_thread"]),
                 (first, when, self.args.long_thread, FIXTURES["long_thread"])]
        small += [(first, when, 1, f"Bench: small board thread {n}")
                  for n in range(SMALL_BOARD_THREADS - 2)]
        large = ((first + 1, when - timedelta(minutes=n), 1, f"Bench: large board thread {n}")
                 for n in range(self.args.big_board))
        return self._write_threads(small, tree=False) + self._write_threads(large, tree=False)

    def add_moderation(self) -> int:
        """One review item per held, hidden, removed or crisis target, with events and flags."""
        from bench.seed_moderation import write_items
        return write_items(self)


def steps(conn, tables, rng, args) -> list:
    """The seeding steps in order, as (label, callable answering a count)."""
    seeder = Seeder(conn, tables, rng, args)
    return [("members", seeder.add_members), ("threads", seeder.add_threads),
            ("chat messages", seeder.add_messages), ("fixture threads", seeder.add_fixtures),
            ("moderation items", seeder.add_moderation)]


def finish(conn) -> None:
    """Statistics for PostgreSQL's planner, as autovacuum would gather soon after a bulk load."""
    if conn.dialect.name == "postgresql":
        conn.commit()
        conn.execute(text("ANALYZE"))


def row_counts(conn) -> dict[str, int]:
    """How many rows the main tables hold now."""
    from sqlalchemy import func, select
    from bench.seed_db import tables
    return {name: conn.scalar(select(func.count()).select_from(tables()[name]))
            for name in ("users", "threads", "posts", "chat_messages", "moderation_items",
                         "moderation_events", "flags")}


def _pick(rng, shares: dict) -> str:
    roll = rng.random()
    for status, share in shares.items():
        if roll < share:
            return status
        roll -= share
    return "published"


def _post_counts(threads: int, posts: int, rng) -> list[int]:
    """Posts per thread adding up to `posts`: every thread has its opening post, and replies
    follow a long tail (most threads a few, some hundreds), capped at 3,000."""
    if threads <= 0:
        return []
    spare = max(0, posts - threads)
    weights = [rng.paretovariate(1.4) for _ in range(threads)]
    scale = spare / sum(weights)
    counts = [1 + min(3_000, int(w * scale)) for w in weights]
    for _ in range(posts - sum(counts)):
        counts[rng.randrange(threads)] += 1
    return counts


def _rendered(texts: list[str], rng, message: bool = False) -> list[tuple[str, str]]:
    """Each text (three numbered variants where it has {n}) with its HTML, rendered once."""
    from forum.sanitize import render_message, render_post
    render = render_message if message else render_post
    sources = {text.format(n=rng.randint(2, 400)) for text in texts for _ in range(3)}
    return [(source, render(source)) for source in sorted(sources)]

