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
from collections import defaultdict
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from briefing.analysis import Analyzer, Language, language_of, terms_in_own_language
from briefing.chinese.periods import find_chinese_period
from briefing.chinese.segment import to_simplified
from briefing.dimensions import added_for_total, counted_words, states_dimension
from briefing.extract.figures import SCALES
from briefing.extract.patterns import FULL_MONTH, MONTH, MONTH_NUMBERS, ORDINAL_WORD, any_of
from briefing.extract.periods import find_period
from briefing.index import Entry, FactIndex, PeriodPart, period_part
from briefing.kinds import Want
from briefing.question import Query
from briefing.scorer import is_percent, share_asked, want_fit
from core.facts import Fact, FactKind, Passage
from core.language import has_chinese
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
COUNTED_REACH = 8
"""How many words after a number may name what it counts ("50 digital economy enterprises")."""
FULL_YEAR_MONTHS = 12
"""The last month of a period that covers a whole year."""
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
_CHANGE_WORDS = any_of(
    "up, down, grew, grow, grows, growing, growth, rose, risen, rise, increased?, increasing,"
    " decreased?, declined?, fell, fallen, climbed, jumped, surged, expanded, year[- ]on[- ]year,"
    " y/y, yoy"
)
_CHANGE = re.compile(
    rf"\b{_CHANGE_WORDS}\b|增长|增速|增幅|同比|提高|上升|下降|回落|减少", re.IGNORECASE
)
"""A word of change, English or Chinese ("rose", "year on year", "同比")."""
_PLAN = re.compile(
    r"\bby (?:the end of )?20\d\d\b|\bwill\b|\b(?:plans?|planned|aims?|target|goal|strive)\b|"
    r"到20\d\d年|力争|目标",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})\b(?:,?\s+(?:19|20)\d{{2}})?"
)
_COMPARED_WITH = re.compile(
    r"\b(?:after|behind|than|ahead of|following|second only to)\s+"
    r"[A-Z][\w'-]*(?:(?:,\s*|\s+and\s+|\s+)[A-Z][\w'-]*)*|仅次于[^，。；,]*",
)  # the places a figure is compared with: "the third-most after Beijing and Shanghai"
_COUNTED = re.compile(
    r"(?<![A-Za-z0-9.,])\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion|万亿|万|亿))?"
)
_NOT_COUNTED = re.compile(
    r"\s*(?:%|percent|per cent|yuan|dollars?|US dollars|euros?|元|美元|个百分点|年|月|日|号)"
    r"|[A-Za-z]",
    re.IGNORECASE,
)  # "6.4 billion yuan", "61.5%", "2023年", "9月12日" and "5G" (a word) are not counts
_SHARE_FIGURE = re.compile(
    r"\d[\d.,]*\s*(?:%|percent|per cent)(?:,?\s*(?:and\s+)?\d[\d.,]*\s*(?:%|percent|per cent))*"
    r"\s+of\b|占[^，；。]{0,24}?\d[\d.]*%",
    re.IGNORECASE,
)  # a share of a whole: "28% and 19% of the city's software revenue", "占全市的28%"
_SHARE_STATED = re.compile(
    r"\d\s*(?:%|percent|per cent)|百分之|分之|\b(?:half|a third|two-thirds|a quarter)\b|\d成",
    re.IGNORECASE,
)  # a share the text states: "61.5%", "四分之一", "two-thirds"
_NUMBER = re.compile(r"\d[\d.,]*")
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
        self._amounts = frozenset(analyzer.stem(w) for w in analyzer.vocabulary.amount_words)
        profiles = index.document_profiles
        self._main_region = profiles.regions
        self._main_year = profiles.years
        self._main_part = profiles.parts
        self._region_terms = {key: tuple(analyzer.terms(key)) for key in profiles.region_keys}
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
        share = share_asked(query, self._analyzer)
        best: _Judged | None = None
        for ceiling, tie, coverage, passage, held in covered:
            if best is not None and (ceiling, tie) < (best.step, best.tie):
                break
            if not _suits(query.want, passage.text, share_asked=share) or not _named_right(
                query, passage.text
            ):
                continue
            period = _period_of(passage.text, self._ref_year(passage))
            if not self._holds(query, passage, held, period):
                continue
            if not self._counts_what_was_asked(query, passage):
                continue
            if query.want is Want.PERSON and not self._names_a_person(passage):
                continue
            score = coverage
            planned = _planned(passage)
            if query.want is Want.TARGET and not planned:
                continue
            if query.want is not Want.TARGET and planned and not _future(query, passage):
                if query.want not in _CONTEXT_WANTS:
                    continue  # a figure that will be is not the figure that is
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
        share = share_asked(query, self._analyzer)
        clause, clause_terms = self._clause(passage.text, weights, query.want, share=share)
        if (
            passage.position
            and self._clause_coverage(passage, clause_terms, weights) < MIN_COVERAGE
        ):
            return None  # "5G users": the sentence's 5G is its base stations, users another clause
        if not _named_right(query, clause) or added_for_total(query.text, clause):
            return None  # the sentence's price is another clause's; the count added no total
        amounts = self._amounts & set(query.terms)
        if amounts and not amounts <= clause_terms:
            return None  # "Kylin Software revenue" is not its "12 consecutive years"
        if share and not _SHARE_STATED.search(clause):
            return None  # "market share" is not "the largest share … for 12 years"
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
        if (
            query.region is not None
            and not share_asked(query, self._analyzer)
            and part_of(self._index.region_name(query.region), passage.text)
        ):
            return False  # "…, accounting for 28.7% of Qingdao's total" is a part of Qingdao
        if query.places:
            own = held
            if _COMPARED_WITH.search(passage.text):  # "third after Beijing and Shanghai"
                own = frozenset(terms_in_own_language(_COMPARED_WITH.sub(" ", passage.text)))
            for place in query.places:  # "China's output" is not answered by a province's one
                if not self._names(place, own):
                    return False
        numbers = [t for t in query.terms if t[0].isdigit()]
        if numbers and not set(numbers) <= set(
            terms_in_own_language(f"{passage.text} {passage.source.title}")
        ):
            return False  # "ranked first" is not answered by a sentence without that number
        asked = scaled_figures(query.text)
        if asked and asked.isdisjoint(scaled_figures(passage.text)):
            return False  # "above 1 billion yuan" is not "above 100 million yuan"
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
        if query.full_year and part.last_month != FULL_YEAR_MONTHS:
            return False  # "the first eight months" are no full year
        return part.half == query.half and part.quarters == query.quarters

    def _counts_what_was_asked(self, query: Query, passage: Passage) -> bool:
        """Whether the sentence's figure may be the one asked: what "how many" counts, when
        the sentence names it, is counted there ("5G users accounted for 61.5%" is a share, no
        count of users), and the sentence's facts do not split the words asked between two
        figures, one counting a word asked ("21,600 5G base stations and 1.26 million gigabit
        broadband users" holds no count of 5G users)."""
        counted = counted_words(query.text)
        if counted and query.want is Want.COUNT:
            asked = set(terms_in_own_language(counted[-1]))
            if asked & set(terms_in_own_language(passage.text)) and not _counts(
                passage.text, asked
            ):
                return False
        entries = self._index.at_sentence(passage.source.slug, passage.start)
        terms = set(query.terms)
        figures = [entry for entry in entries if entry.fact.value is not None]
        named = {
            t
            for entry in figures
            for t in terms & entry.field_terms
            if not self._analyzer.is_soft(t)
        }
        if any(named <= entry.field_terms for entry in figures) or names_a_number(query):
            return True  # "… per 10,000 residents" quotes a figure rather than asking it
        return not any(terms & counted_only_by(entry, passage.text) for entry in figures)

    def _names_a_person(self, passage: Passage) -> bool:
        """Whether the extractor found a person in the sentence (two capitalized words are
        as often a place and an office: "the Changsha Municipal Data Resources
        Administration said")."""
        if has_chinese(passage.text):
            return True  # "据…副局长陈晓峰介绍": `_suits` reads the name before 表示, 介绍, 说
        entries = self._index.at_sentence(passage.source.slug, passage.start)
        return any(entry.kind is FactKind.PERSON for entry in entries)

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
                _suits(want, pair[0], share_asked=share),
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


