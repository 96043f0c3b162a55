"""Per-document limits on what extraction may store, so one hostile document stays small.

A real briefing states tens of figures (the seeds: at most a dozen facts each); a document
with thousands is a table dump or an attack, and storing all of them costs every process that
loads the store. Figures beyond any sane magnitude (a 400-digit "amount" read as `inf`) are
refused one by one: they would break JSON output and every comparison that uses them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from core.facts import Fact

MAX_FACTS_PER_DOCUMENT = 2_000
"""Facts kept from one document, in document order; the rest are dropped and reported."""
MAX_FIGURE = 1e16
"""The largest magnitude a value or base value may have (ten quadrillion: world GDP in yuan
is under 1e15)."""
MAX_CHANGE = 1e5
"""The largest change, in percent or points, a fact may state."""


@dataclass(frozen=True)
class Bounded:
    """The facts kept, and how many were refused as out of range or over the cap."""

    facts: tuple[Fact, ...]
    out_of_range: int
    over_cap: int


def is_sane(fact: Fact) -> bool:
    """Whether every number of `fact` is finite and within the sane range."""
    for number, limit in (
        (fact.value, MAX_FIGURE),
        (fact.base_value, MAX_FIGURE),
        (fact.change, MAX_CHANGE),
    ):
        if number is not None and not (math.isfinite(number) and abs(number) <= limit):
            return False
    return True


def bound_facts(facts: Sequence[Fact], *, cap: int | None = None) -> Bounded:
    """Refuse facts with out-of-range numbers, then keep at most `cap` in document order
    (by default MAX_FACTS_PER_DOCUMENT, read when called: `bench.uncapped` lifts it)."""
    if cap is None:
        cap = MAX_FACTS_PER_DOCUMENT
    sane = [fact for fact in facts if is_sane(fact)]
    return Bounded(tuple(sane[:cap]), len(facts) - len(sane), max(0, len(sane) - cap))
