"""The domain's one fact type: a frozen `Fact` with its `Source`, and the closed set of kinds.

Extraction makes facts (no id yet), the store keeps them (`db/` maps rows to and from this
type), the index answers with them and presentation renders them. Each kind's behaviour
(headline style, question words, browse section, example question, de-dup key) has one entry
in `briefing.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class FactKind(StrEnum):
    """What sort of statement a fact is."""

    METRIC = "metric"
    TARGET = "target"
    COUNT = "count"
    RANKING = "ranking"
    EVENT = "event"
    PERSON = "person"


@dataclass(frozen=True, slots=True)
class Source:
    """The document a fact comes from (its sentence and offsets are on the fact)."""

    slug: str
    title: str
    outlet: str | None
    published: date | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Fact:
    """One cited statement of fact.

    `value` is the number as stated, `value_text` the figure as written, `base_value` the value
    in base units; `period` reads `2021-H1`, `2021-Q3`, `2020` or `by 2025`; `quote` is the
    source sentence and `start`/`end` its offsets in the document's cleaned text. `id` is None
    until the fact is stored.
    """

    kind: FactKind
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
    start: int
    end: int
    topics: tuple[str, ...]
    source: Source
    from_title: bool = False
    id: int | None = None

    @property
    def stored_id(self) -> int:
        """The id of a fact read from the store (a fact not yet stored has none)."""
        if self.id is None:
            raise ValueError(f"fact not stored yet: {self.subject!r}")
        return self.id


@dataclass(frozen=True, slots=True)
class Passage:
    """One stored sentence of a document, for the passage tier: its text, offsets and source."""

    text: str
    start: int
    end: int
    position: int  # the sentence's index in its document (0 is the title when there is one)
    source: Source
    id: int | None = None
