"""The shapes answers and pages take.

These are the contract between the domain and its callers (CLI, handlers, digests): frozen
dataclasses that are safe to keep after the session that loaded them has closed. They hold
data, never wording: presentation turns a `Refusal` or a `Ranking` into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from core.facts import Fact, Passage, Source

if TYPE_CHECKING:
    from briefing.question import Query


class Section(StrEnum):
    """A browsable listing of the store."""

    METRICS = "metrics"
    INITIATIVES = "initiatives"
    SOURCES = "sources"
    TOPICS = "topics"


class OrderBy(StrEnum):
    """What a superlative question orders facts by."""

    GROWTH = "growth"  # the year-on-year change
    VALUE = "value"  # the amount, in base units


class Direction(StrEnum):
    """Which end of the order a superlative question asks for."""

    MAX = "max"
    MIN = "min"


@dataclass(frozen=True)
class Ranking:
    """How the facts of a ranked answer are ordered ("which industry grew fastest")."""

    order_by: OrderBy
    direction: Direction


class RefusalCode(StrEnum):
    """Why an answer claims no fact."""

    BLANK_QUESTION = "blank_question"
    EMPTY_STORE = "empty_store"
    UNKNOWN_PLACE = "unknown_place"  # words: the place, as folded
    UNKNOWN_WORDS = "unknown_words"  # words: the question's words no document uses
    NO_MATCH = "no_match"
    GREETING = "greeting"  # small talk: "hi"
    THANKS = "thanks"  # small talk: "thanks"
    AMBIGUOUS = "ambiguous"  # the alternatives are equally close
    OTHER_PERIOD = "other_period"  # years/half: the period asked; alternatives: another's
    OTHER_REGION = "other_region"  # words: the region asked; alternatives: another's
    NO_MEASURE = "no_measure"  # a place or period but no measure; alternatives: some there
    PARTIAL_COMPARISON = "partial_comparison"  # words: the sides nothing was found for


@dataclass(frozen=True)
class Scope:
    """What the store can answer about, for a refusal to point the user to."""

    has_facts: bool
    places: tuple[str, ...] = ()  # the regions most facts are about, most first
    topics: tuple[str, ...] = ()  # the most common topics, most first


@dataclass(frozen=True)
class Refusal:
    """Why nothing was matched, as data; `briefing.present.refusals` words it."""

    code: RefusalCode
    words: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    half: int | None = None
    scope: Scope | None = None  # set when the reply should say what can be asked instead


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question.

    `matched` is True only when the engine claims `fact` (or `facts`, for aggregate
    questions, or `passage` when a sentence answers and no fact does) answers the question;
    a "did you mean" has matched False and alternatives.
    An aggregate answer is a ranking when `ranking` is set, else a comparison of `facts`.
    """

    question: str
    matched: bool
    confidence: float  # 0..1
    fact: Fact | None = None
    facts: tuple[Fact, ...] = ()  # aggregate answers: comparisons, rankings
    history: tuple[Fact, ...] = ()  # earlier values of the same measure
    alternatives: tuple[Fact, ...] = ()  # at most three "did you mean" candidates
    ranking: Ranking | None = None
    reason: Refusal | None = None  # why nothing was matched
    passage: PassageAnswer | None = None  # a sentence answers where no fact did
    comparison: Comparison | None = None  # two measures side by side, with their difference
    query: Query | None = None  # the question as answered, for a follow-up to change
    progress: Fact | None = None  # for a target: the latest figure of what it plans

    @property
    def progress_share(self) -> float | None:
        """How far `progress` has come towards the target `fact`, in percent (one decimal)."""
        done, target = self.progress, self.fact
        if done is None or target is None or not done.value or not target.value:
            return None
        return round(100 * done.value / target.value, 1)


@dataclass(frozen=True)
class ComparedSide:
    """One side of a comparison: what it is, its figure as written, and the number compared."""

    label: str
    figure: str
    value: float | None
    percent: bool  # the figure is a percentage (a growth rate or a share)
    fact: Fact | None = None
    passage: Passage | None = None
    growth: bool = False  # the figure is a growth rate: "faster", not "higher"
    unit: str | None = None  # what the figure is in ("yuan", "个"); None when not known


@dataclass(frozen=True)
class Comparison:
    """Two (or more) figures compared; `difference` is set when they are comparable: two
    rates of one kind (growth or share), or two amounts in one unit. Otherwise (a revenue and
    a rank, a share and an amount) the figures stand side by side.

    For percentages the difference is in percentage points; for amounts `ratio` is the first
    side's value over the second's.
    """

    sides: tuple[ComparedSide, ...]
    difference: float | None = None
    ratio: float | None = None


@dataclass(frozen=True)
class PassageAnswer:
    """A sentence that answers a question no extracted fact answered: the clause to show."""

    passage: Passage
    clause: str
    day: date | None = None  # the date a "when" question asks for, read from the clause


@dataclass(frozen=True)
class PageEntry:
    """One listed item as data, for presentation to word in the reader's language.

    A fact listing's entry holds its `fact`; a source listing's its `source` and how many facts
    (`count`) it gave; a topic listing's its `topic`, fact `count` and the `regions` covered.
    """

    fact: Fact | None = None
    source: Source | None = None
    topic: str | None = None
    count: int = 0
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of a browsable listing (metrics, initiatives, sources, topics).

    `title` and `items` are the English wording; `section`, `groups` (the regions or fact
    kinds the page's items fall under) and `entries` (parallel to `items`) are the same as data.
    """

    title: str
    items: tuple[str, ...]
    number: int  # 1-based
    count: int  # total pages
    fact_ids: tuple[int, ...] = field(default=())
    section: Section | None = None
    groups: tuple[str, ...] = ()
    entries: tuple[PageEntry, ...] = ()
    focus: str | None = None  # the topic or region the listing is limited to
