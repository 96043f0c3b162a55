"""Periods: "the first half of this year" → 2021-H1, "Q3 2022", "by 2025", "last year".

A stock stated at the end of a month is read as the part of the year it closes: "by the end
of June" → `2021-H1`, "the end of September" → `2021-Q1-Q3`, "the end of March" → `2021-Q1`,
"the end of December" → `2021`, any other month → `2021-01/2021-10` (the spelling of "the
first ten months"), so a stock and the flows of the same months share a period. A year after
"compared with" or "than" is a baseline, not the period a sentence reports.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from briefing.extract.patterns import FULL_MONTH
from briefing.extract.wordlists import word_list

ANNUAL_REPORTING_MONTHS = 4
"""A report published by the end of this month may be about the year before."""

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_MONTH_NAMES = word_list(
    "january february march april may june july august september october november december"
)
_MONTH = FULL_MONTH
# A year expression: explicit, or relative to the document's year.
_Y = r"(?:(?P<y>(?:19|20)\d{2})|(?P<rel>this year|the year|the current year|last year|the previous year|the last year|next year))"  # noqa: E501

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "monthend",
        re.compile(
            rf"\b(?:by|as of|at|until|till|to|before)\s+the\s+end\s+of\s+(?P<m>{_MONTH})"
            rf"(?:,?\s+(?:of\s+)?{_Y})?",
            re.I,
        ),
    ),
    ("by", re.compile(rf"\bby\s+(?:the\s+end\s+of\s+)?{_Y}", re.I)),
    ("fyp", re.compile(r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)\s+Five-Year\s+Plan", re.I)),
    ("range", re.compile(r"\b(?P<a>(?:19|20)\d{2})\s*(?:-|to|through)\s*(?P<b>(?:19|20)\d{2})\b")),
    (
        "quarters",
        re.compile(
            rf"\b(?:the\s+)?first\s+(?P<n>two|three)\s+quarters(?:\s+(?:of\s+)?{_Y})?", re.I
        ),
    ),
    (
        "months",
        re.compile(rf"\b(?:the\s+)?first\s+(?P<n>\w+)\s+months(?:\s+(?:of\s+)?{_Y})?", re.I),
    ),
    (
        "monthspan",
        re.compile(
            rf"\b(?:from\s+)?(?P<m1>{_MONTH})\s*(?:-|to|through)\s*(?P<m2>{_MONTH})"
            rf"(?:\s+(?:of\s+)?{_Y})?",
            re.I,
        ),
    ),
    ("half", re.compile(rf"\b(?:the\s+)?(?P<h>first|second)\s+half(?:\s+(?:of\s+)?{_Y})?", re.I)),
    (
        "hcode",
        re.compile(
            r"\b(?:H(?P<h1>[12])\s*(?P<y1>(?:19|20)\d{2})|(?P<y2>(?:19|20)\d{2})\s*H(?P<h2>[12]))\b"
        ),
    ),  # noqa: E501
    (
        "qcode",
        re.compile(
            r"\b(?:Q(?P<q1>[1-4])\s*(?P<y1>(?:19|20)\d{2})?|(?P<y2>(?:19|20)\d{2})\s*Q(?P<q2>[1-4]))\b"
        ),
    ),  # noqa: E501
    (
        "quarter",
        re.compile(
            rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter(?:\s+(?:of\s+)?{_Y})?",
            re.I,
        ),
    ),
    (
        "relative",
        re.compile(r"\b(?P<rel>this year|last year|the previous year|next year)\b", re.I),
    ),
    (
        "year",
        re.compile(
            r"(?<![\d,.$-])(?P<y>(?:19[89]|20[0-4])\d)(?![\d%-]|[.,]\d|\s*(?:yuan|percent|billion|million)|\s+(?!(?:the|a|an|and|or|to|was|were|is|are|has|have|had|with|for|of|in|on|at|as|by|it|its|this|that|when|while|saw|will|would)\b)[a-z])"
        ),
    ),  # noqa: E501
)

# Phrases that only say when; removed from subjects. Lower-case: match it on lowered text.
PERIOD_PHRASE = re.compile(
    r"\b(?:in|during|for|over|as of|at the end of)?\s*(?:the\s+)?(?:(?:first|second)\s+half"
    r"|first\s+(?:two|three)\s+quarters|(?:first|second|third|fourth)\s+quarter"
    r"|first\s+\w+\s+months)(?:\s+(?:of\s+)?(?:this year|the year|last year|(?:19|20)\d{2}))?"
    r"|\b(?:in|during|for)\s+(?:this year|last year|(?:19|20)\d{2})\b"
    r"|\bby\s+(?:the\s+end\s+of\s+)?(?:(?:19|20)\d{2}|this year|next year)"
    r"|\b(?:last|this) year\b",
)


def _year(match: re.Match[str], ref_year: int | None) -> int | None:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    rel = (groups.get("rel") or "").lower()
    if ref_year is None:
        return None
    if rel in {"last year", "the previous year", "the last year"}:
        return ref_year - 1
    if rel == "next year":
        return ref_year + 1
    return ref_year


# Cheap substring tests that must pass before a pattern is worth running.
_YEAR_HINTS = (" 19", " 20", "(19", "(20", "-19", "-20", "/20")
_HINTS: dict[str, tuple[str, ...]] = {
    "monthend": ("end of",),
    "by": ("by ",),
    "fyp": ("five-year",),
    "range": _YEAR_HINTS,
    "quarters": ("quarters",),
    "months": ("months",),
    "monthspan": (),  # tested on the original text: month names are capitalised
    "half": ("half",),
    "hcode": ("h1", "h2"),
    "qcode": ("q1", "q2", "q3", "q4"),
    "quarter": ("quarter",),
    "relative": ("this year", "last year", "previous year", "next year"),
    "year": _YEAR_HINTS,
}
_MONTH_HINTS: tuple[str, ...] = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
)
_MONTH_HINTS += ("Dec",)
# (kind, pattern, hints, whether the hints are tested on the original text), in order.
_CHECKS = tuple(
    (kind, pattern, frozenset(_HINTS[kind] or _MONTH_HINTS), not _HINTS[kind])
    for kind, pattern in _PATTERNS
)
_LOWER_HINTS = frozenset(hint for hints in _HINTS.values() for hint in hints)
# Every period holds a digit or one of these words ("half", "quarter", "this year", "June").
_DIGIT_OR_WORD_HINTS: tuple[str, ...] = (
    *"0123456789",
    "half",
    "quarter",
    "year",
    "months",
    "Half",
    "Quarter",
    "Year",
    "Months",
    *_MONTH_HINTS,
)


_BASELINE_BEFORE = re.compile(
    r"(?:compared (?:with|to)|than)\s+(?:(?:in|at|by)\s+)?(?:the\s+)?(?:end\s+of\s+)?$", re.I
)
_HISTORY_BEFORE = re.compile(
    r"\b(?:launched|founded|established|set up|opened|inaugurated|built|started)\s+in\s+$",
    re.IGNORECASE,
)
"""Before the year a thing began ("the Harbor, launched in 2016, now hosts ..."): its history,
not the period of the sentence's figures."""
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+end\s+of\s+)?$", re.I)


