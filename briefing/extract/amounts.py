"""Facts from a sentence's figures: amounts with their changes, counts, shares and targets."""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.extract.figures import Figure
from briefing.extract.maker import DocumentContext, FactMaker
from briefing.extract.periods import find_period
from briefing.extract.places import Mention, region_near
from briefing.extract.subjects import GENERIC_SUBJECTS, shorten, subject_for
from briefing.extract.wordlists import words
from core.facts import Fact, FactKind

_CHANGE_CUE = re.compile(
    r"(?P<cue>(?:,?\s*with\s+)?(?:an?\s+)?(?:year[- ]on[- ]year\s+|yoy\s+|annual\s+)?"
    r"\b(?P<word>up|down|rose|rise|rises|rising|risen|grew|grow|grows|growing|growth|increase[sd]?"
    r"|increasing|decrease[sd]?|decreasing|decline[sd]?|declining|fell|fall|falls|falling"
    r"|dropped|drop|drops|jumped|jump|surged|soared|gained|climbed|plunged|slid|slipped"
    r"|expanded|contracted|shrank)\b(?:\s+(?:rate|of|by|a|an|year[- ]on[- ]year|yoy"
    r"|respectively))*\s*)$",
    re.IGNORECASE,
)
_NEGATIVE_CUES = words(
    "down decrease decreased decreases decreasing decline declined declines declining fell fall"
    " falls falling dropped drop drops plunged slid slipped contracted shrank"
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|y-o-y|from a year (?:earlier|ago)|over the (?:previous|same"
    r" period|last) year|compared with (?:the )?(?:same period|last year|a year))",
    re.IGNORECASE,
)
_CHANGE_TO_NEXT = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|from a year earlier)?\s*,?\s*(?:to|at|reaching|hitting)\s",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned to|planning to|aims? to|aiming to|strives? to"
    r"|striving to|expects? to|(?:is|are) expected to|intends? to|targets?|goal|(?:is|are) set to)"
    r"\b",
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
)
_FUTURE_HINTS += ("set to",)
_BY_YEAR = re.compile(
    r"\bby\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d{2}|this year|next year)", re.IGNORECASE
)
_CREATION = re.compile(
    r"\b(?:build|building|create|creating|cultivate|cultivating|develop|developing|add|adding"
    r"|complete|completing|reach|reaching|achieve|achieving|attract|attracting|train|training"
    r"|implement|implementing|implementation|construct|constructing|construction|establish"
    r"|establishing|launch|launching|deploy|deploying|install|installing|transformation"
    r"|transform|transforming|upgrade|upgrading|foster|fostering|nurture|nurturing)\b",
    re.IGNORECASE,
)
_TIME_UNITS = frozenset({"years", "months", "days", "weeks", "times", "consecutive years"})
_SHARE_CUE = re.compile(
    r"(?:accounting for|accounts for|accounted for|making up|makes up|made up|representing"
    r"|represents|or)\s*$",
    re.IGNORECASE,
)
_OF_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:city's\s+|province's\s+)?(?P<np>[\w' -]{2,40}?)"
    r"(?=[,.;]|\s+(?:and|while|in|for)\b|$)"
)
# Words and pairs that end a subject's words before its figure ("... in Qingdao was").
_REGION_AFTER = re.compile(r"[\w\s]{0,30}?(?:,\s*)?\b(?:in|of|for|across)\s+(?:the\s+)?$")
_SEMICOLON = re.compile(";")
_LIST_GOES_ON = re.compile(r"(?:,\s*|\s+)and\s|,\s")  # after a count: "..., and" / ", "


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    if ";" not in text:
        return [(0, len(text))]
    for match in _SEMICOLON.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def figure_facts(
    text: str,
    figures: list[Figure],
    *,
    mentions: list[Mention],
    context: DocumentContext,
    plan_context: bool,
    sentence_period: str | None,
    make: FactMaker,
) -> list[Fact]:
    out: list[Fact] = []
    for lo, hi in _clauses(text):
        in_clause = [f for f in figures if lo <= f.num_start < hi]
        if not in_clause:
            continue
        _mark_changes(text, in_clause, lo)
        amounts = [f for f in in_clause if not f.change_sign]
        for change in (f for f in in_clause if f.change_sign):
            _pair(text, change, amounts)
        clause_text = text[lo:hi]
        clause_period = find_period(clause_text, ref_year=context.ref_year)
        clause_mentions = [m for m in mentions if lo <= m.start < hi]
        previous_end = lo
        last_subject = ""
        for figure in in_clause:
            if figure.noun and figure.unit not in _TIME_UNITS:
                if _LIST_GOES_ON.match(text[figure.end : figure.end + 6]):
                    previous_end = figure.end  # "... 10 clusters and attract investment of"
                # A count names its own subject; it does not end the previous one's words.
                out.append(
                    make(
                        kind=FactKind.TARGET
                        if _is_target(text, lo, hi, figure, plan_context, context.ref_year)
                        else FactKind.COUNT,
                        subject=shorten(figure.noun),
                        region=region_near(
                            _mentions_near(text, figure, clause_mentions), figure.num_start
                        ),
                        period=clause_period or sentence_period,
                        value=figure.value,
                        value_text=figure.value_text,
                        unit=figure.unit,
                        scale=figure.scale,
                        base_value=figure.base_value,
                        qualifier=figure.qualifier,
                        change=figure.change,
                    )
                )
                continue
            if figure.change_sign and figure.change_figure is not None:
                continue  # folded into its amount
            group_start = figure.start
            partner = figure.change_figure
            if partner is not None and partner.cue_start < figure.start:
                group_start = min(group_start, partner.cue_start)
            if figure.change_sign:
                group_start = figure.cue_start
            segment = text[previous_end:group_start]
            group_end = max(figure.end, partner.end if partner else figure.end)
            previous_end = group_end
            subject, subject_region = subject_for(text, figure, segment, group_end)
            if figure.is_percent and _SHARE_CUE.search(segment, max(0, len(segment) - 24)):
                share_of = _OF_AFTER.match(text, figure.end)
                if share_of:
                    base = f"{last_subject} " if last_subject else ""
                    subject = f"{base}share of {share_of.group('np').strip()}"
            if (not subject or subject.lower() in GENERIC_SUBJECTS) and last_subject:
                subject = last_subject  # "..., while Sichuan's total was ...": same measure
            subject = subject or figure.noun or figure.unit or "figure"
            last_subject = subject
            region = subject_region or region_near(
                _mentions_near(text, figure, clause_mentions), figure.num_start
            )
            target = _is_target(text, lo, hi, figure, plan_context, context.ref_year)
            period = clause_period or sentence_period
            if figure.change_sign:
                out.append(
                    make(
                        kind=FactKind.TARGET if target else FactKind.METRIC,
                        subject=subject,
                        region=region,
                        period=period,
                        value_text=text[figure.cue_start : figure.end].strip(" ,"),
                        change=figure.change_sign * figure.value,
                    )
                )
                continue
            kind = (
                FactKind.TARGET if target else (FactKind.COUNT if figure.noun else FactKind.METRIC)
            )
            out.append(
                make(
                    kind=kind,
                    subject=subject,
                    region=region,
                    period=period,
                    value=figure.value,
                    value_text=figure.value_text,
                    unit=figure.unit,
                    scale=figure.scale,
                    base_value=figure.base_value,
                    qualifier=figure.qualifier,
                    change=figure.change,
                )
            )
    return out


def _mentions_near(text: str, figure: Figure, mentions: list[Mention]) -> list[Mention]:
    """The clause's regions that can be a figure's: those before it, or "... was X in Y".

    In "..., while Ningbo's exports ..." a region after the figure belongs to the next one.
    """
    return [
        m
        for m in mentions
        if m.end <= figure.num_start or _REGION_AFTER.match(text, figure.end, m.start)
    ]


def _mark_changes(text: str, figures: list[Figure], clause_start: int) -> None:
    """Flag percentages worded as changes ("up 3%", "a growth rate of 20.1%")."""
    previous_end = clause_start
    for figure in figures:
        if figure.is_percent:
            window_start = max(previous_end, figure.start - 60)
            window = text[window_start : figure.start]
            cue = _CHANGE_CUE.search(window)
            after = _CHANGE_AFTER.match(text, figure.end)
            if cue:
                negative = cue.group("word").lower() in _NEGATIVE_CUES
                figure.change_sign = -1 if negative else 1
                figure.cue_start = figure.start - (len(window) - cue.start("cue"))
            elif after:
                figure.change_sign = 1
                figure.cue_start = figure.start
        previous_end = figure.end


def _pair(text: str, change: Figure, amounts: list[Figure]) -> None:
    """Attach a change to the amount it belongs to: the next one after "to", else nearest."""
    free = [a for a in amounts if a.change_figure is None]
    following = [a for a in free if a.num_start > change.end]
    if following and _CHANGE_TO_NEXT.match(text, change.end):
        target = following[0]
    else:
        before = [a for a in free if a.end <= change.cue_start or a.end <= change.start]
        if before:
            target = before[-1]
        elif following:
            target = following[0]
        else:
            return
    target.change = change.change_sign * change.value
    target.change_figure = change
    change.change_figure = target


def _is_target(
    text: str, lo: int, hi: int, figure: Figure, plan_context: bool, ref_year: int | None
) -> bool:
    future, by_year = _clause_future(text, lo, hi, ref_year)
    if by_year or (future is not None and future < figure.start):
        return True
    return plan_context and bool(_CREATION.search(text, max(lo, figure.start - 60), figure.start))


@lru_cache(maxsize=64)
def _clause_future(text: str, lo: int, hi: int, ref_year: int | None) -> tuple[int | None, bool]:
    """Where a clause first speaks of the future ("will", "plans to"), and if it says "by 2025"."""
    lower = text[lo:hi].lower()
    future = None
    if any(map(lower.__contains__, _FUTURE_HINTS)):  # map: no Python frame per hint
        found = _FUTURE.search(text, lo, hi)
        future = found.start() if found else None
    by_year = False
    if "by " in lower:
        match = _BY_YEAR.search(text, lo, hi)
        if match:
            year = match.group("year")
            by_year = not year.isdigit() or ref_year is None or int(year) >= ref_year
    return future, by_year
