"""The read side of the fact store for listings: stored facts as flat records."""

from __future__ import annotations

from typing import Any

from db import queries
from db.engine import Engine, new_session
from db.models import Document, FactRow

# Column order of `citybrief facts --csv` and the keys of `--json` objects.
RECORD_FIELDS = (
    "id",
    "kind",
    "subject",
    "region",
    "period",
    "value",
    "value_text",
    "unit",
    "scale",
    "base_value",
    "qualifier",
    "change",
    "event_date",
    "quote",
    "topics",
    "document",
    "title",
    "outlet",
    "published",
    "url",
)


def fact_record(fact: FactRow, document: Document) -> dict[str, Any]:
    """A flat, JSON-ready record of a fact with its source (keys: `RECORD_FIELDS`)."""
    return {
        "id": fact.id,
        "kind": fact.kind,
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
        "event_date": fact.event_date.isoformat() if fact.event_date else None,
        "quote": fact.quote,
        "topics": [t for t in fact.topics.split(",") if t],
        "document": document.slug,
        "title": document.title,
        "outlet": document.outlet,
        "published": document.published.isoformat() if document.published else None,
        "url": document.url,
    }


def fact_records(
    *,
    engine: Engine,
    kind: str | None = None,
    region: str | None = None,
    document_slug: str | None = None,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """Stored facts as flat records, filtered like `db.queries.facts`."""
    with new_session(engine) as session:
        rows = queries.facts(
            session=session,
            kind=kind,
            region=region,
            document_slug=document_slug,
            search=search,
        )
        return [fact_record(fact, document) for fact, document in rows]
