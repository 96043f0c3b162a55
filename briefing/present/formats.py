"""Numbers, periods and dates as a Chinese reader writes them: 112.5亿元, 2021年上半年, 8月25日.

These are locale formats, not sentences, so they live here as code (with Babel's locale data
for dates and decimals) rather than in the message catalogs. English formats are the ones
`briefing.render` has always written, and stay there unchanged.

Amounts of money are written from the fact's base value in 万 (10⁴), 亿 (10⁸) or 万亿 (10¹²):
11.25 billion yuan is 112.5亿元, 700 million yuan 7亿元. Counts take 万 or 亿 only where that
reads naturally, i.e. with at most two decimals (32,100 → 3.21万, 46,000 → 4.6万, but
12,345 stays 12345). Periods are the store's strings ("2021-H1", "by 2025"), read back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache

from babel.dates import format_date
from babel.numbers import format_decimal

from briefing.chinese.glossary import load_glossary
from briefing.chinese.numbers import QUALIFIERS_AFTER, QUALIFIERS_BEFORE
from briefing.focus import fold_name
from core.facts import Fact, FactKind
from core.language import has_chinese

ZH_LOCALE = "zh_Hans_CN"
"""Babel's locale for Simplified Chinese as written in mainland China."""

ZH_SCALES: tuple[tuple[float, str], ...] = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))
"""Chinese scale words, largest first."""
NATURAL_DECIMALS = 2
"""A count is written in 万/亿 only if that leaves at most this many decimals (3.21万)."""
MAX_DECIMALS = 4
"""Decimals kept in any Chinese figure (amounts in 亿 rarely need more than 0.0001亿)."""

_PERCENT_UNITS = frozenset({"%", "percent"})
_PERCENTAGE_POINTS = "percentage points"
_RANK_UNIT = "rank"
_QUALIFIERS = {"over": "超过", "more than": "超过", "nearly": "近", "almost": "近"}
_QUALIFIERS.update({"about": "约", "around": "约", "approximately": "约", "at least": "至少"})
_QUALIFIERS.update({"less than": "不到", "under": "不到", "up to": "最多"})
# English count units with a measure word of their own; other counted things take 个 (their
# English unit word, "smart communities", repeats the subject).
_COUNT_UNITS = {"times": "次", "years": "年", "consecutive years": "年"}
_GENERAL_CLASSIFIER = "个"
_COUNTED_KINDS = frozenset({FactKind.COUNT, FactKind.TARGET})
_ENGLISH_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = "一二三四"
_DIGITS = re.compile(r"\d")

_BY = re.compile(r"by (\d{4})", re.IGNORECASE)
_HALF = re.compile(r"(\d{4})-H([12])")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_FIRST_QUARTERS = re.compile(r"(\d{4})-Q1-Q([2-4])")
_MONTHS = re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})")
_YEARS = re.compile(r"(\d{4})-(\d{4})")
_YEAR = re.compile(r"(\d{4})")


def zh_number(value: float) -> str:
    """A plain decimal without grouping: 5000, 112.5, 0.25."""
    return format_decimal(round(value, MAX_DECIMALS), format="0.####", locale=ZH_LOCALE)


def zh_scaled(value: float, *, always: bool = False) -> str:
    """`value` in 万, 亿 or 万亿 where it reads naturally (or, with `always`, wherever it fits)."""
    for scale, word in ZH_SCALES:
        if abs(value) >= scale:
            scaled = value / scale
            if always or round(scaled, NATURAL_DECIMALS) == round(scaled, MAX_DECIMALS):
                return zh_number(scaled) + word
    return zh_number(value)


def zh_change(change: float) -> str:
    """Year-on-year change: 同比增长22.6%, 同比下降3%, 同比持平."""
    if change > 0:
        return f"同比增长{zh_number(change)}%"
    if change < 0:
        return f"同比下降{zh_number(-change)}%"
    return "同比持平"


def zh_period(period: str) -> str:
    """A stored period in Chinese: 2021年上半年, 2021年第一季度, 2021年, 到2025年."""
    text = period.strip()
    if match := _BY.fullmatch(text):
        return f"到{match[1]}年"
    if match := _HALF.fullmatch(text):
        return f"{match[1]}年{'上' if match[2] == '1' else '下'}半年"
    if match := _FIRST_QUARTERS.fullmatch(text):
        return f"{match[1]}年前{_ORDINALS[int(match[2]) - 1]}季度"
    if match := _QUARTER.fullmatch(text):
        return f"{match[1]}年第{_ORDINALS[int(match[2]) - 1]}季度"
    if (match := _MONTHS.fullmatch(text)) and match[1] == match[3]:
        return f"{match[1]}年{int(match[2])}—{int(match[4])}月"
    if match := _YEARS.fullmatch(text):
        return f"{match[1]}—{match[2]}年"
    if _YEAR.fullmatch(text):
        return f"{text}年"
    return text


def zh_date(day: date) -> str:
    """2021年8月25日."""
    return format_date(day, "long", locale=ZH_LOCALE)


def zh_weekday_date(day: date) -> str:
    """2021年7月9日星期五 (a digest's day)."""
    return format_date(day, "full", locale=ZH_LOCALE)


