"""The one scoring function (0-100), the hard constraints it enforces, and its thresholds.

`score` rates how well one indexed fact answers a `Query`; the named constants below turn a
score into "answer", "did you mean" or "don't know" (`briefing.answer` applies them). A fact
about another region, place or period scores zero whatever its words: the engine abstains
rather than borrow a figure.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from briefing.chinese.glossary import load_glossary
from briefing.dimensions import fact_states_dimension
from briefing.kinds import KINDS, Want
from core.facts import FactKind
from core.language import has_chinese

if TYPE_CHECKING:
    from briefing.analysis import Analyzer
    from briefing.index import Entry, FactIndex
    from briefing.question import Query

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
LONE_CANDIDATE_SCORE = 50.0
"""Below CLEAR_WINNER_SCORE, a fact this good is the answer when no other measure is even a
"did you mean" candidate: one clear candidate is answered, not offered."""
FAINT_LONE_SCORE = 40.0
"""Below LONE_CANDIDATE_SCORE, a figure this good is still the answer when it holds every word
asked and leads every other measure by far (see FAINT_LONE_LEAD): the question's words are
spread over its sentence rather than named in its subject."""
FAINT_LONE_LEAD = 0.7
"""A faint lone candidate's rivals score less than this share of its score."""
QUOTE_CREDIT = 0.6
"""A question word found only in the source sentence counts this much of a subject match."""
NARROWER_FACTOR = 0.9
"""Applied when the fact's subject narrows the asked measure with words before it."""
NUMBER_MISMATCH_FACTOR = 0.5
"""Applied when the question names a number the fact's subject and figure do not hold."""

SHARE_FOR_WHOLE_FACTOR = 0.5
"""Applied when a question asks an amount, a count or a growth rate, not a share, and the fact
is a share (with no change stated, for a growth question); and when a question asks a share
and the fact is no percentage."""

_W_COVERAGE = 0.6  # share of the score that coverage alone earns
_W_SIMILARITY = 0.7  # within the rest: rapidfuzz similarity vs. share of the subject named
_NO_WANT_TARGET_FIT = 0.95
_DENOMINATORS = frozenset({"gdp"})
"""Words that fix what a share is of: a share of GDP is not a share of industrial output."""
CHANGE_FOR_AMOUNT_FIT = 0.5
"""How well a fact stating only a change suits "how much": it does not say the amount."""
_SHARE_WORDS = ("share", "percent", "percentage", "proportion", "account", "ratio")
_WHOLE_WANTS = frozenset({Want.AMOUNT, Want.COUNT})
_PERCENT_UNITS = frozenset({"%", "percent"})
_CURRENCY_UNITS = frozenset({"yuan", "dollar", "usd", "euro", "rmb", "cny"})


def share_asked(query: Query, analyzer: Analyzer) -> bool:
    """Whether the question asks for a share ("share of GDP", "what percentage", 比重)."""
    return not {analyzer.stem(w) for w in _SHARE_WORDS}.isdisjoint(query.terms)


def counts_other_things(query: Query, entry: Entry) -> bool:
    """Whether "how much" is asked of a count of things the question does not name (the
    count's subject's last word, its head in English and Chinese alike): "how much coal" is
    not answered by a count of coal mines, 平均处置时长是多少 not by 处置城市管理事件."""
    if query.want is not Want.AMOUNT or entry.kind is not FactKind.COUNT:
        return False
    last = entry.subject_key.rpartition(" ")[2]  # its terms in order, joined
    return bool(last) and last not in query.terms


def score(query: Query, entry: Entry, *, index: FactIndex, coverage: float | None = None) -> float:
    """How well `entry` answers `query`, 0-100 (`Scoring` for one fact)."""
    return Scoring(query, index)(entry, coverage)


