"""From a question to an `Answer`: read its constraints, match, decide, explain.

`read_question` turns the user's words into a `Reading` (a `Query` for the scorer, plus any
superlative, comparison or unknown place). `Answerer.answer` then picks one of:
a single cited fact (latest period wins, earlier values of the same measure as history);
an aggregate (a ranking by growth or size, or a comparison of two measures); a "did you mean"
with up to three alternatives; or a plain "I don't know", saying what it can answer instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from rapidfuzz import fuzz

from briefing import lexicon
from briefing.index import (
    AMBIGUITY_MARGIN,
    CLEAR_WINNER_MARGIN,
    CLEAR_WINNER_SCORE,
    CONFIDENT_SCORE,
    SUGGEST_SCORE,
    Entry,
    FactIndex,
    Query,
    Scored,
    want_fit,
)
from briefing.normalize import PhraseMatcher, is_soft, is_stopword, stem, words
from briefing.render import comparison_headline, fact_headline, ranking_headline
from briefing.views import Answer
from core.facts import Fact

MAX_QUESTION_CHARS = 1_000
"""Only this much of a question is read; longer text is ignored."""
MAX_ALTERNATIVES = 3
SEARCH_DEPTH = 20
"""How many best-scored facts are grouped into measures for one decision."""
SAME_MEASURE_SIMILARITY = 90
"""Subjects at least this similar (rapidfuzz token-set ratio) in one region are one measure."""
AGGREGATE_CONFIDENCE = 0.8
"""Confidence of a ranking read purely from structured fields (region, period, change)."""

_YEAR_RE = re.compile(r"^(19\d{2}|20\d{2}|21\d{2})$")
_WANT_PRIORITY = ("date", "person", "rank", "growth", "target", "count", "amount")
_WANTS: PhraseMatcher[str] = PhraseMatcher(lexicon.WANT_PHRASES)
_HALVES: PhraseMatcher[int] = PhraseMatcher(lexicon.HALF_PHRASES)
_COMPARE_VERBS = frozenset({"compare", "comparison", "comparing"})
_KEPT_SUPERLATIVES = frozenset({"top", "leading"})  # also ordinary words ("top 100 cities")
_QUESTION_WORDS = frozenset(
    {w for phrase in lexicon.WANT_PHRASES for w in words(phrase)}
    | set(lexicon.SUPERLATIVES)
    | set(lexicon.COMPARATIVES)
    | set(lexicon.COMPARISON_CUES)
    | {w for place in lexicon.PLACES for w in words(place)}
    | set(lexicon.SOFT_WORDS)
)


@dataclass(frozen=True)
class Reading:
    """What was read from a question."""

    query: Query
    superlative: tuple[str, str] | None = None  # (growth|value, max|min)
    sides: tuple[Query, ...] = ()  # a comparison's two sides
    absent_place: str | None = None  # a place named that no fact is about
    blank: bool = False


def read_question(question: str, index: FactIndex) -> Reading:
    """Read constraints and content terms from `question` against the index's vocabulary."""
    text = question[:MAX_QUESTION_CHARS]
    raw = words(text)
    fixed = [_fix(w, index) for w in _rejoin(raw, index)]
    folded = words(" ".join(fixed)) if fixed != raw else raw  # a fixed word may be a synonym
    if not any(w.isalnum() for w in folded):
        return Reading(Query(text=question, terms=()), blank=True)
    used = [False] * len(folded)

    region: str | None = None
    absent: str | None = None
    places: list[str] = []
    for hit in index.place_matcher.find(folded):
        if index.has_region(hit.value):
            region = region or hit.value
        elif not _mentioned_in_store(hit.value, index):
            absent = absent or hit.value
        else:  # mentioned in the documents, no fact's region: a word, and a constraint
            places.append(hit.value)
            continue
        _mark(used, hit.start, hit.end)

    wants: list[str] = []
    for want_hit in _WANTS.find(folded):
        wants.append(want_hit.value)
        _mark(used, want_hit.start, want_hit.end)

    years: set[int] = set()
    for i, word in enumerate(folded):
        if _YEAR_RE.match(word):
            years.add(int(word))
            used[i] = True
            if i > 0 and folded[i - 1] == "by":
                wants.append("target")
    half: int | None = None
    for half_hit in _HALVES.find(folded):
        half = half_hit.value
        _mark(used, half_hit.start, half_hit.end)

    superlative: tuple[str, str] | None = None
    comparative = False
    for i, word in enumerate(folded):
        if word in lexicon.SUPERLATIVES and superlative is None:
            superlative = lexicon.SUPERLATIVES[word]
            used[i] = word not in _KEPT_SUPERLATIVES
        elif word in lexicon.COMPARATIVES:
            comparative = True
            used[i] = True
    want = next((w for w in _WANT_PRIORITY if w in wants), None)
    if superlative is not None and superlative[0] == "growth":
        want = "growth"

    free = [w for w, u in zip(folded, used, strict=True) if not u]
    query = Query(
        text=question,
        terms=_terms(free),
        region=region,
        years=frozenset(years),
        half=half,
        want=want,
        places=tuple(places),
        unknown=tuple(
            dict.fromkeys(
                w for w in free if not is_stopword(w) and len(w) > 1 and not index.knows(stem(w))
            )
        ),
    )
    sides = _sides(free, query, index, force=comparative)
    return Reading(query=query, superlative=superlative, sides=sides, absent_place=absent)


