"""A topic or a region, named as users name them, that limits a listing, an export or a digest.

"smart city", "Smart-City" and "smart_city" all name the topic "smart-city"; a region is named
in any case or by its Chinese name (青岛 and 青岛市 are Qingdao), a topic by the Chinese term
the glossary gives it (智慧城市 is smart-city). `/metrics Shandong`, `/export smart-city`,
`citybrief facts --about Qingdao`, `/subscribe 青岛` and `/unsubscribe smart city` read their
argument here (`name_in`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.chinese.glossary import load_glossary
from core.facts import Fact

_SEPARATORS = re.compile(r"[\s_-]+")
MAX_PAGE_DIGITS = 3
"""A trailing number of at most this many digits is a page; a longer one (a year) is a word."""


@dataclass(frozen=True)
class Focus:
    """What an export (or a filtered listing) is limited to: a topic or a region, by name."""

    name: str  # as the store writes it: "smart-city", "Qingdao"
    is_region: bool

    def holds(self, fact: Fact) -> bool:
        """Whether `fact` is about this topic or region."""
        if self.is_region:
            return fact.region is not None and fact.region.lower() == self.name.lower()
        return self.name in fact.topics


def find_focus(text: str, facts: Iterable[Fact]) -> Focus | None:
    """The topic or region `text` names among the facts' own, or None.

    A region wins over a topic of the same name (see `name_in` for how names are read).
    """
    regions: dict[str, None] = {}
    topics: dict[str, None] = {}
    for fact in facts:
        if fact.region:
            regions.setdefault(fact.region)
        topics.update(dict.fromkeys(fact.topics))
    region = name_in(text, regions)
    if region is not None:
        return Focus(region, is_region=True)
    topic = name_in(text, topics)
    return Focus(topic, is_region=False) if topic is not None else None


def name_in(text: str, names: Iterable[str]) -> str | None:
    """The one of `names` (topics or regions, as the store writes them) that `text` names.

    Any case, and spaces, hyphens or underscores between words ("smart city" is "smart-city");
    a Chinese place name, with or without its suffix (青岛, 青岛市: Qingdao), or a Chinese term
    of the glossary (智慧城市: smart city). None when `text` names none of them.
    """
    wanted = fold_name(text)
    if not wanted:
        return None
    by_folded: dict[str, str] = {}
    for name in names:
        by_folded.setdefault(fold_name(name), name)
    if wanted in by_folded:
        return by_folded[wanted]
    glossary = load_glossary()
    typed = text.strip()
    for english in (glossary.place(typed), glossary.terms.get(typed)):
        if english is not None and fold_name(english) in by_folded:
            return by_folded[fold_name(english)]
    return None


def in_focus(facts: Iterable[Fact], focus: Focus | None) -> list[Fact]:
    """The facts about `focus` (all of them when None), in the order given."""
    return [f for f in facts if focus is None or focus.holds(f)]


def fold_name(name: str) -> str:
    """A topic or region name as names are compared: lower case, words split by spaces."""
    return _SEPARATORS.sub(" ", name.strip().lower())


@dataclass(frozen=True)
class ListingRequest:
    """What the words after a listing command ask for: a page, of facts about a focus, or a
    question (`/metrics 2`, `/metrics Shandong`, `/metrics Shandong 2`, `/metric 5G Shenzhen`)."""

    page: int = 1
    focus: Focus | None = None
    question: str | None = None


def read_listing_request(words: str, facts: Iterable[Fact]) -> ListingRequest:
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
