"""What each kind of fact means to the rest of the code: one registry entry per `FactKind`.

Extraction de-duplicates by the entry's key, the scorer asks which question words the kind
answers, browsing files it under its section and builds example questions from its template,
and presentation picks the headline style. Adding a kind is one member of
`core.facts.FactKind` plus one row in `_ROWS` (and its example questions, if it has any); a
test checks that every kind has its entry in `KINDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from briefing.views import Section
from core.facts import Fact, FactKind


class Want(StrEnum):
    """What a question asks for, read from its question words ("how many" asks for a count)."""

    AMOUNT = "amount"
    GROWTH = "growth"
    COUNT = "count"
    RANK = "rank"
    TARGET = "target"
    DATE = "date"
    PERSON = "person"


class HeadlineStyle(StrEnum):
    """How presentation words a fact's one-line headline."""

    FIGURE = "figure"  # "Region, subject, period: figure, change"
    TARGET = "target"  # a figure marked as a target unless its period says so ("by 2025")
    RANKING = "ranking"  # a figure that is a place in a list ("7th")
    EVENT = "event"  # the event's date is its figure
    PERSON = "person"  # "Name: role"; the role names its own place


DedupKey = Callable[[Fact], tuple[object, ...]]
"""What makes two extracted facts of one document the same fact."""


@dataclass(frozen=True)
class KindSpec:
    """Everything the code does differently for one kind of fact.

    `answers` are the question wants a fact of this kind answers outright; `sized` says
    whether "largest"/"smallest" questions order these facts by amount. `example` and
    `growth_example` (used when the fact states a change) are `str.format` templates with
    `{subject}`, `{where}` (" in Region" or "") and `{when}` (" in 2021" or "").
    """

    kind: FactKind
    headline: HeadlineStyle
    answers: frozenset[Want]
    section: Section
    sized: bool
    dedup_key: DedupKey
    example: str | None = None
    growth_example: str | None = None

    @property
    def states_a_figure(self) -> bool:
        """Whether the fact's headline is a figure (an event's is its date, a person's a role)."""
        return self.headline not in (HeadlineStyle.EVENT, HeadlineStyle.PERSON)


_NOT_LETTERS = re.compile(r"[^a-z]")


def person_key(name: str) -> str:
    """A name compared across spellings ("Zhao Haozhi" and "Zhaohaozhi" are one person)."""
    return _NOT_LETTERS.sub("", name.lower())


def _figure_key(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, fact.base_value, fact.unit, fact.change, fact.region)


def _ranking_key(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, fact.value, fact.region)


def _event_key(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, fact.event_date, fact.subject.lower())


def _person_key(fact: Fact) -> tuple[object, ...]:
    return (fact.kind, person_key(fact.subject))


# One row per kind: the kind, its headline style, the want it answers outright, its section,
# whether it is sized, its de-dup key.
_ROWS: tuple[tuple[FactKind, HeadlineStyle, Want | None, Section, bool, DedupKey], ...] = (
    (FactKind.METRIC, HeadlineStyle.FIGURE, None, Section.METRICS, True, _figure_key),
    (FactKind.TARGET, HeadlineStyle.TARGET, Want.TARGET, Section.INITIATIVES, True, _figure_key),
    (FactKind.COUNT, HeadlineStyle.FIGURE, Want.COUNT, Section.METRICS, True, _figure_key),
    (FactKind.RANKING, HeadlineStyle.RANKING, Want.RANK, Section.METRICS, False, _ranking_key),
    (FactKind.EVENT, HeadlineStyle.EVENT, Want.DATE, Section.INITIATIVES, False, _event_key),
    (FactKind.PERSON, HeadlineStyle.PERSON, Want.PERSON, Section.INITIATIVES, False, _person_key),
)
_EXAMPLES: Mapping[FactKind, str] = {
    FactKind.METRIC: "What was {subject}{where}{when}?",
    FactKind.TARGET: "What is the target for {subject}{where}?",
    FactKind.COUNT: "How many {subject}{where}?",
    FactKind.RANKING: "What was the {subject} ranking{where}?",
    FactKind.EVENT: "When was {subject}{where}?",
}
"""Each kind's example question (a person has none)."""
_GROWTH_EXAMPLES: Mapping[FactKind, str] = {
    FactKind.METRIC: "How fast did {subject}{where} grow{when}?",
}
"""The example question for a fact of the kind that states a change."""

KINDS: Mapping[FactKind, KindSpec] = {
    kind: KindSpec(
        kind=kind,
        headline=headline,
        answers=frozenset(() if want is None else (want,)),
        section=section,
        sized=sized,
        dedup_key=dedup_key,
        example=_EXAMPLES.get(kind),
        growth_example=_GROWTH_EXAMPLES.get(kind),
    )
    for kind, headline, want, section, sized, dedup_key in _ROWS
}
"""The registry: one entry per fact kind."""
