"""The in-memory fact index: an inverted index over normalised terms, plus the one scorer.

`FactIndex` is built from `Fact`s. A question, already read into a `Query` by
`briefing.answer`, is matched in two steps: the inverted index proposes candidates from the
question's rarest terms (so cost stays flat as the store grows), then `FactIndex.score` rates
each candidate 0-100 with rapidfuzz and the question's constraints (region, period, what is
asked). The thresholds that turn a score into "answer", "did you mean" or "don't know" are the
named constants below.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from briefing import lexicon
from briefing.normalize import PhraseMatcher, content_terms, is_soft, is_stopword, stem, words
from core.facts import Fact

CONFIDENT_SCORE = 70.0
"""At or above this a fact is presented as the answer (unless a rival is as close)."""
SUGGEST_SCORE = 45.0
"""At or above this a fact is offered as a "did you mean" choice."""
AMBIGUITY_MARGIN = 4.0
"""A confident fact needs this lead over the best fact of another measure to be the answer."""
CLEAR_WINNER_SCORE = 60.0
"""Below CONFIDENT_SCORE, a fact this good is still the answer when it leads by a wide margin."""
CLEAR_WINNER_MARGIN = 25.0
"""The lead over the best fact of another measure that makes a clear winner."""
QUOTE_CREDIT = 0.6
"""A question word found only in the source sentence counts this much of a subject match."""
NUMBER_MISMATCH_FACTOR = 0.5
"""Applied when the question names a number the fact's subject and figure do not hold."""
MAX_CANDIDATES = 200
"""How many prefiltered candidates get the full rapidfuzz score."""
SEED_POSTINGS_BUDGET = 6_000
"""Postings walked to propose candidates; rarer terms are walked first."""
POOL_SCAN_LIMIT = 3_000
"""A region's or period's facts are scanned directly when there are at most this many."""

_W_COVERAGE = 0.6  # share of the score that coverage alone earns
_W_SIMILARITY = 0.7  # within the rest: rapidfuzz similarity vs. share of the subject named
_SOFT_WEIGHT = 0.3
_MAX_CACHED_CORRECTIONS = 10_000
_MAX_CACHED_WEIGHTS = 100_000
_NO_WANT_TARGET_FIT = 0.95

_YEAR_RE = re.compile(r"\b(19\d{2}|20\d{2}|21\d{2})\b")
_HALF_RE = re.compile(r"\bH([12])\b", re.IGNORECASE)
_QUARTER_RE = re.compile(r"\bQ([1-4])\b", re.IGNORECASE)
_CURRENCY_UNITS = frozenset({"yuan", "dollar", "usd", "euro", "rmb", "cny"})