class Scoring:
    """The one scoring function, for one query over many facts: what depends only on the
    question, or on the question and a fact's subject, is worked out once."""

    def __init__(self, query: Query, index: FactIndex) -> None:
        self.query = query
        self.index = index
        self._phrase = " ".join([t for t in query.terms if index.knows(t)])
        self._numbers = [t for t in query.terms if t[0].isdigit() or t in _DENOMINATORS]
        self._share = index.analyzer.stem(_SHARE_WORDS[0])
        share_unasked = not share_asked(query, index.analyzer)
        # "Luoyang retail sales" asks the sales, not online sales' share of them.
        self._whole_asked = (query.want is None or query.want in _WHOLE_WANTS) and share_unasked
        self._growth_asked = query.want is Want.GROWTH and share_unasked
        self._share_asked = self._share in query.terms
        self._closeness: dict[tuple[str, str], float] = {}
        self._narrowed: dict[str, bool] = {}

    def __call__(
        self, entry: Entry, coverage: float | None = None, fit: float | None = None
    ) -> float:
        """How well `entry` answers the query, 0-100.

        Zero when a constraint fails (another region or period). Otherwise the weighted share
        of the question's terms the fact holds (subject words count fully, words only in the
        source sentence partly), refined by rapidfuzz's similarity of the question's words to
        the subject (token-set and partial ratio) and how much of the subject the question
        names; scaled down when the fact is not the kind of thing asked (a date for "when", a
        change for "how fast") or lacks a number the question names. Term weights come from
        the index; `coverage`, the weighted share of the question's terms the fact holds
        (`held_share`), and `fit` (`want_fit`), when the caller already has them.
        """
        query, index = self.query, self.index
        if not query.terms or not constraints_hold(query, entry, analyzer=index.analyzer):
            return 0.0
        if coverage is None:
            coverage = held_share(query, entry, index=index)
        key = (entry.match_key, entry.subject_key)
        closeness = self._closeness.get(key)
        if closeness is None:
            closeness = self._closeness[key] = self._closeness_to(entry)
        raw = 100 * coverage * (_W_COVERAGE + (1 - _W_COVERAGE) * closeness)
        if self._numbers and any(t not in entry.field_terms for t in self._numbers):
            raw *= NUMBER_MISMATCH_FACTOR  # "ranked first" is not answered by "ranked 7th"
        if self._whole_asked and self._share in entry.subject_terms:
            raw *= SHARE_FOR_WHOLE_FACTOR  # "Jiangxi's VR revenue" is not Nanchang's share of it
        elif self._growth_asked and entry.change is None and self._share in entry.subject_terms:
            raw *= SHARE_FOR_WHOLE_FACTOR  # a share is no growth rate
        elif self._share_asked and not is_percent(entry.unit):
            raw *= SHARE_FOR_WHOLE_FACTOR  # "what share of enterprises": not how many
        if counts_other_things(self.query, entry):
            raw *= SHARE_FOR_WHOLE_FACTOR  # "how much coal" is not answered by "58 coal mines"
        if not has_chinese(entry.subject) and self._narrows(entry.subject_key):
            raw *= NARROWER_FACTOR  # "software revenue" is not first "industrial software revenue"
        return round(raw * (want_fit(query.want, entry) if fit is None else fit), 2)

    def _closeness_to(self, entry: Entry) -> float:
        """How close the question's words are to the fact's subject, 0-1: rapidfuzz
        similarity, and how much of the subject's weight the question names."""
        index, phrase = self.index, self._phrase
        similarity = (
            fuzz.token_set_ratio(phrase, entry.match_key, processor=None)
            + fuzz.partial_ratio(phrase, entry.match_key, processor=None)
        ) / 200
        subject_weight = index.subject_weight(entry)
        focus = (
            sum(index.weight(t) for t in entry.subject_terms if t in self.query.terms)
            / subject_weight
            if subject_weight
            else 0.0
        )
        return _W_SIMILARITY * similarity + (1 - _W_SIMILARITY) * focus

    def _narrows(self, subject_key: str) -> bool:
        found = self._narrowed.get(subject_key)
        if found is None:
            found = self._narrowed[subject_key] = _narrowed(
                subject_key.split(), self.query.terms, self.index
            )
        return found


def held_share(query: Query, entry: Entry, *, index: FactIndex) -> float:
    """The weighted share of the question's terms `entry` holds: a term of its subject,
    figure, unit or region fully, a term only in its sentence or context QUOTE_CREDIT of it."""
    total = matched = 0.0
    for term in query.terms:
        weight = index.weight(term)
        total += weight
        if term in entry.field_terms:
            matched += weight
        elif term in entry.quote_terms:
            matched += weight * QUOTE_CREDIT
    return matched / total if total else 0.0


def _narrowed(subject: list[str], terms: tuple[str, ...], index: FactIndex) -> bool:
    """Whether the subject puts words the question does not ask before the first it does: a
    narrower measure ("industrial software revenue" for "software revenue")."""
    asked = set(terms)
    first = next((i for i, term in enumerate(subject) if term in asked), None)
    return bool(first) and not all(index.analyzer.is_soft(t) for t in subject[:first])


def constraints_hold(query: Query, entry: Entry, *, analyzer: Analyzer) -> bool:
    """Whether `entry` is about the query's region, places and period, when it names them,
    holds the rank of the office it names, and is a figure of the dimension it names."""
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
        published = entry.published
        if published is None or not _reported_in(published, query.years):
            return False
    if query.quarters is not None and entry.quarters != query.quarters:
        return False
    if entry.kind is FactKind.PERSON and _deputy_unasked(query, entry):
        return False
    if query.outlet is not None and entry.source.outlet != query.outlet:
        return False
    if query.full_year and (
        entry.half is not None
        or entry.quarters is not None
        or entry.period_rank.month not in (0, 12)  # "January to August" is no full year
    ):
        return False
    if query.through_month is not None and (
        entry.period_rank.month != query.through_month or entry.half or entry.quarters
    ):
        return False
    if query.half is not None and entry.half != query.half:
        return False
    # "the price of a smartphone" is not how many smartphones were made
    return query.dimension is None or (
        not is_percent(entry.unit) and fact_states_dimension(query.dimension, entry.fact)
    )  # nor is "the handling time, 40% shorter" the handling time


