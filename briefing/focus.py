"""A topic or a region, named as users name them, that limits a listing or an export.

"smart city", "Smart-City" and "smart_city" all name the topic "smart-city"; a region is named
in any case or by its Chinese name (青岛 is Qingdao). `/metrics Shandong`, `/export smart-city`
and `citybrief facts --about Qingdao` read their argument here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from briefing.chinese.glossary import load_glossary
from core.facts import Fact

_SEPARATORS = re.compile(r"[\s_-]+")
MAX_PAGE_DIGITS = 3
"""A trailing number of at most this many digits is a page; a longer one (a year) is a word."""


class Placed(Protocol):
    """What a focus reads of a fact (a `Fact`, or an index entry without making the fact)."""

    @property
    def region(self) -> str | None: ...
    @property
    def topics(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Focus:
    """What an export (or a filtered listing) is limited to: a topic or a region, by name."""

    name: str  # as the store writes it: "smart-city", "Qingdao"
    is_region: bool

    def holds(self, fact: Placed) -> bool:
        """Whether `fact` is about this topic or region."""
        if self.is_region:
            return fact.region is not None and fact.region.lower() == self.name.lower()
        return self.name in fact.topics


def find_focus(text: str, facts: Iterable[Placed]) -> Focus | None:
    """The topic or region `text` names among the facts' own, or None.

    A region wins over a topic of the same name; "smart city", "Smart-City" and "smart_city"
    all name the topic "smart-city"; 青岛 names Qingdao.
    """
    wanted = _folded(text)
    if not wanted:
        return None
    chinese = load_glossary().places.get(text.strip())
    regions: dict[str, str] = {}
    topics: dict[str, str] = {}
    for fact in facts:
        if fact.region:
            regions.setdefault(_folded(fact.region), fact.region)
        for topic in fact.topics:
            topics.setdefault(_folded(topic), topic)
    if chinese is not None and _folded(chinese) in regions:
        return Focus(regions[_folded(chinese)], is_region=True)
    if wanted in regions:
        return Focus(regions[wanted], is_region=True)
    if wanted in topics:
        return Focus(topics[wanted], is_region=False)
    return None


def in_focus(facts: Iterable[Fact], focus: Focus | None) -> list[Fact]:
    """The facts about `focus` (all of them when None), in the order given."""
    return [f for f in facts if focus is None or focus.holds(f)]


def _folded(name: str) -> str:
    return _SEPARATORS.sub(" ", name.strip().lower())


@dataclass(frozen=True)
class ListingRequest:
    """What the words after a listing command ask for: a page, of facts about a focus, or a
    question (`/metrics 2`, `/metrics Shandong`, `/metrics Shandong 2`, `/metric 5G Shenzhen`)."""

    page: int = 1
    focus: Focus | None = None
    question: str | None = None


def read_listing_request(words: str, facts: Iterable[Placed]) -> ListingRequest:
    """Read a listing command's words: a trailing page number, then a topic or region; any
    other words are a question (a year, "/metrics 2021", is a question's word, not a page)."""
    parts = words.split()
    page = 1
    if parts and parts[-1].isdigit() and len(parts[-1]) <= MAX_PAGE_DIGITS:
        page = max(1, int(parts[-1]))
        parts = parts[:-1]
    if not parts:
        return ListingRequest(page=page)
    focus = find_focus(" ".join(parts), facts)
    if focus is not None:
        return ListingRequest(page=page, focus=focus)
    return ListingRequest(question=" ".join(words.split()))
