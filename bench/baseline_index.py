"""The fact index as it was before the compact one: today's approach, kept to measure against.

`bench.answer` builds this beside `briefing.index.FactIndex` in the same run to print memory,
build time and first-answer time next to each other: a frozen `Entry` per fact holding its
`Fact` and frozensets of terms, postings as lists, and every fact folded at build (from
`Fact` objects loaded with `db.facts.all_facts`). Everything but that layout is the compact
index's own (`briefing.index._Lookups`: weights, the vocabulary and typo correction, the
constraint pool; period parsing, `briefing.scorer.score`), so the two differ only in how they
hold and find facts. Not used by the bot.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Generic, TypeVar

from briefing.analysis import Analyzer, analyzer_for
from briefing.analysis.phrases import PhraseMatcher
from briefing.index import (
    _YEAR_RE,
    MAX_CANDIDATES,
    SEED_POSTINGS_BUDGET,
    Measure,
    PeriodRank,
    Scored,
    _learn,
    _Lookups,
    _Vocabulary,
    period_part,
    period_rank,
)
from briefing.question import Query
from briefing.scorer import QUOTE_CREDIT, constraints_hold, score
from core.facts import Fact, FactKind, Source

_MAX_CACHED_STRINGS = 200_000  # subjects, units, regions: facts repeat them


_T = TypeVar("_T")


class _OfFact(Generic[_T]):
    """An entry's read-only field that is its fact's: `entry.region` is `entry.fact.region`."""

    def __init__(self, path: str) -> None:
        self._read = attrgetter(f"fact.{path}")

    def __get__(self, entry: Entry, owner: type[Entry] | None = None) -> _T:
        found: _T = self._read(entry)
        return found


@dataclass(frozen=True)
class Entry:
    """One fact with the normalised forms the scorer reads."""

    fact: Fact
    field_terms: frozenset[str]
    quote_terms: frozenset[str]
    subject_terms: frozenset[str]
    subject_key: str
    match_key: str  # subject, plus a worded figure such as a person's role
    region_key: str | None
    years: frozenset[int]
    half: int | None
    quarters: str | None  # "Q3" for one quarter, "Q1-Q3" for the first three
    period_rank: PeriodRank
    measure: Measure

    @property
    def all_terms(self) -> frozenset[str]:
        """Every term the fact can be found by."""
        return self.field_terms | self.quote_terms

    # What today's answerer reads without going through `fact` (the same values).
    region = _OfFact[str | None]("region")
    topics = _OfFact[tuple[str, ...]]("topics")
    period = _OfFact[str | None]("period")
    source = _OfFact[Source]("source")
    kind = _OfFact[FactKind]("kind")
    subject = _OfFact[str]("subject")
    unit = _OfFact[str | None]("unit")
    value = _OfFact[float | None]("value")
    change = _OfFact[float | None]("change")
    event_date = _OfFact[date | None]("event_date")
    published = _OfFact[date | None]("source.published")


class FactIndex(_Lookups):
    """An inverted index over facts, with the store's vocabulary and typo correction."""

    def __init__(self, facts: Iterable[Fact], *, analyzer: Analyzer | None = None) -> None:
        """Index `facts`; `analyzer` reads the facts and questions without Chinese in them
        (English by default)."""
        self.analyzer = analyzer or analyzer_for()
        self._entries: list[Entry] = []
        self._by_id: dict[int, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._region_postings: dict[str, list[int]] = defaultdict(list)
        self._measures: dict[Measure, list[int]] = defaultdict(list)
        self._year_postings: dict[int, list[int]] = defaultdict(list)
        self._undated: list[int] = []
        self._by_document: dict[str, list[int]] = defaultdict(list)
        self._regions: dict[str, str] = {}  # folded key → display name
        self._vocabulary = _Vocabulary()
        self._corrections: dict[str, str] = {}
        self._weights: dict[str, float] = {}
        self._subject_weights: dict[int, float] = {}
        quote_cache: dict[str, tuple[frozenset[str], list[str]]] = {}
        makers: dict[str, _EntryMaker] = {}
        for fact in facts:
            fact_analyzer = self.analyzer_for(f"{fact.subject} {fact.quote}")
            make_entry = makers.get(fact_analyzer.language)
            if make_entry is None:
                make_entry = makers[fact_analyzer.language] = _EntryMaker(fact_analyzer)
            entry, quote_words = make_entry(fact, quote_cache)
            position = len(self._entries)
            self._entries.append(entry)
            self._by_id[fact.stored_id] = position
            for term in entry.all_terms:
                self._postings[term].append(position)
            if entry.region_key is not None:
                self._region_postings[entry.region_key].append(position)
                self._regions.setdefault(entry.region_key, fact.region or entry.region_key)
            self._measures[entry.measure].append(position)
            self._by_document[fact.source.slug].append(position)
            for year in entry.years:
                self._year_postings[year].append(position)
            if not entry.years:
                self._undated.append(position)
            _learn(self._vocabulary, quote_words, fact_analyzer)
        # Single-word synonyms ("online", "telecom") are spellings a typo may be closest to.
        _learn(self._vocabulary, self.analyzer.synonym_words, self.analyzer)
        self._count = len(self._entries)
        self._unknown_weight = math.log(1 + max(self._count, 1))
        self.place_matcher: PhraseMatcher[str] = PhraseMatcher(
            {place: place for place in self.analyzer.vocabulary.places}
            | {k: k for k in self._regions},
            self.analyzer,
        )

    # -- lookups -----------------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries in load order."""
        return tuple(self._entries)

    @property
    def sources(self) -> list[Source]:
        """Every document the indexed facts cite, each once."""
        return list(dict.fromkeys(entry.fact.source for entry in self._entries))

    def region_counts(self) -> Counter[str]:
        return Counter(entry.region for entry in self._entries if entry.region)

    def topic_counts(self) -> Counter[str]:
        return Counter(tag for entry in self._entries for tag in entry.topics)

    def get(self, fact_id: int) -> Entry | None:
        """The entry for `fact_id`, or None."""
        position = self._by_id.get(fact_id)
        return None if position is None else self._entries[position]

    def neighbours(self, entry: Entry) -> list[Entry]:
        """Facts from the same document or about the same region, `entry` excluded."""
        positions = set(self._by_document.get(entry.fact.source.slug, ()))
        if entry.region_key is not None:
            positions.update(self._region_postings.get(entry.region_key, ()))
        return [self._entries[p] for p in sorted(positions) if self._entries[p] is not entry]

    def same_measure(self, entry: Entry) -> list[Entry]:
        """Facts measuring the same thing in the same region (any period), `entry` included."""
        return [self._entries[p] for p in self._measures.get(entry.measure, [])]

    def knows(self, term: str) -> bool:
        """Whether any fact contains the stemmed `term`."""
        return term in self._postings

    def subject_weight(self, entry: Entry) -> float:
        """The summed weight of the terms of `entry`'s subject."""
        fact_id = entry.fact.stored_id
        cached = self._subject_weights.get(fact_id)
        if cached is None:
            cached = self._subject_weights[fact_id] = sum(
                self.weight(t) for t in entry.subject_terms
            )
        return cached

    # -- matching ----------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 10, floor: float = 0.0) -> list[Scored]:
        """Facts scored for `query`, best first; zero scores, and scores under `floor`, dropped."""
        scored = [
            Scored(self._entries[p], _score(query, self._entries[p], self))  # type: ignore[arg-type]
            for p in self._candidates(query)
        ]
        scored = [s for s in scored if s.score > 0 and s.score >= floor]
        scored.sort(
            key=lambda s: (-s.score, -s.entry.period_rank.year, -s.entry.period_rank.month)
        )
        return scored[:limit]

    def filtered(self, query: Query) -> list[Entry]:
        """Every fact meeting the query's region and period constraints (no text matching)."""
        pool: Iterable[int] = (
            self._region_postings.get(query.region, []) if query.region else range(self._count)
        )
        return [self._entries[p] for p in pool if _holds(query, self._entries[p], self.analyzer)]

    def _candidates(self, query: Query) -> list[int]:
        """Prefilter: positions holding the query's terms, best coverage first.

        Walks the smallest of: the region's facts, the period's facts, or the postings of the
        question's rarer terms; the scorer then checks every constraint exactly.
        """
        terms = sorted(
            {t for t in query.terms if t in self._postings}, key=lambda t: len(self._postings[t])
        )
        if not terms:
            return []
        wanted = frozenset(terms)
        pool = self._constraint_pool(query)
        entries = self._entries
        seeded: list[int]
        total = sum(len(self._postings[t]) for t in terms)
        if pool is not None and len(pool) <= total:
            seeded = [
                p
                for p in pool
                if not (
                    entries[p].field_terms.isdisjoint(wanted)
                    and entries[p].quote_terms.isdisjoint(wanted)
                )
            ]
        else:
            found: set[int] = set()
            walked = 0
            for term in terms:
                postings = self._postings[term]
                if found and walked + len(postings) > SEED_POSTINGS_BUDGET:
                    break
                walked += len(postings)
                found.update(postings)
            seeded = list(found)
            if query.region is not None or query.years:
                seeded = [p for p in seeded if _holds(query, entries[p], self.analyzer)]
        if len(seeded) <= MAX_CANDIDATES:
            return seeded
        # Rank the overflow by every query term (set lookups, no fuzzy scoring yet).
        weights = {t: self.weight(t) for t in terms}

        def cheap(position: int) -> float:
            entry = self._entries[position]
            return sum(
                w if t in entry.field_terms else w * QUOTE_CREDIT
                for t, w in weights.items()
                if t in entry.field_terms or t in entry.quote_terms
            )

        return sorted(seeded, key=cheap, reverse=True)[:MAX_CANDIDATES]

    def _postings_of(self, term: str) -> Sequence[int]:
        return self._postings.get(term, [])

    def _fact_count(self, term: str) -> int:
        return len(self._postings.get(term, ()))


class _EntryMaker:
    """Builds index entries with one analyzer, caching the short strings facts repeat."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        # Closures over locals, not `self`: no reference cycle keeps the caches after a build.
        folded: Callable[[str], tuple[str, ...]] = lru_cache(maxsize=_MAX_CACHED_STRINGS)(
            lambda text: tuple(analyzer.words(text))
        )
        self._folded = folded
        self._terms_of: Callable[[str], tuple[str, ...]] = lru_cache(maxsize=_MAX_CACHED_STRINGS)(
            lambda text: tuple(analyzer.content_terms(folded(text)))
        )

    def __call__(
        self, fact: Fact, quote_cache: dict[str, tuple[frozenset[str], list[str]]]
    ) -> tuple[Entry, list[str]]:
        """The entry for `fact`, and the folded words it adds to the vocabulary."""
        analyzer = self._analyzer
        folded = self._folded
        terms_of = self._terms_of
        cached = quote_cache.get(fact.quote)
        if cached is None:
            quote_words = analyzer.words(fact.quote)
            cached = (frozenset(analyzer.content_terms(quote_words)), quote_words)
            quote_cache[fact.quote] = cached
        sentence_terms, quote_words = cached
        quote_terms = sentence_terms | frozenset(terms_of(" ".join(fact.topics)))
        subject_terms = list(terms_of(fact.subject))
        figure = fact.value_text or ""
        field_terms = frozenset(
            subject_terms
            + list(terms_of(figure))
            + list(terms_of(fact.unit or ""))
            + list(terms_of(fact.region or ""))
        )
        field_words = [
            *folded(fact.subject),
            *folded(figure),
            *folded(fact.unit or ""),
            *folded(fact.region or ""),
        ]
        region_key = " ".join(folded(fact.region)) if fact.region else None
        worded_figure = [] if any(c.isdigit() for c in figure) else list(terms_of(figure))
        text_years = _YEAR_RE.findall(fact.period or "")
        years = {int(y) for y in text_years}
        if fact.event_date is not None:
            years.add(fact.event_date.year)
        part = period_part(fact.period or "")
        subject_key_terms = sorted(t for t in set(subject_terms) if not analyzer.is_soft(t))
        entry = Entry(
            fact=fact,
            field_terms=field_terms,
            quote_terms=quote_terms,
            subject_terms=frozenset(subject_terms),
            subject_key=" ".join(subject_terms),
            match_key=" ".join(subject_terms + worded_figure),
            region_key=region_key,
            years=frozenset(years),
            half=part.half,
            quarters=part.quarters,
            period_rank=period_rank(
                fact.period, fact.source.published.year if fact.source.published else None
            ),
            measure=Measure(
                region=region_key,
                kind=fact.kind,
                subject=" ".join(subject_key_terms),
                unit=" ".join(folded(fact.unit or "")),
            ),
        )
        return entry, quote_words + field_words


# The scorer reads the same fields of an entry and the same lookups of an index as the compact
# index's (`briefing.index.Entry`, `FactIndex`) have.


def _score(query: Query, entry: Entry, index: FactIndex) -> float:
    return score(query, entry, index=index)  # type: ignore[arg-type]


def _holds(query: Query, entry: Entry, analyzer: Analyzer) -> bool:
    return constraints_hold(query, entry, analyzer=analyzer)  # type: ignore[arg-type]
