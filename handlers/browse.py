"""Listings: /metric, /initiative, /sources, /topics, a page or a topic or region at a time.

`/metrics 2` opens page 2, `/metrics Shandong` lists Shandong's metrics (a topic works too),
and other words after /metric or /initiative are a question. Every listed item is a button
that opens it: a fact is answered, a document shows its main facts, a topic lists its facts.
Callback data: `ls:<section>:<page>[:<topic or region>]` (a page, edited in place),
`so:<document slug>` (open a document), `tp:<topic>` (open a topic).
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from briefing.browse import browse_page
from briefing.focus import Focus, find_focus, read_listing_request
from briefing.latest import document_news
from briefing.present import commands, messages
from briefing.present.buttons import button_text, fact_label, source_label, topic_count_label
from briefing.present.commands import Command
from briefing.present.news import document_html
from briefing.present.pages import nothing_to_list_html, page_html
from briefing.present.replies import notice
from briefing.views import Page, Section
from core.language import Language
from handlers.context import Context
from handlers.keyboards import MAX_CALLBACK_BYTES, encode, facts_keyboard
from handlers.language import reply_language
from handlers.questions import answer_question
from handlers.replying import button_handler, edit_html, send_html
from handlers.updates import COMMAND_UPDATES

LISTING_CALLBACK = re.compile(r"^ls:(metrics|initiatives|sources|topics):(\d{1,4})(?::(.+))?$")
SOURCE_CALLBACK = re.compile(r"^so:(.+)$")
TOPIC_CALLBACK = re.compile(r"^tp:(.+)$")
DOCUMENT_FACTS = 8
"""Facts shown, each with its button, when a document is opened."""


def listing(command: Command, *, asks: bool) -> CommandHandler[Context, None]:
    """A listing command: a page, a topic or region, or (if `asks`) a question."""
    section = command.lists
    assert section is not None, f"/{command.name} lists nothing"

    async def callback(update: Update, context: Context) -> None:
        words = " ".join(context.args or ())
        request = read_listing_request(words, context.bot_data.briefing.index.entries)
        if request.question is not None and asks:
            await answer_question(update, context, request.question)
            return
        await show_listing(update, context, section, page=request.page, focus=request.focus)

    callback.__doc__ = f"List {section} (a page, or about a topic or region), or answer."
    return CommandHandler(command.names, callback, filters=COMMAND_UPDATES)


async def show_listing(
    update: Update,
    context: Context,
    section: str,
    *,
    page: int = 1,
    focus: Focus | None = None,
    edit: bool = False,
) -> None:
    """Send (or, for a page button, edit into place) a page of a listing with its buttons."""
    lang = reply_language(update, context)
    listing = browse_page(context.bot_data.briefing.index, section, page=page, focus=focus)
    if listing is None or not listing.items:
        first = browse_page(context.bot_data.briefing.index, section, focus=focus)
        if first is None or not first.items or edit:
            await send_html(update, context, nothing_to_list_html(section, lang=lang))
            return
        listing = first  # a page past the end shows the first, with its page buttons
    html, keyboard = page_html(listing, lang=lang), listing_keyboard(listing, lang)
    reply = edit_html if edit else send_html
    await reply(update, context, html, keyboard=keyboard)


def listing_keyboard(page: Page, lang: Language) -> InlineKeyboardMarkup | None:
    """A button per listed item (that opens it), then previous/next page buttons."""
    rows: list[list[InlineKeyboardButton]] = []
    for entry in page.entries:
        label, data = None, None
        if entry.fact is not None and entry.fact.id is not None:
            label, data = fact_label(entry.fact, lang=lang), encode("f", entry.fact.id)
        elif entry.source is not None:
            label, data = source_label(entry.source), f"so:{entry.source.slug}"
        elif entry.topic is not None:
            label, data = topic_count_label(entry.topic, entry.count), f"tp:{entry.topic}"
        if label and data and len(data.encode()) <= MAX_CALLBACK_BYTES:
            rows.append([InlineKeyboardButton(label, callback_data=data)])
    section = page.section or Section.METRICS
    navigation = []
    for number, label in (
        (page.number - 1, messages.PREVIOUS_PAGE_BUTTON),
        (page.number + 1, messages.NEXT_PAGE_BUTTON),
    ):
        data = f"ls:{section}:{number}" + (f":{page.focus}" if page.focus else "")
        if 1 <= number <= page.count and len(data.encode()) <= MAX_CALLBACK_BYTES:
            navigation.append(InlineKeyboardButton(button_text(label, lang), callback_data=data))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows) if rows else None


async def turn_page(
    update: Update, context: Context, query: CallbackQuery, match: re.Match[str]
) -> None:
    """Replace a listing message with another of its pages."""
    section, number, named = match.group(1), int(match.group(2)), match.group(3)
    entries = context.bot_data.briefing.index.entries
    focus = find_focus(named, entries) if named else None
    if named and focus is None:
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return
    await query.answer()
    await show_listing(update, context, section, page=number, focus=focus, edit=True)


async def open_source(
    update: Update, context: Context, query: CallbackQuery, match: re.Match[str]
) -> None:
    """Show a listed document: its citation and main facts, each a button."""
    if not await send_document(update, context, match.group(1)):
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return
    await query.answer()


async def send_document(update: Update, context: Context, slug: str) -> bool:
    """Send a document's card: its linked citation and main facts, each a button; False (and
    nothing sent) when the store holds no fact from it."""
    lang = reply_language(update, context)
    news = document_news(context.bot_data.briefing.index, slug, per_document=DOCUMENT_FACTS)
    if news is None:
        return False
    keyboard = facts_keyboard(news.facts, lang, limit=DOCUMENT_FACTS)
    await send_html(update, context, document_html(news, lang=lang), keyboard=keyboard)
    return True


async def open_topic(
    update: Update, context: Context, query: CallbackQuery, match: re.Match[str]
) -> None:
    """List a topic's metrics (its initiatives when it has no metric)."""
    index = context.bot_data.briefing.index
    focus = find_focus(match.group(1), index.entries)
    if focus is None:
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return
    await query.answer()
    metrics = browse_page(index, Section.METRICS, focus=focus)
    section = Section.METRICS if metrics is not None and metrics.items else Section.INITIATIVES
    await show_listing(update, context, section, focus=focus)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    listing(commands.METRIC, asks=True),
    listing(commands.INITIATIVE, asks=True),
    listing(commands.SOURCES, asks=False),
    listing(commands.TOPICS, asks=False),
    button_handler(LISTING_CALLBACK, turn_page),
    button_handler(SOURCE_CALLBACK, open_source),
    button_handler(TOPIC_CALLBACK, open_topic),
]
