"""The in-memory fact index: postings over analyzed terms, the store's vocabulary and typos.

`FactIndex` is built from facts, each folded by its own language's `Analyzer`: a fact whose
subject or sentence holds Chinese characters by the Chinese analyzer, whose terms are the
English analyzer's, so facts of both languages meet a question on one set of postings. A
question, already read into a `Query` by `briefing.question`, is matched in two steps: the
postings propose candidates from the question's rarest terms (so cost stays flat as the store
grows), then `briefing.scorer.score` rates each candidate 0-100. The index also serves the
question reader: which words and regions the store knows, and the store's spelling of a typo.

Memory is proportional to the facts, and small: the facts live column by column in a
`FactTable`, terms are numbered once and every per-fact list of terms or positions is an
`array` of those numbers. An `Entry`, what the scorer and the answerer read of one fact, is
made when a fact is looked at and computes each of its forms on first use; while an entry is
in use the index hands out that same object for its fact. Loading from the store
(`from_rows`) reads the folded forms ingest stored with each fact (`briefing.forms`), so a
build only splits strings and counts.
"""

from __future__ import annotations

import gc
import heapq
import math
import pickle
import re
import weakref
from abc import ABC, abstractmethod
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import count, islice
from typing import Any, Generic, NamedTuple, TypeVar, cast, overload

from rapidfuzz import process
from rapidfuzz.distance import OSA

from briefing.analysis import Analyzer, Language, analyzer_for, language_of
from briefing.analysis.phrases import PhraseMatcher
from briefing.by_position import ByPosition
from briefing.fact_table import FactTable, Interned, Numbering, TablePending, narrowest
from briefing.forms import StoredForms, Words, as_stored, fold_fact, read_stored, words_of
from briefing.question import Query
from briefing.scorer import QUOTE_CREDIT, Scoring, constraints_hold, want_fit
from core.facts import Fact, FactKind, Source
from db.facts import IndexColumns
from db.mapping import FACT_COLUMNS, ColumnRow, to_fact

MAX_CANDIDATES = 100
"""How many prefiltered candidates get the full rapidfuzz score."""
SEED_POSTINGS_BUDGET = 6_000
"""Postings walked to propose candidates; rarer terms are walked first."""
POOL_SCAN_LIMIT = 3_000
"""A region's or period's facts are scanned directly when there are at most this many."""
VECTOR_SEEDS = 400
"""Above this many seeds, candidates are ranked with numpy over the postings at once (numpy
is imported then, not before: a store of a few thousand facts never needs it)."""
TOP_FIRST = 4 * MAX_CANDIDATES
"""Candidates ranked with numpy: this many of the best are sorted first (a partial sort)."""
_SCORE_SLACK = 0.01
"""Scores are rounded to hundredths: a bound is compared with this much room."""

_SOFT_WEIGHT = 0.3
_MAX_CACHED_CORRECTIONS = 10_000
_MAX_CACHED_WEIGHTS = 100_000
_MAX_CACHED_SUBJECT_WEIGHTS = 100_000
_MAX_CACHED_PERIODS = 4_096
_FACT_BATCH = 4_096
_NONE = -1

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


class DocumentProfiles(NamedTuple):
    """What most facts of each document (by slug) say: a sentence of it that names no place
    or period is about these."""

    regions: dict[str, str]  # the region key most facts name
    years: dict[str, int]  # the year most facts are about (a plan's "by 2025" left out)
    parts: dict[str, PeriodPart]  # the part of a year most dated facts cover
    region_keys: frozenset[str]  # every region key some document's facts name


class Measure(NamedTuple):
    """What a fact measures, whatever its period: facts with one measure are one series."""

    region: str | None  # folded region key
    kind: FactKind
    subject: str  # the subject's content terms, sorted, generic words left out
    unit: str  # folded unit


class _Subject(NamedTuple):
    """A subject's forms, shared by every fact with that subject."""

    terms: tuple[str, ...]  # content terms in order, repeats kept
    term_set: frozenset[str]
    key: str  # the terms joined
    measure: str  # distinct terms without generic words, sorted, joined


_NO_SUBJECT = _Subject((), frozenset(), "", "")


class _Period(NamedTuple):
    """What a period string says: its years and the part of the year."""

    years: tuple[int, ...]  # as written, in order
    half: int | None
    quarters: str | None


_UNSET: object = object()
_K = TypeVar("_K", str, int)
_V = TypeVar("_V")


class _Read(Generic[_V]):
    """An `Entry`'s property, read at the entry's position by the method of the same name (or
    `method`) of its index, or of the index's table (`table`), without making the fact; `kept`:
    read once and kept in the entry's slot of that name with a leading underscore."""

    def __init__(self, method: str = "", *, table: bool = False, kept: bool = False) -> None:
        self._method, self._table, self._kept = method, table, kept

    def __set_name__(self, owner: type, name: str) -> None:
        self._method, self._slot = self._method or name, f"_{name}"

    @overload
    def __get__(self, entry: None, owner: type) -> _Read[_V]: ...
    @overload
    def __get__(self, entry: Entry, owner: type) -> _V: ...
    def __get__(self, entry: Entry | None, owner: type) -> _V | _Read[_V]:
        if entry is None:
            return self
        if self._kept and (found := getattr(entry, self._slot)) is not None:
            return cast(_V, found)
        reader = entry._index.table if self._table else entry._index
        found = getattr(reader, self._method)(entry.position)
        if self._kept:
            setattr(entry, self._slot, found)
        return cast(_V, found)


