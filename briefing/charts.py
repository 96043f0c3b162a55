"""What a chart shows: the figures of one measure over its periods, or of several side by side.

A chart is data here (`Chart`), drawn by `briefing.present.charts`. A measure (what a fact
measures in one region, `briefing.index.Measure`) with figures for two or more periods is a
line over time; a comparison or a ranking, or one measure stated for several regions in the
same period, is a bar chart. Figures are put on one scale (the scale of the latest figure, so
"3,299 hundred million" and "32.99 billion" meet) and only comparable figures share a chart:
the same unit, or all of them growth rates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from weakref import WeakKeyDictionary

from briefing.extract.figures import SCALES
from briefing.index import Entry, FactIndex
from briefing.kinds import Want
from briefing.views import Answer, OrderBy
from core.facts import Fact, FactKind

MIN_POINTS = 2
"""A chart needs at least this many figures; one figure is a sentence, not a chart."""
MAX_BARS = 12
"""A bar chart shows at most this many figures (the first ones of a ranking)."""
CHARTED_KINDS = frozenset({FactKind.METRIC, FactKind.COUNT, FactKind.TARGET})
"""Kinds whose figures are amounts that can be drawn (not places in a list, dates or names)."""


class ChartStyle(StrEnum):
    """How the figures are drawn."""

    LINE = "line"  # one measure over its periods
    BAR = "bar"  # figures side by side: regions, or the facts of a comparison or ranking


class Plotted(StrEnum):
    """Which number of each fact is drawn."""

    VALUE = "value"  # the amount, on the scale of the chart
    GROWTH = "growth"  # the year-on-year change, in percent


@dataclass(frozen=True)
class ChartPoint:
    """One drawn figure: what it is labelled with (a period, a region, a subject) and its fact."""

    label: str
    value: float
    fact: Fact


@dataclass(frozen=True)
class Chart:
    """Figures to draw, with what they measure; presentation words the title and axes.

    `subject` and `region` name the measure when every point shares it (None for a bar chart
    of different subjects or regions); `unit` and `scale` apply to every drawn value.
    """

    style: ChartStyle
    plotted: Plotted
    points: tuple[ChartPoint, ...]
    subject: str | None
    region: str | None
    unit: str | None
    scale: str | None

    @property
    def facts(self) -> tuple[Fact, ...]:
        """The facts behind the points, in drawing order."""
        return tuple(point.fact for point in self.points)

    @property
    def key(self) -> tuple[object, ...]:
        """What the drawn image depends on: a cache of images is keyed by it."""
        return (
            self.style,
            self.plotted,
            self.subject,
            self.region,
            self.unit,
            self.scale,
            tuple((p.label, p.value, p.fact.stored_id, p.fact.source) for p in self.points),
        )


def chart_for_answer(index: FactIndex, answer: Answer) -> Chart | None:
    """The chart an answer can show, or None when it has fewer than two comparable figures."""
    if not answer.matched:
        return None
    if answer.facts:
        growth = answer.ranking is not None and answer.ranking.order_by is OrderBy.GROWTH
        return comparison_chart(answer.facts, plotted=Plotted.GROWTH if growth else None)
    if answer.fact is not None and answer.fact.id is not None:
        return chart_for_fact(index, answer.fact.stored_id)
    return None


def chart_for_request(index: FactIndex, answer: Answer) -> Chart | None:
    """What `/chart` draws for an answer: its own chart, else the figures stated beside its
    fact (the same sentence's figures of the same kind, unit and period), by growth when the
    question asks how fast."""
    chart = chart_for_answer(index, answer)
    fact = answer.fact
    if chart is not None or not answer.matched or fact is None or fact.id is None:
        return chart
    entry = index.get(fact.stored_id)
    if entry is None:
        return None
    growth = answer.query is not None and answer.query.want is Want.GROWTH
    siblings = [
        e.fact
        for e in index.neighbours(entry)
        if e.fact.source.slug == fact.source.slug
        and e.fact.quote == fact.quote
        and (e.fact.kind, e.fact.period, e.fact.unit) == (fact.kind, fact.period, fact.unit)
    ]
    if not siblings:
        return None
    ordered = sorted([fact, *siblings], key=lambda f: -((f.change if growth else _amount(f)) or 0))
    return comparison_chart(ordered, plotted=Plotted.GROWTH if growth else None)


def chart_for_fact(index: FactIndex, fact_id: int) -> Chart | None:
    """The history of a fact's measure, else the same measure across regions; None if neither
    has two figures."""
    entry = index.get(fact_id)
    if entry is None or entry.fact.kind not in CHARTED_KINDS:
        return None
    return series_chart(index, entry) or regions_chart(index, entry)


def series_chart(index: FactIndex, entry: Entry) -> Chart | None:
    """A line of the measure's latest figure for each period it is stated for."""
    by_period: dict[str, Entry] = {}
    for other in sorted(index.same_measure(entry), key=_latest_first):
        period = other.fact.period
        if period and _amount(other.fact) is not None and period not in by_period:
            by_period[period] = other
    if len(by_period) < MIN_POINTS:
        return None
    ordered = sorted(by_period.values(), key=lambda e: e.period_rank)
    # Targets ("by 2025") follow the figures reached; a plan is not history.
    ordered.sort(key=lambda e: (e.fact.period or "").lower().startswith("by"))
    latest = ordered[-1].fact
    scale = latest.scale
    points = tuple(
        ChartPoint(e.fact.period or "", _on_scale(e.fact, scale), e.fact) for e in ordered
    )
    return Chart(
        style=ChartStyle.LINE,
        plotted=Plotted.VALUE,
        points=points,
        subject=latest.subject,
        region=latest.region,
        unit=latest.unit,
        scale=scale,
    )


def regions_chart(index: FactIndex, entry: Entry) -> Chart | None:
    """Bars of the same measure in every region that states it for the fact's period."""
    fact = entry.fact
    peers: dict[str, Entry] = {}
    for other in _measured_alike(index).get(_across_regions(entry), ()):
        o = other.fact
        if o.region and _amount(o) is not None:
            kept = peers.get(o.region)
            if kept is None or _latest_first(other) < _latest_first(kept):
                peers[o.region] = other
    if len(peers) < MIN_POINTS:
        return None
    ordered = sorted(peers.values(), key=lambda e: -(e.fact.base_value or e.fact.value or 0))
    ordered = ordered[:MAX_BARS]
    scale = fact.scale
    return Chart(
        style=ChartStyle.BAR,
        plotted=Plotted.VALUE,
        points=tuple(
            ChartPoint(e.fact.region or "", _on_scale(e.fact, scale), e.fact) for e in ordered
        ),
        subject=fact.subject,
        region=None,
        unit=fact.unit,
        scale=scale,
    )


def comparison_chart(facts: Iterable[Fact], *, plotted: Plotted | None = None) -> Chart | None:
    """Bars of the facts of a comparison or ranking, when their figures can be compared.

    Amounts are compared when they share a unit; otherwise (or when `plotted` asks for it)
    their year-on-year growth, when each states one.
    """
    shown = [f for f in facts if f.kind in CHARTED_KINDS or f.change is not None][:MAX_BARS]
    if len(shown) < MIN_POINTS:
        return None
    units = {(f.unit or "").lower() for f in shown}
    amounts = all(_amount(f) is not None for f in shown) and len(units) == 1
    if plotted is None:
        plotted = Plotted.VALUE if amounts else Plotted.GROWTH
    if plotted is Plotted.VALUE and not amounts:
        return None
    if plotted is Plotted.GROWTH and any(f.change is None for f in shown):
        return None
    scale = _common_scale(shown) if plotted is Plotted.VALUE else None
    points = tuple(
        ChartPoint(
            _bar_label(f, shown),
            _on_scale(f, scale) if plotted is Plotted.VALUE else float(f.change or 0.0),
            f,
        )
        for f in shown
    )
    subjects = {f.subject for f in shown}
    regions = {f.region for f in shown}
    return Chart(
        style=ChartStyle.BAR,
        plotted=plotted,
        points=points,
        subject=next(iter(subjects)) if len(subjects) == 1 else None,
        region=next(iter(regions)) if len(regions) == 1 else None,
        unit=shown[0].unit if plotted is Plotted.VALUE else "%",
        scale=scale,
    )


_AcrossRegions = tuple[str, FactKind, str, str | None]
_BY_INDEX: WeakKeyDictionary[FactIndex, dict[_AcrossRegions, list[Entry]]] = WeakKeyDictionary()


def _across_regions(entry: Entry) -> _AcrossRegions:
    """What one measure in one period shares across regions: subject, kind, unit, period."""
    return (entry.measure.subject, entry.fact.kind, entry.measure.unit, entry.fact.period)


def _measured_alike(index: FactIndex) -> dict[_AcrossRegions, list[Entry]]:
    """The index's facts grouped by `_across_regions`, built once per index."""
    groups = _BY_INDEX.get(index)
    if groups is None:
        groups = defaultdict(list)
        for entry in index.entries:
            groups[_across_regions(entry)].append(entry)
        _BY_INDEX[index] = groups
    return groups


def _bar_label(fact: Fact, shown: list[Fact]) -> str:
    """What tells this bar from the others: its subject, region or period, as they differ."""
    parts = []
    if len({f.subject for f in shown}) > 1:
        parts.append(fact.subject)
    if len({f.region for f in shown}) > 1 and fact.region:
        parts.append(fact.region)
    if len({f.period for f in shown}) > 1 and fact.period:
        parts.append(fact.period)
    return ", ".join(parts) or fact.subject


def _amount(fact: Fact) -> float | None:
    return fact.base_value if fact.base_value is not None else fact.value


def _latest_first(entry: Entry) -> tuple[int, int, int]:
    rank = entry.period_rank
    return (-rank.year, -rank.month, -(entry.fact.id or 0))


def _common_scale(facts: list[Fact]) -> str | None:
    """The scale most of the figures are written in, the larger on a tie (all values are
    redrawn on it)."""
    scales = [f.scale for f in facts]
    return max(set(scales), key=lambda s: (scales.count(s), SCALES.get(s or "", 1.0)))


def _on_scale(fact: Fact, scale: str | None) -> float:
    """The fact's amount on `scale` ("billion"): 3,299 hundred million is 329.9 billion."""
    amount = _amount(fact)
    assert amount is not None
    if fact.base_value is None:
        return amount
    return amount / SCALES.get(scale or "", 1.0)