_PERCENT_OF = r"(?:%|\bper\s*cent|\bpercent)\s+of\s+"
_SHARE_OF = re.compile(
    rf"{_PERCENT_OF}(?P<whole>(?:the\s+|its\s+)?(?:[\w-]+'s\s+)?"
    r"(?:total\s+)?[\w-]+)"
    r"|占(?P<zh_whole>[\u4e00-\u9fffA-Za-z0-9]{1,24}?)的?(?:比重|比例|份额)",
    re.IGNORECASE,
)
"""The whole a share is of: "31.2% of the city's GDP", "占社会消费品零售总额的比重"."""


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


def _planned(passage: Passage) -> bool:
    """Whether the sentence states a plan: "will", "aims", "到2025年", or "by the end of" a
    year after its publication ("By the end of 2021, the port had …" in 2022 is no plan)."""
    published = passage.source.published
    for found in _PLAN.finditer(passage.text):
        year = _YEAR.search(found.group())
        if year is None or published is None or int(year.group()) >= published.year:
            return True
    return False


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


def without_wholes(text: str) -> str:
    """`text` without the wholes its shares are of ("…, accounting for 21.6% of the
    province's GDP" loses "% of the province's GDP"), which are no subject of its figures."""
    return _SHARE_OF.sub(" ", text)


