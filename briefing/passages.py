"""The passage tier: when no extracted fact answers with confidence, the best sentence does.

Every sentence of every document is stored with its analyzed terms and a full-text index
(`db.sentences`). A question's terms fetch the database's best-ranked sentences; each is then
held to the same hard constraints as a fact (the place, the year, the half asked about), must
suit what is asked (a figure for "how much", a percentage for "how fast", a date for "when"),
and must hold enough of the question's weighted words. The winner answers with the clause that
holds its figures, cited like a fact; when the store has a fact extracted from that very clause,
the fact answers instead (a structured card with its period and change).

Coverage is the share of the question's word weight (inverse sentence frequency) the sentence
holds, so a word the store lacks lowers confidence without vetoing the question on its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from briefing.analysis import Analyzer, Language, language_of, terms_in_own_language
from briefing.chinese.periods import find_chinese_period
from briefing.chinese.segment import to_simplified
from briefing.extract.figures import SCALES
from briefing.extract.patterns import FULL_MONTH, MONTH, MONTH_NUMBERS, ORDINAL_WORD
from briefing.extract.periods import find_period
from briefing.index import FactIndex, PeriodPart, period_part
from briefing.kinds import Want
from briefing.question import Query
from briefing.scorer import want_fit
from core.facts import Fact, Passage
from db import sentences
from db.engine import Engine, Session, new_session

SEARCH_TERMS = 4
"""How many of the question's rarest words select the pool of candidate sentences."""
COMMON_SHARE = 0.2
"""A word in more than this share of all sentences is too common to select candidates by."""
CHEAP_TERM_SENTENCES = 2_000
"""A word in at most this many sentences is cheap to select by, however common in share."""
RANKED_POSTINGS = 20_000
"""The database ranks by reading every sentence that holds a searched word, so the words
searched together hold at most this many sentences (the rarest words first)."""
RANKED_MATCHES = 500
"""Of the sentences matching a search, only the newest this many are ranked."""
MAX_CACHED_WORDS = 20_000
"""Words of answer clauses whose analyzed terms are kept."""
MAX_CACHED_FREQUENCIES = 100_000
"""Sentence frequencies kept per index before the cache starts over."""
PASSAGE_POOL = 40
"""How many of the database's best-ranked sentences are checked against a question."""
MIN_COVERAGE = 0.7
"""A sentence must hold at least this share of the question's word weight to answer."""
SOFT_TERM_WEIGHT = 0.3
"""Generic words ("industry", "total") count this much of an ordinary word."""
TARGET_PENALTY = 0.15
"""A plan ("by 2025 … will reach") answers what is, only when nothing else does."""
SCORE_STEP = 0.05
"""Scores this close are a tie, which the more recent document wins (the latest figure)."""
TITLE_CREDIT = 0.5
"""A question word found only in the document's title counts this much of one in the sentence."""
TITLE_PENALTY = 0.1
"""A headline rounds its figures: it answers only when no body sentence is nearly as good."""
HALF_YEAR_PENALTY = 0.05
"""Without a half named, a full-year sentence beats an otherwise equal half-year one."""
ANCHOR_SPAN = 40
"""How many characters before a word count as its neighbourhood when placing a clause's window."""
MAX_CLAUSE_CHARS = 90
"""The clause shown as an answer's headline is cut to this many characters around its figure."""

