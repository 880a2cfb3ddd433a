"""One backend per database for full-text matches: each answers, for the plain words of a
query, the matching post ids and thread ids with a score (higher is better), best first and
at most `limit` of them. Everything else (visibility, boards, paging, excerpts) is shared in
services/search/__init__.py, so both databases answer the same searches alike.

Words reach the engines only as literals: FTS5 gets each word inside double quotes (the words
hold only letters and digits, so no quote can close early), PostgreSQL gets them as a bound
parameter of to_tsquery joined by `&`, with nothing in them that to_tsquery reads as syntax.
"""
from sqlalchemy import Integer, Select, bindparam, column, func, literal_column, select, table

from forum.models import Post, Thread
from forum.models.reading import SEARCH_CONFIG, tsvector
from forum.services.search.terms import Terms


class SqliteBackend:
    """SQLite's FTS5 tables posts_fts and threads_fts (porter stemming, prefix matches)."""

    @staticmethod
    def _match(terms: Terms) -> str:
        return " ".join(f'"{w}"*' if terms.is_prefix(w) else f'"{w}"' for w in terms.words)

    def _hits(self, name: str, terms: Terms, limit: int) -> Select:
        fts = table(name, column("rowid", Integer))
        score = (-func.bm25(literal_column(name))).label("score")  # bm25: lower is better
        return (select(fts.c.rowid.label("id"), score)
                .where(literal_column(name).op("MATCH")(bindparam("fts_query", self._match(terms))))
                .order_by(score.desc()).limit(limit))

    def post_hits(self, terms: Terms, limit: int) -> Select:
        """Posts whose body holds every word."""
        return self._hits("posts_fts", terms, limit)

    def thread_hits(self, terms: Terms, limit: int) -> Select:
        """Threads whose title holds every word."""
        return self._hits("threads_fts", terms, limit)


class PostgresBackend:
    """PostgreSQL's to_tsvector('english', ...) under GIN indexes (stemming, prefix matches)."""

    @staticmethod
    def _query(terms: Terms):
        words = " & ".join(f"{w}:*" if terms.is_prefix(w) else w for w in terms.words)
        return func.to_tsquery(literal_column(SEARCH_CONFIG), bindparam("ts_query", words))

    def _hits(self, key, text, terms: Terms, limit: int) -> Select:
        vector, query = tsvector(text), self._query(terms)
        score = func.ts_rank(vector, query).label("score")
        return (select(key.label("id"), score).where(vector.op("@@")(query))
                .order_by(score.desc()).limit(limit))

    def post_hits(self, terms: Terms, limit: int) -> Select:
        """Posts whose body holds every word."""
        return self._hits(Post.id, Post.body_source, terms, limit)

    def thread_hits(self, terms: Terms, limit: int) -> Select:
        """Threads whose title holds every word."""
        return self._hits(Thread.id, Thread.title, terms, limit)


def backend_for(dialect: str):
    """The backend for the database the forum runs on."""
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
