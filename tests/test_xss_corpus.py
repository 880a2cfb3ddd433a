"""Every payload of the shared XSS corpora through the real posting path.

Each payload is posted as a thread title, thread body, reply body and content warning, and chosen
as a handle. What comes back must be allow-listed HTML (bodies) or the plain text as typed
(titles, warnings), or a 422 that says which field to fix.

On SQLite the whole corpus goes through the posting service, the function the JSON API calls
(about 20 s), and a sample of some 300 also goes through the HTTP API (about 8 s). The HTML does
not depend on the database, and PostgreSQL answers the service's queries several times slower, so
the PostgreSQL run posts what a database could store differently: every payload with characters
beyond printable ASCII or longer than a content warning, and every tenth of the rest.
"""
import html as html_lib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import event

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.extensions import db
from forum.models import Post, Thread, User
from forum.sanitize import LINK_REL, POST_TAGS, render_post
from forum.services import ValidationError
from forum.services.accounts.handles import check_handle
from forum.services.boards.posting import create_reply, create_thread
from forum.services.boards.reading import get_board_or_404

CORPUS_ENV = "FORUM_XSS_CORPUS"
CORPUS_SIZE = 1994  # lines in the four .jsonl files (corpus README)
LINK_ATTRIBUTES = {"href", "title", "rel"}
SAFE_SCHEMES = {"http", "https", "mailto"}
HANDLE = re.compile(r"[A-Za-z0-9_-]{3,32}")
BOARD = "newcomers"


@pytest.fixture
def fast_commits(app):
    """Commits that don't wait for the disk: thousands of posts into a throwaway database.

    Nothing else changes: every post is still written and committed by the service."""
    with app.app_context():
        engine = db.engine

    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET synchronous_commit TO OFF")
            dbapi_connection.commit()  # else the pool's rollback would undo the SET
        else:
            cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()

    event.listen(engine, "connect", on_connect)
    engine.dispose()  # connections made from here on get the setting
    yield
    event.remove(engine, "connect", on_connect)
    engine.dispose()  # on PostgreSQL the engine outlives the test: later tests' connections wait


# --- the corpus -----------------------------------------------------------------------------

def corpus_dir() -> Path:
    """The corpus folder: shared/ beside the repository, else $FORUM_XSS_CORPUS. Fails if absent."""
    candidates = [Path(__file__).resolve().parents[2] / "shared" / "corpus" / "xss"]
    if os.environ.get(CORPUS_ENV):
        candidates.append(Path(os.environ[CORPUS_ENV]))
    for candidate in candidates:
        if sorted(candidate.glob("*.jsonl")):
            return candidate
    pytest.fail(f"The XSS corpus is missing: looked for *.jsonl in "
                f"{', '.join(map(str, candidates))}. Clone the shared corpus beside the repository "
                f"or set {CORPUS_ENV}. This test must not pass without it.", pytrace=False)


def load_corpus(folder: Path) -> list[dict]:
    """Every {id, payload, ...} record of the corpus .jsonl files."""
    records = []
    for path in sorted(folder.glob("*.jsonl")):
        # Split on "\n" only: payloads hold U+2028 and friends, which str.splitlines() splits on.
        for line in path.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                records.append(json.loads(line))
    return records


def executing_ids(folder: Path) -> set[str]:
    """Ids of the payloads that ran in headless Chromium when rendered with no sanitiser."""
    listing = folder / "executes_raw_in_chromium156.txt"
    lines = listing.read_text(encoding="utf-8").split("\n")
    return {line.strip() for line in lines if line.strip()}


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    """The whole corpus, checked for size and unique ids."""
    records = load_corpus(corpus_dir())
    assert len(records) >= CORPUS_SIZE, f"expected {CORPUS_SIZE} payloads, found {len(records)}"
    assert len({r["id"] for r in records}) == len(records), "corpus ids are not unique"
    return records


# --- an independent check of sanitised HTML ---------------------------------------------------

def is_strictly_safe_url(href: str) -> bool:
    """http, https, mailto or relative, however often the value is entity- or %-decoded."""
    readings, current = {href}, href
    for _ in range(4):
        current = html_lib.unescape(current)
        readings.add(current)
    for reading in readings | {unquote(r) for r in readings}:
        compact = "".join(ch for ch in reading if ord(ch) > 0x20 and not 0x7f <= ord(ch) <= 0x9f)
        if not compact or compact.startswith(("//", "\\\\", "/\\", "\\/")):
            return False
        head = re.split(r"[/?#\\]", compact, maxsplit=1)[0]
        if ":" in head and head.split(":", 1)[0].lower() not in SAFE_SCHEMES:
            return False
    return True


