"""Digests as Telegram HTML (one message) and as plain text for the console's preview.

`fits(lang)` is what the domain's composer is given to cut a digest to one message in the
chat's language; the rendering it measures is cached, so the sender's own rendering of the
same digest is free.
"""

from __future__ import annotations

import functools
from html import escape

from briefing.charts import Chart
from briefing.digest import Digest, Fits, Heading, Section
from briefing.present import messages
from briefing.present.charts import chart_title
from briefing.present.formats import zh_topic, zh_weekday_date
from briefing.present.headlines import fact_headline, short_cite
from briefing.present.i18n import gettext
from briefing.present.split import MAX_MESSAGE_CHARS
from briefing.schedule import WEEKLY
from core.facts import Fact
from core.language import DEFAULT_LANGUAGE, Language


def digest_title(digest: Digest, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """E.g. "Weekly digest · Friday 9 July 2021 · broadband" (每周简报 · 2021年7月9日星期五)."""
    kind = gettext(
        messages.WEEKLY_DIGEST if digest.cadence == WEEKLY else messages.DAILY_DIGEST, lang
    )
    day = digest.day
    when = zh_weekday_date(day) if lang is Language.ZH else f"{day:%A} {day.day} {day:%B %Y}"
    title = gettext(messages.DIGEST_TITLE, lang).format(kind=kind, day=when)
    if not digest.topic:
        return title
    return title + gettext(messages.DIGEST_TOPIC, lang).format(topic=_name(digest.topic, lang))


_HEADINGS = {
    Heading.FIGURES: messages.DIGEST_FIGURES,
    Heading.TARGETS: messages.DIGEST_TARGETS,
    Heading.RANKINGS: messages.DIGEST_RANKINGS,
    Heading.NEWS: messages.DIGEST_NEWS,
}


def section_title(section: Section, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The heading a digest section groups its items under."""
    return gettext(_HEADINGS[section.heading], lang)


def item_html(fact: Fact, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """One digest item on one line: the headline, then its source, linked when it has a URL."""
    headline = escape(fact_headline(fact, lang=lang))
    cite = escape(short_cite(fact.source, lang=lang))
    url = fact.source.url
    if url and url.lower().startswith(("https://", "http://")):
        return f'{headline} — <a href="{escape(url, quote=True)}">{cite}</a>'
    return f"{headline} — <i>{cite}</i>"


@functools.lru_cache(maxsize=256)
def digest_html(digest: Digest, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The digest as one Telegram HTML message; empty for an empty digest."""
    if digest.empty:
        return ""
    lines = [f"<b>{escape(digest_title(digest, lang=lang))}</b>"]
    if digest.new_count:
        lines.append(f"<i>{escape(gettext(messages.NEW_SINCE_LAST_DIGEST, lang))}</i>")
    for section in digest.sections:
        lines.append("")
        lines.append(f"<b>{escape(section_title(section, lang=lang))}</b>")
        lines.extend(f"• {item_html(fact, lang=lang)}" for fact in section.facts)
    return "\n".join(lines)


def fits_one_message(digest: Digest, lang: Language = DEFAULT_LANGUAGE) -> bool:
    """Whether the digest's HTML in `lang` fits in one Telegram message."""
    return len(digest_html(digest, lang)) <= MAX_MESSAGE_CHARS


def fits(lang: Language) -> Fits:
    """The composer's test of whether a digest fits one message, rendered in `lang`."""
    return functools.partial(fits_one_message, lang=lang)


def digest_text(digest: Digest, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The digest as plain text (the console's preview)."""
    if digest.empty:
        return gettext(messages.NOTHING_NEW, lang)
    lines = [digest_title(digest, lang=lang)]
    if digest.new_count:
        lines.append(gettext(messages.NEW_SINCE_LAST_DIGEST, lang))
    for section in digest.sections:
        lines.append("")
        lines.append(section_title(section, lang=lang))
        lines.extend(
            f"• {fact_headline(fact, lang=lang)} — {short_cite(fact.source, lang=lang)}"
            for fact in section.facts
        )
    return "\n".join(lines)


def digest_chart_note(chart: Chart, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """What a plain-text preview says of the chart that follows the digest (`key_chart`)."""
    return gettext(messages.DIGEST_CHART, lang).format(title=chart_title(chart, lang=lang))


def digest_preview_html(digest: Digest, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The digest as the chat would receive it, or why there is nothing to receive."""
    return digest_html(digest, lang) or escape(gettext(messages.NOTHING_NEW, lang))


def topic_preview_html(digest: Digest, topic: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A deep link's preview of a topic's digest, and how to get it every day."""
    footer = gettext(messages.TOPIC_PREVIEW_FOOTER, lang).format(topic=topic)
    return f"{digest_preview_html(digest, lang=lang)}\n\n{escape(footer)}"


def _name(region_or_topic: str, lang: Language) -> str:
    """A region's or a topic's Chinese name for a Chinese reader (`zh_topic`)."""
    return zh_topic(region_or_topic) if lang is Language.ZH else region_or_topic
