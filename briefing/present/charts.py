"""Charts as PNG images (matplotlib, Agg backend: no display needed) and their captions.

A `briefing.charts.Chart` is drawn with its title, the unit on the value axis, each figure as
written next to its point or bar, and a source line at the foot. Images are kept in a small
cache keyed by the chart's data (`Chart.key`: every drawn value, label, fact id and source), so
a chart is drawn once per version of the store and drawn afresh when an ingest changes it.

Chinese text needs a font with CJK glyphs. The first installed font that has them is used as a
fallback after DejaVu Sans (e.g. Debian's `fonts-noto-cjk`); without one, the image keeps to
what DejaVu Sans can draw (English axis words, Chinese labels replaced by numbers) and the
caption, which Telegram renders with the reader's own fonts, carries the full Chinese title
and the numbered labels.

matplotlib (with NumPy and Pillow: about 40 MB and a second of start-up) is imported by the
first drawing, not with this module: a process that never draws a chart never pays for it.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from briefing import render
from briefing.charts import Chart, ChartStyle, Plotted
from briefing.extract.figures import SCALES
from briefing.present import messages
from briefing.present.formats import zh_figure, zh_money_unit, zh_period, zh_place
from briefing.present.headlines import short_cite
from briefing.present.i18n import gettext
from core.facts import Fact, Source
from core.language import DEFAULT_LANGUAGE, Language, has_chinese

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CACHED_IMAGES = 64
"""Charts kept drawn; a chart is a few tens of kilobytes."""
MAX_LABEL_CHARS = 42
"""A bar's label is cut to this many characters."""
MAX_CAPTION_CHARS = 1024
"""Telegram's limit for a photo's caption."""
MAX_CITED_SOURCES = 3
"""Sources named in the foot line; more are counted."""
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 4.5, 120
BASE_FONT = "DejaVu Sans"
"""Matplotlib's own font: always there, Latin, Greek and Cyrillic."""
CJK_PROBE = "中国数字经济"
"""Characters a font must have to draw the Chinese text of a chart."""
CJK_FONT_HINTS = ("CJK", "Han", "Hei", "WenQuanYi", "Sarasa", "Droid Sans Fallback", "SC")
"""Name parts of fonts that usually cover Chinese: these are checked first."""
NOT_CJK_FONTS = ("Last Resort",)
"""Fonts that claim every character but draw a placeholder box (matplotlib ships one)."""
LINE_COLOUR, BAR_COLOUR, NEGATIVE_COLOUR = "#1f5f99", "#3b82c4", "#c0504d"

_DRAWING = threading.Lock()  # matplotlib's font cache is shared: one drawing at a time


@dataclass(frozen=True)
class _Axis:
    factor: float  # drawn value = chart value × factor
    label: str


def chart_png(chart: Chart, *, lang: Language = DEFAULT_LANGUAGE) -> bytes:
    """The chart as a PNG image (drawn once per chart data and language)."""
    return _cached_png(chart.key, chart, lang)