_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_PERCENT = re.compile(r"\d\s*(?:%|per\s*cent|percent)|百分之", re.IGNORECASE)
_DATE = re.compile(
    rf"\b{MONTH}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{FULL_MONTH}\b|\d{{1,2}}月\d{{1,2}}日"
    rf"|\b{FULL_MONTH}\s+(?:of\s+)?(?:19|20)\d\d\b|(?:19|20)\d\d年\d{{1,2}}月"  # a month of a year
    r"|\b(?:launched|founded|established|set up|opened|inaugurated|started)\s+in\s+(?:19|20)\d\d\b"
)  # the year a thing began: "the Harbor, launched in 2016, ..."
_NOT_NAME_WORDS = (
    "Office|Big|Data|Administration|Bureau|Center|Centre|Group|Company|Park|Zone|City|Province"
    "|Municipal|National|China|Chinese|Digital|Economy|Industrial|Internet|Information|Science"
    "|Technology|Development|Reform|Commission|Department|Committee|University|Academy|Institute"
    "|Mobile|Telecom|Unicom|New|Area|District|County|Key|Contact|The|In|On|At|By|For|According"
)
_PERSON = re.compile(
    rf"\b(?!(?:{_NOT_NAME_WORDS})\b)[A-Z][a-z]+ (?!(?:{_NOT_NAME_WORDS})\b)[A-Z][a-z]+\b"
    r"|[\u4e00-\u9fff]{2,3}(?:表示|介绍|说)"
)
"""A person's name: two capitalised words that are no organisation's words ("Zhao Hui", not
"Big Data"), or a Chinese name before 表示, 介绍 or 说."""
_CLAUSE_BREAK = re.compile(r";\s+|；|,\s+(?:and|while|whereas)\s+(?=the\s|its\s)|。")
_ORDINAL = re.compile(
    rf"\b\d{{1,3}}(?:st|nd|rd|th)\b|\b{ORDINAL_WORD}\b|第[\d一二三四五六七八九十]+|首位",
    re.IGNORECASE,
)
_SAID_ON = re.compile(
    r"\b(?:said|announced|released|reported|stated|disclosed|noted|published)\s+on\b",
    re.IGNORECASE,
)
_CONTEXT_WANTS = frozenset({Want.PERSON, Want.DATE})
"""Who and when: the sentence's words are the context, the person or date is the answer."""
_CHANGE = re.compile(
    r"\b(?:up|down|grew|grow|grows|growing|growth|rose|risen|rise|increased?|increasing"
    r"|decreased?|declined?|fell|fallen|climbed|jumped|surged|expanded|year[- ]on[- ]year"
    r"|y/y|yoy)\b|增长|增速|增幅|同比|提高|上升|下降|回落|减少",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"\bby (?:the end of )?20\d\d\b|\bwill\b|\b(?:plans?|planned|aims?|target|goal|strive)\b|"
    r"到20\d\d年|力争|目标",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})\b(?:,?\s+(?:19|20)\d{{2}})?"
)
_AMOUNT = re.compile(r"thousand|million|billion|trillion|亿|万", re.IGNORECASE)
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:%|percent|billion|million|trillion|thousand|亿|万)?")


@dataclass(frozen=True)
class PassageMatch:
    """A sentence that answers a question, and how well."""

    passage: Passage
    clause: str  # the part of the sentence that holds the answer, at most MAX_CLAUSE_CHARS
    coverage: float  # 0..1, share of the question's word weight the sentence holds
    fact: Fact | None = None  # the stored fact of that clause, when there is one that fits
    day: date | None = None  # for a "when" question: the date the clause states


