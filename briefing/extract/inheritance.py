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
from dataclasses import dataclass, replace
from datetime import date

from briefing.extract.periods import find_period
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


def new_paragraph(sentences: Sequence[Sentence], index: int) -> bool:
    """Whether sentence `index` opens a paragraph (more than one space since the last one)."""
    return index == 0 or sentences[index].start - sentences[index - 1].end > 1


@dataclass(frozen=True)
class Carried:
    """What the paragraph has said before a sentence: its last period and its last deadline."""

    period: str | None = None
    deadline: str | None = None


@dataclass
class Draft:
    """A fact as its sentence gives it, with what it may inherit."""

    fact: Fact
    carried: Carried
    full_year: bool


class PeriodReader:
    """Follows a document's periods sentence by sentence."""

    def __init__(self, ref_year: int | None) -> None:
        self._ref_year = ref_year
        self._carried = Carried()

    def before(self, sentence: Sentence, *, opens_paragraph: bool) -> Carried:
        """What `sentence` may inherit; then remember the periods it states itself."""
        if opens_paragraph:
            self._carried = Carried()
        carried = self._carried
        if sentence.is_title:
            self._carried = Carried()
            return carried
        period = find_period(sentence.text, ref_year=self._ref_year, targets=False)
        deadline = find_period(sentence.text, ref_year=self._ref_year)
        if deadline is not None and not deadline.startswith("by "):
            deadline = None
        if period is not None or deadline is not None:
            self._carried = Carried(
                period=period or carried.period, deadline=deadline or carried.deadline
            )
        return carried


def says_full_year(text: str) -> bool:
    """Whether a sentence speaks of a whole year ("for the whole year", "full-year")."""
    return "year" in text and _FULL_YEAR.search(text) is not None


ANNUAL_REPORTING_MONTHS = 4
"""A report published by the end of this month may be about the year before."""


def settle_periods(
    drafts: Sequence[Draft],
    *,
    title_period: str | None,
    published: date | None,
    ref_year: int | None,
) -> list[Fact]:
    """The facts with the periods they inherit (see the module docstring)."""
    document_period = _document_year(drafts, published=published, ref_year=ref_year)
    out: list[Fact] = []
    for draft in drafts:
        fact = draft.fact
        if fact.from_title:
            out.append(fact)
            continue
        if fact.kind is FactKind.TARGET:
            if fact.period is None and draft.full_year:
                fact = replace(fact, period=_year_of(draft.carried.period or title_period))
            elif fact.period is None and draft.carried.deadline is not None:
                fact = replace(fact, period=draft.carried.deadline)
        elif fact.kind in _DATED_KINDS and fact.period is None:
            inherited = draft.carried.period or title_period or document_period
            if draft.full_year:
                inherited = _year_of(inherited) or document_period
            fact = replace(fact, period=inherited)
        out.append(fact)
    return out


def _document_year(
    drafts: Sequence[Draft], *, published: date | None, ref_year: int | None
) -> str | None:
    """The year a document's undated figures are about (see the module docstring)."""
    years = _dated_years(drafts)
    if published is None:
        return years.most_common(1)[0][0] if years else (str(ref_year) if ref_year else None)
    before = str(published.year - 1)
    if published.month <= ANNUAL_REPORTING_MONTHS and years[before] * 2 > years.total():
        return before
    return str(published.year)


def _dated_years(drafts: Sequence[Draft]) -> Counter[str]:
    """How often the document's own dated figures name each year."""
    years: Counter[str] = Counter()
    for draft in drafts:
        fact = draft.fact
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
