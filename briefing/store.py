"""The read side of the fact store for listings: stored facts as flat records, and counts."""

from __future__ import annotations

from typing import Any

from core.facts import Fact
from db import documents
from db import facts as stored_facts
from db.engine import Engine, new_session

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


def fact_record(fact: Fact) -> dict[str, Any]:
    """A flat, JSON-ready record of a fact with its source (keys: `RECORD_FIELDS`)."""
    source = fact.source
    return {
        "id": fact.id,
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
        "event_date": fact.event_date.isoformat() if fact.event_date else None,
        "quote": fact.quote,
        "topics": list(fact.topics),
        "document": source.slug,
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published.isoformat() if source.published else None,
        "url": source.url,
    }


def fact_records(
    *,
    engine: Engine,
    kind: str | None = None,
    region: str | None = None,
    document_slug: str | None = None,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """Stored facts as flat records, filtered like `db.facts.facts`."""
    with new_session(engine) as session:
        found = stored_facts.facts(
            session=session,
            kind=kind,
            region=region,
            document_slug=document_slug,
            search=search,
        )
    return [fact_record(fact) for fact in found]


def document_count(*, engine: Engine) -> int:
    """How many documents the store holds."""
    with new_session(engine) as session:
        return documents.document_count(session=session)
