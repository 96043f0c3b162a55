"""Facts from a sentence's figures: amounts with their changes, counts, shares and targets.

A sentence is read clause by clause (split at ";"), and a clause span by span (split at ",
and", ", while", ", out of", "and plans to" ...), because one sentence often holds a result
and a plan: "Jiangsu plans to build 2,000 smart communities by 2025, and 746 have been built so
far" is a target of 2,000 by 2025 and a count of 746. A figure is a target when its span speaks
of the future before it or names a deadline, or when an earlier span of its clause does and its
own span has no verb of the past; its period is its span's, else its clause's, else its
sentence's.

Within a clause:
- a "respectively" list gives one fact per item (`briefing.extract.lists`);
- a change ("up 12.7%") goes to the amount just before it, or to the next one after "to";
- "accounting for 26.9% of the city's GDP" is a share whose subject says what and of what
  ("core digital economy added value share of GDP");
- "98.2% of government services can be handled online" is a share of those services;
- a count takes its noun, what the counted things did ("... above designated size that
  completed digital transformation") and a threshold that defines them ("enterprises with
  annual revenue of more than 10 billion yuan", which is then no amount of its own);
- "23 projects were signed, with total investment of 18.6 billion yuan" is the total investment
  of the projects signed;
- a number with no noun takes the previous count's ("out of the 300 it plans to build", "746
  have been built") or the next one's ("86 of the 120 cities have ...");
- "exceeding 300 billion yuan for the first time" after 306.4 billion yuan restates a
  milestone and is not a second amount.

Every step walks the clause's figures once: linear in the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import NamedTuple

from briefing.extract.figures import ADDED_SINCE, LABELLED, SCALES, STATED_AT, Figure
from briefing.extract.lists import CONTRAST, RespectiveList, find_respective, item_region
from briefing.extract.maker import DocumentContext, FactMaker
from briefing.extract.patterns import any_of
from briefing.extract.periods import find_period, period_scan
from briefing.extract.places import REGION_NAMES, Mention, find_regions, region_near
from briefing.extract.subjects import (
    GENERIC_SUBJECTS,
    is_fragment,
    measure_of,
    shorten,
    subject_for,
    tidy_with_region,
)
from briefing.extract.wordlists import words
from briefing.geography import CITIES, PROVINCES
from core.facts import Fact, FactKind

_CHANGE_CUE = re.compile(
    r"(?P<cue>(?:,?\s*with\s+)?(?:an?\s+)?(?:year[- ]on[- ]year\s+|yoy\s+|annual\s+)?"
    r"\b(?P<word>up|down|rose|rise|rises|rising|risen|grew|grow|grows|growing|grown|growth"
    r"|increase[sd]?|increasing|decrease[sd]?|decreasing|decline[sd]?|declining|fell|fall|falls"
    r"|falling|fallen|dropped|drop|drops|jumped|jump|surged|soared|gained|climbed|plunged|slid"
    r"|slipped|expanded|contracted|shrank|shortened|reduced|lowered|cut|improved|raised"
    r"|boosted)\b(?:\s+(?:rate|of|by|a|an|year[- ]on[- ]year|yoy|respectively))*\s*)$",
    re.IGNORECASE,
)
_NEGATIVE_CUES = words(
    "down decrease decreased decreases decreasing decline declined declines declining fell fall"
    " falls falling fallen dropped drop drops plunged slid slipped contracted shrank shortened"
    " reduced lowered cut lower less fewer smaller"
)
# "has cut energy consumption per container by 17%": the change names what changed.
_VERB_OBJECT_CHANGE = re.compile(
    r"\b(?P<word>cut|reduced|lowered|shortened|decreased|increased|raised|improved|boosted)\s+"
    r"(?P<object>(?:[\w'-]+\s+){1,6}?)by\s+$",
    re.IGNORECASE,
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|y-o-y|from a year (?:earlier|ago)|over the (?:previous|same"
    r" period|last) year|compared with (?:the )?(?:same period|last year|a year))",
    re.IGNORECASE,
)
_CHANGE_THAN = re.compile(
    r"\s+(?P<word>higher|more|greater|larger|lower|less|fewer|smaller)\s+than\s+(?:in\s+)?"
    r"(?:the\s+)?(?:previous\s+year|year\s+before|last\s+year|a\s+year\s+(?:earlier|ago)"
    r"|same\s+period|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_MULTIPLES = {"doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4}
_MULTIPLIER = any_of(", ".join(_MULTIPLES))
_MULTIPLIED = re.compile(
    rf"\s+(?P<word>{_MULTIPLIER})(?:\s+(?:from|over|on)\s+(?:a|the)\s+"
    r"(?:year|previous\s+year)(?:\s+(?:earlier|ago|before))?)?\s+to\s*$",
    re.IGNORECASE,
)
_MULTIPLIED_OVER = re.compile(
    rf"\s+{_MULTIPLIER}\s+(?:over|in|during)\s+the\s+same\s+period\s+to\s*$", re.IGNORECASE
)
_PHYSICAL_UNITS = frozenset(
    {"metric tons", "tons", "tonnes", "kilometres", "kilometers", "km", "core kilometres"}
)
_OF_WHAT = re.compile(
    r"\s+of\s+(?P<what>[a-z][\w-]*(?:\s+(?!(?:in|by|at|for|last|this|since|during|from|over)\b)"
    r"[a-z][\w-]*){0,2})"
)
_INVESTED = re.compile(r"\b(?P<verb>invested|spent)\s+(?:a\s+total\s+of\s+)?$", re.IGNORECASE)
_SPENDING = {"invested": "investment", "spent": "spending"}
_SPENT_ON = re.compile(
    r"(?:\s*\([^)]{1,40}\))?\s+(?:in|on)\s+(?P<what>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}?)"
    r"(?=\s+(?:since|in|by|over|during|from|this|last)\b|[,.;]|$)"
)
_WHICH_ARE = re.compile(
    r"\s+of\s+which\s+(?:are|were|is|was|have\s+been|had\s+been)\s+(?P<what>[^,.;]+)"
)
_AMONG_THEM = re.compile(r"\bamong\s+them,?\s+$", re.IGNORECASE)
_AND_NEXT = re.compile(r"\s+and\s+(?=\d)")
_WHICH_HAD = re.compile(
    r"\s+of\s+which\s+(?:had|have|has)\s+(?P<what>[^,;]+?)(?=[,;]|\.(?:\s|$)|$)"
)
_PERIOD_TAIL = re.compile(r"\s+(?:in|during)\s+the\s+(?:first|past|last)\b.*$")
_OF_WHICH_BEFORE = re.compile(r"\bof\s+which\s+$")
_ARE_WHAT = re.compile(r"\s+(?:are|were|is|was)\s+(?P<what>[^,.;]+)")
_UP_FROM = re.compile(r"\b(?:up|down|rising|falling|increasing|decreasing)\s+from\s+$", re.I)
"""Before a figure that is the earlier value of the one just stated ("up from 5,600 PFlops")."""
_CHANGE_TO_NEXT = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|from a year earlier)?\s*,?\s*(?:to|at|reaching|hitting)\s",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned to|planning to|aims? to|aims? for|aiming to|strives? to"
    r"|strive for|striving to|expects? to|(?:is|are) expected to|intends? to|targets?|goal"
    r"|(?:is|are) set to|plans? for|(?:it|they) plans?|planned by)\b",
    re.IGNORECASE,
)
_FUTURE_HINTS: tuple[str, ...] = (
    "will",
    "shall",
    "plan",
    "aim",
    "strive",
    "expect",
    "intend",
    "target",
    "goal",
    "set to",
)
_BY_YEAR = re.compile(
    r"\bby\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d{2}|this year|next year)", re.IGNORECASE
)
_CREATION_VERBS = any_of(
    "build, building, create, creating, cultivate, cultivating, develop, developing, add, adding,"
    " complete, completing, reach, reaching, achieve, achieving, attract, attracting, train,"
    " training, implement, implementing, implementation, construct, constructing, construction,"
    " establish, establishing, launch, launching, deploy, deploying, install, installing,"
    " transformation, transform, transforming, upgrade, upgrading, foster, fostering, nurture,"
    " nurturing"
)
_CREATION = re.compile(rf"\b{_CREATION_VERBS}\b", re.IGNORECASE)
_PAST_WORDS = any_of(
    "has, have, had, was, were, so far, already, reached, rose, grew, increased, built, opened,"
    " completed, achieved, realized, recorded"
)
"""A verb of the past or of a state reached: the span reports, it does not plan."""
_PAST = re.compile(rf"\b{_PAST_WORDS}\b", re.IGNORECASE)
# Where one span of a clause ends and the next begins.
_SPAN_BREAK = re.compile(
    r",\s+(?:and|while|whereas|but)\s+|,?\s+out\s+of\s+"
    r"|\s+and\s+(?=(?:plans?|aims?|will|has|have|had|is|are|was|were|strives?|expects?|to)\b)"
    r"|\s+and\s+(?=(?:raise|increase|lift|boost|build|cultivate|foster|reach|achieve|complete"
    r"|cut|reduce|expand|attract|train|create|add)\s)"
    # "80 billion yuan by 2023 and 120 billion yuan by 2025": each figure its own deadline
    r"|\s+and\s+(?=\d[\d.,]*\s+(?:[a-z]+\s+){0,3}by\s+(?:19|20)\d\d\b)",
    re.IGNORECASE,
)
_ADDED_BEFORE = re.compile(
    r"\b(?:added|adds|adding)\s+(?:another\s+|a\s+further\s+|more\s+than\s+|over\s+)?$",
    re.IGNORECASE,
)
_TOTAL_TO = re.compile(
    r"\b(?:bringing|taking|raising|lifting|pushing)\s+(?:the|its|their)\s+(?:total|tally)"
    r"(?:\s+number)?\s+to\s+$",
    re.IGNORECASE,
)
"""A running total of what was just counted ("…, bringing the total to 6,950")."""
_SPAN_BREAK_HINTS = (", and", ", while", ", whereas", ", but", " out of ", " and ")
_SHARE_WORDS = any_of(
    "accounting for, accounts for, accounted for, account for, making up, makes up, made up,"
    " make up, representing, represents, represented, contributing, contributed, generated,"
    " generating, produced, producing, took up, takes up, taking up, equal to, equivalent to, or"
)
"""The words just before a share of a whole ("accounting for 12%", "equal to 3%")."""
_SHARE_CUE = re.compile(rf"{_SHARE_WORDS}\s*$", re.IGNORECASE)
_COMPARED_WITH = re.compile(r"(?:from|over|than|compared (?:with|to)|against)\b", re.IGNORECASE)
"""The start of what a change is compared with, which names no subject ("from a year earlier")."""
_OF_WHOLE = re.compile(
    r"\s+of\s+(?:the\s+)?(?P<owner>(?:city|province|country|nation|region|municipality)'s\s+"
    r"|[A-Z][\w']*(?:\s[A-Z][\w']*)?'s\s+)?(?P<np>[\w' -]{2,40}?)"
    r"(?=\s+respectively|[,.;]|\s+(?:and|while|in|for|by|during)\b|$)"
)
_OWNER_LEVELS: dict[str, tuple[str, ...]] = {
    "city": tuple(CITIES),
    "municipality": tuple(CITIES),
    "province": tuple(PROVINCES),
}
# ", employing over 390,000 people": people of the things counted before.
_EMPLOYING = re.compile(
    r",\s+(?:employing|which employ|that employ|employ)\s+(?:over\s+|more\s+than\s+|about\s+|"
    r"nearly\s+|some\s+|around\s+)?$",
    re.IGNORECASE,
)
# "Kunming, the provincial capital, generated": a place alone, perhaps with an appositive.
_PLACE_ALONE = re.compile(
    r"^\s*(?P<place>[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*)*)\s*(?:,\s*(?:the|a|an|its)\s[^,]*,)?\s*$"
)
# "..., of which intelligent computing accounted for 45%": the whole is the figure before.
_OF_WHICH = re.compile(r"\b(?:of|among)\s+(?:which|them|these|this|it)\b,?\s*", re.IGNORECASE)
# "98.2% of government services in Xiamen can be handled online": a share of those services.
_PERCENT_OF = re.compile(
    r"\s+of\s+(?:the\s+|all\s+)?(?P<np>[a-z][\w'’ -]{2,50}?)(?:\s+(?:in|across)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w']+))?\s+(?P<vp>(?:can|could|have|has|had|are|were|is|was|will|need"
    r"|needs|require|requires|use|used|support|supports)\b[^,.;]{0,60})"
)
_PERCENT_VP = re.compile(
    r"\s+(?P<vp>(?:can|could|have|has|had|are|were|need|require|use|used|support)\b[^,.;]{0,60})"
)
# "... 10 enterprises with annual revenue of more than 100 billion yuan": what they are.
_THRESHOLD = re.compile(
    r"\s+(?:each\s+)?with\s+(?:an?\s+)?(?:annual|yearly)\s+[\w\s-]{0,30}?(?:revenue|sales|output"
    r"|income|output value|turnover)\s+(?:of\s+|above\s+|over\s+|exceeding\s+)",
    re.IGNORECASE,
)
# "..., with total investment of", "with a total contract value of": the counted things' total.
_WITH_TOTAL = re.compile(
    r"^(?P<between>[^;]{0,40}?),?\s+(?:with|involving|worth)\s+(?:an?\s+)?"
    r"(?P<measure>(?:total|combined|aggregate)\s+[a-z][\w\s-]{1,30}?|[a-z][\w-]*\s+"
    r"(?:investment|value|amount))\s+of\s*$",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"\bsign(?:ed|ing)\b", re.IGNORECASE)
_RESTATED = re.compile(
    r"^,\s*(?:exceeding|surpassing|topping|breaking(?:\s+through)?|crossing)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ELLIPTIC_ITEM = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<item>[\w&+ -]{1,40}?)\s*$")
_ITEM_NOT_NAME = words(
    """was were is are has have had reached grew rose up down with while which accounting
    respectively"""
)
_ANNUAL_TARGET = re.compile(
    r"\b(?:the\s+)?(?:annual|yearly|full-year)?\s*target\s+of\s*$", re.IGNORECASE
)
# What a count's things did: "... above designated size completed digital transformation".
_COUNT_POST = re.compile(
    r"\s+(?:above|of)\s+designated\s+size(?:\s+in\s+the\s+(?:[\w-]+\s+){0,3}?"
    r"(?:industr(?:y|ies)|sectors?))?(?=[\s,;.])"
)
_COUNT_TAIL = re.compile(
    r"(?P<post>\s+(?:above|of)\s+designated\s+size|\s+in\s+operation|\s+under\s+construction"
    r"|\s+on\s+the\s+cloud)?(?:\s+in\s+(?:[A-Z][\w']+(?:\s+[A-Z][\w']+)?"
    r"|the\s+(?:city|province|country|region|district)))?\s+"
    r"(?P<vp>(?:(?:have|has|had)\s+(?:been\s+|already\s+)?(?:[a-z]+ed|set\s+up|built|made|won"
    r"|put|begun|taken))|(?:will\s+)?(?:completed?|moved|joined|adopted|launched|set\s+up"
    r"|opened|received|obtained|passed|carry\s+out|carried\s+out|use|used|apply|applied))"
    r"(?P<rest>(?:\s+(?!(?:and|while|but|which|with|during|in|by|this|last|from|since)\b)"
    r"[\w'-]+){0,6})"
)
_TIME_UNITS = frozenset({"years", "months", "days", "weeks", "times", "consecutive years"})
_REGION_AFTER = re.compile(r"[\w\s]{0,30}?(?:,\s*)?\b(?:in|of|for|across)\s+(?:the\s+)?$")
_SEMICOLON = re.compile(";")
_LIST_GOES_ON = re.compile(r"(?:,\s*|\s+)and\s|,\s")  # after a count: "..., and" / ", "
_SCORE_WORDS = words("scores score rates rate ratios ratio values indices indexes points shares")
"""A list measure whose figures are values, not counts ("index scores of 89.6, 87.3")."""


class _TimeCues:
    """Where a sentence speaks of the future and names deadlines ahead, found in one pass."""

    def __init__(self, text: str, ref_year: int | None) -> None:
        lower = text.lower()
        self.futures: list[int] = []
        if any(map(lower.__contains__, _FUTURE_HINTS)):  # map: no Python frame per hint
            self.futures = [found.start() for found in _FUTURE.finditer(text)]
        self.deadlines: list[int] = []
        if "by " in lower:
            for match in _BY_YEAR.finditer(text):
                year = match.group("year")
                if not year.isdigit() or ref_year is None or int(year) >= ref_year:
                    self.deadlines.append(match.start())

    @staticmethod
    def first_in(positions: list[int], start: int, end: int) -> int | None:
        """The first of `positions` in [start, end), if any."""
        at = bisect_left(positions, start)
        return positions[at] if at < len(positions) and positions[at] < end else None


class _Clause:
    """A clause's spans, the periods they name and which figures are targets."""

    def __init__(
        self,
        text: str,
        lo: int,
        hi: int,
        *,
        ref_year: int | None,
        ref_month: int | None,
        plan_context: bool,
        sentence: tuple[str | None, str | None],
        cues: _TimeCues,
    ) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self._plan_context = plan_context
        self._cues = cues
        bounds = [lo]
        # Spans only matter where the sentence plans something: one span otherwise.
        if (cues.futures or cues.deadlines) and any(
            map(text[lo:hi].__contains__, _SPAN_BREAK_HINTS)
        ):
            for found in _SPAN_BREAK.finditer(text, lo, hi):
                bounds.extend((found.start(), found.end()))
        bounds.append(hi)
        self._bounds = list(zip(bounds[::2], bounds[1::2], strict=True))
        self._ends = [end for _, end in self._bounds]
        self._periods: dict[int, tuple[str | None, str | None]] = {}
        self._scan = period_scan(text, ref_year, ref_month)
        reporting, deadline = sentence  # the sentence's periods
        if lo or hi != len(text):
            reporting = self._scan.first(lo, hi, targets=False) or reporting
            deadline = _deadline(self._scan.first(lo, hi)) or deadline
        self.reporting: str | None = reporting
        self.deadline: str | None = deadline

    def _plans(self, start: int, end: int) -> bool:
        """Whether [start, end) speaks of the future or names a deadline ahead."""
        cues = self._cues
        return (
            cues.first_in(cues.futures, start, end) is not None
            or cues.first_in(cues.deadlines, start, end) is not None
        )

    def span_of(self, figure: Figure) -> int:
        """The index of the span holding `figure`."""
        return min(bisect_right(self._ends, figure.num_start), len(self._ends) - 1)

    def is_target(self, figure: Figure) -> bool:
        """Whether `figure` is planned rather than reported (see the module docstring)."""
        index = self.span_of(figure)
        start, end = self._bounds[index]
        cues = self._cues
        if cues.first_in(cues.deadlines, start, end) is not None:
            return True
        future = cues.first_in(cues.futures, start, end)
        if future is not None and future < figure.start:
            return True
        if index and self._plans(self.lo, start) and _PAST.search(self.text, start, end) is None:
            return True  # an earlier span plans, and this one reports nothing done
        return self._plan_context and bool(
            _CREATION.search(self.text, max(self.lo, figure.start - 60), figure.start)
        )

    def period(self, figure: Figure, *, target: bool) -> str | None:
        """The period the figure's own span, clause or sentence names (None: inherit one)."""
        index = self.span_of(figure)
        periods = self._periods.get(index)
        if periods is None:
            # Spans name their own periods where a clause mixes a plan with a result ("... by
            # 2025, and 746 have been built"); otherwise the clause's periods are its spans'.
            if len(self._bounds) == 1 or self.deadline is None:
                periods = (self.deadline, self.reporting)
            else:
                start, end = self._bounds[index]
                periods = (
                    _deadline(self._scan.first(start, end)),
                    self._scan.first(start, end, targets=False),
                )
            self._periods[index] = periods
        deadline, reporting = periods
        if target and (deadline or self.deadline):
            return deadline or self.deadline
        return reporting or self.reporting


