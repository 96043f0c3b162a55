"""Plain-text headlines and citations of facts: the wording answers and browse pages carry.

`Answer.headline` and the items of a browse `Page` are built from these. Everything else users
read (answer cards, HTML, pages, digests, help) is rendered in `briefing.present`, which uses
these too; nothing here is HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from briefing.kinds import KINDS, HeadlineStyle
from briefing.views import Answer, ComparedSide, Comparison
from core.facts import Fact, Source
from core.language import has_chinese

_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
# Units a figure already says in its own way ("50%" is percent; "7th" is a rank).
_UNIT_SPELLED_AS = {"percent": "%", "%": "percent", "rank": ""}
MAX_HEADLINE_CHARS = 90
"""A headline's length limit, met by shortening then clipping its label (never its figure)."""
MIN_LABEL_CHARS = 20
"""A label is never clipped shorter than this, even if the headline runs over."""
COMPARISON_LABEL_CHARS = 30
"""Each side of a comparison names its measure in at most this many characters."""
_PERIOD_PART_RE = re.compile(r"((?:19|20|21)\d{2})-(H[12]|Q[1-4](?:-Q[1-4])?)", re.IGNORECASE)
_MONTH_SPAN_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])/(\d{4})-(0[1-9]|1[0-2])")
_SPACES_RE = re.compile(r"\s{2,}")
_SHORT_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\binformation technology\b", "IT"),
        (r"\bartificial intelligence\b", "AI"),
        (r"\binformation and communications? technology\b", "ICT"),
        (r"\binternet of things\b", "IoT"),
        (r"\boperating (?=revenue|income)", ""),
        (r"\bindustr(?:y|ies)\b(?= \w)", ""),
        (r"\s+\([^)]*\)", ""),
        (r"\s+and\s+", " & "),
        (r"\binformation\b", "info"),
        (r"\bservice\b", "services"),
    )
)
_GLUED_SCALE_RE = re.compile(r"(\d)(?=(?:thousand|million|billion|trillion)\b)", re.IGNORECASE)