@dataclass(frozen=True)
class Query:
    """What a question asks, read by `briefing.answer.read_question`.

    `terms` are the stemmed content terms left after the region, period and question words
    are taken out; the other fields are constraints the scorer enforces.
    """

    text: str
    terms: tuple[str, ...]
    region: str | None = None
    years: frozenset[int] = frozenset()
    half: int | None = None
    want: str | None = None
    unknown: tuple[str, ...] = ()  # content words the store has never seen
    places: tuple[str, ...] = ()  # places named that are no fact's region, only mentioned


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
    period_rank: tuple[int, int]
    measure: tuple[str | None, str, str, str]

    @property
    def all_terms(self) -> frozenset[str]:
        """Every term the fact can be found by."""
        return self.field_terms | self.quote_terms


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
    """An inverted index over facts, with typo correction and one scoring function."""

    def __init__(self, facts: Iterable[Fact]) -> None:
        self._entries: list[Entry] = []
        self._by_id: dict[int, int] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._region_postings: dict[str, list[int]] = defaultdict(list)
        self._measures: dict[tuple[str | None, str, str, str], list[int]] = defaultdict(list)
        self._year_postings: dict[int, list[int]] = defaultdict(list)
        self._undated: list[int] = []
        self._by_document: dict[str, list[int]] = defaultdict(list)
        self._regions: dict[str, str] = {}  # folded key → display name
        self._vocabulary = _Vocabulary()
        self._corrections: dict[str, str] = {}
        self._weights: dict[str, float] = {}
        self._subject_weights: dict[int, float] = {}
        quote_cache: dict[str, tuple[frozenset[str], list[str]]] = {}
        for fact in facts:
            entry, quote_words = _entry(fact, quote_cache)
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
            self._learn_words(quote_words)
        # Single-word synonyms ("online", "telecom") are spellings a typo may be closest to.
        self._learn_words(w for w in lexicon.PHRASE_SYNONYMS if w.isalpha())
        self._count = len(self._entries)
        self._unknown_weight = math.log(1 + max(self._count, 1))
        self.region_matcher: PhraseMatcher[str] = PhraseMatcher({k: k for k in self._regions})
        self.place_matcher: PhraseMatcher[str] = PhraseMatcher(
            {place: place for place in lexicon.PLACES} | {k: k for k in self._regions}
        )

    # -- lookups -----------------------------------------------------------------------------

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
        if is_soft(term):
            weight = _SOFT_WEIGHT
        else:
            postings = self._postings.get(term)
            weight = (
                math.log(1 + self._count / len(postings)) if postings else self._unknown_weight
            )
        if len(self._weights) < _MAX_CACHED_WEIGHTS:
            self._weights[term] = weight
        return weight

    def correct(self, word: str) -> str:
        """The store's spelling of a mistyped folded word, or `word` itself."""
        known = self._corrections.get(word)
        if known is None:
            known = _correct(self._vocabulary, word)
            if len(self._corrections) < _MAX_CACHED_CORRECTIONS:
                self._corrections[word] = known
        return known

    # -- matching ----------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 10) -> list[Scored]:
        """Facts scored for `query`, best first, zero scores dropped."""
        scored = [
            Scored(self._entries[p], self.score(query, self._entries[p]))
            for p in self._candidates(query)
        ]
        scored = [s for s in scored if s.score > 0]
        scored.sort(key=lambda s: (-s.score, -s.entry.period_rank[0], -s.entry.period_rank[1]))
        return scored[:limit]

    def filtered(self, query: Query) -> list[Entry]:
        """Every fact meeting the query's region and period constraints (no text matching)."""
        pool: Iterable[int] = (
            self._region_postings.get(query.region, []) if query.region else range(self._count)
        )
        return [self._entries[p] for p in pool if self.constraints_hold(query, self._entries[p])]

    def score(self, query: Query, entry: Entry) -> float:
        """The one scoring function: how well `entry` answers `query`, 0-100.

        Zero when a constraint fails (another region or period). Otherwise the weighted
        share of the question's terms the fact holds (subject words count fully, words only
        in the source sentence partly), refined by rapidfuzz's similarity of the question's
        words to the subject (token-set and partial ratio) and how much of the subject the
        question names; scaled down when the fact is not the kind of thing asked (a date for
        "when", a change for "how fast") or lacks a number the question names.
        """
        if not query.terms or not self.constraints_hold(query, entry):
            return 0.0
        total = matched = 0.0
        for term in query.terms:
            weight = self.weight(term)
            total += weight
            if term in entry.field_terms:
                matched += weight
            elif term in entry.quote_terms:
                matched += weight * QUOTE_CREDIT
        coverage = matched / total if total else 0.0
        named = [t for t in query.terms if t in self._postings]
        phrase = " ".join(named)
        similarity = (
            fuzz.token_set_ratio(phrase, entry.match_key, processor=None)
            + fuzz.partial_ratio(phrase, entry.match_key, processor=None)
        ) / 200
        subject_weight = self._subject_weights.get(entry.fact.stored_id)
        if subject_weight is None:
            subject_weight = sum(self.weight(t) for t in entry.subject_terms)
            self._subject_weights[entry.fact.stored_id] = subject_weight
        focus = (
            sum(self.weight(t) for t in entry.subject_terms if t in query.terms) / subject_weight
            if subject_weight
            else 0.0
        )
        closeness = _W_SIMILARITY * similarity + (1 - _W_SIMILARITY) * focus
        raw = 100 * coverage * (_W_COVERAGE + (1 - _W_COVERAGE) * closeness)
        if any(t[0].isdigit() and t not in entry.field_terms for t in query.terms):
            raw *= NUMBER_MISMATCH_FACTOR  # "ranked first" is not answered by "ranked 7th"
        return round(raw * want_fit(query.want, entry.fact), 2)

    def constraints_hold(self, query: Query, entry: Entry) -> bool:
        """Whether `entry` is about the query's region, places and period, when it names them."""
        if query.region is not None and entry.region_key != query.region:
            if entry.region_key is not None:
                return False
            if not all(stem(w) in entry.quote_terms for w in query.region.split()):
                return False
        for place in query.places:  # "China's output" is not answered by a province's figure
            if (
                entry.region_key is not None
                and entry.region_key != place
                and not all(stem(w) in entry.field_terms for w in place.split())
            ):
                return False
        if query.years and not (entry.years & query.years):
            if entry.years:
                return False
            published = entry.fact.source.published
            if published is None or published.year not in query.years:
                return False
        return not (query.half is not None and entry.half != query.half)

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
                seeded = [p for p in seeded if self.constraints_hold(query, entries[p])]
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
            region_terms = [stem(w) for w in query.region.split()]
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

    def _learn_words(self, folded: Iterable[str]) -> None:
        vocabulary = self._vocabulary
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