def _deadline(period: str | None) -> str | None:
    """`period` if it is a deadline ("by 2025")."""
    return period if period is not None and period.startswith("by ") else None


def _clauses(text: str) -> list[tuple[int, int]]:
    if ";" not in text:
        return [(0, len(text))]
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SEMICOLON.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


class FigureFacts(NamedTuple):
    """A sentence's figure facts, and the subject stated for the figure at each position."""

    facts: list[Fact]
    subjects: dict[int, str]


def figure_facts(
    text: str,
    figures: list[Figure],
    *,
    mentions: list[Mention],
    context: DocumentContext,
    plan_context: bool,
    make: FactMaker,
) -> FigureFacts:
    """The facts a sentence's figures state (see the module docstring)."""
    out: list[Fact] = []
    subjects: dict[int, str] = {}
    if not figures:
        return FigureFacts(out, subjects)
    ref_year, ref_month = context.ref_year, context.ref_month
    sentence_period = find_period(text, ref_year=ref_year, ref_month=ref_month, targets=False)
    sentence_deadline = _deadline(find_period(text, ref_year=ref_year, ref_month=ref_month))
    sentence_periods = (sentence_period, sentence_deadline)
    cues = _TimeCues(text, ref_year)
    last_count: Figure | None = None
    for lo, hi in _clauses(text):
        in_clause = [f for f in figures if lo <= f.num_start < hi]
        if not in_clause:
            continue
        clause = _Clause(
            text,
            lo,
            hi,
            ref_year=ref_year,
            ref_month=ref_month,
            plan_context=plan_context,
            sentence=sentence_periods,
            cues=cues,
        )
        _mark_changes(text, in_clause, lo)
        reader = _ClauseReader(text, clause, mentions, context, make, last_count, subjects)
        listed = find_respective(text, lo, hi, in_clause)
        skipped: set[int] = set()
        if listed is not None:
            skipped = {id(f) for run in listed.runs for f in run}
            if listed.total is not None:
                skipped.add(id(listed.total))
            # A clause's figures before the list ("X rose 18.7% to 41.2 billion yuan, while A
            # and B recorded ... respectively") are read first, as the text reads.
            opening = listed.runs[0][0].start
            before = [f for f in in_clause if id(f) not in skipped and f.end <= opening]
            if before and CONTRAST.search(text, before[-1].end, opening):
                before = _without_restatements(text, before)
                _pair_changes(text, before)
                out.extend(reader.facts(before))
                skipped.update(id(f) for f in before)
            out.extend(reader.list_facts(listed))
        rest = [f for f in in_clause if id(f) not in skipped]
        rest = _without_restatements(text, rest)
        _pair_changes(text, rest)
        out.extend(reader.facts(rest))
        last_count = reader.last_count
    return FigureFacts(out, subjects)