class Entry:
    """One indexed fact with the normalised forms the scorer reads, each made on first use."""

    __slots__ = (
        "__weakref__",
        "_field_terms",
        "_index",
        "_measure",
        "_quote_terms",
        "_years",
        "fact_or_unset",
        "position",
    )

    def __init__(self, index: FactIndex, position: int) -> None:
        self._index = index
        self.position = position
        self.fact_or_unset: Fact | object = _UNSET
        self._field_terms: frozenset[str] | None = None
        self._quote_terms: frozenset[str] | None = None
        self._years: frozenset[int] | None = None
        self._measure: Measure | None = None

    def __repr__(self) -> str:
        return f"Entry({self.position}, {self.fact!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Entry)
            and other.position == self.position
            and other._index is self._index
        )

    def __hash__(self) -> int:
        return hash((id(self._index), self.position))

    @property
    def fact(self) -> Fact:
        """The indexed fact."""
        found = self.fact_or_unset
        if found is _UNSET:
            found = self.fact_or_unset = self._index.table.fact(self.position)
        assert isinstance(found, Fact)
        return found

    field_terms: _Read[frozenset[str]] = _Read(kept=True)
    """Terms of the subject, figure, unit and region."""

    quote_terms: _Read[frozenset[str]] = _Read(kept=True)
    """Terms of the source sentence, the topic tags and the document's title."""

    @property
    def all_terms(self) -> frozenset[str]:
        """Every term the fact can be found by."""
        return self.field_terms | self.quote_terms

    @property
    def subject_terms(self) -> frozenset[str]:
        """Content terms of the subject."""
        return self._index.subject(self.position).term_set

    @property
    def subject_key(self) -> str:
        """The subject's content terms, in order, joined."""
        return self._index.subject(self.position).key

    @property
    def match_key(self) -> str:
        """The subject, plus a worded figure such as a person's role."""
        return self._index.match_key(self.position)

    @property
    def region_key(self) -> str | None:
        """The folded region."""
        return self._index.region_key(self.position)

    years: _Read[frozenset[int]] = _Read(kept=True)
    """Years the period names, and the event date's year."""

    @property
    def half(self) -> int | None:
        """The half of the year the period covers."""
        return self._index.period_of(self.position).half

    @property
    def quarters(self) -> str | None:
        """ "Q3" for one quarter, "Q1-Q3" for the first three."""
        return self._index.period_of(self.position).quarters

    @property
    def published(self) -> date | None:
        """When the fact's document was published."""
        return self._index.table.source(self.position).published

    source: _Read[Source] = _Read(table=True)
    """The fact's document."""
    period: _Read[str | None] = _Read(table=True)
    """The fact's period as stated."""
    kind: _Read[FactKind] = _Read(table=True)
    """The fact's kind."""
    subject: _Read[str] = _Read(table=True)
    """The fact's subject."""
    unit: _Read[str | None] = _Read(table=True)
    """The fact's unit."""
    value: _Read[float | None] = _Read(table=True)
    """The fact's value."""
    change: _Read[float | None] = _Read(table=True)
    """The fact's year-on-year change."""
    event_date: _Read[date | None] = _Read(table=True)
    """The fact's event date."""
    region: _Read[str | None] = _Read(table=True)
    """The fact's region as stated."""
    topics: _Read[tuple[str, ...]] = _Read("topic_tags", table=True)
    """The fact's topic tags."""

    @property
    def period_rank(self) -> PeriodRank:
        """The period as a sort key."""
        table = self._index.table
        published = table.source(self.position).published
        return period_rank(table.period(self.position), published.year if published else None)

    measure: _Read[Measure] = _Read(kept=True)
    """What the fact measures, whatever its period."""


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
    words: Interned[str] = field(default_factory=Interned)  # a mapped index maps it
    by_initial: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_length: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