def want_fit(want: str | None, fact: Fact) -> float:
    """How well a fact's kind suits what the question asks for, 0-1."""
    kind = fact.kind
    is_target = kind == "target" or (fact.period or "").lower().startswith("by")
    if want is None:
        return _NO_WANT_TARGET_FIT if is_target else 1.0
    if want == "growth":
        if fact.change is not None:
            return 1.0
        return 0.9 if (fact.unit or "").lower() in {"%", "percent"} else 0.55
    if want == "count":
        if kind == "count":
            return 1.0
        if is_target and fact.value is not None:
            return 0.8
        return 0.85 if fact.value is not None and not _is_money(fact) else 0.6
    if want == "amount":
        if fact.value is None:
            return 0.6
        return 0.9 if is_target else 1.0
    if want == "rank":
        return 1.0 if kind == "ranking" else 0.55
    if want == "target":
        return 1.0 if is_target else 0.6
    if want == "date":
        return 1.0 if fact.event_date is not None or kind == "event" else 0.6
    if want == "person":
        return 1.0 if kind == "person" else 0.5
    return 1.0


def _is_money(fact: Fact) -> bool:
    return bool(set(_folded(fact.unit or "")) & _CURRENCY_UNITS)


def period_rank(period: str | None, fallback_year: int | None) -> tuple[int, int]:
    """A sort key for a period: (year, last month covered); unknown periods sort first."""
    text = period or ""
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return (fallback_year or 0, 0)
    year = max(years)
    if (half := _HALF_RE.search(text)) is not None:
        return (year, 6 * int(half.group(1)))
    if (quarter := _QUARTER_RE.search(text)) is not None:
        return (year, 3 * int(quarter.group(1)))
    return (year, 12)


@lru_cache(maxsize=200_000)
def _folded(text: str) -> tuple[str, ...]:
    """Folded words of a short, often repeated string (subject, region, unit, topics)."""
    return tuple(words(text))


@lru_cache(maxsize=200_000)
def _terms_of(text: str) -> tuple[str, ...]:
    return tuple(content_terms(_folded(text)))


def _entry(
    fact: Fact, quote_cache: dict[str, tuple[frozenset[str], list[str]]]
) -> tuple[Entry, list[str]]:
    cached = quote_cache.get(fact.quote)
    if cached is None:
        quote_words = words(fact.quote)
        cached = (frozenset(content_terms(quote_words)), quote_words)
        quote_cache[fact.quote] = cached
    sentence_terms, quote_words = cached
    quote_terms = sentence_terms | frozenset(_terms_of(" ".join(fact.topics)))
    subject_terms = list(_terms_of(fact.subject))
    figure = fact.value_text or ""
    field_terms = frozenset(
        subject_terms
        + list(_terms_of(figure))
        + list(_terms_of(fact.unit or ""))
        + list(_terms_of(fact.region or ""))
    )
    field_words = [
        *_folded(fact.subject),
        *_folded(figure),
        *_folded(fact.unit or ""),
        *_folded(fact.region or ""),
    ]
    region_key = " ".join(_folded(fact.region)) if fact.region else None
    worded_figure = [] if any(c.isdigit() for c in figure) else list(_terms_of(figure))
    text_years = _YEAR_RE.findall(fact.period or "")
    years = {int(y) for y in text_years}
    if fact.event_date is not None:
        years.add(fact.event_date.year)
    half_match = _HALF_RE.search(fact.period or "")
    subject_key_terms = sorted(t for t in set(subject_terms) if not is_soft(t))
    unit_key = " ".join(_folded(fact.unit or ""))
    entry = Entry(
        fact=fact,
        field_terms=field_terms,
        quote_terms=quote_terms,
        subject_terms=frozenset(subject_terms),
        subject_key=" ".join(subject_terms),
        match_key=" ".join(subject_terms + worded_figure),
        region_key=region_key,
        years=frozenset(years),
        half=int(half_match.group(1)) if half_match else None,
        period_rank=period_rank(
            fact.period, fact.source.published.year if fact.source.published else None
        ),
        measure=(region_key, fact.kind, " ".join(subject_key_terms), unit_key),
    )
    return entry, quote_words + field_words