class _ClauseReader:
    """Reads the figures of one clause into facts, remembering what the clause has said."""

    def __init__(
        self,
        text: str,
        clause: _Clause,
        mentions: list[Mention],
        context: DocumentContext,
        make: FactMaker,
        last_count: Figure | None,
        subjects: dict[int, str],
    ) -> None:
        self.subjects = subjects
        self.text = text
        self.clause = clause
        self.mentions = (
            mentions
            if clause.lo == 0 and clause.hi == len(text)
            else [m for m in mentions if clause.lo <= m.start < clause.hi]
        )
        self.context = context
        self.make = make
        self.last_count = last_count
        self.last_subject = ""
        self.last_threshold = ""  # "companies with annual revenue" of the last count's threshold
        self.last_amount_subject = ""  # the last subject of an amount that is no percentage
        self.last_percent_np = ""
        self.previous_end = clause.lo
        self.previous_change: Figure | None = None
        self.skip: set[int] = set()

    def region_for(self, figure: Figure) -> str | None:
        text = self.text
        near = [
            m
            for m in self.mentions
            if m.end <= figure.num_start or _REGION_AFTER.match(text, figure.end, m.start)
        ]
        return region_near(near, figure.num_start)

    def emit(
        self,
        figure: Figure,
        *,
        kind: FactKind,
        subject: str,
        region: str | None,
        period: str | None = None,
    ) -> Fact:
        """A fact stating `figure` (its value, unit, scale, qualifier and paired change), of
        `period` or else the one its span, clause or sentence names."""
        self.subjects[figure.num_start] = subject
        return self.make.amount(
            figure,
            figure.value_text,
            kind=kind,
            subject=shorten(subject),
            region=region,
            period=period or self.clause.period(figure, target=kind is FactKind.TARGET),
            change=figure.change,
        )

    def emit_change(
        self, figure: Figure, *, target: bool, subject: str, region: str | None, sign: int
    ) -> Fact:
        """A fact stating only a change ("up 12.4%"): no amount of its own."""
        self.previous_change = figure
        self.subjects[figure.num_start] = subject
        worded = (
            self.text[figure.cue_start : figure.end].strip(" ,") if figure.cue_start >= 0 else ""
        )
        return self.make(
            kind=FactKind.TARGET if target else FactKind.METRIC,
            subject=shorten(subject),
            region=region,
            period=self.clause.period(figure, target=target),
            value_text=worded or None,  # a list's later items have no wording of their own
            change=sign * figure.value,
        )

    def list_facts(self, listed: RespectiveList) -> list[Fact]:
        """One fact per item of a "respectively" list."""
        text = self.text
        out: list[Fact] = []
        amounts = listed.runs[0]
        changes = listed.runs[1] if len(listed.runs) > 1 else None
        model = next((f for f in reversed(amounts) if not f.bare), None)
        first = amounts[0]
        as_changes = bool(first.change_sign) and changes is None
        share = first.is_percent and _SHARE_CUE.search(text, self.clause.lo, first.start)
        whole = _OF_WHOLE.match(text, amounts[-1].end) if share else None
        owner = _whole_owner(whole, self.context) if whole is not None else None
        for index, (item, figure) in enumerate(zip(listed.items, amounts, strict=True)):
            region, name = item_region(item)
            region = region or listed.region or owner or self.region_for(figure)
            noun = figure.noun or (model.noun if model else None)
            measure = listed.measure or noun or ""
            if whole is not None:
                base = " ".join(p for p in (name, listed.measure) if p)
                subject = _share_subject(base, whole, region, self.context)
            else:
                subject = " ".join(p for p in (name, measure) if p) or item
            target = self.clause.is_target(figure)
            if as_changes:
                out.append(
                    self.emit_change(
                        figure,
                        target=target,
                        subject=subject,
                        region=region,
                        sign=first.change_sign,
                    )
                )
                continue
            unit = figure.unit or (model.unit if model else None)
            scale = figure.scale or (model.scale if model else None)
            counted = noun is not None or _counts_things(listed.measure, figure, scale)
            if counted and unit is None:
                unit = listed.measure or None
            kind = FactKind.COUNT if counted and whole is None else FactKind.METRIC
            change = changes[index] if changes else None
            sign = (changes[0].change_sign or 1) if changes else 1
            stated = replace(
                figure,
                value_text=_listed_value_text(figure, unit, scale),
                unit=unit,
                scale=scale,
                base_value=figure.value * SCALES[scale] if scale else figure.value,
                change=sign * change.value if change else None,
            )
            out.append(
                self.emit(
                    stated,
                    kind=FactKind.TARGET if target else kind,
                    subject=subject,
                    region=region,
                )
            )
        if listed.total is not None:
            total = listed.total
            unit = total.unit or (model.unit if model else None) or listed.measure or None
            counted = _counts_things(listed.measure, total, total.scale)
            out.append(
                self.emit(
                    replace(total, unit=unit),
                    kind=FactKind.COUNT if counted else FactKind.METRIC,
                    subject=listed.measure or "total",
                    region=listed.region or self.region_for(total),
                )
            )
        self.previous_end = max(self.previous_end, listed.end)
        return out

    def facts(self, figures: list[Figure]) -> list[Fact]:
        """Facts for the clause's figures that no list took."""
        out: list[Fact] = []
        for position, figure in enumerate(figures):
            if id(figure) in self.skip:
                continue
            following = figures[position + 1] if position + 1 < len(figures) else None
            if figure.unit == "points" and figure.change_sign:
                continue  # "up 3.2 points": a change of an index, not a percentage
            if figure.bare:
                fact = self.bare_fact(figure, following)
                if fact is not None:
                    out.append(fact)
                continue
            if figure.noun and figure.unit not in _TIME_UNITS:
                classified = figure.noun.lower() in _CLASSIFIERS
                counted = self.classified_fact(figure) if classified else None
                out.append(counted or self.count_fact(figure, following))
                continue
            if figure.change_sign and figure.change_figure is not None:
                continue  # folded into its amount
            fact = self.amount_fact(figure)
            if fact is not None:
                out.append(fact)
        return out

    def classified_fact(self, figure: Figure) -> Fact | None:
        """ "Industrial robot output reached 21,300 units": a count whose noun only classifies
        it is a count of what the clause names before it (None when it names nothing)."""
        previous_end = self.previous_end
        fact = self.amount_fact(figure)
        if fact is None or fact.subject.lower() == (figure.noun or "").lower():
            self.previous_end = previous_end
            return None
        return fact

    def count_fact(self, figure: Figure, following: Figure | None) -> Fact:
        text = self.text
        if _LIST_GOES_ON.match(text[figure.end : figure.end + 6]):
            self.previous_end = figure.end  # "... 10 clusters and attract investment of"
        noun = figure.noun or ""
        unit = figure.unit
        if noun.split()[-1:] == ["ones"] and self.last_count is not None:
            noun, unit = _ones(noun, self.last_count)
        subject = noun + _count_tail(text, figure.end)
        if _ADDED_BEFORE.search(text, max(self.clause.lo, figure.start - 24), figure.start):
            subject = f"{noun} added"  # "Zhuhai added 640 5G base stations in the first half"
        counted_before = self.last_count
        if (
            counted_before is not None
            and counted_before.noun
            and _EMPLOYING.search(text, max(self.clause.lo, figure.start - 40), figure.start)
        ):
            # "2,136 software enterprises ..., employing over 390,000 people"
            subject = f"{noun} employed by {counted_before.noun}"
        threshold = _THRESHOLD.match(text, figure.end) if " with " in text else None
        if threshold and following is not None and following.num_start >= threshold.end() - 1:
            # "10 enterprises with annual revenue of more than 100 billion yuan"
            subject = f"{noun} {text[figure.end : following.end].strip()}"
            self.skip.add(id(following))
            self.last_threshold = f"{noun} {text[figure.end : following.start].strip()}"
        kind = FactKind.TARGET if self.clause.is_target(figure) else FactKind.COUNT
        changed = noun != figure.noun or unit != figure.unit
        counted = replace(figure, noun=noun, unit=unit) if changed else figure
        self.last_count = counted
        self.last_subject = noun  # "..., accounting for 26.4% of all users": a share of these
        return self.emit(counted, kind=kind, subject=subject, region=self.region_for(figure))

    def bare_fact(self, figure: Figure, following: Figure | None) -> Fact | None:
        """A number with no noun: a score, or a count whose noun is said elsewhere."""
        text = self.text
        if (
            following is not None
            and following.noun
            and text[figure.end : following.start].strip() == "of the"
        ):
            # "86 of the 120 cities have set up ...": 86 cities that have; 120 is the whole.
            self.skip.add(id(following))
            noun = following.noun
            return self.emit_counted(
                figure,
                noun=noun,
                unit=following.unit,
                subject=noun + _count_tail(text, following.end),
                kind=self.count_kind(figure),
            )
        counted = self.last_count
        lead = self.last_threshold
        if (
            lead
            and following is not None
            and following.qualifier
            and counted is not None
            and not text[figure.end : following.start].strip()
        ):
            # "42 companies with annual revenue above 10 billion yuan and 1,036 above 100
            # million yuan": 1,036 companies with annual revenue above 100 million yuan
            self.skip.add(id(following))
            return self.emit_counted(
                figure,
                noun=counted.noun or "",
                unit=counted.unit,
                subject=f"{lead} {text[following.start : following.end].strip()}",
                kind=self.count_kind(figure),
            )
        among = _ARE_WHAT.match(text, figure.end) if "mong them" in text else None
        if among and _AMONG_THEM.search(text, self.clause.lo, figure.start):
            # "Among them, 1,278 are national high-tech enterprises and 94 are listed ..."
            part = _AND_NEXT.split(among.group("what"), maxsplit=1)[0].strip()
            if not part.split()[0].endswith("ed"):  # "94 are listed": the noun is not said
                return self.emit_counted(
                    figure, noun=part, unit=part, subject=part, kind=FactKind.COUNT
                )
        had = _WHICH_HAD.match(text, figure.end)
        if had and counted is not None and counted.noun:
            # "186 design companies, 23 of which had revenue above 100 million yuan"
            if following is not None and following.start < had.end():
                self.skip.add(id(following))
            what = _PERIOD_TAIL.sub("", had.group("what").strip())
            return self.emit_counted(
                figure,
                noun=counted.noun,
                unit=counted.unit,
                subject=f"{counted.noun} with {what}",
                kind=FactKind.COUNT,
            )
        if counted is not None and counted.noun:
            found = self.told_count(figure, counted)
            if found is not None:
                return found
        stated_at = STATED_AT.search(text, max(self.clause.lo, figure.start - 16), figure.start)
        labelled = LABELLED.match(text, self.clause.lo, figure.start)
        if "." in figure.value_text or figure.scale or stated_at or labelled:
            # a score: "the average index ... was 61.4"; a total: "players stood at 1,093";
            # a bulletin's line: "- Data center racks in use: 156,000"
            return self.amount_fact(figure)
        return None

    def told_count(self, figure: Figure, counted: Figure) -> Fact | None:
        """A bare number the count just stated tells the noun of: its running total, a part of
        it, what was added to it, or progress towards it."""
        text, noun = self.text, counted.noun or ""
        if _TOTAL_TO.search(text, max(self.clause.lo, figure.start - 40), figure.start):
            # "1,216 enterprises completed digital transformation, bringing the total to 6,950"
            subject = f"total {noun}{_count_tail(text, counted.end)}"
            return self.emit_counted(
                figure, noun=noun, unit=counted.unit, subject=subject, kind=self.count_kind(figure)
            )
        after = _WHICH_ARE.match(text, figure.end)
        if after:  # "3,000 IoT companies, 41 of which are listed on stock markets"
            subject = f"{noun} {after.group('what').strip()}"
            return self.emit_counted(
                figure, noun=noun, unit=counted.unit, subject=subject, kind=FactKind.COUNT
            )
        were = _ARE_WHAT.match(text, figure.end)
        if were and _OF_WHICH_BEFORE.search(text, self.clause.lo, figure.start):
            # "3.6 million licenses, of which 2.4 million were business licenses"
            part = were.group("what").strip()
            return self.emit_counted(
                figure, noun=part, unit=counted.unit, subject=part, kind=FactKind.COUNT
            )
        if ADDED_SINCE.match(text, figure.end):
            # "68,000 5G base stations at the end of 2023, 16,000 more than a year earlier"
            return self.emit_counted(
                figure, noun=noun, unit=counted.unit, subject=f"{noun} added", kind=FactKind.COUNT
            )
        elided = text[max(self.clause.lo, figure.start - 12) : figure.start].lower()
        if "out of" in elided or " and " in elided:
            # "..., out of the 300 it plans to build", "..., and 746 have been built so far"
            return self.emit_counted(
                figure, noun=noun, unit=counted.unit, subject=noun, kind=self.count_kind(figure)
            )
        return None

    def count_kind(self, figure: Figure) -> FactKind:
        """A count, or a target where the clause plans it."""
        return FactKind.TARGET if self.clause.is_target(figure) else FactKind.COUNT

    def emit_counted(
        self, figure: Figure, *, noun: str, unit: str | None, subject: str, kind: FactKind
    ) -> Fact:
        """A bare number stated as a count of `noun` (in `unit`), a noun said elsewhere."""
        stated = replace(figure, unit=unit, value_text=f"{figure.value_text} {noun}")
        return self.emit(stated, kind=kind, subject=subject, region=self.region_for(figure))

    def amount_fact(self, figure: Figure) -> Fact | None:
        text = self.text
        group_start = figure.start
        partner = figure.change_figure
        if partner is not None and partner.cue_start < figure.start:
            group_start = min(group_start, partner.cue_start)
        if figure.change_sign:
            group_start = figure.cue_start
        segment = _own_clause(text[self.previous_end : group_start])
        group_end = max(figure.end, partner.end if partner else figure.end)
        self.previous_end = group_end
        if _UP_FROM.search(segment) and self.last_amount_subject and not figure.is_percent:
            return self.earlier_value(figure, group_end)
        multiplied = _MULTIPLIED.search(segment) if figure.change is None else None
        if multiplied:  # "revenue ... doubled from a year earlier to 6.4 billion yuan"
            figure.change = 100.0 * (_MULTIPLES[multiplied.group("word").lower()] - 1)
            segment = segment[: multiplied.start()]
        elif over_years := _MULTIPLIED_OVER.search(segment):
            segment = segment[: over_years.start()]  # over several years: no yearly change
        subject, region = subject_for(text, figure, segment, group_end)
        if figure.unit in _PHYSICAL_UNITS and (of := _OF_WHAT.match(text, figure.end)):
            subject = of.group("what")  # "1.26 billion metric tons of cargo": cargo
        elif invested := _INVESTED.search(segment):
            spent_on = _SPENT_ON.match(text, figure.end)
            if spent_on:  # "has invested more than 2 billion yuan in automation"
                spending = _SPENDING[invested.group("verb").lower()]
                subject = f"{spending} in {spent_on.group('what')}"
        target = self.clause.is_target(figure)
        share_cue = figure.is_percent and _SHARE_CUE.search(segment, max(0, len(segment) - 24))
        if share_cue:
            whole = _OF_WHOLE.match(text, figure.end)
            of_which = None if whole else _OF_WHICH.search(segment, 0, share_cue.start())
            if whole:
                what = _share_what(segment[: share_cue.start()], self.last_subject)
                region = region or _owner_region(whole) or _part_of(whole, self.context)
                region = region or _not_the_whole(whole, self.context)
                subject = _share_subject(what, whole, region, self.context)
            elif of_which and self.last_amount_subject:
                # "..., of which intelligent computing accounted for 45%": a share of that
                what, _ = tidy_with_region(segment[of_which.end() : share_cue.start()])
                subject = f"{what} share of {self.last_amount_subject}" if what else subject
        elif figure.is_percent and not figure.change_sign:
            subject = self.percent_of(figure) or subject
        if figure.changed:
            subject = figure.changed  # "cut energy consumption per container by 17%"
        elliptic = self.elliptic_item(figure, segment)
        if elliptic is not None:
            subject = elliptic
        if subject in REGION_NAMES and self.last_subject:
            region, subject = subject, self.last_subject  # "..., Guangzhou 2.8 trillion yuan"
        if is_fragment(subject):
            subject = figure.noun or ""
        if (not subject or subject.lower() in GENERIC_SUBJECTS) and self.last_subject:
            subject = self.last_subject  # "..., while Sichuan's total was ...": same measure
        if "target" in segment and self.last_amount_subject and _ANNUAL_TARGET.search(segment):
            subject, target = self.last_amount_subject, True  # "beating the annual target of"
        counted = self.last_count
        if counted is not None and counted.noun and self.clause.lo <= counted.end <= figure.start:
            gap = text[counted.end : figure.start]
            with_total = _WITH_TOTAL.match(gap) if " of" in gap else None
            if with_total:
                signed = " signed" if _SIGNED.search(text, self.clause.lo, self.clause.hi) else ""
                subject = f"{with_total.group('measure')} of {counted.noun}{signed}"
        if not subject:
            return None
        self.last_subject = subject
        if not figure.is_percent:
            self.last_amount_subject = subject
        region = region or self.region_for(figure)
        if figure.change_sign:
            return self.emit_change(
                figure, target=target, subject=subject, region=region, sign=figure.change_sign
            )
        kind = FactKind.TARGET if target else (FactKind.COUNT if figure.noun else FactKind.METRIC)
        return self.emit(figure, kind=kind, subject=subject, region=region)

    def earlier_value(self, figure: Figure, end: int) -> Fact | None:
        """ "8,200 PFlops by the end of June, up from 5,600 PFlops at the end of 2023": the
        same measure's earlier figure, of the period named right after it (None: undated)."""
        after = self.text[end : end + 40]
        period = find_period(after, ref_year=self.context.ref_year, targets=False)
        if period is None or self.last_amount_subject is None:
            return None
        kind = FactKind.COUNT if figure.noun else FactKind.METRIC
        return self.emit(
            figure,
            kind=kind,
            subject=self.last_amount_subject,
            region=self.region_for(figure),
            period=period,
        )

    def percent_of(self, figure: Figure) -> str | None:
        """ "98.2% of government services can be handled online" → a share of those services."""
        text = self.text
        found = (
            _PERCENT_OF.match(text, figure.end) if text.startswith(" of ", figure.end) else None
        )
        if found:
            self.last_percent_np = found.group("np").strip()
            return f"share of {self.last_percent_np} that {found.group('vp').strip()}"
        if self.last_percent_np:
            verb = _PERCENT_VP.match(text, figure.end)
            if verb:  # "..., and 99.1% require at most one visit in person"
                return f"share of {self.last_percent_np} that {verb.group('vp').strip()}"
        return None

    def elliptic_item(self, figure: Figure, segment: str) -> str | None:
        """ "... grew 16.2%, IoT 12.1% and AI 26.9%": IoT's and AI's growth of the same measure.

        The figure becomes a change like the one before it; its subject is the item's name with
        the measure of the subject before it.
        """
        if not figure.is_percent or figure.change_sign or not self.last_subject:
            return None
        item = _ELLIPTIC_ITEM.fullmatch(segment)
        previous = self.previous_change
        if item is None or previous is None:
            return None
        name = item.group("item").strip()
        if not name or len(name.split()) > 4 or _ITEM_NOT_NAME & set(name.lower().split()):
            return None
        figure.change_sign = previous.change_sign
        figure.cue_start = figure.start
        measure = measure_of(self.last_subject)
        return f"{name} {measure}".strip()


