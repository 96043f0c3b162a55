"""What the newest documents say: each with its few most important facts (`/latest`).

Documents are ordered by publication date, newest first (an undated one by when it was
ingested, which its facts' ids follow). A document's facts are ranked by what a reader wants
first: figures before counts before plans, rankings, events and people; a figure that states
its growth before one that does not; larger amounts first. One fact per measure, and none
without a figure, date or name to show.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from briefing.index import FactIndex
from briefing.kinds import KINDS
from core.facts import Fact, FactKind, Source

DOCUMENTS = 3
"""How many documents /latest shows."""
FACTS_PER_DOCUMENT = 3
"""How many facts of each document it shows."""
KIND_ORDER = (
    FactKind.METRIC,
    FactKind.COUNT,
    FactKind.TARGET,
    FactKind.RANKING,
    FactKind.EVENT,
    FactKind.PERSON,
)
"""Which kinds of fact a reader of the news wants first."""


@dataclass(frozen=True)
class DocumentNews:
    """A document, its most important facts, and how many facts it holds in all."""

    source: Source
    facts: tuple[Fact, ...]
    count: int


def latest_documents(
    index: FactIndex, *, documents: int = DOCUMENTS, per_document: int = FACTS_PER_DOCUMENT
) -> tuple[DocumentNews, ...]:
    """The newest `documents` documents, each with its `per_document` most important facts."""
    by_document: dict[str, list[Fact]] = defaultdict(list)
    for entry in index.entries:
        by_document[entry.fact.source.slug].append(entry.fact)
    ordered = sorted(by_document.values(), key=_newest_first)
    return tuple(
        DocumentNews(facts[0].source, top_facts(facts, limit=per_document), len(facts))
        for facts in ordered[:documents]
    )


def document_news(
    index: FactIndex, slug: str, *, per_document: int = FACTS_PER_DOCUMENT
) -> DocumentNews | None:
    """One document's most important facts, or None if the store has no facts from it."""
    facts = [e.fact for e in index.entries if e.fact.source.slug == slug]
    if not facts:
        return None
    return DocumentNews(facts[0].source, top_facts(facts, limit=per_document), len(facts))


def top_facts(facts: list[Fact], *, limit: int = FACTS_PER_DOCUMENT) -> tuple[Fact, ...]:
    """The most important of `facts`, one per measure, most important first."""
    kept: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for fact in sorted((f for f in facts if _shows_something(f)), key=importance, reverse=True):
        key = KINDS[fact.kind].dedup_key(fact)
        measure = (fact.kind, fact.region, fact.subject.lower())
        if key in seen or measure in seen:
            continue
        seen.update((key, measure))
        kept.append(fact)
        if len(kept) == limit:
            break
    return tuple(kept)


def importance(fact: Fact) -> tuple[int, int, float, int]:
    """A sort key, larger first: kind, a stated growth, the amount's size, then earliest."""
    kind = len(KIND_ORDER) - KIND_ORDER.index(fact.kind) if fact.kind in KIND_ORDER else 0
    amount = fact.base_value if fact.base_value is not None else fact.value
    size = math.log10(abs(amount) + 1) if amount is not None else 0.0
    return (kind, int(fact.change is not None), size, -(fact.id or 0))


def _shows_something(fact: Fact) -> bool:
    return fact.value is not None or fact.event_date is not None or bool(fact.value_text)


def _newest_first(facts: list[Fact]) -> tuple[int, int]:
    published = facts[0].source.published
    day = published.toordinal() if published else 0
    return (-day, -max(f.id or 0 for f in facts))
