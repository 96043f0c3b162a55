"""Inline cards' plain title and description: the figure and growth always fit the title.

A card's title is the answer's headline with the subject clipped when the whole would not fit
("Qingdao, operating revenue of software…, 2021-H1: 45.2 billion yuan, +25.3% year on year");
the description holds the period and the source ("2021-H1 · Source: City News, 25 Aug 2021").
"""

from __future__ import annotations

from briefing.present import messages
from briefing.present.answers import card_preview
from briefing.present.formats import zh_change, zh_figure, zh_period, zh_place
from briefing.present.headlines import answer_headline, short_cite
from briefing.present.i18n import gettext
from briefing.render import format_change, format_figure
from briefing.views import Answer
from core.facts import Fact
from core.language import DEFAULT_LANGUAGE, Language

CARD_TITLE_CHARS = 100
"""A card title is at most this long; phones show about one line of it."""
CARD_DESCRIPTION_CHARS = 200
MIN_LABEL_CHARS = 12
"""The label before the figure keeps at least this much when it is clipped."""


def card_title(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The card's title: what is measured, then the figure and its growth, never cut."""
    fact = answer.fact
    if answer.facts or fact is None or answer.passage is not None:
        headline = answer_headline(answer, lang=lang) or card_preview(answer, lang=lang)[0]
        return _keep_tail(headline, CARD_TITLE_CHARS)
    zh = lang is Language.ZH
    label = []
    if fact.region and fact.region.lower() not in fact.subject.lower():
        label.append(zh_place(fact.region) if zh else fact.region)
    label.append(fact.subject)
    if fact.period and fact.period.lower() not in fact.subject.lower():
        label.append(zh_period(fact.period) if zh else fact.period)
    figures = _figures(fact, lang)
    joiner = " · " if zh else ", "
    tail = ("：" if zh else ": ") + ("，" if zh else ", ").join(figures) if figures else ""
    head = joiner.join(label)
    if len(head) + len(tail) <= CARD_TITLE_CHARS:
        return head + tail
    # Clip the subject: the place, the period and the figures stay whole.
    others = len(head) - len(fact.subject)
    room = max(MIN_LABEL_CHARS, CARD_TITLE_CHARS - len(tail) - others)
    return head.replace(fact.subject, _clip(fact.subject, room), 1) + tail


def card_description(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> str | None:
    """The card's second line: the period and the source (for a single fact)."""
    fact = answer.fact
    if answer.facts or fact is None or answer.passage is not None:
        return card_preview(answer, lang=lang)[1]
    parts = []
    if fact.period:
        parts.append(zh_period(fact.period) if lang is Language.ZH else fact.period)
    cite = short_cite(fact.source, lang=lang)
    parts.append(gettext(messages.SOURCE, lang).format(source=cite))
    return _clip(" · ".join(parts), CARD_DESCRIPTION_CHARS)


def _figures(fact: Fact, lang: Language) -> list[str]:
    if lang is Language.ZH:
        change = zh_change(fact.change) if fact.change is not None else None
        return [f for f in (zh_figure(fact), change) if f]
    return [f for f in (format_figure(fact), format_change(fact.change)) if f]


def _keep_tail(text: str, limit: int) -> str:
    """`text` cut to `limit` by clipping what comes before its last ": " (the figure after)."""
    if len(text) <= limit:
        return text
    head, separator, tail = text.rpartition(": ")
    if not separator:
        return _clip(text, limit)
    return _clip(head, max(MIN_LABEL_CHARS, limit - len(tail) - 2)) + separator + tail


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:·") + "…"
