"""Plain-text headlines and citations of facts: the wording answers and browse pages carry.

`Answer.headline` and the items of a browse `Page` are built from these. Everything else users
read (answer cards, HTML, pages, digests, help) is rendered in `briefing.present`, which uses
these too; nothing here is HTML.
"""

from __future__ import annotations

import re
from datetime import date

from briefing.kinds import KINDS, HeadlineStyle
from briefing.views import Answer, Comparison
from core.facts import Fact, Source

_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
# Units a figure already says in its own way ("50%" is percent; "7th" is a rank).
_UNIT_SPELLED_AS = {"percent": "%", "%": "percent", "rank": ""}
_GLUED_SCALE_RE = re.compile(r"(\d)(?=(?:thousand|million|billion|trillion)\b)", re.IGNORECASE)


def format_number(value: float) -> str:
    """A number as people write it: 700, 11.25, 5,000."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_date(day: date) -> str:
    """25 Aug 2021."""
    return f"{day.day} {day:%b %Y}"


def format_long_date(day: date) -> str:
    """25 August 2021: the date an event headline states (unambiguous in any reading)."""
    return f"{day.day} {day:%B %Y}"


def format_change(change: float | None) -> str | None:
    """+22.6% year on year, or None."""
    if change is None:
        return None
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)}% year on year"


def format_figure(fact: Fact) -> str | None:
    """The figure as stated, with qualifier and unit: "over 3 trillion yuan", "7th"."""
    style = KINDS[fact.kind].headline
    if style is HeadlineStyle.RANKING and fact.value is not None and not fact.value_text:
        number = int(fact.value)
        suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIXES.get(number % 10, "th")
        return f"{number}{suffix}"
    figure = fact.value_text or ""
    if not figure and fact.value is not None:
        figure = format_number(fact.value)
        if fact.scale:
            figure = f"{figure} {fact.scale}"
    if not figure:
        return format_date(fact.event_date) if fact.event_date else None
    figure = _GLUED_SCALE_RE.sub(r"\1 ", figure)  # "20billion yuan" as written reads badly
    lowered = figure.lower()
    unit = (fact.unit or "").lower()
    spelled = _UNIT_SPELLED_AS.get(unit)
    if unit and unit not in lowered and (spelled is None or (spelled and spelled not in lowered)):
        figure = f"{figure}{unit}" if unit == "%" else f"{figure} {fact.unit}"
    if fact.qualifier and not lowered.startswith(fact.qualifier.lower()):
        figure = f"{fact.qualifier} {figure}"
    return figure


def fact_headline(fact: Fact) -> str:
    """One line: "Qingdao, software revenue, 2021-H1: 11.25 billion yuan, +22.6% year on year"."""
    subject = fact.subject.strip()
    label = [subject]
    style = KINDS[fact.kind].headline
    if style is HeadlineStyle.PERSON:  # the figure is the role, which names its own place
        figures = [fact.value_text] if fact.value_text else []
    else:
        if fact.region and fact.region.lower() not in subject.lower():
            label.insert(0, fact.region)
        if fact.period and fact.period.lower() not in subject.lower():
            label.append(fact.period)
        is_planned = (fact.period or "").lower().startswith(("by", "target"))
        if style is HeadlineStyle.TARGET and not is_planned and "target" not in subject.lower():
            label.append("target")
        figure = (
            format_long_date(fact.event_date)
            if style is HeadlineStyle.EVENT and fact.event_date is not None
            else format_figure(fact)
        )
        figures = [f for f in (figure, format_change(fact.change)) if f]
    text = ", ".join(label)
    return f"{text}: {', '.join(figures)}" if figures else text


def source_line(source: Source) -> str:
    """Title — Outlet, 25 Aug 2021."""
    tail = ", ".join(
        part
        for part in (source.outlet, format_date(source.published) if source.published else None)
        if part
    )
    return f"{source.title} — {tail}" if tail else source.title


def short_cite(source: Source) -> str:
    """Outlet, 25 Aug 2021 (or the title when neither is known)."""
    parts = [p for p in (source.outlet, format_date(source.published) if source.published else "")]
    text = ", ".join(p for p in parts if p)
    return text or source.title


def comparison_headline(comparison: Comparison) -> str:
    """ "internet services 46.6% vs software 22.6%: 24 points higher" for a comparison."""
    text = " vs ".join(f"{side.label} {side.figure}" for side in comparison.sides)
    first = comparison.sides[0]
    if comparison.difference is not None and first.percent:
        points = abs(comparison.difference)
        word = "higher" if comparison.difference > 0 else "lower"
        gap = "the same" if points == 0 else f"{format_number(points)} points {word}"
        return f"{text}: {gap}"
    if comparison.ratio is not None and comparison.ratio > 0:
        ratio = comparison.ratio if comparison.ratio >= 1 else 1 / comparison.ratio
        return f"{text} ({format_number(round(ratio, 1))}x)"
    return text


def ranking_headline(facts: tuple[Fact, ...], *, order_by: str, direction: str) -> str:
    """Names the winner of a superlative question, then the figure it won with."""
    top = facts[0]
    if order_by == "growth":
        word = "Fastest growth" if direction == "max" else "Slowest growth"
    else:
        word = "Largest" if direction == "max" else "Smallest"
    return f"{word} of {len(facts)}: {fact_headline(top)}"


def answer_headline(answer: Answer) -> str | None:
    """The headline of a matched answer: its ranking, its comparison or its one fact."""
    if not answer.matched:
        return None
    if answer.passage is not None:
        day = answer.passage.day
        return (
            f"{format_long_date(day)}: {answer.passage.clause}" if day else answer.passage.clause
        )
    if answer.ranking is not None and answer.facts:
        ranking = answer.ranking
        return ranking_headline(
            answer.facts, order_by=ranking.order_by, direction=ranking.direction
        )
    if answer.comparison is not None:
        return comparison_headline(answer.comparison)
    if answer.facts:
        return " vs ".join(fact_headline(f) for f in answer.facts)
    if answer.fact is None:
        return None
    headline = fact_headline(answer.fact)
    share = answer.progress_share
    if answer.progress is not None and share is not None:
        headline += f"; so far {format_figure(answer.progress)} ({format_number(share)}%)"
    return headline
