"""The shapes answers and pages take.

These are the contract between the domain and its callers (CLI, handlers, digests): frozen
dataclasses that are safe to keep after the session that loaded them has closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.facts import Fact


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question.

    `matched` is True only when the engine claims `fact` (or `facts`, for aggregate
    questions) answers the question; a "did you mean" has matched False and alternatives.
    """

    question: str
    matched: bool
    confidence: float  # 0..1
    fact: Fact | None = None
    facts: tuple[Fact, ...] = ()  # aggregate answers: comparisons, rankings
    history: tuple[Fact, ...] = ()  # earlier values of the same measure
    alternatives: tuple[Fact, ...] = ()  # at most three "did you mean" candidates
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