class PassageSearch:
    """Finds the best passage for a question, under the question's hard constraints."""

    def __init__(self, engine: Engine, index: FactIndex, analyzer: Analyzer) -> None:
        self._engine = engine
        self._index = index
        self._frequency_cache: dict[str, int] = {}
        self._titles: dict[str, frozenset[str]] = {}
        self._sentence_total: int | None = None
        self._analyzer = analyzer
        regions: dict[str, Counter[str]] = defaultdict(Counter)
        years: dict[str, Counter[int]] = defaultdict(Counter)
        parts: dict[str, Counter[PeriodPart]] = defaultdict(Counter)
        for entry in index.entries:
            slug = entry.source.slug
            if entry.region_key is not None:
                regions[slug][entry.region_key] += 1
            if (entry.period or "").lower().startswith("by"):
                pass  # a plan's year says nothing about the year a document reports on
            else:
                for year in entry.years:
                    years[slug][year] += 1
                if entry.years:
                    parts[slug][period_part(entry.period or "")] += 1
        self._main_region = {slug: c.most_common(1)[0][0] for slug, c in regions.items()}
        self._main_year = {slug: c.most_common(1)[0][0] for slug, c in years.items()}
        self._main_part = {slug: c.most_common(1)[0][0] for slug, c in parts.items()}
        self._region_terms = {
            key: tuple(analyzer.terms(key)) for key in {k for c in regions.values() for k in c}
        }
        # Which places a sentence names, looked up from its own words: a store of many
        # places has too many to try each against every candidate sentence.
        self._regions_by_term: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for terms in set(self._region_terms.values()):
            if terms:
                self._regions_by_term[terms[0]].append(terms)
        self._nameless_region = any(not terms for terms in self._region_terms.values())
        self._outlet_terms = frozenset(
            term
            for outlet in {source.outlet for source in index.sources if source.outlet}
            for term in analyzer.terms(outlet.replace(".", " "))
        )

    def mentions(self, terms: list[str]) -> set[str]:
        """Which of `terms` some stored sentence, or some source's outlet, contains."""
        found = {t for t in terms if t in self._outlet_terms}
        return found | {t for t, n in self._stored_frequencies(terms).items() if n}

    def holds_word(self, word: str) -> bool:
        """Whether some stored sentence holds `word` (every term it analyzes to)."""
        terms = list(self._analyzer.terms(word))
        return bool(terms) and all(self._stored_frequencies(terms).values())

    def _stored_frequencies(self, terms: list[str]) -> dict[str, int]:
        """`_frequencies`, opening a session only for terms not yet cached."""
        if all(t in self._frequency_cache for t in terms):
            return {t: self._frequency_cache[t] for t in terms}
        with new_session(self._engine) as session:
            return self._frequencies(session, terms)

    def best(self, query: Query) -> PassageMatch | None:
        """The best sentence for `query` meeting its constraints, or None."""
        if not query.terms:
            return None
        with new_session(self._engine) as session:
            place_terms = self._place_terms(query)
            frequencies = self._frequencies(session, [*query.terms, *place_terms])
            total = self._total(session)
            # The rarest words select the pool (a word in most sentences selects nothing and
            # costs a ranking of them all); the place is searched for too: among many
            # sentences on "the digital economy", the one naming the city must reach the pool.
            rare = sorted(query.terms, key=lambda t: frequencies.get(t, 0))[:SEARCH_TERMS]
            bound = max(total * COMMON_SHARE, CHEAP_TERM_SENTENCES)
            searched = [t for t in rare if frequencies.get(t, 0) <= bound] or rare[:1]
            searched += place_terms
            # Too few holding every selecting word: any of the question's words (a sentence
            # may hold most of them but not the rarest, which its title holds).
            widened = [t for t in query.terms if frequencies.get(t, 0) <= bound]
            weights = self._weights(query, frequencies, total)
            terms = list(dict.fromkeys(searched))
            others = sorted(set(query.terms) - set(terms), key=lambda t: frequencies.get(t, 0))
            if len(terms) == 1 and others:
                # One selective word: the sentences holding it and every other word first
                # (its own ranking alone would favour its shortest sentences), then those.
                every = [*terms, *others]
                best = self._widened(
                    query,
                    self._every(session, every, frequencies),
                    every,
                    weights,
                    lambda: self._every(session, terms, frequencies),
                )
            else:
                best = self._widened(
                    query,
                    self._every(session, terms, frequencies),
                    terms,
                    weights,
                    lambda: self._either(session, terms, frequencies, widened=widened),
                )
        return self._finish(query, best, weights)

    def _widened(
        self,
        query: Query,
        hits: list[sentences.Hit],
        terms: list[str],
        weights: dict[str, float],
        more: Callable[[], list[sentences.Hit]],
    ) -> _Judged | None:
        """The best of `hits` (the sentences holding every one of `terms`), and of `more`
        when too few hold them all and one of those could beat the best of `hits`."""
        best = self._judged(query, hits, weights)
        if (
            len(hits) >= PASSAGE_POOL
            or len(terms) < 2
            or (best is not None and best.step > _step(_ceiling_without_one(terms, weights)))
        ):
            return best
        seen = {hit.passage.id for hit in hits}
        fresh = [hit for hit in more() if hit.passage.id not in seen]
        return max(
            (j for j in (best, self._judged(query, fresh, weights, first=len(hits))) if j),
            key=lambda judged: (judged.step, judged.tie),
            default=None,
        )

    def best_among(self, query: Query, hits: Iterable[sentences.Hit]) -> PassageMatch | None:
        """The best of `hits` for `query`, judged as `best` judges its pool (for measuring the
        pool against an exhaustive scan)."""
        if not query.terms:
            return None
        with new_session(self._engine) as session:
            frequencies = self._frequencies(session, list(query.terms))
            weights = self._weights(query, frequencies, self._total(session))
        return self._finish(query, self._judged(query, hits, weights), weights)

    def _weights(self, query: Query, frequencies: dict[str, int], total: int) -> dict[str, float]:
        """Each question word's weight: rarer words weigh more, generic ones little."""
        return {t: self._weight(t, frequencies.get(t, 0), total) for t in query.terms}

    def _judged(
        self,
        query: Query,
        hits: Iterable[sentences.Hit],
        weights: dict[str, float],
        *,
        first: int = 0,
    ) -> _Judged | None:
        """The best of `hits` meeting the question's constraints: coverage first, then the
        more recent document, then the database's order (`hits` are ordered from `first`)."""
        whole = sum(weights.values())
        covered: list[tuple[int, float, float, Passage, frozenset[str]]] = []
        for order, hit in enumerate(hits, first):
            titled = self._title_terms(hit.passage) - hit.terms
            held = hit.terms | titled  # "At the summit, …" is about the summit of the title
            coverage = _coverage(weights, whole, hit.terms, titled)
            if coverage >= MIN_COVERAGE:
                passage = hit.passage
                recency = passage.source.published.toordinal() if passage.source.published else 0
                tie = recency - order * 1e-3  # equal scores: the more recent, then the first
                covered.append((_step(coverage), tie, coverage, passage, held))
        # A score is at most the coverage: judged from the best coverage down, once a sentence
        # could not beat the best so far even unpenalized, nor can any after it.
        covered.sort(key=lambda item: (item[0], item[1]), reverse=True)
        best: _Judged | None = None
        for ceiling, tie, coverage, passage, held in covered:
            if best is not None and (ceiling, tie) < (best.step, best.tie):
                break
            if not _suits(query.want, passage.text):
                continue
            period = _period_of(passage.text, self._ref_year(passage))
            if not self._holds(query, passage, held, period):
                continue
            score = coverage
            planned = bool(_PLAN.search(passage.text))
            if query.want is Want.TARGET and not planned:
                continue
            if query.want is not Want.TARGET and planned and not _future(query, passage):
                score -= TARGET_PENALTY
            if passage.position == 0:
                score -= TITLE_PENALTY
            if query.half is None and period is not None and period_part(period).half:
                score -= HALF_YEAR_PENALTY
            judged = _Judged(_step(score), tie, coverage, passage, period)
            if best is None or (judged.step, judged.tie) > (best.step, best.tie):
                best = judged
        return best

    def _finish(
        self, query: Query, best: _Judged | None, weights: dict[str, float]
    ) -> PassageMatch | None:
        """The answer the judged sentence gives: its clause, and the fact or date it states."""
        if best is None:
            return None
        passage = best.passage
        clause, clause_terms = self._clause(
            passage.text, weights, query.want, share=_asks_share(query)
        )
        if (
            passage.position
            and self._clause_coverage(passage, clause_terms, weights) < MIN_COVERAGE
        ):
            return None  # "5G users": the sentence's 5G is its base stations, users another clause
        day = (
            _day(clause, best.period, passage.source.published)
            if query.want is Want.DATE
            else None
        )
        fact = self._fact_in(passage, clause, query, weights)
        return PassageMatch(passage, clause, best.coverage, fact, day)

    def _every(
        self, session: Session, terms: list[str], frequencies: dict[str, int]
    ) -> list[sentences.Hit]:
        """The sentences holding every one of `terms`: an intersection of postings, cheap
        however large the store.

        The database ranks a search by reading every sentence that holds one of its words, so
        it ranks only words selective enough to afford it (the rarest, within RANKED_POSTINGS
        together). Sentences holding every word are found however common the words: the
        newest first, unranked, among the newest RANKED_MATCHES holding the rarest word, when
        they are too common to rank.
        """
        if len(_affordable(terms, frequencies)) == len(terms):
            return self._ranked(session, terms, every=True)
        return sentences.search(
            session=session,
            terms=sorted(terms, key=lambda t: frequencies.get(t, 0)),
            limit=PASSAGE_POOL,
            every=True,
            window=RANKED_MATCHES,
            ranked=False,
        )

    def _either(
        self,
        session: Session,
        terms: list[str],
        frequencies: dict[str, int],
        *,
        widened: list[str],
    ) -> list[sentences.Hit]:
        """When too few sentences hold every one of `terms`: the best holding the affordable
        words of them and of `widened`, or the newest sentences holding any of them."""
        affordable = _affordable(terms, frequencies)
        if not affordable:
            return sentences.search(session=session, terms=terms, limit=PASSAGE_POOL, ranked=False)
        either = _affordable(list(dict.fromkeys([*widened, *terms])), frequencies)
        return self._ranked(session, either or affordable, every=False)

    @staticmethod
    def _ranked(session: Session, terms: list[str], *, every: bool) -> list[sentences.Hit]:
        return sentences.search(
            session=session, terms=terms, limit=PASSAGE_POOL, every=every, window=RANKED_MATCHES
        )

    def _frequencies(self, session: Session, terms: list[str]) -> dict[str, int]:
        """Sentence frequencies of `terms`, cached for the life of this index."""
        missing = [t for t in terms if t not in self._frequency_cache]
        if missing:
            if len(self._frequency_cache) > MAX_CACHED_FREQUENCIES:
                self._frequency_cache.clear()
            found = sentences.document_frequencies(session=session, terms=missing)
            self._frequency_cache.update({t: found.get(t, 0) for t in missing})
        return {t: self._frequency_cache[t] for t in terms}

    def _title_terms(self, passage: Passage) -> frozenset[str]:
        """The terms of the passage's document title, which its sentences take as context."""
        slug = passage.source.slug
        terms = self._titles.get(slug)
        if terms is None:
            terms = self._titles[slug] = frozenset(terms_in_own_language(passage.source.title))
        return terms

    def _total(self, session: Session) -> int:
        if self._sentence_total is None:
            self._sentence_total = max(sentences.total_sentences(session=session), 1)
        return self._sentence_total

    def _names(self, place: str, held: frozenset[str]) -> bool:
        """Whether a sentence's terms name `place` (a folded place name)."""
        terms = self._region_terms.get(place) or tuple(self._analyzer.terms(place))
        return bool(terms) and all(t in held for t in terms)

    def _names_a_region(self, held: frozenset[str]) -> bool:
        """Whether a sentence's terms name any place the store's facts are about."""
        return self._nameless_region or any(
            all(t in held for t in terms)
            for first in held
            for terms in self._regions_by_term.get(first, ())
        )

    def _place_terms(self, query: Query) -> list[str]:
        places = [query.region] if query.region else []
        return [t for place in [*places, *query.places] for t in self._analyzer.terms(place)]

    def _weight(self, term: str, frequency: int, total: int) -> float:
        weight = math.log(1 + (total - frequency + 0.5) / (frequency + 0.5))
        return weight * SOFT_TERM_WEIGHT if self._analyzer.is_soft(term) else weight

    def _ref_year(self, passage: Passage) -> int | None:
        """The year "this year" and "last year" count from: the publication's, as ingest reads
        them; the document's main year when its date is unknown."""
        if passage.source.published is not None:
            return passage.source.published.year
        return self._main_year.get(passage.source.slug)

    def _holds(
        self, query: Query, passage: Passage, held: frozenset[str], period: str | None
    ) -> bool:
        """The question's place, year and half bind a passage as they bind a fact."""
        slug = passage.source.slug
        if (
            query.region is not None
            and not self._names(query.region, held)
            and (self._names_a_region(held) or self._main_region.get(slug) != query.region)
        ):
            return False
        if query.outlet is not None and passage.source.outlet != query.outlet:
            return False
        for place in query.places:  # "China's output" is not answered by a province's sentence
            if not self._names(place, held):
                return False
        if any(t[0].isdigit() and t not in held for t in query.terms):
            return False  # "ranked first" is not answered by a sentence without that number
        if query.years:
            years = {int(y) for y in _YEAR.findall(period or "")}
            if not years:
                main = self._main_year.get(slug)
                years = {main} if main is not None else set()
            if not years & query.years:
                return False
        if (
            query.half is None
            and query.quarters is None
            and query.through_month is None
            and not query.full_year
        ):
            return True
        if period is None:
            part = self._main_part.get(slug, PeriodPart(None, None, 12))
        else:
            part = period_part(period)
        if query.through_month is not None and part.last_month != query.through_month:
            return False
        return part.half == query.half and part.quarters == query.quarters

    def _clause_coverage(
        self, passage: Passage, terms: set[str], weights: dict[str, float]
    ) -> float:
        """The share of the question's weight a clause holds (its title's words at
        TITLE_CREDIT): the figure the clause states must be about what was asked."""
        titled = self._title_terms(passage) - terms
        return _coverage(weights, sum(weights.values()), terms, titled)

    def _clause(
        self, text: str, weights: dict[str, float], want: Want | None, *, share: bool = False
    ) -> tuple[str, set[str]]:
        """The clause that holds most of the question's weight and a figure that suits it,
        and the words it holds (with the clause before when it opens with "its"; without the
        whole a share is of, unless a `share` is asked)."""
        clauses = [c.strip(" ,;，；") for c in _CLAUSE_BREAK.split(text) if c.strip(" ,;，；")]
        held: list[set[str]] = []
        for clause in clauses:
            terms = set(terms_in_own_language(clause))
            if held and clause.lower().startswith(("its ", "their ")):
                terms |= held[-1]  # "…, and its computing power …" is the exchange's
            held.append(terms)
        best, terms = max(
            zip(clauses, held, strict=True),
            key=lambda pair: (
                _suits(want, pair[0]),
                sum(w for t, w in weights.items() if t in pair[1]),
            ),
        )
        if not share:  # "31.2% of the city's GDP" does not say what the GDP was
            wholes = " ".join(m["whole"] or m["zh_whole"] for m in _SHARE_OF.finditer(best))
            named_elsewhere = set(terms_in_own_language(_SHARE_OF.sub(" ", best)))
            terms = terms - (set(terms_in_own_language(wholes)) - named_elsewhere)
        return _window(best, want, self._anchor(best, weights)), terms

    def _anchor(self, clause: str, weights: dict[str, float]) -> int:
        """Where in `clause` the question's words cluster: the end of the densest stretch."""
        words = [
            (word.start(), word.end(), _word_terms(word.group()))
            for word in re.finditer(r"[^\W_]+", clause)
        ]
        best_at, best_weight = 0, 0.0
        for _, end, _ in words:
            held = set().union(*(t for s, _, t in words if end - ANCHOR_SPAN <= s < end))
            weight = sum(w for t, w in weights.items() if t in held)
            if weight > best_weight:
                best_at, best_weight = end, weight
        return best_at

    def _fact_in(
        self, passage: Passage, clause: str, query: Query, weights: dict[str, float]
    ) -> Fact | None:
        """A stored fact of this sentence whose figure is in the clause, that suits the ask and
        whose own fields hold the question's words (not a neighbour's figure: "27,500 base
        stations" does not answer "how many 5G users" from "… and 5G users reached 61.5%")."""
        entries = self._index.at_sentence(passage.source.slug, passage.start)
        whole = sum(weights.values()) or 1.0
        fitting = [
            e
            for e in entries
            if e.fact.quote == passage.text
            and (e.fact.value_text or "") in clause
            and want_fit(query.want, e) >= 1.0
            and (
                query.want in _CONTEXT_WANTS
                or sum(w for t, w in weights.items() if t in e.field_terms) / whole >= MIN_COVERAGE
            )
        ]
        if len(fitting) != 1:
            return None
        return fitting[0].fact