def _without_restatements(text: str, figures: list[Figure]) -> list[Figure]:
    """Drop "exceeding 300 billion yuan for the first time" after "306.4 billion yuan"."""
    kept: list[Figure] = []
    for figure in figures:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.unit == figure.unit
            and not figure.is_percent
            and text.startswith(",", previous.end)
            and _RESTATED.match(text[previous.end : figure.num_start])
        ):
            continue
        kept.append(figure)
    return kept


def _mark_changes(text: str, figures: list[Figure], clause_start: int) -> None:
    """Flag percentages worded as changes ("up 3%", "a growth rate of 20.1%", "cut X by 17%")."""
    previous_end = clause_start
    for figure in figures:
        if figure.is_percent and not figure.change_sign:
            window_start = max(previous_end, figure.start - 60)
            window = text[window_start : figure.start]
            cue = _CHANGE_CUE.search(window)
            named = _VERB_OBJECT_CHANGE.search(window) if cue is None and "by" in window else None
            if cue:
                negative = cue.group("word").lower() in _NEGATIVE_CUES
                figure.change_sign = -1 if negative else 1
                figure.cue_start = figure.start - (len(window) - cue.start("cue"))
            elif named:
                negative = named.group("word").lower() in _NEGATIVE_CUES
                figure.change_sign = -1 if negative else 1
                figure.cue_start = figure.start - (len(window) - named.start())
                figure.changed = named.group("object").strip()
            elif _CHANGE_AFTER.match(text, figure.end):
                figure.change_sign = 1
                figure.cue_start = figure.start
            elif than := _CHANGE_THAN.match(text, figure.end):
                # "10.2 percent higher than in 2022", "16.4 percent more than in 2022"
                negative = than.group("word").lower() in _NEGATIVE_CUES
                figure.change_sign = -1 if negative else 1
                figure.cue_start = figure.start
        previous_end = figure.end


