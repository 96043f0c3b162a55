"""The fact index as it was before the compact one: today's approach, kept to measure against.

`bench.answer` builds this beside `briefing.index.FactIndex` in the same run to print memory,
build time and first-answer time next to each other: a frozen `Entry` per fact holding its
`Fact` and frozensets of terms, postings as lists, and every fact folded at build (from
`Fact` objects loaded with `db.facts.all_facts`). Its scoring is the scorer's, reading the
fact's source for the publication date as it did then. Not used by the bot.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from briefing.analysis import Analyzer, Language, analyzer_for, language_of
from briefing.analysis.phrases import PhraseMatcher
from briefing.question import Query
from briefing.scorer import (
    _W_COVERAGE,
    _W_SIMILARITY,
    NUMBER_MISMATCH_FACTOR,
    QUOTE_CREDIT,
    want_fit,
)
from core.facts import Fact, FactKind, Source

MAX_CANDIDATES = 200
"""How many prefiltered candidates get the full rapidfuzz score."""
SEED_POSTINGS_BUDGET = 6_000
"""Postings walked to propose candidates; rarer terms are walked first."""
POOL_SCAN_LIMIT = 3_000
"""A region's or period's facts are scanned directly when there are at most this many."""

_SOFT_WEIGHT = 0.3
_MAX_CACHED_CORRECTIONS = 10_000
_MAX_CACHED_WEIGHTS = 100_000
_MAX_CACHED_STRINGS = 200_000  # subjects, units, regions: facts repeat them

_YEAR_RE = re.compile(r"\b(19\d{2}|20\d{2}|21\d{2})\b")
_HALF_RE = re.compile(r"\bH([12])\b", re.IGNORECASE)
_QUARTERS_RE = re.compile(r"\bQ[1-4](?:-Q[1-4])?\b", re.IGNORECASE)
_MONTHS_RE = re.compile(r"\b(?:19|20|21)\d{2}-(\d{2})/(?:19|20|21)\d{2}-(\d{2})\b")
_MONTHS_PER_QUARTER = 3


class PeriodRank(NamedTuple):
    """A period as a sort key: later periods sort after earlier ones."""

    year: int  # 0 when the period names no year and the document has no date
    month: int  # the last month the period covers; 0 when unknown


class PeriodPart(NamedTuple):
    """The part of its year a period covers, as questions name it."""

    half: int | None  # 1 for "2021-H1" and for "2021-01/2021-06"
    quarters: str | None  # "Q3"; "Q1-Q3" for the first three quarters (or January-September)
    last_month: int  # the last month covered; 12 when the period names no part of a year


class Measure(NamedTuple):
    """What a fact measures, whatever its period: facts with one measure are one series."""

    region: str | None  # folded region key
    kind: FactKind
    subject: str  # the subject's content terms, sorted, generic words left out
    unit: str  # folded unit


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
    @property
    def region(self) -> str | None:
        """`fact.region`."""
        return self.fact.region

    @property
    def topics(self) -> tuple[str, ...]:
        """`fact.topics`."""
        return self.fact.topics

    @property
    def period(self) -> str | None:
        """`fact.period`."""
        return self.fact.period

    @property
    def source(self) -> Source:
        """`fact.source`."""
        return self.fact.source

    @property
    def kind(self) -> FactKind:
        """`fact.kind`."""
        return self.fact.kind

    @property
    def subject(self) -> str:
        """`fact.subject`."""
        return self.fact.subject

    @property
    def unit(self) -> str | None:
        """`fact.unit`."""
        return self.fact.unit

    @property
    def value(self) -> float | None:
        """`fact.value`."""
        return self.fact.value

    @property
    def change(self) -> float | None:
        """`fact.change`."""
        return self.fact.change

    @property
    def event_date(self) -> date | None:
        """`fact.event_date`."""
        return self.fact.event_date

    @property
    def published(self) -> date | None:
        """`fact.source.published`."""
        return self.fact.source.published


@dataclass(frozen=True)
class Scored:
    """A fact and its 0-100 score for one query."""

    entry: Entry
    score: float

    @property
    def fact(self) -> Fact:
        """The scored fact."""
        return self.entry.fact


@dataclass
class _Vocabulary:
    words: set[str] = field(default_factory=set)
    by_initial: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_length: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


class FactIndex:
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
            self._learn_words(quote_words, analyzer=fact_analyzer)
        # Single-word synonyms ("online", "telecom") are spellings a typo may be closest to.
        self._learn_words(self.analyzer.synonym_words, analyzer=self.analyzer)
        self._count = len(self._entries)
        self._unknown_weight = math.log(1 + max(self._count, 1))
        self.place_matcher: PhraseMatcher[str] = PhraseMatcher(
            {place: place for place in self.analyzer.vocabulary.places}
            | {k: k for k in self._regions},
            self.analyzer,
        )

    # -- lookups -----------------------------------------------------------------------------

    def analyzer_for(self, text: str) -> Analyzer:
        """The analyzer that reads `text`: the Chinese one for text with Chinese characters
        (questions and facts alike), the index's own otherwise."""
        if language_of(text) is Language.CHINESE:
            return analyzer_for(Language.CHINESE)
        return self.analyzer

    def __len__(self) -> int:
        return self._count

    @property
    def entries(self) -> tuple[Entry, ...]:
        """All entries in load order."""
        return tuple(self._entries)

    def get(self, fact_id: int) -> Entry | None:
        """The entry for `fact_id`, or None."""
        position = self._by_id.get(fact_id)
        return None if position is None else self._entries[position]

    def region_name(self, key: str) -> str:
        """Display name of a folded region key."""
        return self._regions.get(key, key)

    def has_region(self, key: str) -> bool:
        """Whether any fact is about the region `key` (folded)."""
        return key in self._regions

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

    def knows_word(self, word: str) -> bool:
        """Whether the folded `word` occurs in any fact."""
        return word in self._vocabulary.words

    def weight(self, term: str) -> float:
        """How much a query term counts: inverse document frequency, unknown terms most,
        generic words ("industry", "total") little."""
        cached = self._weights.get(term)
        if cached is not None:
            return cached
        if self.analyzer.is_soft(term):
            weight = _SOFT_WEIGHT
        else:
            postings = self._postings.get(term)
            weight = (
                math.log(1 + self._count / len(postings)) if postings else self._unknown_weight
            )
        if len(self._weights) < _MAX_CACHED_WEIGHTS:
            self._weights[term] = weight
        return weight

    def subject_weight(self, entry: Entry) -> float:
        """The summed weight of the terms of `entry`'s subject."""
        fact_id = entry.fact.stored_id
        cached = self._subject_weights.get(fact_id)
        if cached is None:
            cached = self._subject_weights[fact_id] = sum(
                self.weight(t) for t in entry.subject_terms
            )
        return cached

    def correct(self, word: str) -> str:
        """The store's spelling of a mistyped folded word, or `word` itself."""
        known = self._corrections.get(word)
        if known is None:
            known = _correct(self._vocabulary, word)
            if len(self._corrections) < _MAX_CACHED_CORRECTIONS:
                self._corrections[word] = known
        return known

    # -- matching ----------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 10, floor: float = 0.0) -> list[Scored]:
        """Facts scored for `query`, best first; zero scores, and scores under `floor`, dropped."""
        scored = [
            Scored(self._entries[p], score(query, self._entries[p], index=self))
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
        return [
            self._entries[p]
            for p in pool
            if constraints_hold(query, self._entries[p], analyzer=self.analyzer)
        ]

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
                seeded = [
                    p
                    for p in seeded
                    if constraints_hold(query, entries[p], analyzer=self.analyzer)
                ]
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

    def _constraint_pool(self, query: Query) -> list[int] | None:
        """The region's or period's facts, whichever are fewer, if at most POOL_SCAN_LIMIT."""
        sizes: list[tuple[int, str]] = []
        region_postings: list[int] = []
        if query.region is not None:
            region_terms = [self.analyzer.stem(w) for w in query.region.split()]
            region_postings = min((self._postings.get(t, []) for t in region_terms), key=len)
            sizes.append((len(region_postings), "region"))
        if query.years:
            dated = sum(len(self._year_postings.get(y, ())) for y in query.years)
            sizes.append((dated + len(self._undated), "period"))
        if not sizes or min(sizes)[0] > POOL_SCAN_LIMIT:
            return None
        if min(sizes)[1] == "region":
            return region_postings
        return [p for y in sorted(query.years) for p in self._year_postings.get(y, [])] + (
            self._undated
        )

    def _learn_words(self, folded: Iterable[str], *, analyzer: Analyzer) -> None:
        vocabulary = self._vocabulary
        is_stopword = analyzer.is_stopword
        for word in folded:
            if is_stopword(word):
                continue
            if word not in vocabulary.words and word.isalpha() and len(word) >= 4:
                vocabulary.words.add(word)
                vocabulary.by_initial[word[0]].append(word)
                vocabulary.by_length[len(word)].append(word)
            elif word not in vocabulary.words:
                vocabulary.words.add(word)


def _correct(vocabulary: _Vocabulary, word: str) -> str:
    if word in vocabulary.words or len(word) < 4 or not word.isalpha() or not word.isascii():
        return word
    allowed = 1 if len(word) <= 6 else 2
    pool = vocabulary.by_initial.get(word[0], [])
    best = process.extractOne(word, pool, scorer=OSA.distance, score_cutoff=allowed)
    if best is None and len(word) >= 5:  # a wrong first letter is rarer: one edit only
        size = len(word)
        others = [w for n in (size - 1, size, size + 1) for w in vocabulary.by_length.get(n, ())]
        best = process.extractOne(word, others, scorer=OSA.distance, score_cutoff=1)
    return word if best is None else str(best[0])


def period_rank(period: str | None, fallback_year: int | None) -> PeriodRank:
    """A sort key for a period: year, then last month covered; unknown periods sort first."""
    text = period or ""
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return PeriodRank(fallback_year or 0, 0)
    return PeriodRank(max(years), period_part(text).last_month)


def period_part(period: str) -> PeriodPart:
    """Which half, quarters and months of its year a period string covers."""
    if (months := _MONTHS_RE.search(period)) is not None:
        first, last = int(months.group(1)), int(months.group(2))
        half = {(1, 6): 1, (7, 12): 2}.get((first, last))
        quarters = None
        if last % _MONTHS_PER_QUARTER == 0 and first in (1, last - 2) and last - first < 11:
            quarter = last // _MONTHS_PER_QUARTER
            quarters = f"Q{quarter}" if first == last - 2 else f"Q1-Q{quarter}"
        return PeriodPart(half, quarters, last)
    if (half_match := _HALF_RE.search(period)) is not None:
        half = int(half_match.group(1))
        return PeriodPart(half, None, 6 * half)
    if (quarters_match := _QUARTERS_RE.search(period)) is not None:
        named = quarters_match.group().upper()
        return PeriodPart(None, named, _MONTHS_PER_QUARTER * int(named[-1]))
    return PeriodPart(None, None, 12)


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


def score(query: Query, entry: Entry, *, index: FactIndex) -> float:
    """How well `entry` answers `query`, 0-100.

    Zero when a constraint fails (another region or period). Otherwise the weighted share of
    the question's terms the fact holds (subject words count fully, words only in the source
    sentence partly), refined by rapidfuzz's similarity of the question's words to the subject
    (token-set and partial ratio) and how much of the subject the question names; scaled down
    when the fact is not the kind of thing asked (a date for "when", a change for "how fast")
    or lacks a number the question names. Term weights come from `index`.
    """
    if not query.terms or not constraints_hold(query, entry, analyzer=index.analyzer):
        return 0.0
    total = matched = 0.0
    for term in query.terms:
        weight = index.weight(term)
        total += weight
        if term in entry.field_terms:
            matched += weight
        elif term in entry.quote_terms:
            matched += weight * QUOTE_CREDIT
    coverage = matched / total if total else 0.0
    named = [t for t in query.terms if index.knows(t)]
    phrase = " ".join(named)
    similarity = (
        fuzz.token_set_ratio(phrase, entry.match_key, processor=None)
        + fuzz.partial_ratio(phrase, entry.match_key, processor=None)
    ) / 200
    subject_weight = index.subject_weight(entry)
    focus = (
        sum(index.weight(t) for t in entry.subject_terms if t in query.terms) / subject_weight
        if subject_weight
        else 0.0
    )
    closeness = _W_SIMILARITY * similarity + (1 - _W_SIMILARITY) * focus
    raw = 100 * coverage * (_W_COVERAGE + (1 - _W_COVERAGE) * closeness)
    if any(t[0].isdigit() and t not in entry.field_terms for t in query.terms):
        raw *= NUMBER_MISMATCH_FACTOR  # "ranked first" is not answered by "ranked 7th"
    fit = want_fit(query.want, entry)  # type: ignore[arg-type]  # reads the same fields
    return round(raw * fit, 2)


def constraints_hold(query: Query, entry: Entry, *, analyzer: Analyzer) -> bool:
    """Whether `entry` is about the query's region, places and period, when it names them."""
    if query.region is not None and entry.region_key != query.region:
        if entry.region_key is not None:
            return False
        if not all(analyzer.stem(w) in entry.quote_terms for w in query.region.split()):
            return False
    for place in query.places:  # "China's output" is not answered by a province's figure
        if (
            entry.region_key is not None
            and entry.region_key != place
            and not all(analyzer.stem(w) in entry.field_terms for w in place.split())
        ):
            return False
    if query.years and not (entry.years & query.years):
        if entry.years:
            return False
        published = entry.fact.source.published
        if published is None or published.year not in query.years:
            return False
    if query.quarters is not None and entry.quarters != query.quarters:
        return False
    return not (query.half is not None and entry.half != query.half)
