"""Sentences: every sentence of every document, and full-text search over them.

The passage tier asks this repository for the sentences that best match a question's terms.
Ranking is the database's: SQLite's FTS5 `bm25()` over the `sentence_fts` index, PostgreSQL's
`ts_rank` over the GIN-indexed `terms_tsv` (both made by migration 0003). Terms arrive already
analyzed (stemmed, glossed), so both databases index plain space-separated tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from core.facts import Passage
from db.mapping import source_of
from db.models import Document, SentenceRow

FULL_TEXT_OBJECTS = frozenset(
    {"sentence_fts", "sentence_vocab", "terms_tsv", "ix_sentence_terms_tsv"}
)
"""Full-text objects migration 0003 makes that the models do not declare (and FTS5's own
shadow tables, which share the `sentence_fts` prefix)."""

MAX_SEARCH_TERMS = 32
"""A question's terms beyond this many are not searched (a pasted paragraph is not a query)."""

_TOKEN = re.compile(r"^[^\W_]+$")
_SENTENCES = SentenceRow.__table__  # type: ignore[attr-defined]
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
    *, session: Session, terms: Iterable[str], limit: int = 50, every: bool = False
) -> list[Hit]:
    """The sentences best matching any of `terms` (all of them when `every`), most relevant
    first.

    Terms that are not plain word tokens are skipped (they cannot be in the index), so a
    hostile query cannot reach the full-text syntax.
    """
    tokens = list(dict.fromkeys(t for t in terms if _TOKEN.match(t)))[:MAX_SEARCH_TERMS]
    if not tokens:
        return []
    if session.get_bind().dialect.name == "postgresql":
        rows = session.execute(
            text(
                "SELECT id, ts_rank(terms_tsv, to_tsquery('simple', :query)) AS rank "
                "FROM sentence WHERE terms_tsv @@ to_tsquery('simple', :query) "
                "ORDER BY rank DESC, id LIMIT :limit"
            ),
            {"query": (" & " if every else " | ").join(tokens), "limit": limit},
        ).all()
        ranked = [(int(row[0]), float(row[1])) for row in rows]
    else:
        rows = session.execute(
            text(
                "SELECT rowid, bm25(sentence_fts) AS rank FROM sentence_fts "
                "WHERE sentence_fts MATCH :query ORDER BY rank, rowid LIMIT :limit"
            ),
            {
                "query": (" AND " if every else " OR ").join(f'"{t}"' for t in tokens),
                "limit": limit,
            },
        ).all()
        ranked = [(int(row[0]), -float(row[1])) for row in rows]  # bm25(): lower is better
    return _hits(session, ranked)


def _hits(session: Session, ranked: list[tuple[int, float]]) -> list[Hit]:
    if not ranked:
        return []
    ids = [sentence_id for sentence_id, _ in ranked]
    rows: dict[int, Any] = {
        row.id: row
        for row in session.execute(_SENTENCES.select().where(_SENTENCES.c.id.in_(ids))).all()
    }
    wanted = {row.document_id for row in rows.values()}
    documents = {
        d.id: source_of(d)
        for d in session.exec(select(Document).where(col(Document.id).in_(wanted))).all()
    }
    hits: list[Hit] = []
    for sentence_id, rank in ranked:
        row = rows.get(sentence_id)
        if row is None:
            continue
        passage = Passage(
            text=row.text,
            start=row.start,
            end=row.end,
            position=row.position,
            source=documents[row.document_id],
            id=row.id,
        )
        hits.append(Hit(passage, frozenset(row.terms.split()), rank))
    return hits


def document_frequencies(*, session: Session, terms: Iterable[str]) -> dict[str, int]:
    """In how many sentences each term occurs (for weighting a question's words)."""
    tokens = list(dict.fromkeys(t for t in terms if _TOKEN.match(t)))[:MAX_SEARCH_TERMS]
    if not tokens:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        counts = {}
        for token in tokens:
            counts[token] = int(
                session.execute(
                    text(
                        "SELECT count(*) FROM sentence "
                        "WHERE terms_tsv @@ to_tsquery('simple', :term)"
                    ),
                    {"term": token},
                ).scalar_one()
            )
        return counts
    statement = text("SELECT doc FROM sentence_vocab WHERE term = :term")
    counts = {}
    for token in tokens:  # one lookup per term: fts5vocab serves `term =` from its index
        count = session.execute(statement, {"term": token}).scalar()
        counts[token] = int(count or 0)
    return counts


def total_sentences(*, session: Session) -> int:
    """How many sentences are stored."""
    return int(session.execute(text("SELECT count(*) FROM sentence")).scalar_one())