def _pair_changes(text: str, figures: list[Figure]) -> None:
    """Attach each change to its amount in one pass: the amount just before it, else the next
    one after "to" ("rose 12.4% to 8.6 billion yuan") or right after it.

    Percentages and bare numbers (but a total: "players stood at 1,093, up 57%") are not
    amounts a change belongs to: "efficiency increased by 28.6%, and costs fell by 19.4%" is
    two changes.
    """
    last_free: Figure | None = None
    waiting: Figure | None = None
    for figure in figures:
        if figure.change_sign:
            forward = _CHANGE_TO_NEXT.match(text, figure.end) is not None
            if last_free is not None and not forward:
                _join(figure, last_free)
                last_free = None
            else:
                waiting = figure
            continue
        stated_at = figure.bare and STATED_AT.search(text, max(0, figure.start - 16), figure.start)
        if figure.is_percent or (figure.bare and not stated_at) or figure.unit == "points":
            waiting = None
            continue
        if waiting is not None and waiting.end <= figure.start:
            gap = text[waiting.end : figure.start]
            if _CHANGE_TO_NEXT.match(text, waiting.end) or len(gap) < 40:
                _join(waiting, figure)
                waiting = None
                last_free = None
                continue
        waiting = None
        last_free = figure


def _join(change: Figure, amount: Figure) -> None:
    amount.change = change.change_sign * change.value
    amount.change_figure = change
    change.change_figure = amount