@dataclass(frozen=True)
class _Judged:
    """A sentence that meets the question's constraints, and how it ranks."""

    step: int  # the score in SCORE_STEPs: one step apart is a tie
    tie: float  # among ties, higher wins: the more recent document, then the earlier hit
    coverage: float
    passage: Passage
    period: str | None


_SHARE_OF = re.compile(
    r"(?:%|\bper\s*cent|\bpercent)\s+of\s+(?P<whole>(?:the\s+|its\s+)?(?:[\w-]+'s\s+)?"
    r"(?:total\s+)?[\w-]+)"
    r"|占(?P<zh_whole>[\u4e00-\u9fffA-Za-z0-9]{1,24}?)的?(?:比重|比例|份额)",
    re.IGNORECASE,
)
"""The whole a share is of: "31.2% of the city's GDP", "占社会消费品零售总额的比重"."""
_SHARE_WORDS = frozenset({"share", "percent", "percentage", "proportion", "account", "ratio"})
_ZH_SHARE_WORDS = ("比重", "占比", "比例", "份额", "百分之")


def _asks_share(query: Query) -> bool:
    """Whether the question asks what share something is ("share of GDP", "what percent",
    比重)."""
    text = query.text.lower()
    return any(word in _SHARE_WORDS for word in text.split()) or any(
        word in text for word in _ZH_SHARE_WORDS
    )


