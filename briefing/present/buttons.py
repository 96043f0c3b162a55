"""Button labels: plain text, short enough for a phone screen."""

from __future__ import annotations

from briefing.present import messages
from briefing.present.formats import zh_period, zh_place, zh_topic, zh_weekday
from briefing.present.i18n import gettext
from briefing.schedule import WEEKDAY_NAMES
from core.facts import Fact, Source
from core.language import DEFAULT_LANGUAGE, NAMES, Language

MAX_BUTTON_LABEL = 48


def fact_label(fact: Fact, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A short label naming a fact: subject, region and period."""
    zh = lang is Language.ZH
    parts = [fact.subject]
    if fact.region and fact.region.lower() not in fact.subject.lower():
        parts.append(zh_place(fact.region) if zh else fact.region)
    if fact.period:
        parts.append(zh_period(fact.period) if zh else fact.period)
    label = ("，" if zh else ", ").join(p.strip() for p in parts if p and p.strip())
    if len(label) > MAX_BUTTON_LABEL:
        label = label[: MAX_BUTTON_LABEL - 1].rstrip() + "…"
    return label or gettext(messages.UNNAMED_FACT, lang).format(id=fact.id)


def cited_fact_label(fact: Fact, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A button that shows one of an aggregate answer's sources."""
    return gettext(messages.CITED_FACT_BUTTON, lang).format(label=fact_label(fact, lang=lang))


def source_label(source: Source) -> str:
    """A button that opens a document: its title."""
    return _clipped(source.title)


def topic_count_label(topic: str, count: int) -> str:
    """A button that opens a topic: its name and how many facts it has."""
    return _clipped(f"{topic} ({count})")


def _clipped(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= MAX_BUTTON_LABEL else label[: MAX_BUTTON_LABEL - 1] + "…"


def example_label(question: str) -> str:
    """A button that asks an example question."""
    if len(question) <= MAX_BUTTON_LABEL:
        return question
    return question[: MAX_BUTTON_LABEL - 1].rstrip() + "…"


def pause_or_resume_label(number: int, *, active: bool, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Pause an active subscription, resume a paused one."""
    label = messages.PAUSE_BUTTON if active else messages.RESUME_BUTTON
    return gettext(label, lang).format(number=number)


def remove_label(number: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Remove a subscription."""
    return gettext(messages.REMOVE_BUTTON, lang).format(number=number)


def button_text(message: str, lang: Language) -> str:
    """A fixed button label (`messages.SOURCE_BUTTON`, …) in `lang`."""
    return gettext(message, lang)


def language_label(language: Language, *, current: bool) -> str:
    """A language's name in itself ("English", "中文"), ticked when it is the current one."""
    return f"✓ {NAMES[language]}" if current else NAMES[language]


def numbered_label(message: str, *, number: int, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A button for the n-th subscription of a list ("⏰ Time 2")."""
    return gettext(message, lang).format(number=number)


def weekday_label(weekday: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A weekday, short: "Mon" (周一)."""
    return zh_weekday(weekday) if lang is Language.ZH else WEEKDAY_NAMES[weekday][:3]


def topic_label(topic: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A topic or region, in Chinese for a Chinese reader when the glossary names it."""
    label = zh_topic(topic) if lang is Language.ZH else topic
    return label if len(label) <= MAX_BUTTON_LABEL else label[: MAX_BUTTON_LABEL - 1] + "…"


def zone_label(zone: str) -> str:
    """A time zone button: its city ("Shanghai", "New York"), or "UTC"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")