class Answerer:
    """Answers questions from one `FactIndex`."""

    def __init__(self, index: FactIndex) -> None:
        self.index = index
        self.scope = _scope(index)

    def answer(self, question: str) -> Answer:
        """The best answer the store supports, or an honest "I don't know"."""
        reading = read_question(question, self.index)
        if reading.blank:
            return self._unknown(question, "Please type a question. " + self.scope)
        if not len(self.index):
            return self._unknown(question, "I have no facts yet: nothing has been ingested.")
        if reading.absent_place is not None:
            place = reading.absent_place.title()
            return self._unknown(
                question, f"I don't know that: I have no facts about {place}. " + self.scope
            )
        if reading.sides:
            return self._compare(question, reading)
        if reading.superlative is not None:
            ranked = self._rank(question, reading)
            if ranked is not None:
                return ranked
        return self._single(question, reading.query)

    # -- single fact ---------------------------------------------------------------------------

    def _single(self, question: str, query: Query, *, explain: bool = True) -> Answer:
        if not query.terms:
            return self._no_measure(question, query)
        results = self.index.search(query, limit=SEARCH_DEPTH)
        groups = self._group(results)
        if not groups or groups[0][0].score < SUGGEST_SCORE:
            if explain:
                return self._near_miss(question, query)
            return self._unknown(question, "nothing close")
        best, members = groups[0]
        rival = groups[1][0].score if len(groups) > 1 else 0.0
        lead = best.score - rival
        confident = (best.score >= CONFIDENT_SCORE and lead >= AMBIGUITY_MARGIN) or (
            best.score >= CLEAR_WINNER_SCORE and lead >= CLEAR_WINNER_MARGIN
        )
        if not confident:
            return Answer(
                question=question,
                matched=False,
                confidence=best.score / 100,
                alternatives=tuple(
                    g[0].fact for g in groups[:MAX_ALTERNATIVES] if g[0].score >= SUGGEST_SCORE
                ),
                reason="I'm not sure which figure you mean.",
            )
        chosen, history = self._latest(best, members, pinned=bool(query.years))
        return Answer(
            question=question,
            matched=True,
            confidence=best.score / 100,
            fact=chosen.fact,
            history=tuple(e.fact for e in history),
            headline=fact_headline(chosen.fact),
        )

    def _group(self, results: list[Scored]) -> list[tuple[Scored, list[Entry]]]:
        """Group results measuring the same thing; each group led by its best-scored result."""
        groups: list[tuple[Scored, list[Entry]]] = []
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
                groups.append((result, members))
        return groups

    @staticmethod
    def _latest(best: Scored, members: list[Entry], *, pinned: bool) -> tuple[Entry, list[Entry]]:
        """Latest period wins unless the question named a period; the rest is history."""
        unique = {id(e): e for e in members}.values()
        ordered = sorted(unique, key=_recency, reverse=True)
        chosen = best.entry if pinned else ordered[0]
        history = [e for e in ordered if e is not chosen and e.period_rank != chosen.period_rank]
        return chosen, history if not pinned else []

    def _near_miss(self, question: str, query: Query) -> Answer:
        """Nothing fits: say why, offering the same measure for another period or region."""
        loosenings = [
            (replace(query, years=frozenset(), half=None), "period"),
            (replace(query, region=None), "region"),
        ]
        if any(not is_soft(stem(w)) for w in query.unknown):
            loosenings = []  # another period or region cannot supply a word the store lacks
        for loosened, what in loosenings:
            if loosened == query:
                continue
            elsewhere = self._single(question, loosened, explain=False)
            offer = (elsewhere.fact,) if elsewhere.fact is not None else elsewhere.alternatives
            if offer and elsewhere.confidence * 100 >= CONFIDENT_SCORE:
                return Answer(
                    question=question,
                    matched=False,
                    confidence=0.0,
                    alternatives=offer,
                    reason=f"I don't know that for {self._asked(query, what)}; "
                    f"I only have it for another {what}.",
                )
        if query.unknown:
            missing = ", ".join(f"“{t}”" for t in query.unknown[:3])
            reason = f"I don't know that: my documents say nothing about {missing}. {self.scope}"
        else:
            reason = f"I don't know that. {self.scope}"
        return self._unknown(question, reason)

    def _asked(self, query: Query, what: str) -> str:
        if what == "region" and query.region:
            return self.index.region_name(query.region)
        parts = [f"H{query.half}"] if query.half else []
        parts += [str(y) for y in sorted(query.years)]
        return " ".join(parts) or "that period"

    def _no_measure(self, question: str, query: Query) -> Answer:
        """The question names a place or period but no measure: suggest what there is."""
        pool = [
            e
            for e in self.index.filtered(query)
            if query.want is None or _fits_want(query.want, e)
        ]
        pool.sort(key=lambda e: e.period_rank, reverse=True)
        return Answer(
            question=question,
            matched=False,
            confidence=0.0,
            alternatives=tuple(e.fact for e in pool[:MAX_ALTERNATIVES]),
            reason="Which figure do you mean? Name a measure, e.g. revenue, growth or a count. "
            + self.scope,
        )

    # -- aggregates ------------------------------------------------------------------------------

    def _rank(self, question: str, reading: Reading) -> Answer | None:
        """ "Which industry grew fastest": order comparable facts by change or size."""
        assert reading.superlative is not None
        order_by, direction = reading.superlative
        query = reading.query
        if order_by == "value" and query.want == "growth":
            order_by = "growth"
        terms = tuple(t for t in query.terms if not is_soft(t))
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
        groups: dict[tuple[str | None, tuple[int, int], str], list[Entry]] = {}
        for entry in pool:
            groups.setdefault((entry.region_key, entry.period_rank, entry.measure[3]), []).append(
                entry
            )
        if not groups:
            return None
        best_key = max(groups, key=lambda k: (len(groups[k]), k[1]))
        members = groups[best_key]
        if len(members) < 2:
            return None
        members.sort(
            key=lambda e: _order_value(e.fact, order_by) or 0.0, reverse=direction == "max"
        )
        facts = tuple(e.fact for e in members)
        confidence = min(scores[id(e)] for e in members) / 100 if scores else AGGREGATE_CONFIDENCE
        return Answer(
            question=question,
            matched=True,
            confidence=min(confidence, 1.0),
            fact=facts[0],
            facts=facts,
            headline=ranking_headline(facts, order_by=order_by, direction=direction),
        )

    def _compare(self, question: str, reading: Reading) -> Answer:
        """ "Compare software and telecom revenue": answer each side, then put them together."""
        found: list[Fact] = []
        confidences: list[float] = []
        misses: list[str] = []
        for side in reading.sides:
            side_answer = self._single(question, side)
            if side_answer.matched and side_answer.fact is not None:
                found.append(side_answer.fact)
                confidences.append(side_answer.confidence)
            else:
                misses.append(" ".join(side.terms))
        if not misses and len({f.id for f in found}) == len(found):
            facts = tuple(found)
            return Answer(
                question=question,
                matched=True,
                confidence=min(confidences),
                fact=facts[0],
                facts=facts,
                headline=comparison_headline(facts),
            )
        if not found:
            return self._single(question, reading.query)
        return Answer(
            question=question,
            matched=False,
            confidence=min(confidences, default=0.0),
            alternatives=tuple(found[:MAX_ALTERNATIVES]),
            reason="I can only answer part of that comparison"
            + (f"; nothing found for {', '.join(misses)}." if misses else "."),
        )

    def _unknown(self, question: str, reason: str) -> Answer:
        return Answer(question=question, matched=False, confidence=0.0, reason=reason)


