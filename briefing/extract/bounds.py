"""Bounds beside exact figures: "突破600亿元，达到612亿元", "more than 600, reaching 612"."""

from __future__ import annotations

from core.facts import Fact, FactKind

_BOUNDS = frozenset({"over", "more than", "nearly", "at least"})
"""Qualifiers of a figure that only bounds the exact one its sentence may state too."""
_FIGURES = frozenset({FactKind.METRIC, FactKind.COUNT, FactKind.TARGET})


def without_bounds(facts: list[Fact]) -> list[Fact]:
    """`facts` but a bound ("突破600亿元") whose sentence states the exact figure of the same
    measure ("，达到612亿元"): the exact figure is the answer, the bound its rounding."""
    exact = {_measure(f) for f in facts if f.qualifier is None and f.value is not None}
    return [f for f in facts if f.qualifier not in _BOUNDS or _measure(f) not in exact]


def _measure(fact: Fact) -> tuple[object, ...]:
    if fact.kind not in _FIGURES:
        return (fact.kind, fact.start)  # never a bound's twin
    return (fact.quote, fact.subject, fact.unit, fact.period, fact.region, fact.kind)