def _coverage(weights: dict[str, float], whole: float, held: Set[str], titled: Set[str]) -> float:
    """The share of the question's weight (`whole`) a text holds: its own words fully, words
    only its document's title holds at TITLE_CREDIT."""
    if not whole:
        return 0.0
    return (
        sum(
            w * (TITLE_CREDIT if t in titled else 1.0)
            for t, w in weights.items()
            if t in held or t in titled
        )
        / whole
    )


def _step(score: float) -> int:
    """A score in SCORE_STEPs (scores within a step are a tie)."""
    return round(score / SCORE_STEP)


def _ceiling_without_one(searched: list[str], weights: dict[str, float]) -> float:
    """The highest coverage a sentence lacking one of the `searched` words can have: the
    lightest of them only in its title. A searched word that is not a question word (the
    place) can be lacking at no cost."""
    whole = sum(weights.values()) or 1.0
    lightest = min(weights.get(t, 0.0) for t in searched)
    return 1.0 - lightest * (1 - TITLE_CREDIT) / whole


@lru_cache(maxsize=MAX_CACHED_WORDS)
def _word_terms(word: str) -> frozenset[str]:
    """A word's analyzed terms (clauses shown as answers repeat the same words)."""
    return frozenset(terms_in_own_language(word))


def _affordable(terms: list[str], frequencies: dict[str, int]) -> list[str]:
    """The rarest of `terms` whose sentence counts add up to at most RANKED_POSTINGS: the
    words a search can afford to rank."""
    affordable: list[str] = []
    postings = 0
    for term in sorted(terms, key=lambda t: frequencies.get(t, 0)):
        postings += frequencies.get(term, 0)
        if postings > RANKED_POSTINGS:
            break
        affordable.append(term)
    return affordable


