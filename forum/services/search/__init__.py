"""Full-text search over thread titles and post bodies, ranked, with highlighted excerpts.

One interface for every database: `search(viewer, q, board, page)`. The database's backend
(backends.py) finds the best-scoring matches; this module keeps only what the viewer may see,
in SQL through forum/visibility.py (so counts and pages never reveal hidden, held, removed or
restricted content), groups a thread's title and opening post into one "thread" result, and
pages the rest as "post" results.

Cost is bounded: at most TERMS_MAX words, PAGE_SIZE results a page and MAX_PAGES pages, and
only the newest CANDIDATES_MAX matching posts and THREAD_CANDIDATES_MAX matching titles are
scored (bm25 or ts_rank, the costly part) and ranked, best first. A product choice: in peer
support the conversations that are still going are the ones a member can join, and a search
shows at most MAX_PAGES * PAGE_SIZE (500) results anyway, so scoring the newest 400 posts and
200 titles (instead of 1,000 of each) keeps every query with fewer matches exactly as it was,
and ranks the rest among the recent ones by relevance, for well under half the cost of a search
right after a write (when nothing is remembered). Older matches stay reachable with a narrower
query or one board.
"""
import math
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, func, null, select, union_all
from sqlalchemy.orm import aliased, load_only, selectinload

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.services.boards.reading import get_board_or_404, viewer_key
from forum.services.freshness import CONTENT, remembered
from forum.services.search.backends import backend_for
from forum.services.search.excerpts import excerpt_html, plain_text
from forum.services.search.terms import QUERY_MAX, Terms, check_query, terms_of
from forum.visibility import status_lets_see, status_visible, visible_threads

PAGE_SIZE = 20
MAX_PAGES = 25
CANDIDATES_MAX = 400  # newest matching posts scored (see the module)
THREAD_CANDIDATES_MAX = 200  # newest matching titles scored
TITLE_WEIGHT = 2.0  # a word in the title says more about a thread than one in a reply
# What a result's excerpt needs of a post (not its source text, often the larger half).
_EXCERPT_ONLY = load_only(Post.id, Post.thread_id, Post.parent_id, Post.author_id, Post.status,
                          Post.body_html, Post.removed_at)

__all__ = ["QUERY_MAX", "PAGE_SIZE", "MAX_PAGES", "Result", "Results", "search", "check_query"]


@dataclass
class Result:
    """One result: a thread (its title or opening post matched) or a reply that matched."""

    type: str
    thread: Thread
    post: Post | None
    excerpt_html: str


@dataclass
class Results:
    """One page of results, with the page number and how many pages there are."""

    items: list[Result]
    page: int
    pages: int
    terms: Terms


def search(viewer: User | None, query, board_slug: str | None = None, page: int = 1) -> Results:
    """The results the viewer may see for a query, best first; `board_slug` keeps one board
    (NotFound for a board the viewer may not see). An empty or over-long query is a
    ValidationError; a query of only punctuation finds nothing."""
    terms = terms_of(check_query(query))
    board_id = get_board_or_404(board_slug, viewer).id if board_slug else None
    if not terms.words:
        return Results([], 1, 1, terms)
    ranked = remembered(("search", tuple((w, terms.is_prefix(w)) for w in terms.words),
                         board_id, viewer_key(viewer)),
                        lambda: _ranked_rows(terms, viewer, board_id), large=True,
                        scopes=(CONTENT,))
    pages = max(1, math.ceil(len(ranked) / PAGE_SIZE))
    page = max(1, min(page, pages))
    rows = ranked[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return Results(_results(rows, terms, viewer), page, pages, terms)


def _ranked_rows(terms: Terms, viewer: User | None, board_id: int | None) -> list[tuple]:
    """(thread_id, post_id) of every result, best first: scoring the candidate matches is the
    costly part of a search (bm25 for each), so the answer is remembered for this viewer
    until a thread or a post is written (freshness.remembered, CONTENT), and paging reads it
    again."""
    # Every page's rows, ordered in SQL: read once, then counted and paged here, rather than
    # asking the database the same question twice (a count, then a page).
    return [tuple(row) for row in db.session.execute(_ranked(terms, viewer, board_id))]


def _ranked(terms: Terms, viewer: User | None, board_id: int | None):
    """SQL: (thread_id, post_id or NULL for a thread result) the viewer may see, best first."""
    backend = backend_for(db.engine.dialect.name)
    post_hits = backend.post_hits(terms, CANDIDATES_MAX).subquery()
    thread_hits = backend.thread_hits(terms, THREAD_CANDIDATES_MAX).subquery()
    first = aliased(Post)
    # The opening post is the thread's first top-level one: ix_posts_thread_top_level finds it
    # in one step, even in a thread of thousands of posts.
    opener = select(func.min(first.id)).where(first.thread_id == Post.thread_id,
                                              first.parent_id.is_(None)).scalar_subquery()
    posts = (select(Post.thread_id.label("thread_id"),
                    case((Post.id == opener, cast(null(), Integer)), else_=Post.id)
                    .label("post_id"), post_hits.c.score.label("score"))
             .join_from(post_hits, Post, Post.id == post_hits.c.id)
             .join(Thread, Thread.id == Post.thread_id)
             # visible_posts, spelled as a join: a post the viewer's status rules let them see,
             # in a thread they may see (an IN list of every visible thread costs far more).
             .where(status_visible(viewer, Post), visible_threads(viewer),
                    Post.removed_at.is_(None)))
    threads = (select(Thread.id.label("thread_id"), cast(null(), Integer).label("post_id"),
                      (thread_hits.c.score * TITLE_WEIGHT).label("score"))
               .join_from(thread_hits, Thread, Thread.id == thread_hits.c.id)
               .where(visible_threads(viewer)))
    if board_id is not None:
        posts = posts.where(Thread.board_id == board_id)
        threads = threads.where(Thread.board_id == board_id)
    hits = union_all(posts, threads).subquery()
    score = func.sum(hits.c.score)
    return (select(hits.c.thread_id, hits.c.post_id)
            .group_by(hits.c.thread_id, hits.c.post_id)
            .order_by(score.desc(), hits.c.thread_id.desc(),
                      func.coalesce(hits.c.post_id, 0).desc())
            .limit(PAGE_SIZE * MAX_PAGES))


def _results(rows, terms: Terms, viewer: User | None) -> list[Result]:
    """Load the page's threads and posts in two queries and cut their excerpts."""
    thread_ids = {thread_id for thread_id, _ in rows}
    threads = {t.id: t for t in db.session.scalars(
        select(Thread).where(Thread.id.in_(thread_ids)).options(selectinload(Thread.board)))}
    openers = select(func.min(Post.id)).where(Post.thread_id.in_(thread_ids),
                                              Post.parent_id.is_(None)).group_by(Post.thread_id)
    post_ids = {post_id for _, post_id in rows if post_id is not None}
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids) | Post.id.in_(openers)).options(_EXCERPT_ONLY))}
    opening = {p.thread_id: p for p in sorted(posts.values(), key=lambda p: -p.id)}
    results = []
    for thread_id, post_id in rows:
        thread = threads[thread_id]
        if post_id is None:
            first = opening.get(thread_id)
            # The thread is visible (ranked through visible_threads): the post's own status
            # is what is left to ask.
            shown = first is not None and not first.is_removed and status_lets_see(viewer, first)
            text = plain_text(first.body_html) if shown else thread.title
            results.append(Result("thread", thread, None, excerpt_html(text, terms)))
        else:
            post = posts[post_id]
            results.append(Result("post", thread, post,
                                  excerpt_html(plain_text(post.body_html), terms)))
    return results