def _count_tail(text: str, end: int) -> str:
    """ " that completed digital transformation": what the counted things did, if said."""
    tail = _COUNT_TAIL.match(text, end)
    if tail is None:
        size = _COUNT_POST.match(text, end)  # "386 enterprises above designated size in ..."
        return " " + " ".join(size.group().split()) if size else ""
    post = (tail.group("post") or "").strip()
    action = f"{tail.group('vp')}{tail.group('rest')}".strip()
    return (f" {post}" if post else "") + f" that {action}"


def _ones(noun: str, previous: Figure) -> tuple[str, str | None]:
    """ "373 provincial-level ones" after "15 national-level ... platforms": the same things."""
    modifiers = noun.split()[:-1]
    earlier = (previous.noun or "").split()
    if len(earlier) < 2:
        return " ".join([*modifiers, *earlier]) or noun, previous.unit
    return " ".join([*modifiers, *earlier[1:]]), previous.unit


def _own_clause(segment: str) -> str:
    """The words of `segment` after its last break into a new clause, when a figure comes
    before the break and the words after it name a subject ("The city has 38,000 racks in
    operation, and its computing power reached"; not "computer, communication, and other
    electronic equipment")."""
    if not any(map(segment.__contains__, _SPAN_BREAK_HINTS)):
        return segment
    breaks = list(_SPAN_BREAK.finditer(segment))
    if not breaks or not any(c.isdigit() for c in segment[: breaks[-1].start()]):
        return segment
    tail = segment[breaks[-1].end() :]
    subject, _ = tidy_with_region(tail)
    return tail if subject and not is_fragment(subject) else segment


