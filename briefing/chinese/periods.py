"""Periods in Chinese text, written as the English extractor writes them.

"2021年上半年" → "2021-H1", "一季度" → "2021-Q1", "前三季度" → "2021-Q1-Q3", "1-6月" →
"2021-01/2021-06", "2020年" → "2020", "到2025年" → "by 2025", "“十四五”" → "2021-2025"
and "“十四五”末" → "by 2025" (the strings of `briefing.extract.periods`, so a period
constraint works across languages).
Phrases without a year take the document's: "今年"/"上半年" the year of reference (the
publication year), "全年" the year the release reports on, which a caller tracks as it reads.
"截至2022年底" is a stock at the end of 2022, so "2022", not a target. A period after 较, 比
or 与 ("较上半年末增加163家") is what a change is measured from, not the period spoken of.
"""

from __future__ import annotations

import re
from functools import cache

from briefing.chinese.glossary import load_glossary
from briefing.chinese.numbers import parse_number
from briefing.extract.patterns import longest_first

FIRST_FIVE_YEAR_PLAN_START = 2006
"""The 11th Five-Year Plan began in 2006; each plan is five years."""
ELEVENTH_PLAN = 11
TEN = 10
BY_PREFIX = "by "

_Y = r"(?P<y>(?:19|20)\d{2})年"
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")
_RANGE = re.compile(r"(?:19|20)\d{2}-(?:19|20)\d{2}")
_SMALL = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_COMPARED_WITH = re.compile(r"[较比与](?:(?:19|20)\d{2}年)?$")
"""What stands before a period a change is measured from ("较2022年上半年", "比一季度")."""


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    glossary = load_glossary()
    periods = glossary.periods
    relative = longest_first(periods.relative_years)
    whole = longest_first(periods.whole_year)
    halves = longest_first(periods.halves)
    quarters = longest_first(periods.quarters)
    firsts = longest_first(periods.first_quarters)
    return (
        (
            "by",
            re.compile(
                rf"(?:到|(?<!截)至)(?:(?P<y>(?:19|20)\d{{2}})年|(?P<rel>{relative}))?(?:年?底|年?末)?"
                rf"(?<=[年底末])"
                rf"|(?P<y2>(?:19|20)\d{{2}})年(?:底)?前(?![一二两三四五六七八九十\d])"
            ),
        ),
        (
            "plan",
            re.compile(r"十(?P<n>[一二三四五六七八九])五[”\"]?(?:规划|期间|时期|(?P<end>末))?"),
        ),
        ("range", re.compile(r"(?P<a>(?:19|20)\d{2})年?\s*[-—–~至到]\s*(?P<b>(?:19|20)\d{2})年")),
        ("quarters", re.compile(rf"(?:{_Y})?(?P<q>{firsts})")),
        ("months", re.compile(rf"(?:{_Y})?(?:1|一)月?\s*[-—–~至到]\s*(?P<m>{_SMALL})月")),
        ("first_months", re.compile(rf"(?:{_Y})?前(?P<m>{_SMALL})个?月")),
        ("half", re.compile(rf"(?:{_Y})?(?P<h>{halves})")),
        ("quarter", re.compile(rf"(?:{_Y})?(?<!前)(?P<q>{quarters})")),
        ("relative", re.compile(rf"(?<![较比与同上])(?P<rel>{relative})")),
        ("whole", re.compile(rf"(?P<whole>{whole})")),
        ("year", re.compile(rf"(?<!\d){_Y}")),
    )


def find_chinese_period(
    text: str, *, ref_year: int | None, reported_year: int | None = None
) -> str | None:
    """The period `text` speaks of ("2021-H1", "2021-Q1-Q3", "2020", "by 2025"), or None.

    Args:
        text: simplified Chinese.
        ref_year: the year "今年" and a bare "上半年" mean (the document's publication year).
        reported_year: the year "全年" means (the year the release reports on); defaults to
            `ref_year`.
    """
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            if _COMPARED_WITH.search(text, 0, match.start()):
                continue  # "较上半年末增加163家": the base of a change, not the period
            period = _render(kind, match, ref_year, reported_year or ref_year)
            if period is not None:
                return period
    return None


def infer_chinese_year(text: str) -> int | None:
    """The latest year the text states as past or present (not "到2025年"), or None.

    For a document without a publication date: the year its "今年" most likely means.
    """
    years: list[int] = []
    for clause in _CLAUSE.finditer(text):
        period = find_chinese_period(clause.group(), ref_year=None)
        if period is None or period.startswith(BY_PREFIX) or _RANGE.fullmatch(period):
            continue
        year = period_year(period)
        if year is not None:
            years.append(year)
    return max(years) if years else None


def period_year(period: str | None) -> int | None:
    """The (last) year a period string names: "2021-H1" → 2021, "by 2025" → 2025."""
    if not period:
        return None
    years = re.findall(r"(?:19|20)\d{2}", period)
    return int(years[-1]) if years else None


def _render(
    kind: str, match: re.Match[str], ref_year: int | None, reported_year: int | None
) -> str | None:
    groups = match.groupdict()
    glossary = load_glossary()
    if kind == "plan":
        number = TEN + "一二三四五六七八九".index(groups["n"]) + 1  # 十四五 → 14
        start = FIRST_FIVE_YEAR_PLAN_START + 5 * (number - ELEVENTH_PLAN)
        if groups.get("end"):
            return f"{BY_PREFIX}{start + 4}"  # “十四五”末: the plan's last year
        return f"{start}-{start + 4}"
    if kind == "range":
        first, last = int(groups["a"]), int(groups["b"])
        return f"{first}-{last}" if first < last else None
    year = _year(groups, ref_year)
    if kind == "by":
        if groups.get("y2"):
            return f"{BY_PREFIX}{groups['y2']}"
        return f"{BY_PREFIX}{year}" if year is not None else None
    if kind == "whole":
        return str(reported_year) if reported_year is not None else None
    if year is None:
        return None
    if kind == "quarters":
        return f"{year}-Q1-Q{glossary.periods.first_quarters[groups['q']]}"
    if kind in {"months", "first_months"}:
        months = parse_number(groups["m"])
        if months is None or not 1 < months <= 12 or months != int(months):
            return None
        return f"{year}-01/{year}-{int(months):02d}"
    if kind == "half":
        return f"{year}-H{glossary.periods.halves[groups['h']]}"
    if kind == "quarter":
        return f"{year}-Q{glossary.periods.quarters[groups['q']]}"
    return str(year)  # "relative", "year"


def _year(groups: dict[str, str | None], ref_year: int | None) -> int | None:
    if groups.get("y"):
        return int(groups["y"] or 0)
    relative = groups.get("rel")
    if ref_year is None:
        return None
    if relative:
        return ref_year + load_glossary().periods.relative_years[relative]
    return ref_year
