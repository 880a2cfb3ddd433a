"""One backend per database for full-text matches: each answers, for the plain words of a
query, the matching post ids and thread ids with a score (higher is better), for at most
`limit` of them: the newest matches (highest ids), so a word in half the forum costs no more
than `limit` scores, and the engine can stop early (FTS5 walks its index in rowid order; on
PostgreSQL the score is computed only for the ids kept). Everything else (visibility, boards, paging, excerpts) is shared in
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
                .order_by(fts.c.rowid.desc()).limit(limit))

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

    def _hits(self, model, text_of, terms: Terms, limit: int) -> Select:
        query = self._query(terms)
        newest = (select(model.id).where(tsvector(text_of(model)).op("@@")(query))
                  .order_by(model.id.desc()).limit(limit).subquery())
        score = func.ts_rank(tsvector(text_of(model)), query).label("score")
        return select(model.id.label("id"), score).join(newest, newest.c.id == model.id)

    def post_hits(self, terms: Terms, limit: int) -> Select:
        """Posts whose body holds every word."""
        return self._hits(Post, lambda m: m.body_source, terms, limit)

    def thread_hits(self, terms: Terms, limit: int) -> Select:
        """Threads whose title holds every word."""
        return self._hits(Thread, lambda m: m.title, terms, limit)


def backend_for(dialect: str):
    """The backend for the database the forum runs on."""
    return PostgresBackend() if dialect == "postgresql" else SqliteBackend()