_DEPUTY = re.compile(r"\b(?:deputy|vice|assistant)\b|副", re.IGNORECASE)
_DEPUTY_OFFICE = re.compile(r"\b(?:deputy|vice|assistant)[- ]+(?P<office>[a-z][\w-]*)", re.I)


def _deputy_unasked(query: Query, entry: Entry) -> bool:
    """Whether `entry` names a deputy of the office asked about, the person not asked by name."""
    return deputy_unasked(query, entry.fact.value_text or "") and entry.subject_terms.isdisjoint(
        query.terms
    )


def deputy_unasked(query: Query, role: str) -> bool:
    """Whether `role` (or a sentence) names only a deputy of the office the question asks
    about: "who is the mayor" is not answered by the deputy mayor (nor 市长 by 副市长), but is
    by "deputy party secretary and mayor" (市委副书记、市长)."""
    if _DEPUTY.search(query.text):
        return False
    asked = query.text.lower()
    lowered = role.lower()
    for start, office in _deputy_offices(lowered):
        named_elsewhere = office in lowered[:start] or office in lowered[start + len(office) :]
        if office in asked and not named_elsewhere:
            return True
    return False


def _deputy_offices(role: str) -> list[tuple[int, str]]:
    """Where each deputy's office is named in a lower-cased role, and the office ("mayor" in
    "deputy mayor", "局长" in "副局长")."""
    found = [(m.start("office"), m["office"]) for m in _DEPUTY_OFFICE.finditer(role)]
    titles = _chinese_titles()
    at = role.find("副")
    while at != -1:
        office = next((t for t in titles if role.startswith(t, at + 1)), None)
        if office is not None:
            found.append((at + 1, office))
        at = role.find("副", at + 1)
    return found


@cache
def _chinese_titles() -> tuple[str, ...]:
    """The glossary's titles, longest first: the office after 副 is the longest one named."""
    return tuple(sorted(load_glossary().people.titles, key=len, reverse=True))


EARLY_REPORT_MONTHS = 3
"""A document published in these first months of a year mostly reports on the year before."""


def _reported_in(published: date, years: frozenset[int]) -> bool:
    """Whether an undated fact of a document published on `published` may be about `years`:
    the publication's year, or the year before for a report of the year's first months."""
    return published.year in years or (
        published.month <= EARLY_REPORT_MONTHS and published.year - 1 in years
    )


def is_money(unit: str | None) -> bool:
    """Whether a fact's unit is a currency ("yuan", "billion yuan", "US dollars")."""
    return not _CURRENCY_UNITS.isdisjoint((unit or "").lower().split())


def is_percent(unit: str | None) -> bool:
    """Whether a fact's unit is a percentage."""
    return (unit or "").lower() in _PERCENT_UNITS


def want_fit(want: Want | None, entry: Entry) -> float:
    """How well a fact's kind suits what the question asks for, 0-1."""
    answers = KINDS[entry.kind].answers
    is_target = Want.TARGET in answers or (entry.period or "").lower().startswith("by")
    if want is None:
        return _NO_WANT_TARGET_FIT if is_target else 1.0
    if want is Want.GROWTH:
        if entry.change is not None:
            return 1.0
        return 0.9 if is_percent(entry.unit) else 0.55
    if want is Want.COUNT:
        if Want.COUNT in answers:
            return 1.0
        if is_percent(entry.unit):
            return 0.5  # "how many 5G users" is not answered by their share
        if is_target and entry.value is not None:
            return 0.8
        return 0.85 if entry.value is not None and not is_money(entry.measure.unit) else 0.6
    if want is Want.AMOUNT:
        if entry.value is None:  # a growth rate alone does not say how much
            return 0.6 if entry.change is None else CHANGE_FOR_AMOUNT_FIT
        return 0.9 if is_target else 1.0
    if want is Want.RANK:
        return 1.0 if Want.RANK in answers else 0.55
    if want is Want.TARGET:
        return 1.0 if is_target else 0.6
    if want is Want.DATE:
        return 1.0 if entry.event_date is not None or Want.DATE in answers else 0.6
    if want is Want.PERSON:
        return 1.0 if Want.PERSON in answers else 0.5
    return 1.0
