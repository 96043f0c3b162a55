"""Keyword-only query functions for documents and facts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from core.facts import Fact
from db.mapping import source_of, to_fact
from db.models import Document, FactRow


def document_by_slug(*, session: Session, slug: str) -> Document | None:
    """The document with this slug, or None."""
    return session.exec(select(Document).where(Document.slug == slug)).first()


def document_identity(*, session: Session | Connection, slug: str) -> tuple[int, str] | None:
    """(id, content hash) of the document with this slug, or None; cheaper than loading it.

    Takes a Core connection as well, for the ingest's bulk path.
    """
    table = Document.__table__  # type: ignore[attr-defined]
    statement = sa_select(table.c.id, table.c.content_hash).where(table.c.slug == slug)
    row = session.execute(statement).first()
    return (int(row[0]), str(row[1])) if row is not None else None


def documents(*, session: Session) -> Sequence[Document]:
    """All documents, newest publication first (undated last)."""
    statement = select(Document).order_by(
        col(Document.published).is_(None), col(Document.published).desc(), col(Document.slug)
    )
    return session.exec(statement).all()


def fact_by_id(*, session: Session, fact_id: int) -> tuple[FactRow, Document] | None:
    """One fact with its document, or None."""
    statement = select(FactRow, Document).join(Document).where(FactRow.id == fact_id)
    row = session.exec(statement).first()
    return (row[0], row[1]) if row else None


def facts(
    *,
    session: Session,
    kind: str | None = None,
    region: str | None = None,
    document_slug: str | None = None,
    search: str | None = None,
    topic: str | None = None,
    after_id: int | None = None,
    limit: int | None = None,
) -> Sequence[tuple[FactRow, Document]]:
    """Facts with their documents, filtered, in document then sentence order.

    Args:
        kind: metric, target, count, ranking, event or person.
        region: exact region name, case-insensitive.
        document_slug: only this document's facts.
        search: case-insensitive substring of the subject or the quoted sentence.
        topic: a topic tag the fact carries.
        after_id: only facts with a larger id (new since a cursor).
        limit: at most this many.
    """
    statement = select(FactRow, Document).join(Document)
    if kind:
        statement = statement.where(FactRow.kind == kind.lower())
    if region:
        statement = statement.where(func.lower(FactRow.region) == region.lower())
    if document_slug:
        statement = statement.where(Document.slug == document_slug)
    if search:
        pattern = f"%{search.lower()}%"
        statement = statement.where(
            or_(func.lower(FactRow.subject).like(pattern), func.lower(FactRow.quote).like(pattern))
        )
    if topic:
        statement = statement.where(
            func.lower("," + col(FactRow.topics) + ",").like(f"%,{topic.lower()},%")
        )
    if after_id is not None:
        statement = statement.where(col(FactRow.id) > after_id)
    statement = statement.order_by(col(Document.slug), col(FactRow.start), col(FactRow.id))
    if limit is not None:
        statement = statement.limit(limit)
    return [(fact, document) for fact, document in session.exec(statement).all()]


def fact_count(*, session: Session, document_id: int | None = None) -> int:
    """How many facts are stored (in one document when given)."""
    statement = select(func.count()).select_from(FactRow)
    if document_id is not None:
        statement = statement.where(FactRow.document_id == document_id)
    return int(session.exec(statement).one())


def store_version(*, session: Session) -> tuple[int, int, datetime | None]:
    """A cheap fingerprint of the fact store: (documents, facts, last ingest time)."""
    documents, last = session.exec(
        select(func.count(col(Document.id)), func.max(Document.ingested_at))
    ).one()
    facts = session.exec(select(func.count(col(FactRow.id)))).one()
    return int(documents), int(facts), last


def all_facts(*, session: Session) -> list[Fact]:
    """Every stored fact with its source, in id order."""
    sources = {d.id: source_of(d) for d in session.exec(select(Document)).all()}
    rows = session.exec(select(FactRow).order_by(col(FactRow.id))).all()
    return [to_fact(row, sources[row.document_id]) for row in rows]
