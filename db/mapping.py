"""Stored rows to and from the domain's `Fact`: the one place the two shapes meet."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from core.facts import Fact, FactKind, Source
from db.models import Document, FactRow


def source_of(document: Document | DocumentSource) -> Source:
    """A stored document (or its citation columns) as the `Source` its facts cite."""
    return Source(
        slug=document.slug,
        title=document.title,
        outlet=document.outlet,
        published=document.published,
        url=document.url,
    )


class DocumentSource(Protocol):
    """The columns of a document a citation needs (a row of them, without the text)."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def published(self) -> date | None: ...
    @property
    def url(self) -> str | None: ...


def topics_of(stored: str) -> tuple[str, ...]:
    """The topic tags of a stored comma-separated list."""
    return tuple(t.strip() for t in stored.split(",") if t.strip())


def to_fact(row: FactRow, source: Source) -> Fact:
    """A stored fact row, with its document's source, as a domain `Fact`."""
    return Fact(
        id=row.id,
        kind=FactKind(row.kind),
        subject=row.subject,
        region=row.region,
        period=row.period,
        value=row.value,
        value_text=row.value_text,
        unit=row.unit,
        scale=row.scale,
        base_value=row.base_value,
        qualifier=row.qualifier,
        change=row.change,
        event_date=row.event_date,
        quote=row.quote,
        start=row.start,
        end=row.end,
        topics=topics_of(row.topics),
        source=source,
    )


def fact_values(fact: Fact, *, document_id: int, forms: str | None = None) -> dict[str, Any]:
    """The column values of a new fact row for `fact` in document `document_id`, with its
    folded `forms` (`briefing.forms`)."""
    return {
        "document_id": document_id,
        "kind": str(fact.kind),
        "subject": fact.subject,
        "region": fact.region,
        "period": fact.period,
        "value": fact.value,
        "value_text": fact.value_text,
        "unit": fact.unit,
        "scale": fact.scale,
        "base_value": fact.base_value,
        "qualifier": fact.qualifier,
        "change": fact.change,
        "event_date": fact.event_date,
        "quote": fact.quote,
        "start": fact.start,
        "end": fact.end,
        "topics": ",".join(fact.topics),
        "forms": forms,
    }