class _Entries(ByPosition[Entry]):
    """Every entry in load order, made as it is read."""

    __slots__ = ("_index",)

    def __init__(self, index: FactIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return len(self._index)

    def _at(self, position: int) -> Entry:
        return self._index.entry(position)

    def __iter__(self) -> Iterator[Entry]:
        # A pass over every fact (counting regions, topics) keeps none of them: the entry in
        # use for a fact if there is one, else a new one that is not handed out again.
        index = self._index
        live = index._live
        for position in range(len(self)):
            # No entry in use (most passes): no lookup that would miss.
            found = live.get(position) if live else None
            yield Entry(index, position) if found is None else found


class _Lookups(ABC):
    """What an index answers whatever the layout of its facts: the analyzer of a text, region
    names, the vocabulary and typo correction, term weights and the region's or period's pool.

    `FactIndex` provides the layout (`_postings_of`, `_fact_count`); so does
    `bench.baseline_index`, the layout before it, which the benchmarks measure against it.
    """

    analyzer: Analyzer
    _year_postings: Mapping[int, Sequence[int]]
    _undated: Sequence[int]
    _regions: dict[str, str]
    _vocabulary: _Vocabulary
    _count: int
    _unknown_weight: float
    _weights: dict[str, float]
    _corrections: dict[str, str]

    def analyzer_for(self, text: str) -> Analyzer:
        """The analyzer that reads `text`: the Chinese one for text with Chinese characters
        (questions and facts alike), the index's own otherwise."""
        if language_of(text) is Language.CHINESE:
            return analyzer_for(Language.CHINESE)
        return self.analyzer

    def __len__(self) -> int:
        return self._count

    def region_name(self, key: str) -> str:
        """Display name of a folded region key."""
        return self._regions.get(key, key)

    def has_region(self, key: str) -> bool:
        """Whether any fact is about the region `key` (folded)."""
        return key in self._regions

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
            count = self._fact_count(term)
            weight = math.log(1 + self._count / count) if count else self._unknown_weight
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

    def _constraint_pool(self, query: Query) -> Sequence[int] | None:
        """The region's or period's facts, whichever are fewer, if at most POOL_SCAN_LIMIT."""
        sizes: list[tuple[int, str]] = []
        region_postings: Sequence[int] = []
        if query.region is not None:
            region_terms = [self.analyzer.stem(w) for w in query.region.split()]
            region_postings = min((self._postings_of(t) for t in region_terms), key=len)
            sizes.append((len(region_postings), "region"))
        if query.years:
            dated = sum(len(self._year_postings.get(y, ())) for y in query.years)
            sizes.append((dated + len(self._undated), "period"))
        if not sizes or min(sizes)[0] > POOL_SCAN_LIMIT:
            return None
        if min(sizes)[1] == "region":
            return region_postings
        return [p for y in sorted(query.years) for p in self._year_postings.get(y, [])] + list(
            self._undated
        )

    @abstractmethod
    def region_counts(self) -> Counter[str]:
        """How many facts state each region (empty ones left out)."""

    @abstractmethod
    def topic_counts(self) -> Counter[str]:
        """How many times facts carry each topic tag."""

    @abstractmethod
    def _postings_of(self, term: str) -> Sequence[int]:
        """The positions of the facts holding the stemmed `term`, in load order."""

    @abstractmethod
    def _fact_count(self, term: str) -> int:
        """How many facts hold the stemmed `term`."""


def _new_caches() -> dict[str, object]:
    """`FactIndex`'s caches, empty, by attribute name."""
    return {
        "_weights": {},
        "_subject_weights": {},
        "_corrections": {},
        "_live": weakref.WeakValueDictionary(),
    }


class FactIndex(_Lookups):
    """An inverted index over facts, with the store's vocabulary and typo correction."""

    analyzer: Analyzer
    table: FactTable
    place_matcher: PhraseMatcher[str]
    folded: int
    """How many facts were folded while building (their stored forms absent or stale)."""
    _terms: Interned[str]
    _postings: array[int]  # every term's positions, one term after another
    _postings_ends: array[int]  # where each term's positions end in `_postings`
    _field_offsets: array[int]
    _field_ids: array[int]
    _sentence_of: array[int]
    _sentence_offsets: array[int]
    _sentence_terms: array[int]
    _context_of: array[int]  # each fact's context: its topic tags and its document's title
    _context_offsets: array[int]  # where each context's terms end in `_context_terms`
    _context_terms: array[int]
    _subjects: list[_Subject]
    _subject_of: array[int]
    _match_of: array[int]
    _region_of: array[int]
    _unit_of: array[int]
    _keys: Interned[str]
    _measure_head: array[int]
    _measure_next: array[int]
    _region_postings: dict[str, array[int]]
    _year_postings: dict[int, array[int]]
    _undated: array[int]
    _by_document: dict[str, array[int]]
    _regions: dict[str, str]
    _vocabulary: _Vocabulary
    _ids_sorted: bool
    _by_id: dict[int, int]
    _count: int
    _unknown_weight: float
    _weights: dict[str, float]
    _subject_weights: dict[int, float]
    _corrections: dict[str, str]
    _live: weakref.WeakValueDictionary[int, Entry]
    _field_owners: array[int]  # the facts holding each term in their fields, term after term
    _field_ends: array[int]  # where each term's owners end in `_field_owners`
    document_profiles: DocumentProfiles
    """What most facts of each document say (made with the index: a walk over every fact
    would leave the serving process's heap fragmented)."""

    def __init__(self, facts: Iterable[Fact] = (), *, analyzer: Analyzer | None = None) -> None:
        """Index `facts`, folding each one's texts; `analyzer` reads the facts and questions
        without Chinese in them (English by default)."""
        self.analyzer = analyzer or analyzer_for()
        with _collector_paused():
            builder = _Builder(self)
            for batch in _batched(facts, _FACT_BATCH):
                builder.add_facts(batch)
            builder.finish(sources=_same_source)

    @classmethod
    def from_rows(
        cls,
        batches: Iterable[IndexColumns],
        sources: Mapping[int, Source],
        *,
        analyzer: Analyzer | None = None,
    ) -> FactIndex:
        """Index stored facts (`db.facts.index_batches`) with their documents' sources by id,
        reading each fact's stored forms; a fact without current forms is folded here."""
        index = cls.__new__(cls)
        index.analyzer = analyzer or analyzer_for()
        with _collector_paused():
            builder = _Builder(index)
            for batch in batches:
                builder.add_rows(batch, sources)
                del batch  # the last one too: nothing of it outlives the reading
            builder.finish(sources=lambda document: sources[cast(int, document)])
        return index

    def _empty_caches(self) -> None:
        """What answering fills as it goes (term weights, corrections, entries in use)."""
        vars(self).update(_new_caches())

    def __getstate__(self) -> dict[str, object]:
        """The index without its caches (`briefing.mapped` writes it to a file)."""
        caches = _new_caches()
        return {name: value for name, value in vars(self).items() if name not in caches}

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._empty_caches()

    # -- lookups -----------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[Entry]:
        """All entries in load order (made as they are read)."""
        return _Entries(self)

    @property
    def sources(self) -> Sequence[Source]:
        """Every document the indexed facts cite, each once."""
        return self.table.sources.values

    def entry(self, position: int) -> Entry:
        """The entry at `position` (the same object while one is in use)."""
        found = self._live.get(position)
        if found is None:
            found = self._live[position] = Entry(self, position)
        return found

    def _adopt(self, probe: Entry) -> Entry:
        """The entry for `probe`'s position: the one in use, else `probe` itself."""
        found = self._live.get(probe.position)
        if found is None:
            found = self._live[probe.position] = probe
        return found

    def _probe(self, position: int) -> Entry:
        """An entry to test constraints on: the one in use, or a new one not handed out."""
        found = self._live.get(position)
        return Entry(self, position) if found is None else found

    def get(self, fact_id: int) -> Entry | None:
        """The entry for `fact_id`, or None."""
        if self._ids_sorted:
            ids = self.table.ids
            position = bisect_left(ids, fact_id)
            if position == len(ids) or ids[position] != fact_id:
                return None
        else:
            found = self._by_id.get(fact_id)
            if found is None:
                return None
            position = found
        return self.entry(position)

    def neighbours(self, entry: Entry) -> list[Entry]:
        """Facts from the same document or about the same region, `entry` excluded."""
        positions = set(self._by_document.get(entry.fact.source.slug, ()))
        if entry.region_key is not None:
            positions.update(self._region_postings.get(entry.region_key, ()))
        return [self.entry(p) for p in sorted(positions) if p != entry.position]

    def at_sentence(self, slug: str, start: int) -> list[Entry]:
        """Facts of document `slug` whose sentence starts at offset `start`, in load order."""
        starts = self.table.starts
        return [self.entry(p) for p in self._by_document.get(slug, ()) if starts[p] == start]

    def same_measure(self, entry: Entry) -> list[Entry]:
        """Facts measuring the same thing in the same region (any period), `entry` included."""
        found: list[Entry] = []
        position = self._measure_head[entry.position]
        following = self._measure_next
        while position != _NONE:
            found.append(self.entry(position))
            position = following[position]
        return found

    def knows(self, term: str) -> bool:
        """Whether any fact contains the stemmed `term`."""
        return self._terms.get(term) is not None

    def subject_weight(self, entry: Entry) -> float:
        """The summed weight of the terms of `entry`'s subject."""
        position = entry.position
        cached = self._subject_weights.get(position)
        if cached is None:
            cached = sum(self.weight(t) for t in entry.subject_terms)
            if len(self._subject_weights) < _MAX_CACHED_SUBJECT_WEIGHTS:
                self._subject_weights[position] = cached
        return cached

    # -- one fact's forms (what an `Entry` reads) ----------------------------------------------

    def field_terms(self, position: int) -> frozenset[str]:
        """Terms of the subject, figure, unit and region of the fact at `position`."""
        offsets = self._field_offsets
        names = self._terms.values
        return frozenset(
            names[t] for t in self._field_ids[offsets[position] : offsets[position + 1]]
        )

    def quote_terms(self, position: int) -> frozenset[str]:
        """Terms of the sentence, the topic tags and the document's title of the fact at
        `position`."""
        names = self._terms.values
        sentence = frozenset(names[t] for t in self._sentence_ids(position))
        return sentence | frozenset(names[t] for t in self._context_ids(position))

    def subject(self, position: int) -> _Subject:
        """The subject forms of the fact at `position`."""
        return self._subjects[self._subject_of[position]]

    def match_key(self, position: int) -> str:
        """The fact's subject terms and worded figure, joined."""
        found = self._match_of[position]
        if found == _NONE:
            return self._subjects[self._subject_of[position]].key
        return self._keys.values[found]

    def region_key(self, position: int) -> str | None:
        """The folded region of the fact at `position`."""
        found = self._region_of[position]
        return None if found == _NONE else self._keys.values[found]

    def period_of(self, position: int) -> _Period:
        """What the period of the fact at `position` says."""
        return _period(self.table.period(position))

    def years(self, position: int) -> frozenset[int]:
        """Years of the period of the fact at `position`, and its event date's year."""
        return _years_of(self.table.period(position), self.table.event_days[position])

    def region_counts(self) -> Counter[str]:
        return self.table.region_counts()

    def topic_counts(self) -> Counter[str]:
        return self.table.topic_counts()

    def measure(self, position: int) -> Measure:
        """What the fact at `position` measures."""
        return Measure(
            region=self.region_key(position),
            kind=self.table.kind(position),
            subject=self._subjects[self._subject_of[position]].measure,
            unit=self._keys.values[self._unit_of[position]],
        )

    def _context_ids(self, position: int) -> array[int]:
        context = self._context_of[position]
        offsets = self._context_offsets
        return self._context_terms[offsets[context - 1] if context else 0 : offsets[context]]

    def _sentence_ids(self, position: int) -> array[int]:
        sentence = self._sentence_of[position]
        offsets = self._sentence_offsets
        return self._sentence_terms[offsets[sentence] : offsets[sentence + 1]]

    def _holds_any(self, position: int, wanted: set[int]) -> bool:
        """Whether the fact at `position` holds any of the term ids `wanted`."""
        offsets = self._field_offsets
        return not (
            wanted.isdisjoint(self._field_ids[offsets[position] : offsets[position + 1]])
            and wanted.isdisjoint(self._sentence_ids(position))
            and wanted.isdisjoint(self._context_ids(position))
        )

    # -- matching ----------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 10, floor: float = 0.0) -> list[Scored]:
        """Facts scored for `query`, best first; zero scores, and scores under `floor`, dropped.

        Candidates are scored from the most to the least of the question's weight they hold;
        once a candidate could not reach `floor` or the `limit`-th score even with a perfect
        match, it is not scored (a fact's score is at most 100 times that share, times how
        well its kind suits the question), so the result is the one scoring every candidate
        would give.
        """
        total = sum(self.weight(t) for t in query.terms) or 1.0
        # Candidates that could not reach `floor` are not proposed (with room for rounding).
        candidates = self._candidates(query, least=(floor - 2 * _SCORE_SLACK) * total / 100)
        ranked = sorted(range(len(candidates)), key=lambda i: -candidates[i][1])
        rate = Scoring(query, self)
        best: list[float] = []  # the `limit` highest scores so far, lowest first
        scored: list[tuple[int, Scored]] = []
        for order in ranked:
            position, matched = candidates[order]
            coverage = matched / total
            bar = max(floor, best[0] if len(best) >= limit else 0.0) - _SCORE_SLACK
            if 100 * coverage < bar:
                break
            probe = self._probe(position)
            fit = want_fit(query.want, probe)
            if 100 * coverage * fit < bar:
                continue
            rating = rate(probe, coverage, fit)
            if rating <= 0 or rating < floor:
                continue
            scored.append((order, Scored(self._adopt(probe), rating)))
            if len(best) < limit:
                heapq.heappush(best, rating)
            elif rating > best[0]:
                heapq.heapreplace(best, rating)
        scored.sort(
            key=lambda item: (
                -item[1].score,
                -item[1].entry.period_rank.year,
                -item[1].entry.period_rank.month,
                item[0],
            )
        )
        return [s for _, s in scored[:limit]]

    def filtered(self, query: Query) -> list[Entry]:
        """Every fact meeting the query's region and period constraints (no text matching)."""
        pool: Iterable[int] = (
            self._region_postings.get(query.region, []) if query.region else range(self._count)
        )
        found: list[Entry] = []
        for position in pool:
            probe = self._probe(position)
            if constraints_hold(query, probe, analyzer=self.analyzer):
                found.append(self._adopt(probe))
        return found

    def _candidates(self, query: Query, *, least: float = 0.0) -> list[tuple[int, float]]:
        """Prefilter: positions holding the query's terms, each with the weight of the query
        it holds (a subject word fully, a word only in its sentence or title partly), at
        least `least` of it.

        Walks the smallest of: the region's facts, the period's facts, or the postings of the
        question's rarer terms; the scorer then checks every constraint exactly. At most
        MAX_CANDIDATES, the ones holding most of the question.
        """
        term_ids = self._terms.ids
        weights: dict[int, float] = {}
        for term in query.terms:
            term_id = term_ids.get(term)
            if term_id is not None:
                weights[term_id] = weights.get(term_id, 0.0) + self.weight(term)
        if not weights:
            return []
        rarest = sorted(weights, key=self._posting_count)
        pool = self._constraint_pool(query)
        constrained = False
        seeds: Sequence[int]
        total = sum(self._posting_count(t) for t in rarest)
        if pool is not None and len(pool) <= total:
            seeds = pool
        else:
            walks: list[array[int]] = []
            walked = 0
            for term_id in rarest:
                walk = self._term_postings(term_id)
                if walks and walked + len(walk) > SEED_POSTINGS_BUDGET:
                    break
                walked += len(walk)
                walks.append(walk)
            if walked > VECTOR_SEEDS:
                return self._ranked(query, weights, walks, least)
            seeds = list(dict.fromkeys(p for walk in walks for p in walk))
            constrained = query.region is not None or bool(query.years)
        if len(seeds) > VECTOR_SEEDS:
            return self._ranked(query, weights, [array("i", seeds)], least)
        held = [(p, m) for p in seeds if (m := self._held(p, weights)) and m >= least]
        if len(held) > MAX_CANDIDATES:
            held.sort(key=lambda item: -item[1])
        return self._passing(query, held) if constrained else held[:MAX_CANDIDATES]

    def _held(self, position: int, weights: Mapping[int, float]) -> float:
        """The weight of the query terms (by id) the fact at `position` holds: fully in its
        subject, figure, unit or region, QUOTE_CREDIT of it only in its sentence or context."""
        offsets = self._field_offsets
        # As lists: `in` over a list compares in C (over a mapped index's views, in Python).
        fields = self._field_ids[offsets[position] : offsets[position + 1]].tolist()
        sentence = self._sentence_ids(position).tolist()
        context = self._context_ids(position).tolist()
        return sum(
            [
                weight if term in fields else weight * QUOTE_CREDIT
                for term, weight in weights.items()
                if term in fields or term in sentence or term in context
            ]
        )

    def _passing(
        self, query: Query, ordered: Iterable[tuple[int, float]]
    ) -> list[tuple[int, float]]:
        """The first MAX_CANDIDATES of `ordered` meeting the query's constraints."""
        passing: list[tuple[int, float]] = []
        for position, held in ordered:
            if constraints_hold(query, self._probe(position), analyzer=self.analyzer):
                passing.append((position, held))
                if len(passing) == MAX_CANDIDATES:
                    break
        return passing

    def _ranked(
        self,
        query: Query,
        weights: Mapping[int, float],
        seeds: Sequence[array[int]],
        least: float,
    ) -> list[tuple[int, float]]:
        """`_candidates` for many seeds: the held weight of every fact summed over the
        postings at once (numpy), the best ones checked against the constraints in order."""
        np = _numpy()
        held = np.zeros(self._count, dtype=np.float64)
        # add.at, not `held[postings] += …`: the same sums (a term's postings, and the owners
        # of its field entries, are distinct positions), faster for a word in most facts.
        for term_id, weight in weights.items():
            postings = np.frombuffer(self._term_postings(term_id), dtype=np.int32)
            np.add.at(held, postings, weight * QUOTE_CREDIT)
            owners = np.frombuffer(self._field_postings(term_id), dtype=np.int32)
            np.add.at(held, owners, weight * (1 - QUOTE_CREDIT))
        seeded = np.zeros(self._count, dtype=bool)
        for walk in seeds:
            seeded[np.frombuffer(walk, dtype=np.int32)] = True
        seeded &= (held > 0) & (held >= least)
        if query.years:
            seeded &= self._dated_in(query.years)
        if query.region is not None:
            seeded &= self._in_region(query.region)
        found = np.flatnonzero(seeded)
        return self._passing(query, _best_first(np, found, held[found]))

    def _dated_in(self, years: frozenset[int]) -> Any:
        """numpy mask of the facts that may be about `years`: dated in one of them, or undated."""
        np = _numpy()
        mask = np.zeros(self._count, dtype=bool)
        for year in years:
            mask[np.frombuffer(self._year_postings.get(year, array("i")), dtype=np.int32)] = True
        mask[np.frombuffer(self._undated, dtype=np.int32)] = True
        return mask

    def _in_region(self, region: str) -> Any:
        """numpy mask of the facts that may be about `region`: of that region, or of none."""
        np = _numpy()
        mask = np.frombuffer(self._region_of, dtype=np.int32) == _NONE
        mask[np.frombuffer(self._region_postings.get(region, array("i")), dtype=np.int32)] = True
        return mask

    def _field_postings(self, term_id: int) -> memoryview:
        """The facts holding `term_id` in their subject, figure, unit or region."""
        ends = self._field_ends
        return memoryview(self._field_owners)[ends[term_id - 1] if term_id else 0 : ends[term_id]]

    def _postings_of(self, term: str) -> Sequence[int]:
        term_id = self._terms.get(term)
        return () if term_id is None else self._term_postings(term_id)

    def _fact_count(self, term: str) -> int:
        term_id = self._terms.get(term)
        return 0 if term_id is None else self._posting_count(term_id)

    def _term_postings(self, term_id: int) -> array[int]:
        ends = self._postings_ends
        return self._postings[ends[term_id - 1] if term_id else 0 : ends[term_id]]

    def _posting_count(self, term_id: int) -> int:
        ends = self._postings_ends
        return ends[term_id] - (ends[term_id - 1] if term_id else 0)


def _best_first(np: Any, positions: Any, held: Any) -> Iterator[tuple[int, float]]:
    """(position, held weight) pairs, most held first, ties in position order: the first
    TOP_FIRST pairs sorted on their own (most searches read no further), then the rest."""

    def by_held(chosen: Any) -> Iterator[tuple[int, float]]:
        order = chosen[np.argsort(-held[chosen], kind="stable")]
        return _pairs(positions[order], held[order])

    if len(positions) <= TOP_FIRST:
        yield from by_held(np.arange(len(positions)))
        return
    cut = -np.partition(-held, TOP_FIRST - 1)[TOP_FIRST - 1]  # the TOP_FIRST-th largest
    yield from by_held(np.flatnonzero(held > cut))
    ties = np.flatnonzero(held == cut)  # equal: already in position order
    yield from _pairs(positions[ties], held[ties])
    yield from by_held(np.flatnonzero(held < cut))


def _pairs(
    positions: Any, values: Any, chunk: int = 4 * MAX_CANDIDATES
) -> Iterator[tuple[int, float]]:
    """Two numpy arrays as Python pairs, converted a chunk at a time (most are never read)."""
    for start in range(0, len(positions), chunk):
        yield from zip(
            positions[start : start + chunk].tolist(),
            values[start : start + chunk].tolist(),
            strict=True,
        )


def _numpy() -> Any:
    """numpy, imported on first need."""
    import numpy

    return numpy


@dataclass(slots=True)
class _Language:
    """What the builder keeps for the facts of one language while it reads them."""

    analyzer: Analyzer
    subjects: Numbering[Words]
    phrases: Numbering[Words]  # units and regions
    contexts: Numbering[tuple[Words, Words]]  # topic tags and title
    learned: set[Words] = field(default_factory=set)  # texts whose words were learned
    last_quote: int = _NONE  # the sentence of the last fact of this language
    last_sentence: int = _NONE


class _Counters(NamedTuple):
    """Numbers of subjects, phrases and contexts, shared by every language's numberings."""

    subjects: Iterator[int]
    phrases: Iterator[int]
    contexts: Iterator[int]


class _Keys(NamedTuple):
    """One language's distinct subjects, phrases (units, regions) and contexts (topic tags and
    title), each with its number: what `_Builder.finish` turns into terms."""

    subjects: list[tuple[Words, int]]
    phrases: list[tuple[Words, int]]
    contexts: list[tuple[tuple[Words, Words], int]]


class _Pending(NamedTuple):
    """Every small object the reading phase made that the index keeps, handed from `_Builder`'s
    first phase to its second through one pickle (see `_Builder.finish`)."""

    terms: list[str]  # by id
    learned: list[str]  # the vocabulary in the order it was met
    table: TablePending
    keys: dict[str, _Keys]  # by language; last: dropped once read, the rest is kept


class _Builder:
    """Builds a `FactIndex` in two phases.

    Reading (`add_rows`, `add_facts`) takes batches of facts: the table's columns are extended
    in C, and a short loop per fact numbers what repeats (terms, subjects, units, regions,
    contexts) and records each fact's numbers in flat arrays; nothing is looked up twice for
    one distinct text. `finish` makes the rest once per distinct text (subjects' terms,
    contexts), then per fact (its field terms, postings, keys, measure chain).

    Between the phases every small object the index keeps (term names, the vocabulary, the
    distinct texts) goes through one pickle: made afresh once the reading's short-lived
    objects are gone, they sit together in the allocator's memory, instead of each pinning a
    page among freed ones (which kept about half the RSS of a built index).
    """

    def __init__(self, index: FactIndex) -> None:
        self._index = index
        self.table = FactTable()
        self.folded = 0  # facts whose forms were not stored and were folded here
        self._terms: Numbering[str] = Numbering()
        self._vocabulary: set[str] = set()
        self._learned: list[str] = []
        self._languages: dict[str, _Language] = {}
        self._readable_languages: dict[str, bool] = {}
        self._counters = _Counters(count(), count(), count())
        # Per fact, in load order.
        self._sentence_of = array("i")
        self._sentence_offsets = array("i", [0])
        self._sentence_terms = array("i")
        self._subject_of = array("i")
        self._unit_of = array("i")  # phrase numbers
        self._region_of = array("i")
        self._context_of = array("i")
        self._figure_offsets = array("i", [0])
        self._figure_terms = array("i")
        self._placed = bytearray()  # whether the fact names a region
        self._worded = bytearray()  # whether its figure is worded (no digit: "chairman")

    def add_rows(self, batch: IndexColumns, sources: Mapping[int, Source]) -> None:
        """Index a batch of stored facts, reading their stored forms (folding those without
        current ones)."""
        positions = self.table.extend(batch, documents=batch.document_id, topics=batch.topics)
        forms: list[StoredForms | None] = list(map(read_stored, batch.forms))
        for i, found in enumerate(forms):
            if found is None or not self._readable(found.language):
                forms[i] = self._fold(_batch_fact(batch, i, sources[batch.document_id[i]]))
        self._read(positions, cast(list[StoredForms], forms), batch.region, batch.value_text)

    def add_facts(self, facts: Sequence[Fact]) -> None:
        """Index a batch of facts, folding each one's texts."""
        batch = _fact_columns(facts)
        positions = self.table.extend(
            batch,
            documents=[f.source for f in facts],
            topics=[f.topics for f in facts],
            from_title=[f.from_title for f in facts],
        )
        forms = [self._fold(fact) for fact in facts]
        self._read(positions, forms, batch.region, batch.value_text)

    def _fold(self, fact: Fact) -> StoredForms:
        """`fact`'s forms, folded now by the analyzer that reads it."""
        self.folded += 1
        return as_stored(fold_fact(fact, self._index.analyzer_for(f"{fact.subject} {fact.quote}")))

    def _readable(self, language: str) -> bool:
        """Whether stored forms of `language` were folded by the analyzer this index reads
        that language with."""
        found = self._readable_languages.get(language)
        if found is None:
            found = self._readable_languages[language] = (
                language == Language.CHINESE
                or analyzer_for(Language(language)) is self._index.analyzer
            )
        return found

    def _language(self, language: str) -> _Language:
        """What is kept for the facts of `language`."""
        found = self._languages.get(language)
        if found is None:
            counters = self._counters
            found = self._languages[language] = _Language(
                self._analyzer(language),
                Numbering(counter=counters.subjects),
                Numbering(counter=counters.phrases),
                Numbering(counter=counters.contexts),
            )
        return found

    def _read(
        self,
        positions: range,
        forms: Sequence[StoredForms],
        regions: Sequence[str | None],
        figures: Sequence[str | None],
    ) -> None:
        """Number what each fact's forms hold and learn their words, in load order."""
        languages = self._languages
        quotes = self.table.quotes
        term = self._terms.__getitem__
        known = self._vocabulary.issuperset
        learn = self._learn
        sentence_of, sentence_offsets = self._sentence_of, self._sentence_offsets
        sentence_terms, figure_terms = self._sentence_terms, self._figure_terms
        subject_of, figure_offsets = self._subject_of, self._figure_offsets
        unit_of, region_of, context_of = self._unit_of, self._region_of, self._context_of
        name, language = None, None
        for position, form in zip(positions, forms, strict=True):
            if form.language != name:
                name = form.language
                language = languages.get(name) or self._language(name)
            assert language is not None
            quote = quotes[position]
            if quote != language.last_quote:
                language.last_quote = quote
                language.last_sentence = len(sentence_offsets) - 1
                sentence_terms.extend(map(term, form.quote_terms))
                sentence_offsets.append(len(sentence_terms))
                if not known(form.quote):
                    learn(form.quote, language)
            sentence_of.append(language.last_sentence)
            # Field words after the sentence's, in the order the vocabulary first met them.
            learned = language.learned
            subject, unit, region = form.subject, form.unit, form.region
            subject_of.append(language.subjects[subject])
            if subject not in learned:
                learned.add(subject)
                learn(words_of(subject), language)
            figure_terms.extend(map(term, form.figure_terms))
            figure_offsets.append(len(figure_terms))
            if not known(form.figure):
                learn(form.figure, language)
            unit_of.append(language.phrases[unit])
            if unit not in learned:
                learned.add(unit)
                learn(words_of(unit), language)
            region_of.append(language.phrases[region])
            if region not in learned:
                learned.add(region)
                learn(words_of(region), language)
            context_of.append(language.contexts[(form.topics, form.title)])
        self._placed.extend(map(bool, regions))
        self._worded.extend([not any(map(str.isdigit, f)) if f else True for f in figures])

    def _learn(self, words: Iterable[str], language: _Language) -> None:
        vocabulary, is_stopword = self._vocabulary, language.analyzer.is_stopword
        for word in words:
            if word not in vocabulary and not is_stopword(word):
                vocabulary.add(word)
                self._learned.append(word)

    def _pending(self) -> _Pending:
        """Hand over the small objects the reading made, forgetting them here."""
        terms = list(self._terms)
        # A word equal to a term (most are numbers) is kept as the term's own string: the
        # pickle below then makes one object for both.
        same_term = dict(zip(terms, terms, strict=True))
        pending = _Pending(
            terms=terms,
            learned=[same_term.get(word, word) for word in self._learned],
            table=self.table.pending(),
            keys={
                name: _Keys(
                    list(language.subjects.items()),
                    list(language.phrases.items()),
                    list(language.contexts.items()),
                )
                for name, language in self._languages.items()
            },
        )
        self._terms = Numbering()
        self._vocabulary = set()
        self._learned = []
        self._languages.clear()
        return pending

    def finish(self, sources: Callable[[Hashable], Source]) -> None:
        """Make the index's structures from what was read, and hand them to the index.

        `sources` gives the `Source` of each document key the batches named.
        """
        packed = pickle.dumps(self._pending(), protocol=pickle.HIGHEST_PROTOCOL)
        pending: _Pending = pickle.loads(packed)  # made afresh: see the class docstring
        del packed
        index, table = self._index, self.table
        table.seal(pending.table, sources)
        count_ = len(table)
        terms = Numbering(zip(pending.terms, count()))
        learned, distinct_keys = pending.learned, pending.keys
        del pending
        term = terms.__getitem__
        # Once per distinct subject, phrase and context: their terms.
        subjects: list[_Subject] = [_NO_SUBJECT] * _counted(self._counters.subjects)
        subject_terms: list[tuple[int, ...]] = [()] * len(subjects)
        phrase_terms: list[tuple[int, ...]] = [()] * _counted(self._counters.phrases)
        phrase_keys: list[str] = [""] * len(phrase_terms)
        contexts: list[tuple[int, ...]] = [()] * _counted(self._counters.contexts)
        for language, distinct in distinct_keys.items():
            analyzer = self._analyzer(language)
            content_terms, stem = analyzer.content_terms, analyzer.stem
            for subject_words, number in distinct.subjects:
                subject_names = tuple(content_terms(words_of(subject_words)))
                measured = sorted(t for t in set(subject_names) if not analyzer.is_soft(t))
                subjects[number] = _Subject(
                    subject_names,
                    frozenset(subject_names),
                    " ".join(subject_names),
                    " ".join(measured),
                )
                subject_terms[number] = tuple(map(term, subject_names))
            for phrase, number in distinct.phrases:
                words = words_of(phrase)
                phrase_terms[number] = tuple(map(term, content_terms(words)))
                phrase_keys[number] = " ".join(words)
            # Contexts pair a few topic lists with a few titles: each one's words stemmed once.
            stemmed: dict[Words, list[str]] = {}
            for (topics, title), number in distinct.contexts:
                topic_stems = stemmed.get(topics)
                if topic_stems is None:
                    topic_stems = stemmed[topics] = [stem(w) for w in words_of(topics)]
                title_stems = stemmed.get(title)
                if title_stems is None:
                    title_stems = stemmed[title] = [stem(w) for w in words_of(title)]
                contexts[number] = tuple(map(term, dict.fromkeys([*topic_stems, *title_stems])))
            del stemmed
        del distinct_keys
        names = list(terms)
        # Keys: every region's, unit's and match key once, each subject's measure once.
        key_ids: Numbering[str] = Numbering()
        phrase_key_ids = [key_ids[k] for k in phrase_keys]
        measure_ids: Numbering[str] = Numbering()
        subject_measures = [measure_ids[s.measure] for s in subjects]
        # Per fact: its field terms, every term's postings, its keys and measure chain.
        field_offsets, field_ids = array("i", [0]), array("i")
        postings = [array("i") for _ in names]
        add_posting = [positions.append for positions in postings]
        field_postings = [array("i") for _ in names]
        add_field_posting = [positions.append for positions in field_postings]
        sentence_offsets, sentence_terms = self._sentence_offsets, self._sentence_terms
        figure_offsets, figure_terms = self._figure_offsets, self._figure_terms
        region_of = array("i", [_NONE]) * count_
        unit_of = array("i", [0]) * count_
        match_of = array("i", [_NONE]) * count_
        measure_head = array("i", [0]) * count_
        measure_next = array("i", [_NONE]) * count_
        measure_last: dict[tuple[int, int, int, int], int] = {}
        kinds, placed, worded = table.kinds, self._placed, self._worded
        for position, (subject, unit, region, context, sentence) in enumerate(
            zip(
                self._subject_of,
                self._unit_of,
                self._region_of,
                self._context_of,
                self._sentence_of,
                strict=True,
            )
        ):
            figure = figure_terms[figure_offsets[position] : figure_offsets[position + 1]]
            field = dict.fromkeys(
                [*subject_terms[subject], *figure, *phrase_terms[unit], *phrase_terms[region]]
            )
            field_ids.extend(field)
            field_offsets.append(len(field_ids))
            for term_id in field:
                add_field_posting[term_id](position)
            every = set(field)
            every.update(
                sentence_terms[sentence_offsets[sentence] : sentence_offsets[sentence + 1]]
            )
            every.update(contexts[context])
            for term_id in every:
                add_posting[term_id](position)
            if placed[position]:
                region_of[position] = phrase_key_ids[region]
            unit_key = unit_of[position] = phrase_key_ids[unit]
            if worded[position] and figure:
                match_key = " ".join([*subjects[subject].terms, *[names[t] for t in figure]])
                match_of[position] = key_ids[match_key]
            measure = (region_of[position], kinds[position], subject_measures[subject], unit_key)
            last = measure_last.get(measure)
            if last is None:
                measure_head[position] = position
            else:
                measure_head[position] = measure_head[last]
                measure_next[last] = position
            measure_last[measure] = position
        del add_posting, add_field_posting, measure_last
        # Each context's terms one after another in one array (no tuple per context).
        context_terms, context_offsets = array("i"), array("q")
        for context_ids in contexts:
            context_terms.extend(context_ids)
            context_offsets.append(len(context_terms))
        del contexts
        # Every term's postings, and the facts holding it in their fields, in one array each.
        flat, ends = _flattened(postings)
        field_flat, field_ends = _flattened(field_postings)
        del postings, field_postings
        # The positions of each region, document and year, made now that the per-term lists
        # are gone (made among them, each would pin a page of the allocator's memory).
        region_postings, regions = self._region_postings(region_of, key_ids)
        by_document = _document_postings(table)
        year_postings, undated = _year_postings(table)
        # The vocabulary in the order it met its words, then the synonyms.
        vocabulary = _Vocabulary()
        for word in learned:
            vocabulary.words.add(word)
            if word.isalpha() and len(word) >= 4:
                vocabulary.by_initial[word[0]].append(word)
                vocabulary.by_length[len(word)].append(word)
        # Single-word synonyms ("online", "telecom") are spellings a typo may be closest to.
        _learn(vocabulary, index.analyzer.synonym_words, index.analyzer)
        index.table = table
        index._terms = Interned.of(names)
        index._postings = flat  # int32: numpy reads it as is (`_ranked`)
        index._postings_ends = narrowest(ends, below=len(flat) + 1, low=0)
        index._field_owners = field_flat  # int32: numpy reads it as is (`_ranked`)
        index._field_ends = narrowest(field_ends, below=len(field_flat) + 1, low=0)
        index._field_offsets = field_offsets  # int32: numpy reads it as is (`_ranked`)
        index._field_ids = narrowest(field_ids, below=len(names), low=0)
        index._sentence_of = self._sentence_of
        index._sentence_offsets = sentence_offsets
        index._sentence_terms = narrowest(sentence_terms, below=len(names), low=0)
        index._context_of = narrowest(self._context_of, below=len(context_offsets), low=0)
        index._context_offsets = narrowest(context_offsets, below=len(context_terms) + 1, low=0)
        index._context_terms = narrowest(context_terms, below=len(names), low=0)
        index._subjects = subjects
        index._subject_of = narrowest(self._subject_of, below=len(subjects), low=0)
        index._match_of = narrowest(match_of, below=len(key_ids))
        index._region_of = region_of  # int32: numpy reads it as is (`_ranked`)
        index._unit_of = narrowest(unit_of, below=len(key_ids), low=0)
        index._keys = Interned.of(list(key_ids), sealed=True)
        index._measure_head = measure_head
        index._measure_next = measure_next
        index._region_postings = region_postings
        index._year_postings = year_postings
        index._undated = undated  # int32: numpy reads it as is (`_ranked`)
        index._by_document = by_document
        index._regions = regions
        index._vocabulary = vocabulary
        ids = table.ids
        index._ids_sorted = all(ids[i] < ids[i + 1] for i in range(len(ids) - 1))
        index._by_id = {} if index._ids_sorted else {f: p for p, f in enumerate(ids)}
        index._count = count_
        index._unknown_weight = math.log(1 + max(count_, 1))
        index._empty_caches()
        index.folded = self.folded
        index.document_profiles = _document_profiles(index)
        # A known place matches as its folded key ("xi'an" in a question is the region "xian").
        index.place_matcher = PhraseMatcher(
            {
                place: " ".join(index.analyzer.words(place))
                for place in index.analyzer.vocabulary.places
            }
            | {k: k for k in regions},
            index.analyzer,
        )

    def _region_postings(
        self, region_of: array[int], key_ids: Mapping[str, int]
    ) -> tuple[dict[str, array[int]], dict[str, str]]:
        """Each region key's positions, and its name as its first fact states it."""
        names = list(key_ids)
        by_key: dict[int, array[int]] = {}
        regions: dict[str, str] = {}
        for position, key in enumerate(region_of):
            if key == _NONE:
                continue
            found = by_key.get(key)
            if found is None:
                found = by_key[key] = array("i")
                regions[names[key]] = self.table.region(position) or names[key]
            found.append(position)
        return {names[k]: positions for k, positions in by_key.items()}, regions

    def _analyzer(self, language: str) -> Analyzer:
        """The analyzer facts of `language` are read by."""
        if language == Language.CHINESE:
            return analyzer_for(Language.CHINESE)
        return self._index.analyzer


def _flattened(lists: list[array[int]]) -> tuple[array[int], array[int]]:
    """`lists` one after another in one array (no object per list), and where each ends;
    each list is freed once copied, so they are held about once, not twice."""
    flat, ends = array("i"), array("q")
    empty = array("i")
    for number, items in enumerate(lists):
        flat.extend(items)
        ends.append(len(flat))
        lists[number] = empty
    return flat, ends


def _document_profiles(index: FactIndex) -> DocumentProfiles:
    """Each document's most common region, year and part of a year (ties: the first met).

    Counted once per distinct (document, region, period, event day), in the order the facts
    first have each: the counts, and the order ties are broken in, of a pass over every fact.
    """
    table = index.table
    slugs = [source.slug for source in table.sources.values]
    keys, strings = index._keys.values, table.strings.values
    regions: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, Counter[int]] = defaultdict(Counter)
    parts: dict[str, Counter[PeriodPart]] = defaultdict(Counter)
    columns = (table.documents, index._region_of, table.periods, table.event_days)
    combos = Counter(zip(*columns, strict=True))
    dated: dict[tuple[int, int], tuple[frozenset[int], PeriodPart | None]] = {}
    for (document, region, period_id, day), facts in combos.items():
        slug = slugs[document]
        if region != _NONE:
            regions[slug][keys[region]] += facts
        when = dated.get((period_id, day))
        if when is None:
            when = dated[period_id, day] = _dated(strings, period_id, day)
        fact_years, part = when
        for year in fact_years:
            years[slug][year] += facts
        if part is not None:
            parts[slug][part] += facts
    return DocumentProfiles(
        regions={slug: c.most_common(1)[0][0] for slug, c in regions.items()},
        years={slug: c.most_common(1)[0][0] for slug, c in years.items()},
        parts={slug: c.most_common(1)[0][0] for slug, c in parts.items()},
        region_keys=frozenset(k for c in regions.values() for k in c),
    )


