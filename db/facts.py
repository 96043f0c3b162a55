"""Reading facts: filtered listings, the whole store for the index and digests, topic names.

Every function returns the domain's `Fact` with its `Source` (db/mapping.py maps the rows).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.facts import Fact
from db.mapping import source_of, to_fact
from db.models import Document, FactRow

MAX_SEARCH_CHARS = 200
"""The longest text `facts(search=...)` looks for; no subject or sentence needs more."""


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern that matches it literally ("%" and "_" are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
    statement = select(FactRow, Document).join(Document)
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
    return [to_fact(row, source_of(document)) for row, document in session.exec(statement)]


def all_facts(*, session: Session) -> list[Fact]:
    """Every stored fact with its source, in id order."""
    return [fact for fact, _ in facts_with_ingest_times(session=session)]


def facts_with_ingest_times(*, session: Session) -> list[tuple[Fact, datetime]]:
    """Every fact with its source and when its document was ingested, in id order."""
    documents = {d.id: d for d in session.exec(select(Document)).all()}
    sources = {key: source_of(d) for key, d in documents.items()}
    rows = session.exec(select(FactRow).order_by(col(FactRow.id))).all()
    return [
        (to_fact(row, sources[row.document_id]), documents[row.document_id].ingested_at)
        for row in rows
    ]


def known_topics(*, session: Session) -> set[str]:
    """Every topic tag and region that facts carry."""
    names: set[str] = set()
    for topics, region in session.exec(select(FactRow.topics, FactRow.region).distinct()).all():
        names.update(tag.strip() for tag in topics.split(",") if tag.strip())
        if region:
            names.add(region)
    return names