def _period_of(text: str, ref_year: int | None) -> str | None:
    """The period a sentence speaks of, read by its language's period reader."""
    if language_of(text) is Language.CHINESE:
        return find_chinese_period(to_simplified(text), ref_year=ref_year)
    return find_period(text, ref_year=ref_year)


def _future(query: Query, passage: Passage) -> bool:
    """Whether the question asks about a year after the passage was published (a plan)."""
    published = passage.source.published
    return bool(published and query.years and min(query.years) > published.year)


def _day(clause: str, period: str | None, published: date | None) -> date | None:
    """The date a clause states ("on July 22"): in the year it or its period names, else the
    latest such day on or before the publication ("September 5" in a January report is last
    year's)."""
    found = _MONTH_DAY.search(clause)
    if found is None:
        return None
    said = _SAID_ON.search(clause) is not None  # "…, the bureau said on January 15": news day
    years = _YEAR.findall(found.group(0)) or ([] if said else _YEAR.findall(period or ""))
    month = MONTH_NUMBERS.get(found.group("month")[:3].lower())
    if month is None:
        return None
    try:
        if years:
            return date(int(years[0]), month, int(found.group("day")))
        if published is None:
            return None
        day = date(published.year, month, int(found.group("day")))
        return day if day <= published else date(published.year - 1, month, day.day)
    except ValueError:
        return None