def _fix(word: str, index: FactIndex) -> str:
    """Correct a typo unless the word is known, a question word, a number or a stopword."""
    if (
        index.knows_word(word)
        or is_stopword(word)
        or word in _QUESTION_WORDS
        or not word.isalpha()
        or _YEAR_RE.match(word)
    ):
        return word
    return index.correct(word)


def _rejoin(folded: list[str], index: FactIndex) -> list[str]:
    """Glue a word split by a stray hyphen or space back together ("e-comerce", "tele com")
    when the glued form, typo-corrected, is a word of the store and the parts are not."""
    out: list[str] = []
    i = 0
    while i < len(folded):
        word = folded[i]
        if i + 1 < len(folded):
            following = folded[i + 1]
            glued = word + following
            if (
                glued.isalpha()
                and len(glued) >= 5
                and min(len(word), len(following)) <= 3
                and not (index.knows_word(word) and index.knows_word(following))
                and not is_stopword(word)
                and not is_stopword(following)
                and index.knows_word(index.correct(glued))
            ):
                out.append(glued)
                i += 2
                continue
        out.append(word)
        i += 1
    return out


def _mark(used: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        used[i] = True


def _terms(folded: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for word in folded:
        if not is_stopword(word) and not (len(word) == 1 and word.isalpha()):
            term = stem(word)
            if term not in out:
                out.append(term)
    return tuple(out)


def _mentioned_in_store(place: str, index: FactIndex) -> bool:
    return all(index.knows_word(w) for w in place.split())


def _sides(free: list[str], query: Query, index: FactIndex, *, force: bool) -> tuple[Query, ...]:
    """A comparison's sides: "compare A and B", "A vs B", "which is bigger, A or B"."""
    cue = any(w in lexicon.COMPARISON_CUES for w in free)
    if not cue and not force:
        return ()
    text = " " + " ".join(w for w in free if w not in _COMPARE_VERBS) + " "
    splitters = lexicon.COMPARISON_SPLITTERS if cue else (" or ",)
    for splitter in splitters:
        if splitter in text:
            left, right = text.split(splitter, 1)
            sides = (_terms(left.split()), _terms(right.split()))
            if all(s for s in sides):
                return tuple(replace(query, terms=s) for s in sides)
    return ()


def _same_measure(a: Entry, b: Entry) -> bool:
    """Whether two facts report one measure (or one person): same region, kind and unit,
    near-identical subjects, and either different periods or the same figure restated."""
    if a.measure == b.measure:
        return True
    if (a.region_key, a.fact.kind, a.measure[3]) != (b.region_key, b.fact.kind, b.measure[3]):
        return False
    joined = fuzz.ratio(a.subject_key.replace(" ", ""), b.subject_key.replace(" ", ""))
    if max(fuzz.token_set_ratio(a.measure[2], b.measure[2]), joined) < SAME_MEASURE_SIMILARITY:
        return False
    if a.fact.kind == "person":
        return True
    same_figure = a.fact.base_value is not None and a.fact.base_value == b.fact.base_value
    return a.period_rank != b.period_rank or same_figure


def _recency(entry: Entry) -> tuple[tuple[int, int], date]:
    return (entry.period_rank, entry.fact.source.published or date.min)


def _fits_want(want: str, entry: Entry) -> bool:
    return want_fit(want, entry.fact) >= 1.0


def _order_value(fact: Fact, order_by: str) -> float | None:
    if order_by == "growth":
        return fact.change
    if fact.kind not in {"metric", "count", "target"}:
        return None
    return fact.base_value if fact.base_value is not None else fact.value


def _scope(index: FactIndex) -> str:
    """One sentence on what the store can answer, built from its facts."""
    if not len(index):
        return "I have no facts yet."
    regions = Counter(e.fact.region for e in index.entries if e.fact.region)
    topics = Counter(t for e in index.entries for t in e.fact.topics)
    places = ", ".join(r for r, _ in regions.most_common(4)) or "the ingested documents"
    subjects = ", ".join(t for t, _ in topics.most_common(5))
    about = f" ({subjects})" if subjects else ""
    return f"I can answer about {places}{about}; see /metrics, /initiatives, /sources or /topics."
