"""Sentences: every sentence of every document, and full-text search over them.

The passage tier asks this repository for the sentences that best match a question's terms.
Ranking is the database's: SQLite's FTS5 `bm25()` over the `sentence_fts` index, PostgreSQL's
`ts_rank` over the GIN-indexed `terms_tsv` (both made by migration 0003). Terms arrive already
analyzed (stemmed, glossed), so both databases index plain space-separated tokens.

How many sentences hold a word comes from SQLite's `fts5vocab` table `sentence_vocab`, and on
PostgreSQL from `sentence_term`, kept by the triggers of migration 0007. Ranking reads every
sentence holding a searched word, so callers pass a `window`: only the newest matches are
ranked, and `search(ranked=False)` finds matches without ranking them, for words too common
to rank.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Float, bindparam, column, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import Session

from core.facts import Passage, Source
from db.models import Document, SentenceRow

FULL_TEXT_OBJECTS = frozenset(
    {"sentence_fts", "sentence_vocab", "terms_tsv", "ix_sentence_terms_tsv", "sentence_term"}
)
"""Full-text objects migrations 0003 and 0007 make that the models do not declare (and FTS5's
own shadow tables, which share the `sentence_fts` prefix)."""

MAX_SEARCH_TERMS = 32
"""A question's terms beyond this many are not searched (a pasted paragraph is not a query)."""

_TOKEN = re.compile(r"^[^\W_]+$")
_SENTENCES = SentenceRow.__table__  # type: ignore[attr-defined]
_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]
_INSERT = _SENTENCES.insert()
_DELETE = _SENTENCES.delete().where(_SENTENCES.c.document_id == bindparam("document_key"))
_COUNT_FOR_DOCUMENT = text("SELECT count(*) FROM sentence WHERE document_id = :document_id")


class NewSentence(NamedTuple):
    """A sentence to store: its position, offsets, text and analyzed terms (space-separated)."""

    position: int
    start: int
    end: int
    text: str
    terms: str


class Hit(NamedTuple):
    """A sentence found for a query: its analyzed terms, and the database's relevance (higher
    is better)."""

    passage: Passage
    terms: frozenset[str]
    rank: float


def is_full_text_object(name: str | None) -> bool:
    """Whether a schema object belongs to the full-text index rather than to the models."""
    return name is not None and any(name.startswith(prefix) for prefix in FULL_TEXT_OBJECTS)


def replace_sentences(
    conn: Connection, *, document_id: int, sentences: Sequence[NewSentence]
) -> None:
    """Replace a document's stored sentences (inside the caller's transaction)."""
    conn.execute(_DELETE, {"document_key": document_id})
    if sentences:
        conn.execute(_INSERT, [{"document_id": document_id, **s._asdict()} for s in sentences])


def sentence_count(conn: Connection, *, document_id: int) -> int:
    """How many sentences are stored for a document."""
    return int(conn.execute(_COUNT_FOR_DOCUMENT, {"document_id": document_id}).scalar_one())


def search(
    *,
    session: Session,
    terms: Iterable[str],
    limit: int = 50,
    every: bool = False,
    window: int | None = None,
    ranked: bool = True,
) -> list[Hit]:
    """The sentences best matching any of `terms` (all of them when `every`), most relevant
    first; with `ranked=False`, the newest matching sentences, unranked.

    Ranking costs time in proportion to the sentences ranked, so with `window` only the newest
    `window` matching sentences are ranked (the latest documents are the ones a reader asks
    about); without it, every match is. Terms that are not plain word tokens are skipped (they
    cannot be in the index), so a hostile query cannot reach the full-text syntax.

    Unranked is for words so common that ranking their matches is not worth its cost: each
    match is as good as another to the index, and the latest documents are the ones a reader
    asks about. There `window` bounds the age instead: no sentence older than the `window`-th
    newest holding the first of `terms` is searched (put the rarest first), so when few
    sentences hold every word, the walk down the postings stops there rather than at the oldest
    sentence.
    """
    postgresql = _is_postgresql(session)
    if ranked:
        statement = _PG_RANKED if postgresql else _SQLITE_RANKED
    else:
        statement = _PG_NEWEST if postgresql else _SQLITE_NEWEST
    return _found(session, statement, terms, every, limit=limit, window=window or -1)


def _matched(found: str, order: str) -> str:
    """SQL reading the sentences `found` selects (`id`, `rank`) with their documents, in one
    round trip, in the `order` of `found`'s columns."""
    return (
        f"WITH found AS ({found}) "
        'SELECT s.id, s.position, s.start, s."end", s.text, s.terms, s.document_id, '
        "d.slug, d.title, d.outlet, d.published, d.url, found.rank "
        "FROM found JOIN sentence s ON s.id = found.id JOIN document d ON d.id = s.document_id "
        f"ORDER BY {order}"
    )


def _typed(sql: str) -> TextualSelect:
    """`_matched` SQL as a statement whose result columns SQLAlchemy converts (PostgreSQL)."""
    return text(sql).columns(
        _SENTENCES.c.id,
        _SENTENCES.c.position,
        _SENTENCES.c.start,
        _SENTENCES.c.end,
        _SENTENCES.c.text,
        _SENTENCES.c.terms,
        _SENTENCES.c.document_id,
        _DOCUMENTS.c.slug,
        _DOCUMENTS.c.title,
        _DOCUMENTS.c.outlet,
        _DOCUMENTS.c.published,
        _DOCUMENTS.c.url,
        column("rank", Float),
    )