class _HtmlAudit(HTMLParser):
    """Walk sanitised HTML the way a browser tokenises it and note anything not allow-listed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags_seen = 0

    def handle_starttag(self, tag, attrs):
        self.tags_seen += 1
        if tag not in POST_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"attribute {name} on <{tag}>")
            elif tag != "a" or name not in LINK_ATTRIBUTES:
                self.problems.append(f"attribute {name} on <{tag}>")
            elif name == "href" and not is_strictly_safe_url(value or ""):
                self.problems.append(f"href {value!r}")
            elif name == "rel" and value != LINK_REL:
                self.problems.append(f"rel {value!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tags_seen += 1
        if tag not in POST_TAGS:
            self.problems.append(f"end tag </{tag}>")

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")


def html_problems(body_html: str) -> list[str]:
    """What in a body_html is not allow-listed; [] when it is clean."""
    audit = _HtmlAudit()
    audit.feed(body_html)
    audit.close()
    # Every "<" must open one of the tags just checked; a stray one means markup this parser
    # did not see as a tag, which a browser might.
    if body_html.count("<") != audit.tags_seen:
        audit.problems.append("a '<' that does not open an allow-listed tag")
    return audit.problems


def _visible(value: str) -> str:
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cc")


def plain_text_problem(kept: str | None, typed: str) -> str | None:
    """A title or warning must come back as the text typed, on one line, not as markup."""
    if kept is None:
        return None if not _visible(typed) else "dropped"
    if _visible(kept) != _visible(typed):
        return f"changed to {kept!r}"
    if any(unicodedata.category(ch) == "Cc" for ch in kept):
        return f"kept control characters: {kept!r}"
    return None


# --- posting one payload, fixing what is refused ---------------------------------------------

STAND_INS = {"title": "A corpus payload", "body": "(a stand-in for a refused payload)",
             "content_warning": "corpus payload"}
# Which payload field to replace when a refusal names a field that already holds its stand-in
# (the rules read the title and the body together, and answer for the body).
FIX_ORDER = ("title", "content_warning", "body")
# Refusals that need no justification: the boundary rules (refused, content warning required).
RULE_CODES = {"refused", "content_warning_required"}


@dataclass
class Outcome:
    """What posting one payload did: the answer, the fields refused and why, problems found."""

    created: object = None
    refused: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def post_with_fixes(attempt, payload: str) -> Outcome:
    """Post the payload as title, body and warning; replace each refused field and retry.

    `attempt(fields)` answers (created, None) or (None, (field, code)) for a refusal.
    """
    fields, outcome = dict.fromkeys(STAND_INS, payload), Outcome()
    for _ in range(len(fields) + 1):
        outcome.created, refusal = attempt(dict(fields))
        if refusal is None:
            return outcome
        name, code = refusal
        if name in fields and fields[name] != payload:
            name = next((f for f in FIX_ORDER if fields[f] == payload), None)
        if name not in fields:
            outcome.problems.append(f"unexpected refusal {refusal}")
            return outcome
        outcome.refused[name] = code
        fields[name] = STAND_INS[name]
    outcome.problems.append("refused even with every field replaced")
    return outcome


def refusal_problems(payload: str, refused: dict[str, str]) -> list[str]:
    """A refusal must be explained: too long, nothing left to post, or a boundary rule."""
    limits = {"title": TITLE_MAX, "content_warning": CONTENT_WARNING_MAX, "body": POST_MAX}
    problems = []
    for name, code in refused.items():
        limit = limits[name.split()[-1]]  # "reply body" is a body
        explained = (code in RULE_CODES or (code == "too_long" and len(payload) > limit)
                     or (code == "required" and not render_post(payload))
                     or not _visible(payload))
        if not explained:
            problems.append(f"{name} refused ({code}) though it fits")
    return problems


def kept_text_problems(title: str, warning: str | None, payload: str,
                       refused: dict[str, str]) -> list[str]:
    """Title and warning, where not refused, are the payload as plain text."""
    problems = []
    for name, value in (("title", title), ("content_warning", warning)):
        if name not in refused and (problem := plain_text_problem(value, payload)):
            problems.append(f"{name} {problem}")
    return problems


def _report(failures: dict[str, list[str]]) -> str:
    shown = "\n".join(f"  {key}: {'; '.join(problems)}" for key, problems in
                      list(failures.items())[:25])
    return f"{len(failures)} payloads came out unsafe or wrongly refused:\n{shown}"


@pytest.mark.parametrize("unsafe", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x6a;avascript:alert(1)">x</a>', '<a href="&amp;#x6a;avascript:1">x</a>',
    '<a href="java%0ascript:1">x</a>', '<a href="vbscript:x">x</a>', '<a href="data:,x">x</a>',
    '<a href="//evil.example">x</a>', '<a href="/\\evil.example">x</a>',
    '<a href="/x" onclick="alert(1)">x</a>', '<p style="x">x</p>', '<a href="/x" rel="me">x</a>',
    "<!-- x -->", "<!DOCTYPE html>", "<p>x</p><scr<script>ipt>", "<h1>x</h1>",
    "<a href=/x target=_top>x</a>",
])
def test_the_audit_catches_unsafe_html(unsafe):
    assert html_problems(unsafe)


@pytest.mark.parametrize("clean", [
    "<p>a &lt;script&gt; b</p>",
    f'<p><a href="https://example.org/a?b=c:d" rel="{LINK_REL}">x</a></p>',
    f'<a href="/guidelines" title="t" rel="{LINK_REL}">g</a>',
    f'<a href="mailto:a@b.c" rel="{LINK_REL}">m</a>',
    "<ul><li>a</li></ul><pre><code>x</code></pre><h3>h</h3><hr><br>",
])
def test_the_audit_passes_clean_html(clean):
    assert html_problems(clean) == []


# --- through the posting service: the whole corpus -------------------------------------------

def _service_attempt(board, author):
    def attempt(fields):
        try:
            return create_thread(board, author, fields["title"], fields["body"],
                                 fields["content_warning"]), None
        except ValidationError as error:
            db.session.rollback()
            return None, (error.field, error.code)
    return attempt


def _service_reply(thread: Thread, opening: Post, author: User, payload: str) -> list[str]:
    """The payload as a reply to the opening post, by its author (a held thread is theirs)."""
    try:
        reply = create_reply(thread, author, payload, parent_id=opening.id).post
    except ValidationError as error:
        db.session.rollback()
        return refusal_problems(payload, {f"reply {error.field}": error.code}) \
            if error.field in {"body", "content_warning"} else [f"reply refused: {error}"]
    return [f"reply: {p}" for p in html_problems(reply.body_html)]


def test_every_payload_through_the_posting_service(app, personas, corpus, fast_commits):
    failures, published = {}, 0
    with app.app_context():
        board = get_board_or_404(BOARD, None)
        author = db.session.scalar(db.select(User).filter_by(handle=personas["member"]))
        attempt = _service_attempt(board, author)
        records = for_this_database(corpus)
        for record in records:
            payload = record["payload"]
            outcome = post_with_fixes(attempt, payload)
            problems = outcome.problems + refusal_problems(payload, outcome.refused)
            published += "body" not in outcome.refused
            if outcome.created is not None:
                thread, opening, _ = outcome.created
                problems += [f"body: {p}" for p in html_problems(opening.body_html)]
                problems += kept_text_problems(thread.title, opening.content_warning, payload,
                                               outcome.refused)
                problems += _service_reply(thread, opening, author, payload)
            if problems:
                failures[record["id"]] = problems
        # What is stored is what is served: audit every body in the database once more.
        for post in db.session.scalars(db.select(Post)):
            if problems := html_problems(post.body_html):
                failures[f"post {post.id}"] = problems
    assert not failures, _report(failures)
    assert published >= 0.9 * len(records), "most payloads should post (escaped), not be refused"


# --- through the HTTP API: a representative sample ---------------------------------------------

def api_sample(corpus: list[dict]) -> list[dict]:
    """Every other payload that runs in Chromium unsanitised, every twentieth of the rest, and
    the ten longest."""
    fires = executing_ids(corpus_dir())
    firing = [r for r in corpus if r["id"] in fires]
    others = [r for r in corpus if r["id"] not in fires]
    longest = sorted(corpus, key=lambda r: len(r["payload"]))[-10:]
    chosen = {r["id"]: r for r in firing[::2] + others[::20] + longest}
    return list(chosen.values())


def _beyond_plain_ascii(payload: str) -> bool:
    return any(not " " <= ch <= "~" for ch in payload)


def for_this_database(corpus: list[dict]) -> list[dict]:
    """The whole corpus on SQLite; on PostgreSQL what it could store differently (see top)."""
    if db.engine.dialect.name == "sqlite":
        return corpus
    return [r for n, r in enumerate(corpus) if n % 10 == 0 or _beyond_plain_ascii(r["payload"])
            or len(r["payload"]) > CONTENT_WARNING_MAX]


def _api_refusal(answer) -> tuple[str, str]:
    """(field, code) of a 422 in the contract's error shape; anything else is a refusal too,
    under a name post_with_fixes reports as unexpected."""
    error = (answer.json or {}).get("error") or {}
    if answer.status_code == 422 and isinstance(error.get("message"), str) \
            and isinstance(error.get("code"), str):
        return error.get("field"), error["code"]
    return f"HTTP {answer.status_code}", answer.get_data(as_text=True)[:120]


def _api_attempt(api):
    def attempt(fields):
        answer = api.post(f"/boards/{BOARD}/threads", "member", json=fields)
        return (answer.json, None) if answer.status_code == 201 else (None, _api_refusal(answer))
    return attempt


def _api_reply_and_reread(api, created: dict, payload: str) -> list[str]:
    """Reply with the payload (as the author: a held thread is theirs), then read it all back."""
    thread_id, problems = created["thread"]["id"], []
    reply = api.post(f"/threads/{thread_id}/posts", "member",
                     json={"body": payload, "parent_id": created["post"]["id"]})
    if reply.status_code == 201:
        problems += [f"reply: {p}" for p in html_problems(reply.json["post"]["body_html"])]
    else:
        name, code = _api_refusal(reply)
        problems += refusal_problems(payload, {f"reply {name}": code}) \
            if name in {"body", "content_warning"} else [f"reply answered {name}: {code}"]
    served = api.get(f"/threads/{thread_id}", "member")
    assert served.status_code == 200, (thread_id, served.json)
    return problems + [f"served: {p}" for post in served.json["posts"]
                       for p in html_problems(post["body_html"])]


def test_sample_through_the_json_api(api, corpus, fast_commits):
    failures, published = {}, 0
    sample = api_sample(corpus)
    attempt = _api_attempt(api)
    for record in sample:
        payload = record["payload"]
        outcome = post_with_fixes(attempt, payload)
        problems = outcome.problems + refusal_problems(payload, outcome.refused)
        published += "body" not in outcome.refused
        if outcome.created is not None:
            data = outcome.created
            problems += [f"body: {p}" for p in html_problems(data["post"]["body_html"])]
            problems += kept_text_problems(data["thread"]["title"], data["post"]["content_warning"],
                                           payload, outcome.refused)
            problems += _api_reply_and_reread(api, data, payload)
        if problems:
            failures[record["id"]] = problems
    assert not failures, _report(failures)
    assert published >= 0.9 * len(sample), "most payloads should post (escaped), not be refused"


def test_samples_are_representative(app, corpus):
    sample = api_sample(corpus)
    assert len(executing_ids(corpus_dir()) & {r["id"] for r in sample}) >= 200
    owners = {r["source"].split("/")[0] for r in corpus}  # DOMPurify, bleach, OWASP, PATT
    assert {r["source"].split("/")[0] for r in sample} == owners
    assert 250 <= len(sample) <= 400
    assert max(len(r["payload"]) for r in sample) == max(len(r["payload"]) for r in corpus)
    with app.app_context():
        share = 1.0 if db.engine.dialect.name == "sqlite" else 0.25
        assert len(for_this_database(corpus)) >= share * len(corpus)


# --- handles ------------------------------------------------------------------------------

def test_every_payload_as_a_chosen_handle(app, corpus):
    accepted = {}
    with app.app_context():
        for record in corpus:
            try:
                handle = check_handle(record["payload"])
            except ValidationError as error:
                assert error.field == "handle"
                continue
            accepted[record["id"]] = handle
    unsafe = {key: handle for key, handle in accepted.items() if not HANDLE.fullmatch(handle)}
    assert not unsafe, f"handles accepted that are not plain: {unsafe}"


def test_handles_through_sign_up(api, corpus):
    """A sample through POST /accounts: refused with a 422 naming the handle, or a plain handle."""
    for record in api_sample(corpus)[:150]:
        answer = api.post("/accounts", json={"password": "a long enough passphrase 42",
                                             "handle": record["payload"]})
        if answer.status_code == 201:
            assert HANDLE.fullmatch(answer.json["handle"]), (record["id"], answer.json)
        else:
            assert answer.status_code == 422, (record["id"], answer.status_code, answer.json)
            assert answer.json["error"]["field"] == "handle", (record["id"], answer.json)