_SCALES = {**SCALES, "万": 1e4, "亿": 1e8, "万亿": 1e12}
_STATED_FIGURE = re.compile(
    r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<tail>%|percent|per cent|"
    r"thousand|million|billion|trillion|万亿|亿|万))?"
)  # the space before a tail is the tail's: "67 were" is a figure, "5G" is glued


def figure_in(
    text: str, *, percent: bool, level: bool = False, plain: bool = False
) -> tuple[str, float, bool] | None:
    """The first figure in `text` (a percentage when `percent`; not a rate of change when
    `level`; no percentage when `plain`): as written, its base value, and whether it is a
    percentage. Years and ordinals are passed over."""
    for found in _STATED_FIGURE.finditer(text):
        number, tail = found.group("number"), (found.group("tail") or "").lower()
        glued = text[found.end() : found.end() + 1].isalpha()  # "5G" names a network
        if not tail and (_YEAR.fullmatch(number) or glued):
            continue
        is_percent = tail in {"%", "percent", "per cent"}
        if (percent and not is_percent) or (plain and is_percent):
            continue
        before = max(0, found.start() - 14)
        if level and is_percent and _CHANGE.search(text, before, found.start()):
            continue  # "同比增长35%", "up 12%": how it changed, not how much there is
        value = float(number.replace(",", ""))
        scale = _SCALES.get(tail, 1.0)
        return found.group().strip(), value * scale, is_percent
    return None