# bm25() is lower for better matches. The window bounds the rowids ranked from below: one walk
# down the postings from the newest finds the bound, and FTS5 starts its scan there.
_SQLITE_RANKED = _matched(
    "SELECT rowid AS id, -bm25(sentence_fts) AS rank FROM sentence_fts "
    "WHERE sentence_fts MATCH :query AND rowid >= coalesce(("
    "  SELECT min(rowid) FROM (SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH :query "
    "  ORDER BY rowid DESC LIMIT :window)), 0) "
    "ORDER BY rank DESC, rowid LIMIT :limit",
    "found.rank DESC, found.id",
)
_SQLITE_NEWEST = _matched(
    "SELECT rowid AS id, 0.0 AS rank FROM sentence_fts "
    "WHERE sentence_fts MATCH :query AND rowid >= CASE WHEN :window < 0 THEN 0 ELSE coalesce(("
    "  SELECT min(rowid) FROM (SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH :first "
    "  ORDER BY rowid DESC LIMIT :window)), 0) END "
    "ORDER BY rowid DESC LIMIT :limit",
    "found.id DESC",
)
_PG_RANKED = _typed(
    _matched(
        "WITH matched AS ("
        "  SELECT id, terms_tsv FROM sentence WHERE terms_tsv @@ to_tsquery('simple', :query) "
        "  ORDER BY id DESC LIMIT CASE WHEN :window < 0 THEN NULL ELSE :window END) "
        "SELECT id, ts_rank(terms_tsv, to_tsquery('simple', :query)) AS rank FROM matched "
        "ORDER BY rank DESC, id LIMIT :limit",
        "found.rank DESC, found.id",
    )
)
_PG_NEWEST = _typed(
    _matched(
        "SELECT id, 0.0 AS rank FROM sentence "
        "WHERE terms_tsv @@ to_tsquery('simple', :query) "
        "AND id >= CASE WHEN :window < 0 THEN 0 ELSE coalesce(("
        "  SELECT min(id) FROM (SELECT id FROM sentence "
        "  WHERE terms_tsv @@ to_tsquery('simple', :first) ORDER BY id DESC LIMIT :window) AS w"
        "), 0) END "
        "ORDER BY id DESC LIMIT :limit",
        "found.id DESC",
    )
)


def _found(
    session: Session,
    statement: str | TextualSelect,
    terms: Iterable[str],
    every: bool,
    **bound: int,
) -> list[Hit]:
    tokens = list(dict.fromkeys(t for t in terms if _TOKEN.match(t)))[:MAX_SEARCH_TERMS]
    if not tokens:
        return []
    if isinstance(statement, str):  # SQLite
        phrases = [f'"{t}"' for t in tokens]
        query = (" AND " if every else " OR ").join(phrases)
    else:
        phrases = tokens
        query = (" & " if every else " | ").join(phrases)
    sources: dict[int, Source] = {}
    hits: list[Hit] = []
    for row in _rows(session, statement, {"query": query, "first": phrases[0], **bound}):
        (sentence_id, position, start, end, sentence, terms_text, document_id) = row[:7]
        slug, title, outlet, published, url, rank = row[7:]
        source = sources.get(document_id)
        if source is None:
            if isinstance(published, str):  # SQLite's DATE is ISO text
                published = date.fromisoformat(published)
            source = sources[document_id] = Source(slug, title, outlet, published, url)
        passage = Passage(sentence, start, end, position, source, sentence_id)
        hits.append(Hit(passage, frozenset(terms_text.split()), float(rank)))
    return hits


def _rows(
    session: Session, statement: str | TextualSelect, bound: dict[str, object]
) -> Iterable[Sequence[Any]]:
    """The rows of a search: SQLite's SQL on the session's own DBAPI connection (the passage
    tier's hot path, where SQLAlchemy's statement handling costs as much as FTS5's search),
    a typed statement through SQLAlchemy elsewhere."""
    if isinstance(statement, TextualSelect):
        return session.execute(statement, bound)
    return _sqlite_rows(session, statement, bound)


def _sqlite_rows(
    session: Session, sql: str, bound: dict[str, object] | tuple[object, ...]
) -> list[Any]:
    """The rows of a read on the sqlite3 connection under a SQLite session (in the session's
    transaction); its errors raised as SQLAlchemy's, as if it had gone through SQLAlchemy
    (`db.engine.is_transient` reads them)."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    try:
        return driver.execute(sql, bound).fetchall()
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, bound, exc, sqlite3.Error) from exc


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def document_frequencies(*, session: Session, terms: Iterable[str]) -> dict[str, int]:
    """In how many sentences each term occurs (for weighting a question's words)."""
    tokens = list(dict.fromkeys(t for t in terms if _TOKEN.match(t)))
    if not tokens:
        return {}
    if _is_postgresql(session):  # one read of the counts the triggers of 0007 keep
        lexemes = [token.lower() for token in tokens]  # as to_tsvector('simple') folds them
        rows = session.execute(_PG_FREQUENCIES, {"terms": lexemes}).all()
        found = {str(term): int(count) for term, count in rows}
        return {token: found.get(token.lower(), 0) for token in tokens}
    counts = {}
    for token in tokens:  # one lookup per term: fts5vocab serves `term =` from its index
        rows = _sqlite_rows(session, _SQLITE_FREQUENCY, (token,))
        counts[token] = int(rows[0][0] or 0) if rows else 0
    return counts


_SQLITE_FREQUENCY = "SELECT doc FROM sentence_vocab WHERE term = ?"


_PG_FREQUENCIES = text("SELECT term, sentences FROM sentence_term WHERE term = ANY(:terms)")


def total_sentences(*, session: Session) -> int:
    """How many sentences are stored."""
    return int(session.execute(text("SELECT count(*) FROM sentence")).scalar_one())