def _dated(
    strings: Sequence[str], period_id: int, day: int
) -> tuple[frozenset[int], PeriodPart | None]:
    """The years a fact's period and event day give a document's profile, and the part of a
    year they cover (None: undated); a plan's ("by 2025") say nothing about the years a
    document reports on."""
    period = None if period_id == _NONE else strings[period_id]
    if (period or "").lower().startswith("by"):
        return frozenset(), None
    fact_years = _years_of(period, day)
    return fact_years, period_part(period or "") if fact_years else None


def _years_of(period: str | None, event_day: int) -> frozenset[int]:
    """The years a period names, and an event date's (a date ordinal; 0 for none)."""
    years = set(_period(period).years)
    if event_day:
        years.add(_year(event_day))
    return frozenset(years)


def _document_postings(table: FactTable) -> dict[str, array[int]]:
    """The positions of each document's facts, by its slug."""
    positions = [array("i") for _ in table.sources.values]
    add = [p.append for p in positions]
    for position, document in enumerate(table.documents):
        add[document](position)
    by_slug: dict[str, array[int]] = {}
    for source, found in zip(table.sources.values, positions, strict=True):
        known = by_slug.setdefault(source.slug, found)
        if known is not found:  # two documents with one slug: one posting list
            by_slug[source.slug] = array("i", sorted([*known, *found]))
    return by_slug