def zh_moment(when: datetime) -> str:
    """1月16日（周五）18:30 (when a first digest comes, in the chat's zone)."""
    return f"{format_date(when, 'M月d日（EEE）', locale=ZH_LOCALE)}{when:%H:%M}"


def zh_weekday(weekday: int) -> str:
    """星期一 … 星期日 for 0 … 6 (Monday first, as `datetime.weekday`)."""
    return format_date(date(2024, 1, 1 + weekday), "EEEE", locale=ZH_LOCALE)  # 1 Jan 2024: Mon


def _by_english(chinese_to_english: Mapping[str, str]) -> dict[str, str]:
    """English → Chinese: the first Chinese name a glossary gives for each English one."""
    names: dict[str, str] = {}
    for chinese, english in chinese_to_english.items():
        names.setdefault(english, chinese)
    return names


@cache
def _chinese_places() -> dict[str, str]:
    """English place name → its Chinese name."""
    return _by_english(load_glossary().places)


@cache
def _chinese_units() -> dict[str, str]:
    """English unit → its Chinese unit."""
    return _by_english(load_glossary().units)


@cache
def _chinese_measures() -> dict[str, str]:
    """English unit of measurement → its Chinese unit ("km" → 公里; "PFlops" as it is)."""
    return _by_english(load_glossary().measures)


def zh_money_unit(unit: str | None) -> str | None:
    """The Chinese name of a currency unit (元 for yuan); None for anything else."""
    return _chinese_units().get((unit or "").strip())


def zh_place(place: str) -> str:
    """A place's Chinese name (青岛 for Qingdao); its English name if the glossary lacks it."""
    return _chinese_places().get(place, place)


@cache
def _chinese_terms() -> dict[str, str]:
    """A term as `fold_name` folds it ("smart city") → its Chinese (the glossary's first)."""
    names: dict[str, str] = {}
    for chinese, english in load_glossary().terms.items():
        names.setdefault(fold_name(english), chinese)
    return names


def zh_topic(name: str) -> str:
    """A region's or a topic's Chinese name (青岛 for Qingdao, 智慧城市 for smart-city), as
    `/subscribe` reads them back; the name itself if the glossary has none."""
    place = _chinese_places().get(name)
    if place is not None:
        return place
    return _chinese_terms().get(fold_name(name), name)


def zh_list(items: list[str] | tuple[str, ...]) -> str:
    """Items joined with the Chinese enumeration comma: 青岛、杭州."""
    return "、".join(items)


def zh_figure(fact: Fact) -> str | None:
    """The figure with its qualifier and unit, as a Chinese reader expects it."""
    if fact.kind == FactKind.RANKING and fact.value is not None:
        written = fact.value_text or ""
        return written if has_chinese(written) else f"第{zh_number(fact.value)}名"
    written = fact.value_text or ""
    chinese_document = has_chinese(written) or has_chinese(fact.quote or "")
    if chinese_document and _DIGITS.search(written) or fact.value is None:
        figure = written  # a Chinese document's figure ("12000P" too), or one without a number
    else:
        figure = _figure_from_value(fact, fact.value)
    if not figure:
        return zh_date(fact.event_date) if fact.event_date else None
    return _qualified(figure, fact.qualifier)


def _figure_from_value(fact: Fact, value: float) -> str:
    unit = (fact.unit or "").strip()
    if unit.lower() in _PERCENT_UNITS:
        return f"{zh_number(value)}%"
    if unit.lower() == _PERCENTAGE_POINTS:
        return f"{zh_number(value)}个百分点"
    base, unit = _base_value(fact, value, unit)
    money = _chinese_units().get(unit)
    if money is not None:
        return zh_scaled(base, always=True) + money
    number = zh_scaled(base)
    if has_chinese(unit):  # a measure word from a Chinese document (个, 家)
        return number + unit
    measure = _chinese_measures().get(unit)
    if measure is not None:  # 公里 for km, PFlops as it is
        return number + measure
    if unit.lower() in _COUNT_UNITS:
        return number + _COUNT_UNITS[unit.lower()]
    return number + (_GENERAL_CLASSIFIER if fact.kind in _COUNTED_KINDS else "")


def _base_value(fact: Fact, value: float, unit: str) -> tuple[float, str]:
    """The value in base units, and the unit without an English scale word it starts with."""
    first, _, rest = unit.partition(" ")
    unit_scale = _ENGLISH_SCALES.get(first.lower())
    if unit_scale is not None:
        unit = rest
    if fact.base_value is not None:
        return fact.base_value, unit
    scale = _ENGLISH_SCALES.get((fact.scale or "").lower()) or unit_scale or 1.0
    return value * scale, unit


def _qualified(figure: str, qualifier: str | None) -> str:
    if not qualifier:
        return figure
    if any(figure.startswith(word) for word in QUALIFIERS_BEFORE) or any(
        figure.endswith(word) for word in QUALIFIERS_AFTER
    ):
        return figure  # the Chinese figure says it already
    word = _QUALIFIERS.get(qualifier.lower())
    return f"{word}{figure}" if word else figure
