"""Plain, session-free views of stored facts, and the shapes answers and pages take.

These are the contract between the domain and its callers (CLI, handlers, digests): frozen
dataclasses that are safe to keep after the session that loaded them has closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class SourceView:
    """Where a fact comes from."""

    document_id: int
    title: str
    outlet: str | None
    published: date | None
    url: str | None


@dataclass(frozen=True)
class FactView:
    """One fact with its source, detached from the database."""

    id: int
    kind: str
    subject: str
    region: str | None
    period: str | None
    value: float | None
    value_text: str | None
    unit: str | None
    scale: str | None
    base_value: float | None
    qualifier: str | None
    change: float | None
    event_date: date | None
    quote: str
    topics: tuple[str, ...]
    source: SourceView


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question.

    `matched` is True only when the engine claims `fact` (or `facts`, for aggregate
    questions) answers the question; a "did you mean" has matched False and alternatives.
    """

    question: str
    matched: bool
    confidence: float  # 0..1
    fact: FactView | None = None
    facts: tuple[FactView, ...] = ()  # aggregate answers: comparisons, rankings
    history: tuple[FactView, ...] = ()  # earlier values of the same measure
    alternatives: tuple[FactView, ...] = ()  # at most three "did you mean" candidates
    headline: str | None = None
    reason: str | None = None  # why nothing was matched, in plain words


@dataclass(frozen=True)
class Page:
    """One page of a browsable listing (metrics, initiatives, sources, topics)."""

    title: str
    items: tuple[str, ...]
    number: int  # 1-based
    count: int  # total pages
    fact_ids: tuple[int, ...] = field(default=())
