"""/latest, a document's card, /search results and /export captions, as HTML and plain text."""

from __future__ import annotations

import re
from html import escape

from briefing.focus import Focus
from briefing.latest import DocumentNews
from briefing.present import messages
from briefing.present.answers import bold_matches
from briefing.present.formats import zh_place
from briefing.present.headlines import fact_headline, source_line
from briefing.present.i18n import gettext
from briefing.search import PAGE_SIZE, SearchPage
from core.facts import Source
from core.language import DEFAULT_LANGUAGE, Language

MAX_PASSAGE_CHARS = 400
"""A search result's sentence is cut to this many characters."""
MIN_HIGHLIGHT_CHARS = 3
"""Searched words shorter than this are not set in bold (they would light up everywhere)."""


def latest_html(news: tuple[DocumentNews, ...], *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The newest documents, each with its most important facts."""
    if not news:
        return escape(gettext(messages.NO_FACTS_YET, lang))
    title = f"<b>{escape(gettext(messages.LATEST_TITLE, lang))}</b>"
    return "\n\n".join(
        [title, *(document_html(item, lang=lang, number=n) for n, item in enumerate(news, 1))]
    )


def document_html(
    news: DocumentNews, *, lang: Language = DEFAULT_LANGUAGE, number: int | None = None
) -> str:
    """A document: its linked citation, its top facts, and how many facts it holds."""
    head = _source_html(news.source, lang)
    if number is not None:
        head = f"{number}. {head}"
    lines = [head, *(f"• {escape(fact_headline(f, lang=lang))}" for f in news.facts)]
    if news.count > len(news.facts):
        lines.append(
            f"<i>{escape(gettext(messages.LATEST_MORE, lang).format(count=news.count))}</i>"
        )
    return "\n".join(lines)


def latest_text(news: tuple[DocumentNews, ...], *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """/latest for a console."""
    if not news:
        return gettext(messages.NO_FACTS_YET, lang)
    lines = [gettext(messages.LATEST_TITLE, lang)]
    for number, item in enumerate(news, 1):
        lines.append(f"{number}. {source_line(item.source, lang=lang)}")
        lines += [f"   • {fact_headline(f, lang=lang)}" for f in item.facts]
    return "\n".join(lines)


def search_html(page: SearchPage, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A page of search results: each sentence, searched words in bold, and its source."""
    if not page.passages:
        return escape(gettext(messages.SEARCH_NOTHING, lang).format(query=f"“{page.query}”"))
    counter = gettext(messages.PAGE_COUNTER, lang).format(number=page.number, count=page.count)
    title = gettext(messages.SEARCH_TITLE, lang).format(query=page.query)
    parts = [f"<b>{escape(title)}</b> <i>({escape(counter)})</i>"]
    if not page.every_word:
        parts.append(f"<i>{escape(gettext(messages.SEARCH_SOME_WORDS, lang))}</i>")
    first = (page.number - 1) * PAGE_SIZE + 1
    for number, passage in enumerate(page.passages, first):
        parts.append(
            f"{number}. {_highlighted(_clip(passage.text), page.query)}\n"
            f"{_source_html(passage.source, lang)}"
        )
    return "\n\n".join(parts)


def search_text(page: SearchPage, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A page of search results for a console."""
    if not page.passages:
        return gettext(messages.SEARCH_NOTHING, lang).format(query=f"“{page.query}”")
    counter = gettext(messages.PAGE_COUNTER, lang).format(number=page.number, count=page.count)
    lines = [f"{gettext(messages.SEARCH_TITLE, lang).format(query=page.query)} ({counter})"]
    if not page.every_word:
        lines.append(gettext(messages.SEARCH_SOME_WORDS, lang))
    for passage in page.passages:
        lines.append(f"  • {_clip(passage.text)}")
        lines.append(f"    {source_line(passage.source, lang=lang)}")
    return "\n".join(lines)


def export_caption(focus: Focus | None, count: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The CSV document's caption: how many facts, about what."""
    if focus is None:
        return gettext(messages.EXPORT_CAPTION_ALL, lang).format(count=count)
    name = zh_place(focus.name) if focus.is_region and lang is Language.ZH else focus.name
    return gettext(messages.EXPORT_CAPTION, lang).format(count=count, focus=name)


def export_file_name(focus: Focus | None) -> str:
    """citybrief-facts.csv, or citybrief-qingdao.csv for an export about Qingdao."""
    if focus is None:
        return "citybrief-facts.csv"
    slug = re.sub(r"[^a-z0-9]+", "-", focus.name.lower()).strip("-") or "facts"
    return f"citybrief-{slug}.csv"


def _source_html(source: Source, lang: Language) -> str:
    text = escape(source_line(source, lang=lang))
    if source.url:
        return f'<i><a href="{escape(source.url)}">{text}</a></i>'
    return f"<i>{text}</i>"


def _highlighted(text: str, query: str) -> str:
    """`text` escaped for HTML with the query's words in bold."""
    words = [w for w in re.findall(r"\w+", query) if len(w) >= MIN_HIGHLIGHT_CHARS]
    if not words:
        return escape(text)
    return bold_matches(text, re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE))


def _clip(text: str, limit: int = MAX_PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
