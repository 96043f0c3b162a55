"""Chinese figures: "112.5亿元", "2.3万个", "百分之二十", "三成", "两个", "60余次", "第七".

A figure is a number (Arabic digits, or Chinese numerals read by cn2an) with what makes it a
measurement: a scale (万, 亿, 万亿), a money unit (元), a unit of measurement (公里, PFlops),
a percent sign, or a classifier (个, 家, 户 …). A bare number is not a figure:
"2021数字产业高层论坛", "5G", "10:20" and "一是" have none of these. A Chinese numeral
counts only with a classifier or a scale and only from two up, because 一个/一批/一家 mean
"a", not "one".

Digits times a scale are computed here with `Decimal` (112.5 × 1e8 is exactly 1.125e10);
cn2an reads the Chinese numerals ("一千三百", "两", "十二点五", "二〇二五"), which is what it is
good at. Measured on the figures of evaluation/zh/dev: cn2an's own "smart" mode reads
"112.5亿" but rejects "1.4万亿", and needs the unit and classifier cut off first anyway.
cn2an is imported when a Chinese numeral is first read: it takes a tenth of a second and a few
megabytes, which a process answering English questions never needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from briefing.chinese.glossary import Glossary, load_glossary
from briefing.extract.patterns import longest_first

PERCENT = "%"
PERCENTAGE_POINTS = "percentage points"
TENTH_PERCENT = 10.0
"""One 成 is a tenth: 三成 is 30%."""
MIN_NUMERAL_COUNT = 2
"""Chinese-numeral counts start at two: 一个/一家/一批 are the article "a", not a count."""

# Qualifier words before and after a number → the English qualifier the English extractor uses.
QUALIFIERS_BEFORE: dict[str, str] = {
    "超过": "over", "超": "over", "突破": "over", "逾": "over", "高于": "over", "多于": "over",
    "接近": "nearly", "将近": "nearly", "近": "nearly", "逼近": "nearly",
    "约": "about", "大约": "about", "大概": "about",
    "至少": "at least", "不少于": "at least", "不低于": "at least",
    "不足": "less than", "不到": "less than", "低于": "less than", "少于": "less than",
    "不超过": "up to",
}  # fmt: skip
QUALIFIERS_AFTER: dict[str, str] = {
    "以上": "over", "余": "over", "多": "over", "左右": "about", "上下": "about",
    "以下": "less than", "以内": "up to",
}  # fmt: skip

_DIGIT_PLACE = "位"
_DIGIT_PLACE_FOLLOWER = "数"
_NUMERALS = "零〇一二两三四五六七八九十百千"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = rf"[{_NUMERALS}]+(?:[万亿][{_NUMERALS}]+)*(?:点[零〇一二三四五六七八九]+)?"
_RUN_OF_DIGIT_NUMERALS = re.compile("[一二两三四五六七八九][一二两三四五六七八九]")
_ORDINAL = re.compile(rf"(?:第(?P<n>\d+|[{_NUMERALS}]+)(?:位|名)?|(?P<first>首位|榜首))")
# Full-width digits, letters, "％" and "．" (Chinese punctuation such as "，" stays as it is).
_FULL_WIDTH = str.maketrans(
    {
        chr(c): chr(c - 0xFEE0)
        for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
    }
    | {"％": "%", "．": ".", "\u3000": " "}
)


@dataclass(frozen=True, slots=True)
class ChineseFigure:
    """One figure as written and as a number.

    `value` is the number as stated (112.5), `scale` its scale word (亿), `base_value` the
    value in base units (1.125e10); `unit` is "yuan" (or another money unit in English), "%",
    "percentage points" or the classifier (个, 家 …); `qualifier` is the English "over",
    "nearly", "about", "at least", "less than" or "up to"; `text` is the figure as written,
    without a qualifier that stands before the number.
    """

    value: float
    scale: str | None
    base_value: float
    unit: str | None
    qualifier: str | None
    text: str

    @property
    def is_percent(self) -> bool:
        """Whether the figure is a percentage (22.6%, 百分之二十, 三成)."""
        return self.unit == PERCENT

    @property
    def is_money(self) -> bool:
        """Whether the unit is a currency."""
        return self.unit in load_glossary().units.values()

    @property
    def is_count(self) -> bool:
        """Whether the figure counts things (its unit is a classifier)."""
        return self.unit in load_glossary().classifiers


@dataclass(frozen=True, slots=True)
class FigureSpan:
    """A figure found in a text: `start` includes a qualifier before the number."""

    figure: ChineseFigure
    start: int
    num_start: int
    end: int


def normalise_width(text: str) -> str:
    """Full-width digits and letters (１２％, ＧＤＰ) as ASCII, one for one: offsets stay."""
    return text.translate(_FULL_WIDTH)


def parse_number(text: str) -> float | None:
    """A number written in digits or Chinese numerals, with an optional scale.

    "112.5" → 112.5, "3,200" → 3200, "一千三百" → 1300, "两" → 2, "十二点五" → 12.5,
    "1.6万" → 16000. None if `text` is not a number.
    """
    text = normalise_width(text.strip())
    scales = load_glossary().scales
    for scale in _scales_longest_first():
        if text.endswith(scale) and len(text) > len(scale):
            number = _plain_number(text[: -len(scale)])
            if number is None:
                continue
            return float(number * Decimal(scales[scale]))
    number = _plain_number(text)
    return None if number is None else float(number)


def parse_figure(text: str) -> ChineseFigure | None:
    """`text` read as one whole figure ("112.5亿元", "百分之二十", "两个"), else None."""
    text = normalise_width(text.strip())
    for span in find_figures(text):
        if span.start == 0 and span.end == len(text):
            return span.figure
    return None


def parse_ordinal(text: str) -> int | None:
    """The rank an ordinal states: "第七" → 7, "第7位" → 7, "首位"/"榜首" → 1."""
    match = _ORDINAL.fullmatch(normalise_width(text.strip()))
    if match is None:
        return None
    if match.group("first"):
        return 1
    number = _plain_number(match.group("n"))
    if number is None or number != number.to_integral_value() or number < 1:
        return None
    return int(number)


def ordinal_pattern() -> re.Pattern[str]:
    """The pattern of an ordinal ("第七", "第7位", "首位"), for finding ranks in a text."""
    return _ORDINAL


def find_figures(text: str) -> list[FigureSpan]:
    """Every figure in `text`, in order. `text` should be simplified, full width normalised."""
    glossary = load_glossary()
    found: list[FigureSpan] = []
    for match in _figure_pattern().finditer(text):
        span = _figure_from(text, match, glossary)
        if span is not None:
            found.append(span)
    return found


_POINTS_NEXT = re.compile(rf"[和、至到]\s*(?:{_DIGITS})\s*个?百分点")
"""After the first of two figures in percentage points, named once after the second."""


@cache
def _scales_longest_first() -> tuple[str, ...]:
    return tuple(sorted(load_glossary().scales, key=len, reverse=True))


@cache
def _figure_pattern() -> re.Pattern[str]:
    glossary = load_glossary()

    scales = longest_first(_scales_longest_first())
    money = longest_first(glossary.units)
    classifiers = longest_first(glossary.classifiers)
    # Latin units in any case, not glued to a longer word ("PFlops", not the "TB" of "TBC").
    measures = "|".join(
        f"(?i:{re.escape(w)})(?![A-Za-z])" if w.isascii() else re.escape(w)
        for w in sorted(glossary.measures, key=len, reverse=True)
    )
    return re.compile(
        rf"百分之(?P<pnum>{_DIGITS}|{_CHINESE})"
        rf"|(?P<tenths>[一二两三四五六七八九])成(?![为功立员本果效就长熟绩交型品分都市])"
        rf"|(?P<num>{_DIGITS}|{_CHINESE})(?P<approx>余|多)?"
        rf"(?:(?!{measures})(?P<scale>{scales}))?(?P<approx2>余|多)?"  # 千米 is no 千
        rf"(?:(?P<pct>%)|(?P<pp>个百分点|百分点)|(?P<money>{money})|(?P<measure>{measures})"
        rf"|(?P<cls>{classifiers}))?"
        rf"(?P<after>以上|左右|上下|以下|以内)?"
    )


def _figure_from(text: str, match: re.Match[str], glossary: Glossary) -> FigureSpan | None:
    num_start = match.start()
    if match.group("pnum") is not None:
        value = _plain_number(match.group("pnum"))
        if value is None:
            return None
        return _span(text, match, value=value, scale=None, unit=PERCENT, base=value)
    if match.group("tenths") is not None:
        tenths = _plain_number(match.group("tenths"))
        if tenths is None:
            return None
        value = tenths * Decimal(TENTH_PERCENT)
        return _span(text, match, value=value, scale=None, unit=PERCENT, base=value)
    num_text = match.group("num")
    if num_start and _glued_before(text[num_start - 1], num_text):
        return None
    is_digits = num_text[0].isdigit()
    scale = match.group("scale")
    unit: str | None = None
    if match.group("pct"):
        unit = PERCENT
    elif match.group("pp"):
        unit = PERCENTAGE_POINTS
    elif match.group("money"):
        unit = glossary.units[match.group("money")]
    elif match.group("measure"):
        unit = _measure_unit(match.group("measure"), glossary)
    elif match.group("cls"):
        unit = match.group("cls")
        if _POINTS_NEXT.match(text, match.end("cls")):
            unit = PERCENTAGE_POINTS  # "3.9个和4.3个百分点": both are percentage points
        elif unit == _DIGIT_PLACE and text.startswith(_DIGIT_PLACE_FOLLOWER, match.end("cls")):
            return None  # "两位数增长": a number of digits, not two people
    if unit is None and scale is None:
        return None  # a bare number: a year, a date, a name ("2021数字产业高层论坛")
    value = _plain_number(num_text)
    if value is None:
        return None
    if not is_digits:
        if scale is None and unit not in glossary.classifiers and unit != PERCENT:
            return None
        if value < MIN_NUMERAL_COUNT or num_start and text[num_start - 1] in "第前每周初":
            return None
    base = value * Decimal(glossary.scales[scale]) if scale else value
    return _span(text, match, value=value, scale=scale, unit=unit, base=base)


def _span(
    text: str,
    match: re.Match[str],
    *,
    value: Decimal,
    scale: str | None,
    unit: str | None,
    base: Decimal,
) -> FigureSpan:
    num_start = match.start()
    after = match.groupdict().get("after")
    approx = match.groupdict().get("approx") or match.groupdict().get("approx2")
    end = match.end("after") if after else match.end()
    written_end = match.start("after") if after else end
    start, qualifier = _qualifier_before(text, num_start)
    if qualifier is None and (after or approx):
        qualifier = QUALIFIERS_AFTER[after or approx or ""]
    figure = ChineseFigure(
        value=float(value),
        scale=scale,
        base_value=float(base),
        unit=unit,
        qualifier=qualifier,
        text=text[num_start:written_end],
    )
    return FigureSpan(figure=figure, start=start, num_start=num_start, end=end)


def _measure_unit(written: str, glossary: Glossary) -> str:
    """The English unit of a unit of measurement as written ("公里" → "km", "pflops" →
    "PFlops")."""
    found = glossary.measures.get(written)
    if found is not None:
        return found
    lowered = written.lower()
    return next(unit for word, unit in glossary.measures.items() if word.lower() == lowered)


def _qualifier_before(text: str, num_start: int) -> tuple[int, str | None]:
    for word in _QUALIFIER_WORDS:
        if text.startswith(word, num_start - len(word)) and num_start >= len(word):
            return num_start - len(word), QUALIFIERS_BEFORE[word]
    return num_start, None


_QUALIFIER_WORDS = tuple(sorted(QUALIFIERS_BEFORE, key=len, reverse=True))


def _glued_before(previous: str, num_text: str) -> bool:
    """Whether the character before a number makes it part of a code or a word.

    "A3", "v2.0", "COVID-19" for digits; for numerals a run of numerals already took every
    numeral before it, so only digits and ASCII letters glue.
    """
    if num_text[0].isdigit():
        return previous.isascii() and (previous.isalnum() or previous in "._-/:")
    return previous.isascii() and previous.isalnum()


def _plain_number(text: str) -> Decimal | None:
    """Digits ("3,200", "112.5") or Chinese numerals ("一千三百", "两") as a Decimal."""
    if not text:
        return None
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    if _RUN_OF_DIGIT_NUMERALS.search(text):
        return None  # "一一" in "唯一一个" is two words, not eleven
    import cn2an  # on first use: see the module docstring

    try:
        number = cn2an.cn2an(text, "normal")
    except ValueError:
        return None
    return Decimal(str(number))