def _year_postings(table: FactTable) -> tuple[dict[int, array[int]], array[int]]:
    """The positions of the facts of each year (their periods' years, their event dates'),
    and of the facts that name none."""
    by_year: dict[int, array[int]] = {}
    undated = array("i")
    strings = table.strings.values
    period_years = {p: _period(strings[p]).years for p in set(table.periods) if p != _NONE}
    adds: dict[int, tuple[Callable[[int], None], ...]] = {_NONE: (undated.append,)}
    for period, years in period_years.items():
        adds[period] = tuple(
            _postings_of(by_year, year).append for year in sorted(set(years))
        ) or (undated.append,)
    events = table.event_days
    for position, period in enumerate(table.periods):
        if events[position]:
            for year in {*period_years.get(period, ()), _year(events[position])}:
                _postings_of(by_year, year).append(position)
        else:
            for add in adds[period]:
                add(position)
    return by_year, undated


def _postings_of(postings: dict[_K, array[int]], key: _K) -> array[int]:
    found = postings.get(key)
    if found is None:
        found = postings[key] = array("i")
    return found


def _year(day: int) -> int:
    """The year of a date ordinal."""
    return date.fromordinal(day).year


def _learn(vocabulary: _Vocabulary, folded: Iterable[str], analyzer: Analyzer) -> None:
    is_stopword = analyzer.is_stopword
    words = vocabulary.words
    for word in folded:
        if is_stopword(word):
            continue
        if word not in words and word.isalpha() and len(word) >= 4:
            words.add(word)
            vocabulary.by_initial[word[0]].append(word)
            vocabulary.by_length[len(word)].append(word)
        elif word not in words:
            words.add(word)