def chart_title(chart: Chart, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """What the chart shows: "Qingdao, software revenue", "Year-on-year growth — Qingdao,
    2021-H1" (a bar chart's period when its bars share one)."""
    zh = lang is Language.ZH
    region = (zh_place(chart.region) if zh else chart.region) if chart.region else None
    periods = {point.fact.period for point in chart.points}
    period = periods.pop() if chart.style is ChartStyle.BAR and len(periods) == 1 else None
    when = (zh_period(period) if zh else period) if period else None
    if chart.subject:
        return (" · " if zh else ", ").join(p for p in (region, chart.subject, when) if p)
    kind = messages.CHART_GROWTH_TITLE
    if chart.plotted is not Plotted.GROWTH:
        kind = messages.CHART_COMPARISON_TITLE
    title = gettext(kind, lang)
    groups = (" · " if zh else ", ").join(p for p in (region, when) if p)
    if not groups:
        return title
    return gettext(messages.PAGE_TITLE_GROUPS, lang).format(title=title, groups=groups)


def chart_sources(chart: Chart, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The foot line: "Sources: City News, 25 Aug 2021; Tech Daily, 2 Mar 2021"."""
    sources = list(dict.fromkeys(point.fact.source for point in chart.points))
    joiner = "；" if lang is Language.ZH else "; "
    cited = joiner.join(short_cite(s, lang=lang) for s in sources[:MAX_CITED_SOURCES])
    if len(sources) > MAX_CITED_SOURCES:
        cited = gettext(messages.CHART_MORE_SOURCES, lang).format(
            sources=cited, count=len(sources) - MAX_CITED_SOURCES
        )
    return gettext(messages.CHART_SOURCES, lang).format(sources=cited)


def chart_caption_html(chart: Chart, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The photo's caption: title, each figure with its label, and linked sources."""
    lines = [f"<b>{escape(chart_title(chart, lang=lang))}</b>"]
    for number, point in enumerate(chart.points, 1):
        label = _point_label(point.label, point.fact, chart, lang)
        line = gettext(messages.CHART_POINT, lang).format(
            label=label, figure=_figure(point.fact, chart, lang)
        )
        lines.append(f"{number}. {escape(line)}")
    lines.append(f"<i>{_sources_html(chart, lang)}</i>")
    caption = "\n".join(lines)
    if len(caption) <= MAX_CAPTION_CHARS:
        return caption
    title, foot = lines[0], lines[-1]
    return f"{title}\n{foot}"


def cjk_font() -> str | None:
    """The family name of an installed font that draws Chinese, or None."""
    return _find_cjk_font()


# -- drawing ---------------------------------------------------------------------------------


@lru_cache(maxsize=CACHED_IMAGES)
def _cached_png(key: tuple[object, ...], chart: Chart, lang: Language) -> bytes:
    del key  # the cache key; `chart` itself is what is drawn
    from matplotlib import rc_context

    cjk = cjk_font()
    families = [BASE_FONT, cjk] if cjk else [BASE_FONT]
    with _DRAWING, rc_context({"font.family": families}):
        return _draw(chart, lang, cjk=cjk)


def _draw(chart: Chart, lang: Language, *, cjk: str | None) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    drawn_lang = lang if cjk is not None or lang is not Language.ZH else DEFAULT_LANGUAGE

    def drawable(text: str) -> bool:
        return cjk is not None or not has_chinese(text)

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axis = _axis(chart, drawn_lang)
    values = [point.value * axis.factor for point in chart.points]
    worded = [_point_label(p.label, p.fact, chart, drawn_lang) for p in chart.points]
    # A label the fonts cannot draw becomes its number in the caption's list.
    labels = [
        _clip(label, MAX_LABEL_CHARS) if drawable(label) else str(number)
        for number, label in enumerate(worded, 1)
    ]
    figures = [_figure(p.fact, chart, drawn_lang) for p in chart.points]
    figures = [
        f if drawable(f) else render.format_number(round(v, 2))
        for f, v in zip(figures, values, strict=True)
    ]
    if chart.style is ChartStyle.LINE:
        positions = list(range(len(values)))
        axes.plot(positions, values, marker="o", color=LINE_COLOUR, linewidth=2)
        axes.set_xticks(positions, labels)
        for x, y, text in zip(positions, values, figures, strict=True):
            _annotate(axes, text, (x, y), _ABOVE)
        axes.set_ylabel(axis.label)
        axes.set_ylim(bottom=min(0.0, min(values)))
        axes.margins(x=0.1, y=0.15)
    else:
        rows = list(range(len(values)))[::-1]  # the first figure on top
        colours = [NEGATIVE_COLOUR if v < 0 else BAR_COLOUR for v in values]
        axes.barh(rows, values, color=colours)
        axes.set_yticks(rows, labels)
        for row, amount, text in zip(rows, values, figures, strict=True):
            # The figure stands beyond the end of its bar, whichever way the bar runs.
            _annotate(axes, text, (amount, row), _AFTER if amount >= 0 else _BEFORE)
        axes.set_xlabel(axis.label)
        axes.axvline(0, color="#888888", linewidth=0.8)
        axes.margins(x=0.25)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y" if chart.style is ChartStyle.LINE else "x", alpha=0.3)
    axes.tick_params(labelsize=9)
    title = chart_title(chart, lang=drawn_lang)
    if drawable(title):
        axes.set_title(_clip(title, 70), fontsize=13, loc="left")
    sources = chart_sources(chart, lang=drawn_lang)
    if drawable(sources):
        figure.text(0.01, 0.01, _clip(sources, 120), fontsize=8, color="#555555")
    figure.tight_layout(rect=(0, 0.04, 1, 1))
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _axis(chart: Chart, lang: Language) -> _Axis:
    """The value axis: its words, and the factor that puts Chinese amounts in 万 or 亿."""
    if chart.plotted is Plotted.GROWTH:
        return _Axis(1.0, gettext(messages.CHART_GROWTH_AXIS, lang))
    unit = (chart.unit or "").strip()
    if lang is Language.ZH:
        money = zh_money_unit(unit)
        if money is not None and chart.scale in SCALES:
            scale = SCALES[chart.scale or ""]
            largest = max(abs(p.value) for p in chart.points) * scale
            chinese = 1e8 if largest >= 1e8 else 1e4
            word = "亿" if chinese == 1e8 else "万"
            return _Axis(scale / chinese, f"{word}{money}")
    words = " ".join(part for part in (chart.scale, unit) if part)
    return _Axis(1.0, words)


def _point_label(label: str, fact: Fact, chart: Chart, lang: Language) -> str:
    if lang is not Language.ZH:
        return label
    if chart.style is ChartStyle.LINE:
        return zh_period(label)
    if fact.region and label == fact.region:
        return zh_place(label)
    return label


def _figure(fact: Fact, chart: Chart, lang: Language) -> str:
    """The figure as its fact states it (the drawn number is that figure, on the axis scale)."""
    if chart.plotted is Plotted.GROWTH:
        change = fact.change or 0.0
        return f"{'+' if change > 0 else ''}{render.format_number(change)}%"
    if lang is Language.ZH:
        return zh_figure(fact) or ""
    return render.format_figure(fact) or ""


def _sources_html(chart: Chart, lang: Language) -> str:
    sources: list[Source] = list(dict.fromkeys(point.fact.source for point in chart.points))
    cited = []
    for source in sources[:MAX_CITED_SOURCES]:
        text = escape(short_cite(source, lang=lang))
        cited.append(f'<a href="{escape(source.url)}">{text}</a>' if source.url else text)
    joined = ("；" if lang is Language.ZH else "; ").join(cited)
    if len(sources) > MAX_CITED_SOURCES:
        joined = escape(
            gettext(messages.CHART_MORE_SOURCES, lang).format(
                sources="\0", count=len(sources) - MAX_CITED_SOURCES
            )
        ).replace("\0", joined)
    return escape(gettext(messages.CHART_SOURCES, lang)).replace("{sources}", joined)


class _Placement(NamedTuple):
    """Where a point's figure is written: `offset` typographic points away, aligned so."""

    offset: tuple[int, int]
    ha: str
    va: str = "baseline"  # matplotlib's own default


_ABOVE = _Placement((0, 8), "center")
_AFTER = _Placement((4, 0), "left", "center")
_BEFORE = _Placement((-4, 0), "right", "center")


def _annotate(axes: Axes, text: str, point: tuple[float, float], at: _Placement) -> None:
    """Write a point's figure beside it."""
    axes.annotate(
        text, point, textcoords="offset points", xytext=at.offset, fontsize=9, ha=at.ha, va=at.va
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@cache
def _find_cjk_font() -> str | None:
    """The first font that draws Chinese: among matplotlib's known fonts, then among the
    system's font files (a font installed after matplotlib built its font cache is added)."""
    from matplotlib import font_manager

    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path, name in _cjk_candidates():
        if _draws_chinese(path):
            if path not in known:
                font_manager.fontManager.addfont(path)
            return name
    return None


def _cjk_candidates() -> list[tuple[str, str]]:
    """(file, family) of every font, those whose names suggest Chinese first."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    fonts = [(f.fname, str(f.name)) for f in font_manager.fontManager.ttflist]
    known = {path for path, _ in fonts}
    for path in font_manager.findSystemFonts(fontext="ttf"):
        if path not in known:
            try:
                fonts.append((path, str(FT2Font(path).family_name)))
            except (OSError, RuntimeError):
                continue
    fonts = [(path, name) for path, name in fonts if not any(n in name for n in NOT_CJK_FONTS)]
    return sorted(fonts, key=lambda font: not any(hint in font[1] for hint in CJK_FONT_HINTS))


def _draws_chinese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(path).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(char) in charmap for char in CJK_PROBE)