def format_number(value: float) -> str:
    """A number as people write it: 700, 11.25, 5,000."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_date(day: date) -> str:
    """25 Aug 2021."""
    return f"{day.day} {day:%b %Y}"


def format_long_date(day: date) -> str:
    """25 August 2021: the date an event headline states (unambiguous in any reading)."""
    return f"{day.day} {day:%B %Y}"


def format_change(change: float | None) -> str | None:
    """+22.6% y/y, or None."""
    if change is None:
        return None
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)}% y/y"


def format_period(period: str) -> str:
    """A stored period as people read it: "2021-H1" → "H1 2021", "2023-Q1-Q3" → "Q1–Q3 2023"."""
    text = period.strip()
    months = _MONTH_SPAN_RE.fullmatch(text)
    if months is not None and months[1] == months[3]:
        first, last = (date(2000, int(months[m]), 1).strftime("%b") for m in (2, 4))
        return f"{first}–{last} {months[1]}"
    match = _PERIOD_PART_RE.fullmatch(text)
    if match is None:
        return period
    return f"{match[2].replace('-', '–')} {match[1]}"


def clip(text: str, budget: int, *, minimum: int = MIN_LABEL_CHARS) -> str:
    """`text` cut to `budget` characters (never below `minimum`) at a word, with "…"."""
    limit = max(budget, minimum)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    word_end = cut.rfind(" ")
    if word_end >= limit * 2 // 3:
        cut = cut[:word_end]
    return cut.rstrip(" ,;:、，(") + "…"


def short_label(subject: str, budget: int) -> str:
    """A subject within `budget` characters: long ones in their short forms ("software & IT
    services revenue"), then clipped at a word; the first letter capitalized."""
    label = subject.strip()
    if len(label) > budget:
        shorter = label
        for pattern, replacement in _SHORT_FORMS:
            shorter = pattern.sub(replacement, shorter)
        shorter = _SPACES_RE.sub(" ", shorter).strip(" ,")
        label = clip(shorter if shorter else label, budget)
    return label[:1].upper() + label[1:] if label[:1].islower() else label


_ENGLISH_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def _english_amount(fact: Fact) -> str:
    """A figure a Chinese document states, in English words: "61.25 billion yuan", "18,600",
    "8.9%" (a classifier such as 个 or 户 is left out)."""
    value = fact.base_value if fact.base_value is not None else fact.value or 0.0
    unit = fact.unit if fact.unit and not has_chinese(fact.unit) else ""
    if unit in ("%", "percent"):
        return f"{format_number(value)}%"
    number = format_number(value)
    for name, size in _ENGLISH_SCALES:
        if abs(value) >= size:
            number = f"{format_number(round(value / size, 2))} {name}"
            break
    figure = f"{number} {unit}".strip()
    return f"{fact.qualifier} {figure}" if fact.qualifier else figure


def format_figure(fact: Fact) -> str | None:
    """The figure as stated, with qualifier and unit: "over 3 trillion yuan", "7th"."""
    style = KINDS[fact.kind].headline
    chinese = has_chinese(fact.value_text or "")
    if (
        style is HeadlineStyle.RANKING
        and fact.value is not None
        and (not fact.value_text or chinese)
    ):
        number = int(fact.value)
        suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIXES.get(number % 10, "th")
        return f"{number}{suffix}"
    if chinese and fact.value is not None:  # "1.86万个" in an English answer: 18,600
        return _english_amount(fact)
    figure = "" if chinese else fact.value_text or ""
    if not figure and fact.value is not None:
        figure = format_number(fact.value)
        if fact.scale:
            figure = f"{figure} {fact.scale}"
    if not figure:
        return format_date(fact.event_date) if fact.event_date else None
    figure = _GLUED_SCALE_RE.sub(r"\1 ", figure)  # "20billion yuan" as written reads badly
    lowered = figure.lower()
    unit = (fact.unit or "").lower()
    spelled = _UNIT_SPELLED_AS.get(unit)
    if unit and unit not in lowered and (spelled is None or (spelled and spelled not in lowered)):
        figure = f"{figure}{unit}" if unit == "%" else f"{figure} {fact.unit}"
    if fact.qualifier and not lowered.startswith(fact.qualifier.lower()):
        figure = f"{fact.qualifier} {figure}"
    return figure


def fact_headline(fact: Fact) -> str:
    """One line of at most MAX_HEADLINE_CHARS where it can be, figure intact:
    "Software & IT services revenue, Qingdao, H1 2021: 11.25 billion yuan, +22.6% y/y"."""
    style = KINDS[fact.kind].headline
    if style is HeadlineStyle.PERSON:  # "Name: role"; the role names its own place
        name = fact.subject.strip()
        role = clip(fact.value_text or "", MAX_HEADLINE_CHARS - len(name) - 2)
        return f"{name}: {role}" if role else name
    if style is HeadlineStyle.EVENT and fact.event_date is not None:
        region = (
            [fact.region]
            if fact.region and fact.region.lower() not in fact.subject.lower()
            else []
        )
        return _framed(fact.subject.strip(), region, [format_long_date(fact.event_date)])
    figures = [f for f in (format_figure(fact), format_change(fact.change)) if f]
    return _framed(fact.subject.strip(), _context(fact), figures)


def progress_headline(target: Fact, done: Fact, share: float) -> str:
    """A target with what is done so far: "Smart communities, Qingdao, by 2025: 301 of 5,000
    smart communities (6%)"."""
    planned = format_figure(target) or ""
    same_unit = done.value is not None and (done.unit or "") == (target.unit or "")
    if same_unit and done.value is not None:
        so_far = format_number(done.value) + (f" {done.scale}" if done.scale else "")
    else:
        so_far = format_figure(done) or ""
    figure = f"{so_far} of {planned} ({format_number(share)}%)" if planned else so_far
    return _framed(target.subject.strip(), _context(target), [figure])


def _context(fact: Fact) -> list[str]:
    """The place, period and "target" a fact's headline adds to its subject."""
    subject = fact.subject.lower()
    context = []
    if fact.region and fact.region.lower() not in subject:
        context.append(fact.region)
    if fact.period and fact.period.lower() not in subject:
        context.append(format_period(fact.period))
    planned = (fact.period or "").lower().startswith(("by", "target"))
    if (
        KINDS[fact.kind].headline is HeadlineStyle.TARGET
        and not planned
        and "target" not in subject
    ):
        context.append("target")
    return context


def _framed(subject: str, context: list[str], figures: list[str]) -> str:
    """ "Label, context: figures", the label shortened to keep the line within bounds."""
    tail = f": {', '.join(figures)}" if figures else ""
    frame = sum(len(part) + 2 for part in context) + len(tail)
    return ", ".join([short_label(subject, MAX_HEADLINE_CHARS - frame), *context]) + tail


def source_line(source: Source) -> str:
    """Title — Outlet, 25 Aug 2021."""
    tail = ", ".join(
        part
        for part in (source.outlet, format_date(source.published) if source.published else None)
        if part
    )
    return f"{source.title} — {tail}" if tail else source.title


def short_cite(source: Source) -> str:
    """Outlet, 25 Aug 2021 (or the title when neither is known)."""
    parts = [p for p in (source.outlet, format_date(source.published) if source.published else "")]
    text = ", ".join(p for p in parts if p)
    return text or source.title


def comparison_headline(comparison: Comparison) -> str:
    """ "Internet services +46.6% vs software +22.6%: 24 points faster" for a comparison."""
    labels = side_labels(comparison.sides)
    figures = _unit_once(same_scale_figures(comparison.sides))
    text = " vs ".join(f"{label} {figure}" for label, figure in zip(labels, figures, strict=True))
    first = comparison.sides[0]
    if comparison.difference is not None and first.percent:
        points = abs(comparison.difference)
        if first.growth:
            word = "faster" if comparison.difference > 0 else "slower"
        else:
            word = "higher" if comparison.difference > 0 else "lower"
        gap = "the same" if points == 0 else f"{format_number(points)} points {word}"
        return f"{text}: {gap}"
    if comparison.ratio is not None and comparison.ratio > 0:
        ratio = comparison.ratio if comparison.ratio >= 1 else 1 / comparison.ratio
        return f"{text} ({format_number(round(ratio, 1))}x)"
    return text


def _unit_once(figures: list[str]) -> list[str]:
    """Figures sharing the words after their numbers say them once, after the last:
    "19,860 vs 24,800 5G base stations", not "19,860 5G base stations vs 24,800 5G …"."""
    tails = [figure.partition(" ")[2] for figure in figures]
    numbers = all(figure[:1].isdigit() or figure[:1] in "+-" for figure in figures)
    if len(figures) < 2 or not numbers or not tails[0] or len(set(tails)) != 1:
        return figures
    return [figure.partition(" ")[0] for figure in figures[:-1]] + figures[-1:]


_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def same_scale_figures(sides: tuple[ComparedSide, ...]) -> list[str]:
    """The sides' figures in one scale when their facts state one unit in different scales
    ("1,590 billion yuan vs 682.4 billion yuan", not "1.59 trillion … vs 682.4 billion …")."""
    facts = [side.fact for side in sides if side.fact is not None and not side.growth]
    if len(facts) < len(sides) or len({f.unit for f in facts}) != 1:
        return [_side_figure(side) for side in sides]
    scales = {f.scale for f in facts if f.scale in _SCALE_WORDS}
    if len(scales) < 2 or any(f.scale not in scales or f.qualifier for f in facts):
        return [_side_figure(side) for side in sides]
    scale = min(scales, key=lambda name: _SCALE_WORDS[name])
    unit = f" {facts[0].unit}" if facts[0].unit and facts[0].unit != "%" else ""
    return [
        f"{format_number(round((f.base_value or 0) / _SCALE_WORDS[scale], 4))} {scale}{unit}"
        if f.base_value is not None
        else side.figure
        for f, side in zip(facts, sides, strict=True)
    ]


def _side_figure(side: ComparedSide) -> str:
    """A side's figure as stated, in English words where a Chinese document stated it."""
    fact = side.fact
    if fact is None or fact.value is None or side.growth or not has_chinese(side.figure):
        return side.figure
    return _english_amount(fact)


def side_labels(
    sides: tuple[ComparedSide, ...],
    *,
    place: Callable[[str], str] = str,
    period: Callable[[str], str] = format_period,
    subject: Callable[[str], str] | None = None,
) -> list[str]:
    """What tells compared facts apart: their places ("Qingdao vs Jinan"), their periods ("H1
    2021 vs 2021"), else their measures; without a fact on every side, the user's words. The
    callables word a place, a period and a subject (English by default)."""
    measure = subject or (lambda text: short_label(text, COMPARISON_LABEL_CHARS))
    facts = [side.fact for side in sides if side.fact is not None]
    if len(facts) < len(sides):
        return [side.label for side in sides]
    subjects = {f.subject.lower() for f in facts}
    regions = {f.region for f in facts}
    periods = {f.period for f in facts}
    if len(regions) == len(facts) and len(periods) > 1:  # "Taiyuan (H1 2023) … vs Zhuhai (2024)"
        labels = [f"{place(f.region or '')} ({period(f.period or '')})" for f in facts]
    elif len(regions) == len(facts):  # "Harbin +9.2% vs Xi'an +10.8%"
        labels = [place(f.region or "") for f in facts]
    elif len(subjects) == 1 and len(regions) == 1 and len(periods) == len(facts):
        labels = [period(f.period or "") for f in facts]
    else:
        labels = [measure(f.subject) for f in facts]
    return labels if all(labels) else [side.label for side in sides]


def ranking_headline(facts: tuple[Fact, ...], *, order_by: str, direction: str) -> str:
    """Names the winner of a superlative question, then the figure it won with."""
    top = facts[0]
    if order_by == "growth":
        word = "Fastest growth" if direction == "max" else "Slowest growth"
    else:
        word = "Largest" if direction == "max" else "Smallest"
    return f"{word} of {len(facts)}: {fact_headline(top)}"


def answer_headline(answer: Answer) -> str | None:
    """The headline of a matched answer: its ranking, its comparison or its one fact."""
    if not answer.matched:
        return None
    if answer.passage is not None:
        day = answer.passage.day
        return (
            f"{format_long_date(day)}: {answer.passage.clause}" if day else answer.passage.clause
        )
    if answer.ranking is not None and answer.facts:
        ranking = answer.ranking
        return ranking_headline(
            answer.facts, order_by=ranking.order_by, direction=ranking.direction
        )
    if answer.comparison is not None:
        return comparison_headline(answer.comparison)
    if answer.facts:
        return " vs ".join(fact_headline(f) for f in answer.facts)
    if answer.fact is None:
        return None
    share = answer.progress_share
    if answer.progress is not None and share is not None:
        return progress_headline(answer.fact, answer.progress, share)
    return fact_headline(answer.fact)