class PeriodMatch(NamedTuple):
    """One period a text names, where, and as a period that has passed (None: still ahead)."""

    start: int
    end: int
    period: str
    passed: str | None


class PeriodScan:
    """The periods one text names, found pattern by pattern as they are asked for.

    Patterns are tried in `find_period`'s order and each only once, so asking for the first
    period of every clause of a sentence scans the sentence no more than asking for its own.
    """

    def __init__(self, text: str, ref_year: int | None, ref_month: int | None = None) -> None:
        self._text = text
        self._ref_year = ref_year
        self._ref_month = ref_month
        self._checks: tuple[tuple[str, re.Pattern[str]], ...] = ()
        if any(map(text.__contains__, _DIGIT_OR_WORD_HINTS)):  # else: no period at all
            lower = " " + text.lower()  # the leading space lets " 20" find a year at the start
            # Each hint is looked for once, not once per pattern that names it.
            in_lower = {hint for hint in _LOWER_HINTS if hint in lower}
            months = any(map(text.__contains__, _MONTH_HINTS))  # the hints of month spans
            self._checks = tuple(
                (kind, pattern)
                for kind, pattern, hints, on_original in _CHECKS
                if (months if on_original else not hints.isdisjoint(in_lower))
            )
        self._found: list[tuple[PeriodMatch, ...]] = []
        self._asked: dict[tuple[int, int | None, bool], str | None] = {}

    def _matches(self, index: int) -> tuple[PeriodMatch, ...]:
        while len(self._found) <= index:
            kind, pattern = self._checks[len(self._found)]
            found = []
            for match in pattern.finditer(self._text):
                period = _render(kind, match, self._ref_year, self._ref_month)
                if period is not None:
                    passed = _passed(kind, match, period, self._ref_year)
                    found.append(PeriodMatch(match.start(), match.end(), period, passed))
            self._found.append(tuple(found))
        return self._found[index]

    def first(self, lo: int = 0, hi: int | None = None, *, targets: bool = True) -> str | None:
        """What `find_period` says of the part [lo, hi) of the text."""
        key = (lo, hi, targets)
        if key in self._asked:
            return self._asked[key]
        found = self._asked[key] = self._first(lo, hi, targets)
        return found

    def _first(self, lo: int, hi: int | None, targets: bool) -> str | None:
        for index in range(len(self._checks)):
            for match in self._matches(index):
                if match.start >= lo and (hi is None or match.end <= hi):
                    period = match.period if targets else match.passed
                    if period is not None:
                        return period
        return None