def _share_what(before_cue: str, last_subject: str) -> str:
    """What a share is of: the words before "accounting for" in their own clause ("..., and
    the city's base stations account for"), else the previous subject; nothing when those
    words are only a place ("Kunming, the provincial capital, generated 72.5% of ...": the
    place's share)."""
    breaks = list(_SPAN_BREAK.finditer(before_cue))
    if breaks:
        before_cue = before_cue[breaks[-1].end() :]
    alone = _PLACE_ALONE.match(before_cue)
    if alone and alone.group("place") in REGION_NAMES:
        return ""
    what, _ = tidy_with_region(before_cue)
    if not what or what.lower() in GENERIC_SUBJECTS or is_fragment(what):
        return last_subject
    if _COMPARED_WITH.match(what):  # "up 9.6% from a year earlier and equal to 31.2% of GDP"
        return last_subject
    return what


def _part_of(whole: re.Match[str], context: DocumentContext) -> str | None:
    """Whose share of "the province's total" it is: the city the document is about."""
    owner = (whole.group("owner") or "").strip().lower()
    if owner == "province's" and context.main_region in _OWNER_LEVELS["city"]:
        return context.main_region
    return None


def _not_the_whole(whole: re.Match[str], context: DocumentContext) -> str | None:
    """The document's place, for a share of another place's total ("61.7% of Fujian
    province's total" in a report on Xiamen): the place named is the whole's, not the part's."""
    main = context.main_region
    named = {m.name for m in find_regions(whole.group(0))}
    return main if named and main is not None and main not in named else None