@lru_cache(maxsize=_MAX_CACHED_PERIODS)
def _period(period: str | None) -> _Period:
    text = period or ""
    part = period_part(text)
    return _Period(tuple(int(y) for y in _YEAR_RE.findall(text)), part.half, part.quarters)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while an index is built: a build makes millions of
    objects and no cycles, so collections would only scan what it keeps, again and again
    (about a third of the build's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _same_source(document: Hashable) -> Source:
    """A fact's document when the facts were given as `Fact`s: its `Source` itself."""
    return cast(Source, document)


def _batched(facts: Iterable[Fact], size: int) -> Iterator[list[Fact]]:
    found = iter(facts)
    while batch := list(islice(found, size)):
        yield batch


def _counted(counter: Iterator[int]) -> int:
    """How many numbers `counter` (a `count()`) gave."""
    return next(counter)


def _fact_columns(facts: Sequence[Fact]) -> IndexColumns:
    """`facts` as the columns of stored facts (without their documents' ids or forms)."""
    columns = ([getattr(f, name) for f in facts] for name in FACT_COLUMNS)
    return IndexColumns._make([[f.stored_id for f in facts], (), *columns, ()])


def _batch_fact(batch: IndexColumns, i: int, source: Source) -> Fact:
    """The `i`th fact of a batch of stored facts."""
    return to_fact(ColumnRow(batch, i), source)


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


@lru_cache(maxsize=_MAX_CACHED_PERIODS)
def period_rank(period: str | None, fallback_year: int | None) -> PeriodRank:
    """A sort key for a period: year, then last month covered; unknown periods sort first."""
    text = period or ""
    years = [int(y) for y in _YEAR_RE.findall(text)]
    if not years:
        return PeriodRank(fallback_year or 0, 0)
    return PeriodRank(max(years), period_part(text).last_month)


@lru_cache(maxsize=_MAX_CACHED_PERIODS)
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
