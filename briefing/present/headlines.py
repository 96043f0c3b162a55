"""Headlines and citations in the reader's language.

English is `briefing.render`'s wording, unchanged. Chinese puts the fact in a Chinese frame:
"青岛 · software and information technology service … · 2021年上半年：112.5亿元，同比增长22.6%".
The subject stays as its document wrote it (an English document's subject is not machine
translated) and is clipped so the line stays within `MAX_HEADLINE_CHARS` where it can; the
quoted source sentence, shown elsewhere, always stays in its document's language.
"""

from __future__ import annotations

from datetime import date

from briefing import render
from briefing.present import messages
from briefing.present.formats import (
    zh_change,
    zh_date,
    zh_figure,
    zh_number,
    zh_period,
    zh_place,
)
from briefing.present.i18n import gettext
from briefing.views import Answer, ComparedSide, Comparison
from core.facts import Fact, FactKind, Source
from core.language import Language, has_chinese

MAX_HEADLINE_CHARS = 90
"""A Chinese headline's length limit, met by clipping the subject."""
MIN_SUBJECT_CHARS = 24
"""A subject is never clipped shorter than this, even if the headline runs over."""
ZH_SEPARATOR = " · "
ZH_COMPARISON_LABEL_CHARS = 16
"""Each side of a Chinese comparison names its measure in at most this many characters."""


def format_day(day: date, lang: Language) -> str:
    """A date in a citation: 25 Aug 2021, 2021年8月25日."""
    return zh_date(day) if lang is Language.ZH else render.format_date(day)


def fact_headline(fact: Fact, *, lang: Language) -> str:
    """One line naming the fact, its period and its figure."""
    if lang is not Language.ZH:
        return render.fact_headline(fact)
    subject = fact.subject.strip()
    before: list[str] = []
    after: list[str] = []
    if fact.kind == FactKind.PERSON:
        figures = [fact.value_text] if fact.value_text else []
    else:
        if fact.region and not _mentions(subject, fact.region, zh_place(fact.region)):
            before.append(zh_place(fact.region))
        if fact.period and not _mentions(subject, fact.period, zh_period(fact.period)):
            after.append(zh_period(fact.period))
        planned = (fact.period or "").lower().startswith(("by", "target"))
        if fact.kind == FactKind.TARGET and not planned and "target" not in subject.lower():
            after.append("目标")
        figure = (
            zh_date(fact.event_date)
            if fact.kind == FactKind.EVENT and fact.event_date is not None
            else zh_figure(fact)
        )
        change = zh_change(fact.change) if fact.change is not None else None
        figures = [f for f in (figure, change) if f]
    tail = f"：{'，'.join(figures)}" if figures else ""
    frame = len(ZH_SEPARATOR.join([*before, "", *after])) + len(tail)
    budget = MAX_HEADLINE_CHARS - frame
    short = (
        render.clip(subject, budget, minimum=MIN_SUBJECT_CHARS)
        if has_chinese(subject)
        else render.short_label(subject, budget)
    )
    label = ZH_SEPARATOR.join([*before, short, *after])
    return label + tail


def source_line(source: Source, *, lang: Language) -> str:
    """Title — Outlet, 25 Aug 2021 (Chinese: 标题 — 媒体，2021年8月25日)."""
    if lang is not Language.ZH:
        return render.source_line(source)
    day = zh_date(source.published) if source.published else None
    tail = "，".join(part for part in (source.outlet, day) if part)
    return f"{source.title} — {tail}" if tail else source.title


def short_cite(source: Source, *, lang: Language) -> str:
    """Outlet, 25 Aug 2021 (or the title when neither is known)."""
    if lang is not Language.ZH:
        return render.short_cite(source)
    day = zh_date(source.published) if source.published else None
    return "，".join(part for part in (source.outlet, day) if part) or source.title


def comparison_headline(comparison: Comparison, *, lang: Language) -> str:
    """ "2021年上半年 +22.6% 对比 2021年 +15.3%：慢7.3个百分点" in the reader's language."""
    if lang is not Language.ZH:
        return render.comparison_headline(comparison)
    labels = _zh_side_labels(comparison.sides)
    joiner = gettext(messages.VERSUS, lang)
    text = joiner.join(
        f"{label} {_zh_side_figure(side)}"
        for label, side in zip(labels, comparison.sides, strict=True)
    )
    first = comparison.sides[0]
    if comparison.difference is not None and first.percent:
        points = abs(comparison.difference)
        if points == 0:
            return f"{text}：{gettext(messages.GAP_NONE, lang)}"
        words = messages.GROWTH_GAP if first.growth else messages.LEVEL_GAP
        word = words.above if comparison.difference > 0 else words.below
        return f"{text}：{gettext(word, lang).format(points=zh_number(points))}"
    if comparison.ratio is not None and comparison.ratio > 0:
        ratio = comparison.ratio if comparison.ratio >= 1 else 1 / comparison.ratio
        gap = gettext(messages.RATIO, lang).format(ratio=zh_number(round(ratio, 1)))
        return f"{text}（{gap}）"
    return text


def _zh_side_labels(sides: tuple[ComparedSide, ...]) -> list[str]:
    """What tells the compared facts apart, in Chinese: their places, periods or measures."""
    return render.side_labels(
        sides,
        place=zh_place,
        period=zh_period,
        subject=lambda text: render.clip(
            text, ZH_COMPARISON_LABEL_CHARS, minimum=MIN_SUBJECT_CHARS
        ),
    )


def _zh_side_figure(side: ComparedSide) -> str:
    """A side's figure as a Chinese reader writes it (112.5亿元); a growth rate as it is."""
    if side.fact is None or side.growth:
        return side.figure
    return zh_figure(side.fact) or side.figure


def answer_headline(answer: Answer, *, lang: Language) -> str | None:
    """The headline of a matched answer: its ranking, its comparison or its one fact."""
    if answer.comparison is not None:
        return comparison_headline(answer.comparison, lang=lang)
    if lang is not Language.ZH or answer.passage is not None:
        # A passage's clause stays in its document's words.
        return render.answer_headline(answer)
    if not answer.matched:
        return None
    if answer.ranking is not None and answer.facts:
        word = messages.RANKING_HEADLINES[(answer.ranking.order_by, answer.ranking.direction)]
        top = fact_headline(answer.facts[0], lang=lang)
        return gettext(word, lang).format(count=len(answer.facts), headline=top)
    if answer.facts:
        joiner = gettext(messages.VERSUS, lang)
        return joiner.join(fact_headline(f, lang=lang) for f in answer.facts)
    if answer.fact is None:
        return None
    headline = fact_headline(answer.fact, lang=lang)
    done, share = answer.progress, answer.progress_share
    if done is not None and share is not None:
        figure = done.value_text or f"{done.value:g}"
        headline += gettext(messages.PROGRESS, lang).format(figure=figure, share=f"{share:g}")
    return headline


def _mentions(subject: str, *names: str) -> bool:
    lowered = subject.lower()
    return any(name.lower() in lowered for name in names)
