"""Stored rows to and from the domain's `Fact`: the one place the two shapes meet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import Row

from core.facts import Fact, FactKind, Source
from core.records import from_attributes
from db.models import Document, FactRow


def source_of(document: Document | Row[Any]) -> Source:
    """A stored document (or a row of its citation columns) as the `Source` its facts cite."""
    return from_attributes(Source, document)


def topics_of(stored: str) -> tuple[str, ...]:
    """The topic tags of a stored comma-separated list."""
    return tuple(t.strip() for t in stored.split(",") if t.strip())


def to_fact(row: FactRow | ColumnRow, source: Source) -> Fact:
    """A stored fact row (or a row of the index's columns of it), with its document's source, as
    a domain `Fact`."""
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
        topics=row.topics if isinstance(row.topics, tuple) else topics_of(row.topics),
        source=source,
    )


class ColumnRow:
    """Row `i` of a batch of columns (`db.facts.IndexColumns`, a named tuple of sequences), read
    by column name as `to_fact` reads a `FactRow`."""

    __slots__ = ("_columns", "_i")

    def __init__(self, columns: tuple[Sequence[Any], ...], i: int) -> None:
        self._columns = columns
        self._i = i

    def __getattr__(self, column: str) -> Any:
        return getattr(self._columns, column)[self._i]


FACT_COLUMNS = tuple(
    field.name for field in fields(Fact) if field.name not in {"source", "from_title", "id"}
)
"""The columns a `Fact` holds under the same names (all its fields but its source, whether it
came from the title, and its id), in the order of both."""


def fact_values(fact: Fact, *, document_id: int, forms: str | None = None) -> dict[str, Any]:
    """The column values of a new fact row for `fact` in document `document_id`, with its
    folded `forms` (`briefing.forms`)."""
    return {
        "document_id": document_id,
        **{name: getattr(fact, name) for name in FACT_COLUMNS},
        "kind": str(fact.kind),
        "topics": ",".join(fact.topics),
        "forms": forms,
    }