def _whole_owner(whole: re.Match[str], context: DocumentContext) -> str | None:
    """Whose total a list's shares divide ("of Nanjing's software revenue", "of the city's"):
    the region of items that are no region themselves ("Jiangbei New Area")."""
    owner = (whole.group("owner") or "").strip().lower()
    if owner in ("city's", "municipality's"):
        return context.main_region
    return _owner_region(whole)


def _owner_region(whole: re.Match[str]) -> str | None:
    owner = (whole.group("owner") or "").strip()
    if owner.endswith("'s") and owner[:-2] in REGION_NAMES:
        return owner[:-2]
    return None


def _share_subject(
    what: str, whole: re.Match[str], region: str | None, context: DocumentContext
) -> str:
    """ "core digital economy added value share of GDP", "share of Guangdong's software revenue".

    GDP needs no owner (the fact's region is its owner); another whole names its owner, "the
    province's" read as the document's province (or the fact's region, when it is one).
    """
    np = whole.group("np").strip()
    owner = (whole.group("owner") or "").strip()
    if np.lower() in {"gdp", "total gdp", "economy"}:
        of = "GDP" if np.lower() != "economy" else "the economy"
    elif owner.endswith("'s") and owner[:-2] in REGION_NAMES:
        of = f"{owner} {np}"
    elif owner:
        level = owner.split("'")[0].lower()
        place = _place_of_level(level, context.main_region, region) or (
            context.main_province if level == "province" else None
        )
        of = f"{place}'s {np}" if place else np
    else:
        of = np
    return f"{what} share of {of}".strip()


def _place_of_level(level: str, main: str | None, region: str | None) -> str | None:
    names = _OWNER_LEVELS.get(level)
    if names is None:
        return main
    for place in (main, region):
        if place in names:
            return place
    return None


_CLASSIFIERS = frozenset({"unit", "units", "set", "sets", "piece", "pieces", "item", "items"})
"""Nouns that classify a count rather than name what is counted ("21,300 units")."""


def _counts_things(measure: str, figure: Figure, scale: str | None) -> bool:
    """Whether a list's figures count things ("5G users", "AI enterprises"), not values."""
    if figure.is_percent or (figure.unit and figure.noun is None):
        return False
    last = measure.split()[-1].lower() if measure else ""
    if not last.endswith("s") or last in _SCORE_WORDS:
        return False
    return scale is not None or float(figure.value).is_integer()


def _listed_value_text(figure: Figure, unit: str | None, scale: str | None) -> str:
    text = figure.value_text
    if scale and scale not in text:
        text = f"{text} {scale}"
    if unit and figure.bare and unit not in text:
        text = f"{text} {unit}"
    return text
