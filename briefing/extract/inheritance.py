"""Periods a fact inherits when its own sentence names none.

A briefing states its period once and then lists figures: "In 2021, the added value ... The
software industry's revenue was ...". A fact whose sentence names no period takes, in order:

1. the period an earlier sentence of the same paragraph reported ("In 2021, ...");
2. the title's period ("... Grow 15.2% in First Half" → `2021-H1`);
3. the document's year: the year of publication, except in a report published early in a
   year (by the end of April) whose dated figures mostly speak of the year before: a report
   published in January 2023 about 2022 gives its undated figures 2022, not 2023. Without a
   publication date, the year its dated figures name most often.

"For the whole year" (or "full year") asks for the full year of whatever period applies: in
a first-half report, "480 billion yuan for the whole year" is a 2021 figure, not a 2021-H1 one.

Targets inherit only a deadline ("by 2025") from an earlier sentence of the paragraph; events
keep their dates and people have no period. A paragraph is a run of sentences with nothing but
single spaces between them (`briefing.text` joins paragraphs with a blank line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from briefing.extract.periods import ANNUAL_REPORTING_MONTHS, early_report_month, find_period
from briefing.text import Sentence
from core.facts import Fact, FactKind

_FULL_YEAR = re.compile(
    r"\b(?:(?:for|in|over|during|throughout)\s+the\s+(?:whole|full|entire)\s+year|full[- ]year)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_DATED_KINDS = frozenset({FactKind.METRIC, FactKind.COUNT, FactKind.RANKING})
"""Kinds that take a period from the paragraph, title or document when they have none."""
_COUNTED_KINDS = frozenset({FactKind.METRIC, FactKind.COUNT})
"""Kinds whose own periods tell which year a document is about."""


def opens_paragraph(sentences: Sequence[Sentence], index: int) -> bool:
    """Whether sentence `index` opens a paragraph (more than one space since the last one)."""
    return index == 0 or sentences[index].start - sentences[index - 1].end > 1


class Carried(NamedTuple):
    """What the paragraph has said before a sentence: its last period and its last deadline."""

    period: str | None = None
    deadline: str | None = None


class Pending(NamedTuple):
    """A fact read without a period, and what it may inherit."""

    position: int  # its place in the document's list of facts
    carried: Carried
    full_year: bool


class PeriodReader:
    """Follows a document's periods paragraph by paragraph, reading a sentence only when a
    later sentence of its paragraph has facts to give a period to (most sentences have none).

    Ask for sentences in document order; each sentence is read at most once.
    """

    def __init__(
        self,
        sentences: Sequence[Sentence],
        *,
        ref_year: int | None,
        published: date | None,
        title_period: str | None,
    ) -> None:
        self._sentences = sentences
        self._ref_year = ref_year
        self._ref_month = early_report_month(published, ref_year)
        self._title_period = title_period
        # The document's year is known before any fact is read unless the document may be a
        # report on the year before (see the module docstring): then `settle_periods` decides.
        self._year = (
            str(published.year)
            if published is not None and published.month > ANNUAL_REPORTING_MONTHS
            else None
        )
        self._paragraph = -1  # the index of the paragraph's first sentence
        self._read = 0  # sentences before this index of the paragraph are read
        self._carried = Carried()
        self._full_year_of = (-1, False)  # the last sentence asked about, and its answer

    def inherited(self, kind: FactKind, *, index: int, paragraph: int) -> str | None:
        """The period a fact of sentence `index` without one inherits, when it can be known
        while reading (None: `settle_periods` gives it at the end)."""
        if kind not in _DATED_KINDS or self._year is None:
            return None
        inherited = self.carried(index, paragraph=paragraph).period or self._title_period
        if self._full_year(index):
            return _year_of(inherited) or self._year
        return inherited or self._year

    def _full_year(self, index: int) -> bool:
        if index != self._full_year_of[0]:
            self._full_year_of = (index, says_full_year(self._sentences[index].text))
        return self._full_year_of[1]

    def carried(self, index: int, *, paragraph: int) -> Carried:
        """What sentence `index` may inherit from the earlier sentences of its paragraph,
        which starts at sentence `paragraph`."""
        if paragraph != self._paragraph:
            self._paragraph, self._read, self._carried = paragraph, paragraph, Carried()
        while self._read < index:
            self._take(self._sentences[self._read])
            self._read += 1
        return self._carried

    def _take(self, sentence: Sentence) -> None:
        if sentence.is_title:
            return
        ref_year, ref_month = self._ref_year, self._ref_month
        period = find_period(sentence.text, ref_year=ref_year, ref_month=ref_month, targets=False)
        deadline = find_period(sentence.text, ref_year=ref_year, ref_month=ref_month)
        if deadline is not None and not deadline.startswith("by "):
            deadline = None
        if period is not None or deadline is not None:
            carried = self._carried
            self._carried = Carried(
                period=period or carried.period, deadline=deadline or carried.deadline
            )


def says_full_year(text: str) -> bool:
    """Whether a sentence speaks of a whole year ("for the whole year", "full-year")."""
    lower = text.lower()
    return ("whole year" in lower or "full" in lower or "entire year" in lower) and (
        _FULL_YEAR.search(text) is not None
    )


def needs_period(fact: Fact) -> bool:
    """Whether a fact read without a period may inherit one (see the module docstring)."""
    return (
        fact.period is None
        and not fact.from_title
        and (fact.kind is FactKind.TARGET or fact.kind in _DATED_KINDS)
    )


def settle_periods(
    facts: list[Fact],
    pending: Sequence[Pending],
    *,
    title_period: str | None,
    published: date | None,
    ref_year: int | None,
) -> None:
    """Give the pending facts the periods they inherit, in place (see the module docstring)."""
    if not pending:
        return
    document_period = _document_year(facts, published=published, ref_year=ref_year)
    for position, carried, full_year in pending:
        fact = facts[position]
        if fact.kind is FactKind.TARGET:
            if full_year:
                facts[position] = _with_period(fact, _year_of(carried.period or title_period))
            elif carried.deadline is not None:
                facts[position] = _with_period(fact, carried.deadline)
            continue
        inherited = carried.period or title_period or document_period
        if full_year:
            inherited = _year_of(inherited) or document_period
        facts[position] = _with_period(fact, inherited)


def _with_period(fact: Fact, period: str | None) -> Fact:
    """`fact` with another period."""
    return replace(fact, period=period)


def _document_year(
    facts: Sequence[Fact], *, published: date | None, ref_year: int | None
) -> str | None:
    """The year a document's undated figures are about (see the module docstring)."""
    years = _dated_years(facts)
    if published is None:
        return years.most_common(1)[0][0] if years else (str(ref_year) if ref_year else None)
    before = str(published.year - 1)
    if published.month <= ANNUAL_REPORTING_MONTHS and years[before] * 2 > years.total():
        return before
    return str(published.year)


def _dated_years(facts: Sequence[Fact]) -> Counter[str]:
    """How often the document's own dated figures name each year."""
    years: Counter[str] = Counter()
    for fact in facts:
        if fact.kind in _COUNTED_KINDS and fact.period and not fact.from_title:
            year = _year_of(fact.period)
            if year is not None and not fact.period.startswith("by "):
                years[year] += 1
    return years


def _year_of(period: str | None) -> str | None:
    """The (last) year a period names: `2021-H1` → `2021`."""
    if not period:
        return None
    found = _YEAR.findall(period)
    return found[-1] if found else None