def part_of(place: str, text: str) -> bool:
    """Whether `text` calls its figure a share of `place`'s total ("3,260 5G base stations,
    accounting for 28.7% of Qingdao's total"): a part of the place, not the place's figure."""
    return (
        re.search(
            rf"{_PERCENT_OF}(?:the\s+)?{re.escape(place)}(?:'s|’s)?\b",
            text,
            re.IGNORECASE,
        )
        is not None
    )


def scaled_figures(text: str) -> set[float]:
    """The values of `text`'s figures written with a scale ("1 billion", "100 million",
    "3.5亿"), which a question names to pick one figure out of several."""
    return {
        float(found.group("number").replace(",", "")) * _SCALES[found.group("tail").lower()]
        for found in _STATED_FIGURE.finditer(text)
        if (found.group("tail") or "").lower() in _SCALES
    }


def names_a_number(query: Query) -> bool:
    """Whether the question holds a number of its own ("per 10,000 residents"; years are not
    terms, and "5G" is a word)."""
    return any(_NUMBER.fullmatch(t) for t in query.terms)


def counted_only_by(entry: Entry, sentence: str) -> frozenset[str]:
    """The terms of what `entry` counts (its unit) that `sentence` holds only inside the
    entry's own figure: the "users" of "… and had 1.26 million gigabit broadband users"."""
    fact = entry.fact
    if not fact.unit or is_percent(fact.unit) or not fact.value_text:
        return frozenset()
    rest = set(terms_in_own_language(sentence.replace(fact.value_text, " ")))
    return frozenset(terms_in_own_language(fact.unit)) - rest


def figure_in(text: str, *, percent: bool, level: bool = False) -> tuple[str, float, bool] | None:
    """The first figure in `text` (a percentage when `percent`; not a rate of change when
    `level`): as written, its base value, and whether it is a percentage. Years and ordinals
    are passed over."""
    for found in _STATED_FIGURE.finditer(text):
        number, tail = found.group("number"), (found.group("tail") or "").lower()
        glued = text[found.end() : found.end() + 1].isalpha()  # "5G" names a network
        if not tail and (_YEAR.fullmatch(number) or glued):
            continue
        is_percent = tail in {"%", "percent", "per cent"}
        if percent and not is_percent:
            continue
        before = max(0, found.start() - 14)
        if level and is_percent and _CHANGE.search(text, before, found.start()):
            continue  # "同比增长35%", "up 12%": how it changed, not how much there is
        value = float(number.replace(",", ""))
        scale = _SCALES.get(tail, 1.0)
        return found.group().strip(), value * scale, is_percent
    return None


def _named_right(query: Query, text: str) -> bool:
    """Whether `text` states the dimension the question names ("price", "how old") beside a
    figure that is no percentage or year ("126万件，平均处置时长…缩短40%" states no handling
    time)."""
    if query.dimension is None:
        return True
    for found in _STATED_FIGURE.finditer(text):
        tail = (found.group("tail") or "").lower()
        if tail in {"%", "percent", "per cent"} or _YEAR.fullmatch(found.group("number")):
            continue
        if states_dimension(query.dimension, text, figure=found.group()):
            return True
    return False


def _counts(text: str, asked: set[str]) -> bool:
    """Whether `text` states a count of what `asked` names: a number (no money, percentage or
    year) followed, within its clause, by the word ("42,000 are high-density racks"; not the
    "27,500 5G base stations, and 5G users accounted for 61.5%" of 5G users)."""
    for found in _COUNTED.finditer(text):
        if _NOT_COUNTED.match(text, found.end()) or _YEAR.fullmatch(found.group()):
            continue
        clause = re.split(r"[,;:()，；。（）]", text[found.end() :], maxsplit=1)[0]
        if any(asked & _word_terms(word) for word in clause.split()[:COUNTED_REACH]):
            return True
    return False


def _suits(want: Want | None, text: str, *, share_asked: bool = False) -> bool:
    """Whether `text` can answer what is asked: a figure, a percentage, a date, a person; a
    count that is no sum of money or percentage; an amount that is no share of a whole, unless
    `share_asked`."""
    if want is Want.DATE:
        return bool(_DATE.search(text))
    if want is Want.PERSON:
        return bool(_PERSON.search(text))
    if want is Want.GROWTH:  # a rate of change, not any percentage (a share is not growth)
        return bool(_PERCENT.search(text)) and bool(_CHANGE.search(text))
    if want is Want.RANK:
        return bool(_ORDINAL.search(text))
    if want is Want.COUNT:  # a count is no sum of money and no percentage
        return any(
            not _NOT_COUNTED.match(text, found.end()) and not _YEAR.fullmatch(found.group())
            for found in _COUNTED.finditer(text)
        )
    if want in (None, Want.AMOUNT) and not share_asked:  # "Jiangbei's revenue" is not its share
        text = _SHARE_FIGURE.sub(" ", text)
    return figure_in(text, percent=False, level=want in (None, Want.AMOUNT)) is not None


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
