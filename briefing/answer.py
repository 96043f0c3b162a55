"""From a question to an `Answer`: match, decide, and say why when nothing fits.

`Answerer.answer` reads the question (`briefing.question`), scores candidates
(`briefing.index`, `briefing.scorer`) and picks one of: a single cited fact (latest period
wins, earlier values of the same measure as history); an aggregate (a ranking by growth or
size, or a comparison of two measures); a "did you mean" with up to three alternatives; or a
`Refusal` saying why, with the store's scope. The answer is data: presentation words it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from rapidfuzz import fuzz

from briefing.analysis import Analyzer, terms_in_own_language
from briefing.dimensions import added_for_total, asks_total, counted_words
from briefing.followup import follow_up
from briefing.index import Entry, FactIndex, PeriodRank, Scored
from briefing.kinds import KINDS, Want
from briefing.passages import (
    PassageSearch,
    counted_only_by,
    figure_in,
    names_a_number,
    part_of,
    scaled_figures,
    without_wholes,
)
from briefing.question import Query, Reading, read_question
from briefing.scorer import (
    AMBIGUITY_MARGIN,
    CLEAR_WINNER_MARGIN,
    CLEAR_WINNER_SCORE,
    CONFIDENT_SCORE,
    FAINT_LONE_LEAD,
    FAINT_LONE_SCORE,
    LONE_CANDIDATE_SCORE,
    SUGGEST_SCORE,
    constraints_hold,
    counts_other_things,
    deputy_unasked,
    is_money,
    is_percent,
    share_asked,
    want_fit,
)
from briefing.views import (
    Answer,
    ComparedSide,
    Comparison,
    Direction,
    OrderBy,
    PassageAnswer,
    Ranking,
    Refusal,
    RefusalCode,
    Scope,
)
from core.facts import Fact, FactKind, Passage
from core.language import has_chinese

MAX_ALTERNATIVES = 3
SEARCH_DEPTH = 20
"""How many best-scored facts are grouped into measures for one decision."""
CLOSEST_SCORE = 30.0
"""A refusal offers facts scoring at least this as the closest the documents have. Facts
scoring less are not looked at: they change no decision (a rival under it leaves a
confident or clear winner's lead wide enough, and is no "did you mean")."""
MAX_PROGRESS = 2.0
"""A figure more than this multiple of a target is not progress towards it."""
SAME_MEASURE_SIMILARITY = 90
"""Subjects at least this similar (rapidfuzz token-set ratio) in one region are one measure."""
AGGREGATE_CONFIDENCE = 0.8
"""Confidence of a ranking read purely from structured fields (region, period, change)."""
SCOPE_PLACES = 4
"""How many of the store's most common regions a refusal names."""
SCOPE_TOPICS = 5
"""How many of the store's most common topics a refusal names."""


class _Group(NamedTuple):
    """Search results that report one measure, led by the best-scored one."""

    lead: Scored
    members: list[Entry]


class _Series(NamedTuple):
    """Facts a superlative may order against each other: one region, period and unit."""

    region: str | None
    period: PeriodRank
    unit: str


class Answerer:
    """Answers questions from one `FactIndex`."""

    def __init__(self, index: FactIndex, *, passages: PassageSearch | None = None) -> None:
        self.index = index
        self.passages = passages
        self.scope = _scope(index)
        self._share_term = index.analyzer.stem("share")
        analyzer = index.analyzer
        self._amount_terms = frozenset(analyzer.stem(w) for w in analyzer.vocabulary.amount_words)

    def answer(self, question: str, *, previous: Query | None = None) -> Answer:
        """The best answer the store supports, or an honest "I don't know".

        `previous` is the chat's last answered question: a short follow-up ("growth?", "and
        2022?") changes it rather than starting afresh.
        """
        in_documents = self.passages.holds_word if self.passages is not None else None
        reading = read_question(question, self.index, in_documents=in_documents)
        if previous is not None and reading.small_talk is None and not reading.blank:
            merged = follow_up(reading, previous, self.index)
            if merged is not None:
                followed = self._single(question, merged)
                if followed.matched:
                    return replace(followed, query=merged)
                if not reading.query.terms:  # "and 2022?" is about the last question only
                    return followed
        answer = self._answer(question, reading)
        return replace(answer, query=reading.query) if answer.matched else answer

    def _answer(self, question: str, reading: Reading) -> Answer:
        if reading.blank:
            return self._unknown(question, Refusal(RefusalCode.BLANK_QUESTION, scope=self.scope))
        if reading.small_talk is not None:
            return self._unknown(question, Refusal(reading.small_talk))
        if not len(self.index):
            return self._unknown(question, Refusal(RefusalCode.EMPTY_STORE))
        if reading.absent_place is not None:
            return self._unknown(
                question,
                Refusal(
                    RefusalCode.UNKNOWN_PLACE, words=(reading.absent_place,), scope=self.scope
                ),
            )
        if reading.sides:
            return self._compare(question, reading)
        if reading.superlative is not None:
            ranked = self._rank(question, reading)
            if ranked is not None:
                return ranked
        return self._single(question, reading.query)

    # -- single fact ---------------------------------------------------------------------------

    def _single(
        self,
        question: str,
        query: Query,
        *,
        explain: bool = True,
        passages: bool = True,
        floor: float = CLOSEST_SCORE,
    ) -> Answer:
        """One measure's latest fact; a passage where no fact is confident (if `passages`).
        Facts scoring under `floor` are not looked at."""
        if not query.terms:
            return self._no_measure(question, query)
        results = self.index.search(query, limit=SEARCH_DEPTH, floor=floor)
        groups = self._group(results)
        if groups:
            found = self._confident(question, query, groups)
            if found is not None:
                return found
        found = self._passage(question, query) if passages else None
        if found is not None:
            return found
        if not groups or groups[0].lead.score < SUGGEST_SCORE:
            if explain:
                return self._near_miss(question, query, results)
            return self._unknown(question, Refusal(RefusalCode.NO_MATCH))
        close = tuple(
            g.lead.fact for g in groups[:MAX_ALTERNATIVES] if g.lead.score >= SUGGEST_SCORE
        )
        # "Did you mean" needs two close candidates; one unsure candidate is the closest.
        return Answer(
            question=question,
            matched=False,
            confidence=groups[0].lead.score / 100,
            alternatives=close,
            reason=Refusal(RefusalCode.AMBIGUOUS)
            if len(close) > 1
            else Refusal(RefusalCode.NO_MATCH, scope=self.scope),
        )

    def _confident(self, question: str, query: Query, groups: list[_Group]) -> Answer | None:
        """The best group's fact when it is the answer with confidence, else None."""
        best, members = groups[0]
        rival = max(
            (g.lead.score for g in groups[1:] if _rivals(g.lead.entry, best.entry, query)),
            default=0.0,
        )
        lead = best.score - rival
        confident = (
            (best.score >= CONFIDENT_SCORE and lead >= AMBIGUITY_MARGIN)
            or (best.score >= CLEAR_WINNER_SCORE and lead >= CLEAR_WINNER_MARGIN)
            or (
                best.score >= LONE_CANDIDATE_SCORE
                and rival < SUGGEST_SCORE
                and _holds_every_word(best.entry, query)
            )
        )
        # A faint lone figure is matched by the words of its own sentence (a month, a
        # company): it is the answer itself, not the latest figure of its measure.
        faint = (
            not confident
            and best.score >= FAINT_LONE_SCORE
            and rival < best.score * FAINT_LONE_LEAD
            and _plain_figure(best.entry, query, self.index.analyzer)
            and _holds_every_word(best.entry, query)
        )
        if (not confident and not faint) or self._another_figure(best.entry, query):
            return None
        if _is_plan(best.entry) and query.want is not Want.TARGET and _PRESENT.search(query.text):
            return None  # "how many parks does it have now" is not "10 parks by 2027"
        chosen, history = self._latest(best, members, query=query, pinned=faint)
        return Answer(
            question=question,
            matched=True,
            confidence=best.score / 100,
            fact=chosen.fact,
            history=tuple(e.fact for e in history),
            progress=self._progress(chosen),
        )

    def _another_figure(self, entry: Entry, query: Query) -> bool:
        """Whether the fact is not the figure asked but a neighbour of it: what "how many"
        counts, or a word asked that another figure of the sentence counts, is only in its
        sentence ("how many 5G users" is not answered by the "27,500 5G base stations" of
        "…, and 5G users accounted for 61.5% of mobile phone users"); an amount asked by name
        ("revenue", "GDP") is not the fact's (it is no money and names it only as the whole of
        a share, or not at all); a figure is asked and the fact has none."""
        if query.want in _FIGURE_WANTS and entry.fact.value is None:
            return True  # "how many attended the conference" is not the conference's date
        if query.want is None and entry.fact.value is None and entry.fact.change is not None:
            return True  # "core industries' value added" is not only how much it grew
        if query.want is Want.COUNT and is_money(entry.fact.unit):
            return True  # "how many enterprises" is not their revenue
        if (
            entry.kind is FactKind.RANKING
            and query.want is not Want.RANK
            and (query.want in _FIGURE_WANTS or asks_total(query.text))
        ):
            return True  # "Heilongjiang's 5G base stations in total" is no ranking's "first"
        if (
            query.want in (None, *_FIGURE_WANTS)
            and is_percent(entry.fact.unit)
            and self._share_term in entry.subject_terms
            and not share_asked(query, self.index.analyzer)
        ):
            return True  # "core industries' added value" is not their share of GDP
        if added_for_total(query.text, entry.fact.subject):
            return True  # "智能制造示范工厂总数" is not the 11 added this year
        asked = scaled_figures(query.text)
        fact = entry.fact
        if asked and asked.isdisjoint(scaled_figures(f"{fact.subject} {fact.value_text}")):
            return True  # "above 1 billion yuan" is not "above 10 billion yuan"
        analyzer = self.index.analyzer
        if (
            query.region is not None
            and not share_asked(query, analyzer)
            and part_of(self.index.region_name(query.region), entry.fact.quote)
        ):
            return True  # "…, accounting for 28.7% of Qingdao's total" is a part of Qingdao
        amounts = self._amount_terms.intersection(query.terms)
        unit = entry.fact.unit
        if (
            amounts
            and amounts.isdisjoint(entry.field_terms)
            and not is_money(unit)
            and not is_percent(unit)
        ):
            return True  # "software revenue" is not the number of software enterprises
        if amounts and not is_money(unit) and not share_asked(query, analyzer):
            outside = set(terms_in_own_language(without_wholes(entry.fact.quote)))
            if amounts.isdisjoint(outside):
                return True  # "GDP" of "…, up 1.8 points in its share of the city's GDP"
        quoted = {t for t in query.terms if t not in entry.field_terms and t in entry.quote_terms}
        counted = counted_words(query.text)
        if counted and quoted & set(terms_in_own_language(counted[-1])):
            return True  # what "how many" counts is only in the sentence: another figure's
        return (
            bool(quoted)
            and not names_a_number(query)
            and any(
                quoted & counted_only_by(sibling, entry.fact.quote)
                for sibling in self.index.at_sentence(entry.source.slug, entry.fact.start)
                if sibling.position != entry.position
            )
        )

    def _progress(self, target: Entry) -> Fact | None:
        """For a target ("5,000 smart communities by 2025"), the latest stated figure of what
        it plans ("301 built"): same place and unit, near-identical subject, not a plan."""
        if target.fact.kind is not FactKind.TARGET or target.fact.value is None:
            return None
        found = [
            entry
            for entry in self.index.neighbours(target)
            if entry.fact.kind is not FactKind.TARGET
            and entry.fact.value is not None
            and entry.region_key == target.region_key
            and entry.measure.unit == target.measure.unit
            and not (entry.fact.period or "").lower().startswith("by")
            and _same_subject(entry, target)
        ]
        if not found:
            return None
        done = max(found, key=_recency)
        target_value = target.fact.base_value or target.fact.value
        done_value = done.fact.base_value or done.fact.value
        if not target_value or not done_value or done_value / target_value > MAX_PROGRESS:
            return None  # 1,126.8 billion "towards" 10 billion measures something else
        return done.fact

    def _passage(self, question: str, query: Query) -> Answer | None:
        """The best sentence under the question's constraints, when no fact answers."""
        if self.passages is None:
            return None
        match = self.passages.best(query)
        if match is None:
            return None
        if query.want is Want.PERSON and deputy_unasked(query, match.passage.text):
            return None  # "who is the mayor": not the deputy mayor the sentence names
        if match.fact is not None:
            if self._elsewhere(match.fact, match.passage, query):
                return None
            entry = self.index.get(match.fact.stored_id)
            if entry is None or not self._another_figure(entry, query):
                return Answer(
                    question=question, matched=True, confidence=match.coverage, fact=match.fact
                )
            # the clause's stored fact is not what was asked: the clause itself answers
        return Answer(
            question=question,
            matched=True,
            confidence=match.coverage,
            passage=PassageAnswer(match.passage, match.clause, match.day),
        )

    def _elsewhere(self, fact: Fact, passage: Passage, query: Query) -> bool:
        """Whether a passage's figure is another region's: its fact is about another place
        and the sentence itself does not name the one asked (only its title does: "…论坛在南宁
        举行" above "2022年，广西数字经济规模达到9658亿元")."""
        entry = self.index.get(fact.stored_id)
        if query.region is None or entry is None or entry.region_key in (None, query.region):
            return False
        asked = self.index.analyzer.terms(query.region)
        return not set(asked) <= set(terms_in_own_language(passage.text))

    def _group(self, results: list[Scored]) -> list[_Group]:
        """Group results measuring the same thing; each group led by its best-scored result."""
        groups: list[_Group] = []
        for result in results:
            for lead, members in groups:
                if _same_measure(lead.entry, result.entry):
                    members.append(result.entry)
                    break
            else:
                members = [result.entry]
                for sibling in self.index.same_measure(result.entry):
                    if sibling is not result.entry:
                        members.append(sibling)
                groups.append(_Group(result, members))
        return groups

    def _latest(
        self, best: Scored, members: list[Entry], *, query: Query, pinned: bool = False
    ) -> tuple[Entry, list[Entry]]:
        """Latest period wins unless the question named a period (or `pinned`: the best
        fact itself is asked for); the rest is history.

        A year named without a half prefers that year's full-year figure to a half's. Only
        figures meeting the question's constraints (an outlet, quarters) take part.
        """
        pinned = pinned or bool(query.years)
        unique = {
            id(e): e
            for e in members
            if e is best.entry or constraints_hold(query, e, analyzer=self.index.analyzer)
        }.values()
        ordered = sorted(unique, key=_recency, reverse=True)
        chosen = best.entry if pinned else ordered[0]
        if pinned and query.half is None and chosen.half is not None:
            full_year = [e for e in ordered if e.half is None and e.years & query.years]
            chosen = full_year[0] if full_year else chosen
        history = [e for e in ordered if e is not chosen and e.period_rank != chosen.period_rank]
        return chosen, history if not pinned else []

    def _near_miss(self, question: str, query: Query, results: list[Scored]) -> Answer:
        """Nothing fits: say why, offering the same measure for another period or region, or
        the closest of `results` (the search for `query`)."""
        analyzer = self.index.analyzer
        asked_period = Refusal(
            RefusalCode.OTHER_PERIOD, years=tuple(sorted(query.years)), half=query.half
        )
        asked_region = Refusal(
            RefusalCode.OTHER_REGION,
            words=(self.index.region_name(query.region),) if query.region else (),
        )
        loosenings = [
            (replace(query, years=frozenset(), half=None, quarters=None), asked_period),
            (replace(query, region=None), asked_region),
        ]
        # Generic words ("percentage", "total") are not what the documents lack.
        unknown = tuple(
            w for w in self._truly_unknown(query.unknown) if not analyzer.is_soft(analyzer.stem(w))
        )
        if unknown:
            loosenings = []  # another period or region cannot supply a word the store lacks
        for loosened, refusal in loosenings:
            if loosened == query:
                continue
            # Only a confident answer is offered, so a fact scoring that is looked for first
            # (with few facts near it, a cheap search); a rival under SUGGEST_SCORE changes
            # nothing.
            if not self.index.search(loosened, limit=1, floor=CONFIDENT_SCORE):
                continue
            elsewhere = self._single(
                question, loosened, explain=False, passages=False, floor=SUGGEST_SCORE
            )
            offer = (elsewhere.fact,) if elsewhere.fact is not None else elsewhere.alternatives
            if offer and elsewhere.confidence * 100 >= CONFIDENT_SCORE:
                return Answer(
                    question=question,
                    matched=False,
                    confidence=0.0,
                    alternatives=offer,
                    reason=refusal,
                )
        reason = (
            Refusal(RefusalCode.UNKNOWN_WORDS, words=unknown, scope=self.scope)
            if unknown
            else Refusal(RefusalCode.NO_MATCH, scope=self.scope)
        )
        closest = [
            group.lead.fact for group in self._group(results) if group.lead.score >= CLOSEST_SCORE
        ]
        return Answer(
            question=question,
            matched=False,
            confidence=0.0,
            alternatives=tuple(closest[:MAX_ALTERNATIVES]),
            reason=reason,
        )

    def _truly_unknown(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """The words no fact, sentence or outlet holds: a refusal may say the documents lack
        these, and only these."""
        if self.passages is None or not words:
            return words
        stem = self.index.analyzer.stem
        known = self.passages.mentions([stem(w) for w in words])
        return tuple(w for w in words if stem(w) not in known)

    def _no_measure(self, question: str, query: Query) -> Answer:
        """The question names a place or period but no measure: suggest what there is."""
        pool = [
            e
            for e in self.index.filtered(query)
            if query.want is None or want_fit(query.want, e) >= 1.0
        ]
        # The newest document's lead facts first, in the order it states them.
        pool.sort(key=lambda e: (-(e.published.toordinal() if e.published else 0), e.position))
        return Answer(
            question=question,
            matched=False,
            confidence=0.0,
            alternatives=tuple(e.fact for e in pool[:MAX_ALTERNATIVES]),
            reason=Refusal(RefusalCode.NO_MEASURE, scope=self.scope),
        )

    # -- aggregates ------------------------------------------------------------------------------

    def _rank(self, question: str, reading: Reading) -> Answer | None:
        """ "Which industry grew fastest": order comparable facts by change or size."""
        assert reading.superlative is not None
        direction = reading.superlative.direction
        order_by = reading.superlative.order_by
        query = reading.query
        if query.want is Want.GROWTH:
            order_by = OrderBy.GROWTH
        terms = tuple(t for t in query.terms if not self.index.analyzer.is_soft(t))
        pool: list[Entry]
        scores: dict[int, float] = {}
        if terms:
            narrowed = replace(query, terms=terms, want=None)
            results = self.index.search(narrowed, limit=200)
            strict = [s for s in results if all(t in s.entry.field_terms for t in terms)]
            chosen = (
                strict if len(strict) >= 2 else [s for s in results if s.score >= CONFIDENT_SCORE]
            )
            pool = [s.entry for s in chosen]
            scores = {id(s.entry): s.score for s in chosen}
        else:
            pool = self.index.filtered(query)
        pool = [e for e in pool if _order_value(e.fact, order_by) is not None]
        groups: dict[_Series, list[Entry]] = {}
        for entry in pool:
            series = _Series(entry.region_key, entry.period_rank, entry.measure.unit)
            groups.setdefault(series, []).append(entry)
        if not groups:
            return None
        biggest = max(groups, key=lambda series: (len(groups[series]), series.period))
        members = groups[biggest]
        if len(members) < 2:
            return None
        members.sort(
            key=lambda e: _order_value(e.fact, order_by) or 0.0,
            reverse=direction is Direction.MAX,
        )
        facts = tuple(e.fact for e in members)
        confidence = min(scores[id(e)] for e in members) / 100 if scores else AGGREGATE_CONFIDENCE
        return Answer(
            question=question,
            matched=True,
            confidence=min(confidence, 1.0),
            fact=facts[0],
            facts=facts,
            ranking=Ranking(order_by, direction),
        )

    def _compare(self, question: str, reading: Reading) -> Answer:
        """ "Compare software and telecom growth": answer each side, then compute the gap."""
        sides: list[ComparedSide] = []
        confidences: list[float] = []
        misses: list[str] = []
        for side, side_answer in zip(
            reading.sides, self._side_answers(question, reading.sides), strict=True
        ):
            compared = _compared_side(side, side_answer)
            if compared is None:
                misses.append(side.label or " ".join(side.terms))
                continue
            sides.append(compared)
            confidences.append(side_answer.confidence)
        distinct = {s.figure for s in sides}
        if not misses and len(distinct) == len(sides) >= 2:
            facts = tuple(s.fact for s in sides if s.fact is not None)
            return Answer(
                question=question,
                matched=True,
                confidence=min(confidences),
                fact=facts[0] if facts else None,
                facts=facts if len(facts) == len(sides) else (),
                comparison=_comparison(tuple(sides)),
            )
        if reading.query.want is Want.TARGET:  # "built vs planned by 2025": its progress
            asked = replace(reading.query, terms=reading.sides[0].terms)
            planned = self._single(question, asked, passages=False)
            if planned.matched and planned.progress is not None:
                return planned
        found = tuple(s.fact for s in sides if s.fact is not None)
        if not found:  # a comparison is two figures: one sentence's clause cannot make it
            return self._single(question, reading.query, passages=False)
        return Answer(
            question=question,
            matched=False,
            confidence=min(confidences, default=0.0),
            alternatives=found[:MAX_ALTERNATIVES],
            reason=Refusal(RefusalCode.PARTIAL_COMPARISON, words=tuple(misses)),
        )

    def _side_answers(self, question: str, sides: tuple[Query, ...]) -> list[Answer]:
        """Each side's answer; a side naming no place that is unclear alone ("software" in
        three cities) is read in the region of a side that was answered."""
        answers = [self._single(question, side) for side in sides]
        anchor = next((a.fact for a in answers if a.matched and a.fact is not None), None)
        entry = self.index.get(anchor.stored_id) if anchor is not None else None
        if entry is None or entry.region_key is None:
            return answers
        return [
            self._single(question, replace(side, region=entry.region_key))
            if not answer.matched and side.region is None
            else answer
            for side, answer in zip(sides, answers, strict=True)
        ]

    def _unknown(self, question: str, reason: Refusal) -> Answer:
        return Answer(question=question, matched=False, confidence=0.0, reason=reason)


def _same_subject(a: Entry, b: Entry) -> bool:
    """Whether two facts' subjects name one measure: near-identical English wording, or the
    same Chinese words (characters are not words: 物联网应用服务营业收入 is not
    物联网产业营业收入)."""
    if has_chinese(a.subject) or has_chinese(b.subject):
        return a.subject_terms == b.subject_terms
    joined = fuzz.ratio(a.subject_key.replace(" ", ""), b.subject_key.replace(" ", ""))
    similar = fuzz.token_set_ratio(a.measure.subject, b.measure.subject)
    return max(similar, joined) >= SAME_MEASURE_SIMILARITY


def _same_measure(a: Entry, b: Entry) -> bool:
    """Whether two facts report one measure (or one person): same region, kind and unit,
    near-identical subjects, and either different periods or the same figure restated."""
    if a.measure == b.measure:
        return True
    if (a.region_key, a.measure.kind, a.measure.unit) != (
        b.region_key,
        b.measure.kind,
        b.measure.unit,
    ):
        return False
    if not _same_subject(a, b):
        return False
    if a.measure.kind is FactKind.PERSON:
        return True
    same_figure = a.fact.base_value is not None and a.fact.base_value == b.fact.base_value
    return a.period_rank != b.period_rank or same_figure


_STATED_WANTS = frozenset({Want.AMOUNT, Want.COUNT, Want.GROWTH})
"""Questions about what a figure is, not what it is planned to be."""


_FIGURE_WANTS = frozenset({Want.AMOUNT, Want.COUNT})
"""Questions whose answer is a number: a fact without one (an event, a person) is none."""
_PRESENT = re.compile(
    r"\b(?:now|currently|at present|so far|to date|today|are there|there are)\b"
    r"|\b(?:does|do)\s+(?:\S+\s+){1,4}?have\b|目前|现在|现有|迄今|已有|有多少|有几",
    re.IGNORECASE,
)
"""Words asking what is, which a plan does not answer."""


def _rivals(entry: Entry, best: Entry, query: Query) -> bool:
    """Whether `entry` makes `best` a close call. It does not when it measures a part of what
    `best` measures that the question never asked about ("new 5G base stations" beside "5G
    base stations": its subject holds every word of `best`'s and more, none of them asked),
    when it has no number and the question asks how much or how many, nor when it is a plan
    and the question asks what a figure is, not a target."""
    extra = entry.subject_terms - best.subject_terms
    if extra and best.subject_terms <= entry.subject_terms and extra.isdisjoint(query.terms):
        return False
    if _named(entry, query) < _named(best, query):  # "projects" beside "contract value of
        return False  # projects signed", asked "contract value of projects signed"
    if query.want in _FIGURE_WANTS and entry.fact.value is None and best.fact.value is not None:
        return False  # "how many projects were signed at the forum": not the forum's date
    return not (query.want in _STATED_WANTS and _is_plan(entry) and not _is_plan(best))


def _holds_every_word(entry: Entry, query: Query) -> bool:
    """Whether the fact's fields or source sentence hold every word asked that any document
    holds, and its kind suits the question: a lone candidate that leaves nothing unexplained."""
    words = entry.field_terms | entry.quote_terms
    unknown = _unknown_terms(query)
    held = all(t in words or t in unknown for t in query.terms)
    return held and want_fit(query.want, entry) >= 1.0


_AFTER_AUXILIARY = re.compile(r"\b(?:did|does|do)\b(?P<rest>.*)", re.I)


def _unknown_terms(query: Query) -> frozenset[str]:
    """The terms of the verbs no document holds ("how much cargo did the port handle" where
    they say "moved"): they lower a fact's score, but leave nothing a fact could have
    explained. Only an unknown word after an auxiliary ("did", "does"), where the question
    names a known place: else it may be the measure ("Xinchuang exports") or the place asked
    ("… in Lakeland")."""
    verbs = _AFTER_AUXILIARY.search(query.text)
    if not query.unknown or query.region is None or verbs is None:
        return frozenset()
    after = set(verbs.group("rest").lower().split())
    return frozenset(terms_in_own_language(" ".join(w for w in query.unknown if w in after)))


def _plain_figure(entry: Entry, query: Query, analyzer: Analyzer) -> bool:
    """Whether the fact is a figure of the sort asked, about the place asked: not a ranking
    (whose "among what" a faint match leaves open), not a share asked for an amount or count,
    nor one a question naming no share and no figure asks about ("Luoyang retail sales")."""
    fact = entry.fact
    if fact.value is None or fact.kind is FactKind.RANKING or counts_other_things(query, entry):
        return False
    if query.region is not None and entry.region_key != query.region:
        return False
    if not is_percent(fact.unit):
        return not share_asked(query, analyzer)  # "what share of …" is no count
    if query.want in _FIGURE_WANTS:
        return False
    return query.want is not None or share_asked(query, analyzer)


def _named(entry: Entry, query: Query) -> frozenset[str]:
    """The question's terms that `entry`'s own fields hold (its subject, region, figure)."""
    return frozenset(t for t in query.terms if t in entry.field_terms)


def _is_plan(entry: Entry) -> bool:
    fact = entry.fact
    return fact.kind is FactKind.TARGET or (fact.period or "").lower().startswith("by")


def _recency(entry: Entry) -> tuple[PeriodRank, date]:
    return (entry.period_rank, entry.fact.source.published or date.min)


def _order_value(fact: Fact, order_by: OrderBy) -> float | None:
    if order_by is OrderBy.GROWTH:
        return fact.change
    if not KINDS[fact.kind].sized:
        return None
    return fact.base_value if fact.base_value is not None else fact.value


def _scope(index: FactIndex) -> Scope:
    """What the store can answer about: its most common regions and topics."""
    if not len(index):
        return Scope(has_facts=False)
    regions = index.region_counts()
    topics = index.topic_counts()
    return Scope(
        has_facts=True,
        places=tuple(r for r, _ in regions.most_common(SCOPE_PLACES)),
        topics=tuple(t for t, _ in topics.most_common(SCOPE_TOPICS)),
    )


def _compared_side(side: Query, answer: Answer) -> ComparedSide | None:
    """A side of a comparison from the answer found for it: a fact's figure, or a passage's."""
    growth = side.want is Want.GROWTH
    label = side.label or " ".join(side.terms)
    if answer.matched and answer.fact is not None:
        fact = answer.fact
        if growth and fact.change is not None:
            figure = f"{'+' if fact.change > 0 else ''}{fact.change:g}%"
            return ComparedSide(label, figure, fact.change, True, fact=fact, growth=True)
        value = fact.base_value if fact.base_value is not None else fact.value
        percent = is_percent(fact.unit)
        figure = fact.value_text or (f"{fact.value:g}" if fact.value is not None else "")
        if not figure:
            return None
        unit = (fact.unit or "").lower() or None
        return ComparedSide(label, figure, value, percent, fact=fact, unit=unit)
    if answer.matched and answer.passage is not None:
        clause = answer.passage.clause
        found = figure_in(clause, percent=growth)
        if found is None:
            return None
        figure, value, percent = found
        return ComparedSide(
            label,
            figure,
            value,
            percent,
            passage=answer.passage.passage,
            growth=growth,
            unit=_unit_after(clause, figure),
        )
    return None


_UNIT_AFTER = re.compile(r"\s*(?P<unit>[A-Za-z]+|[\u4e00-\u9fff])")
"""The word (English) or character (Chinese: 元, 个, 家) right after a figure: its unit."""


def _unit_after(clause: str, figure: str) -> str | None:
    """The unit a passage's figure is stated in: the word right after it ("yuan", "个")."""
    at = clause.find(figure)
    if at < 0:
        return None
    found = _UNIT_AFTER.match(clause, at + len(figure))
    return found.group("unit").lower() if found else None


def _comparable(first: ComparedSide, second: ComparedSide) -> bool:
    """Whether a gap between two sides means anything: two growth rates or two shares (not one
    of each), or two amounts of a sized kind in one known unit (not a revenue and a rank)."""
    if first.percent or second.percent:
        return first.percent and second.percent and first.growth == second.growth
    facts = [side.fact for side in (first, second) if side.fact is not None]
    if any(not KINDS[fact.kind].sized for fact in facts):
        return False
    if len(facts) < 2 and (first.unit is None or second.unit is None):
        return False  # a passage's figure whose unit is not known
    return first.unit == second.unit


def _comparison(sides: tuple[ComparedSide, ...]) -> Comparison:
    """The sides with their gap: percentage points between rates, a ratio between amounts; the
    figures alone when they are not comparable (`_comparable`)."""
    first, second = sides[0], sides[1]
    if first.value is None or second.value is None or not _comparable(first, second):
        return Comparison(sides)
    if first.percent:
        return Comparison(sides, difference=round(first.value - second.value, 2))
    ratio = round(first.value / second.value, 2) if second.value else None
    return Comparison(sides, difference=first.value - second.value, ratio=ratio)