def _suits(want: Want | None, text: str) -> bool:
    """Whether `text` can answer what is asked: a figure, a percentage, a date, a person."""
    if want is Want.DATE:
        return bool(_DATE.search(text))
    if want is Want.PERSON:
        return bool(_PERSON.search(text))
    if want is Want.GROWTH:  # a rate of change, not any percentage (a share is not growth)
        return bool(_PERCENT.search(text)) and bool(_CHANGE.search(text))
    if want is Want.RANK:
        return bool(_ORDINAL.search(text))
    # A count is no percentage ("phones … saw output drop 3.1%"); an amount no rate of change.
    found = figure_in(text, percent=False, level=want is Want.AMOUNT, plain=want is Want.COUNT)
    return found is not None


def _window(clause: str, want: Want | None, anchor: int) -> str:
    """`clause` cut to MAX_CLAUSE_CHARS around the first figure suiting what is asked that
    follows `anchor` (where the question's words are), else the last one before it."""
    if len(clause) <= MAX_CLAUSE_CHARS:
        return " ".join(clause.split())
    pattern = {Want.GROWTH: _PERCENT, Want.DATE: _DATE, Want.PERSON: _PERSON}.get(
        want or Want.AMOUNT, _FIGURE
    )
    figures = list(pattern.finditer(clause)) or list(_FIGURE.finditer(clause))
    if want is Want.AMOUNT:  # an amount is money or a scale: "12.6 billion yuan", not "27"
        figures = [f for f in figures if _AMOUNT.search(f.group())] or figures
    after = [f for f in figures if f.start() >= anchor - 2]
    before = [f for f in figures if f.start() < anchor - 2]
    found = after[0] if after else before[-1] if before else None
    centre = found.end() - MAX_CLAUSE_CHARS // 3 if found else anchor
    start = max(0, min(centre - MAX_CLAUSE_CHARS // 2, len(clause) - MAX_CLAUSE_CHARS + 2))
    end = start + MAX_CLAUSE_CHARS - 2
    cut = clause[start:end]
    if start > 0:
        cut = "…" + cut.split(" ", 1)[-1] if " " in cut else "…" + cut
    if end < len(clause):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return cut
