"""Listings of the fact store: a fact as a flat record (`citybrief facts`), and counts."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from core.facts import Fact
from db import documents
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
    flat = asdict(fact) | {
        "kind": str(fact.kind),
        "topics": list(fact.topics),
        "document": source.slug,
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published,
        "url": source.url,
    }
    return {name: _json_ready(flat[name]) for name in RECORD_FIELDS}


def _json_ready(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def document_count(*, engine: Engine) -> int:
    """How many documents the store holds."""
    with new_session(engine) as session:
        return documents.document_count(session=session)
