"""Reading facts: filtered listings, the whole store for the index and digests, topic names.

Listings return the domain's `Fact` with its `Source` (db/mapping.py maps the rows). No
query here reads a document's text: a fact cites its document by title, outlet, date and url,
so memory grows with the facts, never with facts times document sizes. The index loads
through `index_batches`, which streams plain rows (no ORM objects) in batches, column by
column.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, func, or_
from sqlalchemy import select as core_select
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from core.facts import Fact, Source
from db.mapping import source_of, to_fact
from db.models import Document, FactRow

MAX_SEARCH_CHARS = 200
"""The longest text `facts(search=...)` looks for; no subject or sentence needs more."""


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern that matches it literally ("%" and "_" are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


INDEX_BATCH = 5_000
"""Rows fetched at a time while the index loads: memory stays flat whatever the store size."""


class IndexColumns(NamedTuple):
    """A batch of stored facts, column by column, as the index reads them: `kind` as its value,
    `topics` as stored (the tags joined by commas), each fact's document by id."""

    id: Sequence[int]
    document_id: Sequence[int]
    kind: Sequence[str]
    subject: Sequence[str]
    region: Sequence[str | None]
    period: Sequence[str | None]
    value: Sequence[float | None]
    value_text: Sequence[str | None]
    unit: Sequence[str | None]
    scale: Sequence[str | None]
    base_value: Sequence[float | None]
    qualifier: Sequence[str | None]
    change: Sequence[float | None]
    event_date: Sequence[date | None]
    quote: Sequence[str]
    start: Sequence[int]
    end: Sequence[int]
    topics: Sequence[str]
    forms: Sequence[str | None]


_FACTS = FactRow.__table__  # type: ignore[attr-defined]
_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]
_INDEX_COLUMNS = tuple(_FACTS.c[name] for name in IndexColumns._fields)
_CITATION_COLUMNS = tuple(
    _DOCUMENTS.c[name]
    for name in ("id", "slug", "title", "outlet", "published", "url", "ingested_at")
)


def index_batches(*, session: Session, batch: int = INDEX_BATCH) -> Iterator[IndexColumns]:
    """Every stored fact, in id order, `batch` rows at a time, each batch column by column."""
    statement = core_select(*_INDEX_COLUMNS).order_by(_FACTS.c.id)
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        yield from _sqlite_batches(connection, statement, batch)
        return
    # A server-side cursor on PostgreSQL, its rows typed by the driver.
    streamed = connection.execution_options(stream_results=True, yield_per=batch)
    for rows in streamed.execute(statement).partitions(batch):
        yield IndexColumns._make(zip(*rows, strict=True))


_EVENT_DATE = IndexColumns._fields.index("event_date")


def _sqlite_batches(
    connection: Connection, statement: Select[Any], batch: int
) -> Iterator[IndexColumns]:
    """`index_batches` on SQLite: the driver's cursor itself, which steps through rows as they
    are read. Every column but the event date comes from SQLite as the index reads it, so
    SQLAlchemy's per-row result handling (about half of a load's reading time) is skipped;
    the dates, stored as ISO text, are read here."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(statement.compile(dialect=connection.dialect)))
        while rows := cursor.fetchmany(batch):
            columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
            columns[_EVENT_DATE] = [
                None if day is None else date.fromisoformat(day) for day in columns[_EVENT_DATE]
            ]
            yield IndexColumns._make(columns)
    finally:
        cursor.close()


def document_sources(*, session: Session) -> dict[int, Source]:
    """Every document's `Source` by document id (the text is not read)."""
    return {id_: source for id_, source, _ in _document_citations(session)}


def _document_citations(session: Session) -> list[tuple[int, Source, datetime]]:
    rows = session.connection().execute(core_select(*_CITATION_COLUMNS))
    return [(int(row.id), source_of(row), row.ingested_at) for row in rows]


def facts(
    *,
    session: Session,
    kind: str | None = None,
    region: str | None = None,
    document_slug: str | None = None,
    search: str | None = None,
) -> list[Fact]:
    """Facts with their sources, filtered, in document then sentence order.

    Args:
        kind: a `FactKind` value ("metric", "target", ...).
        region: exact region name, case-insensitive.
        document_slug: only this document's facts.
        search: case-insensitive substring of the subject or the quoted sentence, matched
            literally, at most MAX_SEARCH_CHARS long (longer raises ValueError).
    """
    statement = select(FactRow).join(Document).options(defer(FactRow.forms))  # type: ignore[arg-type]
    if kind:
        statement = statement.where(FactRow.kind == kind.lower())
    if region:
        statement = statement.where(func.lower(FactRow.region) == region.lower())
    if document_slug:
        statement = statement.where(Document.slug == document_slug)
    if search:
        if len(search) > MAX_SEARCH_CHARS:
            raise ValueError(f"search text is over {MAX_SEARCH_CHARS} characters")
        pattern = f"%{like_literal(search.lower())}%"
        statement = statement.where(
            or_(
                func.lower(FactRow.subject).like(pattern, escape="\\"),
                func.lower(FactRow.quote).like(pattern, escape="\\"),
            )
        )
    statement = statement.order_by(col(Document.slug), col(FactRow.start), col(FactRow.id))
    found = session.exec(statement).all()
    sources = document_sources(session=session) if found else {}
    return [to_fact(row, sources[row.document_id]) for row in found]


def all_facts(*, session: Session) -> list[Fact]:
    """Every stored fact with its source, in id order."""
    return [fact for fact, _ in facts_with_ingest_times(session=session)]


def facts_with_ingest_times(*, session: Session) -> list[tuple[Fact, datetime]]:
    """Every fact with its source and when its document was ingested, in id order."""
    documents = {id_: (source, at) for id_, source, at in _document_citations(session)}
    statement = select(FactRow).options(defer(FactRow.forms)).order_by(col(FactRow.id))  # type: ignore[arg-type]
    return [
        (to_fact(row, documents[row.document_id][0]), documents[row.document_id][1])
        for row in session.exec(statement)
    ]


def known_topics(*, session: Session) -> set[str]:
    """Every topic tag and region that facts carry."""
    names: set[str] = set()
    for topics, region in session.exec(select(FactRow.topics, FactRow.region).distinct()).all():
        names.update(tag.strip() for tag in topics.split(",") if tag.strip())
        if region:
            names.add(region)
    return names
