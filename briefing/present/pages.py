"""Browse pages (metrics, initiatives, sources, topics) as plain text and Telegram HTML.

A page built by `briefing.browse` carries its items as data (`Page.entries`), so its title and
items are worded here in the reader's language; a page without them (made by hand) shows its
English `title` and `items` as they are.
"""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.formats import zh_list, zh_place
from briefing.present.headlines import fact_headline, short_cite, source_line
from briefing.present.i18n import gettext
from briefing.views import Page, PageEntry, Section
from core.facts import FactKind
from core.language import DEFAULT_LANGUAGE, Language

_ELSEWHERE = "elsewhere"  # the group `briefing.browse` files facts without a region under


def page_title(page: Page, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The page's section and the groups (regions or kinds of fact) its items fall under."""
    if page.section is None or not page.entries:
        return page.title
    title = gettext(messages.SECTION_TITLES[page.section], lang)
    if page.focus is not None:
        focus = zh_place(page.focus) if lang is Language.ZH else page.focus
        title = gettext(messages.PAGE_TITLE_FOCUS, lang).format(title=title, focus=focus)
    shown = [group for group in page.groups if group != page.focus]
    if not shown:
        return title
    groups = [_group(group, lang) for group in shown]
    joined = zh_list(groups) if lang is Language.ZH else ", ".join(groups)
    return gettext(messages.PAGE_TITLE_GROUPS, lang).format(title=title, groups=joined)


def page_items(page: Page, *, lang: Language = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The page's items worded in `lang`."""
    if page.section is None or not page.entries:
        return page.items
    return tuple(_item(entry, lang) for entry in page.entries)


def page_text(page: Page, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A browse page for a console."""
    counter = gettext(messages.PAGE_COUNTER, lang).format(number=page.number, count=page.count)
    lines = [f"{page_title(page, lang=lang)} ({counter})"]
    items = page_items(page, lang=lang)
    if items:
        lines.extend(f"  • {item}" for item in items)
    else:
        lines.append(f"  {gettext(messages.NOTHING_YET, lang)}")
    return "\n".join(lines)


def page_html(page: Page, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A browse page for Telegram."""
    counter = gettext(messages.PAGE_COUNTER, lang).format(number=page.number, count=page.count)
    head = f"<b>{escape(page_title(page, lang=lang))}</b> <i>({escape(counter)})</i>"
    items = page_items(page, lang=lang)
    if not items:
        return f"{head}\n{escape(gettext(messages.NOTHING_YET, lang))}"
    return head + "\n" + "\n".join(f"• {escape(item)}" for item in items)


def nothing_to_list_html(section: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The reply to a listing command when its section is empty."""
    names = messages.SECTION_NAMES
    name = gettext(names[Section(section)], lang) if section in names else section
    return escape(gettext(messages.NOTHING_TO_LIST, lang).format(section=name))


def _group(group: str, lang: Language) -> str:
    if group == _ELSEWHERE:
        return gettext(messages.ELSEWHERE, lang)
    if group in messages.KIND_NAMES:
        return gettext(messages.KIND_NAMES[FactKind(group)], lang)
    return zh_place(group) if lang is Language.ZH else group


def _item(entry: PageEntry, lang: Language) -> str:
    if entry.fact is not None:
        fact = entry.fact
        return gettext(messages.FACT_ITEM, lang).format(
            headline=fact_headline(fact, lang=lang), cite=short_cite(fact.source, lang=lang)
        )
    if entry.source is not None:
        source = source_line(entry.source, lang=lang)
        return gettext(messages.SOURCE_ITEM, lang).format(source=source, count=entry.count)
    topic = entry.topic or ""
    if not entry.regions:
        return gettext(messages.TOPIC_ITEM, lang).format(topic=topic, count=entry.count)
    places = [zh_place(r) for r in entry.regions] if lang is Language.ZH else list(entry.regions)
    regions = zh_list(places) if lang is Language.ZH else ", ".join(places)
    return gettext(messages.TOPIC_ITEM_IN, lang).format(
        topic=topic, count=entry.count, regions=regions
    )