def find_period(
    text: str, *, ref_year: int | None, targets: bool = True, ref_month: int | None = None
) -> str | None:
    """The period `text` speaks of, as `2021-H1`, `2022-Q3`, `2022-Q1-Q3`, `2020`, `by 2025`.

    Relative phrases ("this year", "the first half") resolve against `ref_year`, the year of
    the document; without it they give None. Months named without a year that end after
    `ref_month`, the month of publication, are of the year before: "by the end of December" in
    a February report is last December. With `targets` false only a period that has passed
    counts: "by 2025" is skipped, "by the end of 2021" in a 2022 document reads `2021`.
    """
    return period_scan(text, ref_year, ref_month).first(targets=targets)


def early_report_month(published: date | None, ref_year: int | None) -> int | None:
    """The month of publication of a report published early in its year (by the end of
    ANNUAL_REPORTING_MONTHS, "this year" being that year): such a report looks back, so months
    named without a year that end after it are the year before's. None otherwise."""
    if published is None or published.year != ref_year:
        return None
    return published.month if published.month <= ANNUAL_REPORTING_MONTHS else None


@lru_cache(maxsize=1024)
def period_scan(text: str, ref_year: int | None, ref_month: int | None = None) -> PeriodScan:
    """The (lazy, shared) scan of `text` for periods."""
    return PeriodScan(text, ref_year, ref_month)


def _passed(kind: str, match: re.Match[str], period: str, ref_year: int | None) -> str | None:
    """`period` as a period that has passed, or None when it is a deadline still ahead."""
    if kind == "by":
        year = int(period[3:])
        return str(year) if ref_year is not None and year < ref_year else None
    if kind == "year":
        before = match.string[max(0, match.start() - 20) : match.start()]
        if _BY_BEFORE.search(before) and (ref_year is None or int(period) >= ref_year):
            return None
    return period


def _render(
    kind: str, match: re.Match[str], ref_year: int | None, ref_month: int | None = None
) -> str | None:
    g = match.groupdict()
    if kind == "by":
        year = _year(match, ref_year)
        return f"by {year}" if year else None
    if kind == "fyp":
        n = int(g["n"])
        start = 2006 + 5 * (n - 11)
        return f"{start}-{start + 4}" if n >= 6 else None
    if kind == "range":
        return f"{g['a']}-{g['b']}" if int(g["a"]) < int(g["b"]) else None
    if kind == "relative":
        year = _year(match, ref_year)
        return str(year) if year else None
    if kind == "year":
        before = match.string[max(0, match.start() - 24) : match.start()]
        if _BASELINE_BEFORE.search(before) or _HISTORY_BEFORE.search(before):
            return None
        return g["y"]
    if kind in {"hcode", "qcode"}:
        year_text = g.get("y1") or g.get("y2")
        year = int(year_text) if year_text else ref_year
        if year is None:
            return None
        if kind == "hcode":
            return f"{year}-H{g.get('h1') or g.get('h2')}"
        return f"{year}-Q{g.get('q1') or g.get('q2')}"
    year = _year(match, ref_year)
    if year is None:
        return None
    if ref_month is not None and not (g.get("y") or g.get("rel")):
        last = _last_month(kind, g)
        if last is not None and last > ref_month:
            year -= 1  # months still ahead of the report: the year before's
    if kind == "quarters":
        return f"{year}-Q1-Q{_NUMBER_WORDS[g['n'].lower()]}"
    if kind == "months":
        count = _NUMBER_WORDS.get(g["n"].lower()) or (int(g["n"]) if g["n"].isdigit() else 0)
        return f"{year}-01/{year}-{count:02d}" if 1 < count <= 12 else None
    if kind == "monthspan":
        m1 = _MONTH_NAMES.index(g["m1"].lower()) + 1
        m2 = _MONTH_NAMES.index(g["m2"].lower()) + 1
        return f"{year}-{m1:02d}/{year}-{m2:02d}" if m1 < m2 else None
    if kind == "monthend":
        return _month_end(_MONTH_NAMES.index(g["m"].lower()) + 1, year)
    if kind == "half":
        return f"{year}-H{1 if g['h'].lower() == 'first' else 2}"
    if kind == "quarter":
        return f"{year}-Q{_ORDINALS[g['q'].lower()]}"
    return None


def _last_month(kind: str, g: dict[str, str]) -> int | None:
    """The last month a period of `kind` without a year covers (None: not a part of a year)."""
    if kind == "quarters":
        return 3 * _NUMBER_WORDS[g["n"].lower()]
    if kind == "months":
        return _NUMBER_WORDS.get(g["n"].lower()) or (int(g["n"]) if g["n"].isdigit() else None)
    if kind == "monthspan":
        return _MONTH_NAMES.index(g["m2"].lower()) + 1
    if kind == "monthend":
        return _MONTH_NAMES.index(g["m"].lower()) + 1
    if kind == "half":
        return 6 if g["h"].lower() == "first" else 12
    if kind == "quarter":
        return 3 * _ORDINALS[g["q"].lower()]
    return None


def _month_end(month: int, year: int) -> str:
    """The period a stock at the end of `month` closes (see the module docstring)."""
    named = {3: f"{year}-Q1", 6: f"{year}-H1", 9: f"{year}-Q1-Q3", 12: str(year)}
    return named.get(month, f"{year}-01/{year}-{month:02d}")
