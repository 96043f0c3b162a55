"""News and search: /latest (the newest documents) and /search WORDS, with page buttons.

Callback data of a search page: `sr:<page>:<the search as run>` (searches are cut to fit,
`briefing.search.MAX_QUERY_BYTES`), so a page button works without remembering anything.
"""

from __future__ import annotations

import asyncio
import re

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CommandHandler

from briefing.latest import latest_documents
from briefing.present import commands, messages
from briefing.present.buttons import button_text, source_label
from briefing.present.news import latest_html, search_html
from briefing.search import SearchPage, search_passages
from core.language import Language
from handlers.context import Context
from handlers.language import reply_language
from handlers.replying import button_handler, edit_html, send_html
from handlers.updates import COMMAND_UPDATES
from handlers.usage import words_command

SEARCH_CALLBACK = re.compile(r"^sr:(\d{1,3}):(.+)$")


async def latest(update: Update, context: Context) -> None:
    """Show the newest documents with their main facts, each document a button."""
    lang = reply_language(update, context)
    news = latest_documents(context.bot_data.briefing.index)
    rows = [
        [InlineKeyboardButton(source_label(item.source), callback_data=f"so:{item.source.slug}")]
        for item in news
        if len(f"so:{item.source.slug}".encode()) <= 64
    ]
    keyboard = InlineKeyboardMarkup(rows) if rows else None
    await send_html(update, context, latest_html(news, lang=lang), keyboard=keyboard)


async def search(update: Update, context: Context, words: str) -> None:
    """Search every document for `words`."""
    lang = reply_language(update, context)
    page = await asyncio.to_thread(search_passages, context.bot_data.engine, words)
    keyboard = search_keyboard(page, lang)
    await send_html(update, context, search_html(page, lang=lang), keyboard=keyboard)


async def turn_search_page(
    update: Update, context: Context, query: CallbackQuery, match: re.Match[str]
) -> None:
    """Replace a search results message with another of its pages."""
    await query.answer()
    lang = reply_language(update, context)
    engine = context.bot_data.engine
    page = await asyncio.to_thread(
        search_passages, engine, match.group(2), page=int(match.group(1))
    )
    await edit_html(
        update, context, search_html(page, lang=lang), keyboard=search_keyboard(page, lang)
    )


def search_keyboard(page: SearchPage, lang: Language) -> InlineKeyboardMarkup | None:
    """Previous/next buttons for a page of search results; None when there is one page."""
    row = [
        InlineKeyboardButton(button_text(label, lang), callback_data=f"sr:{number}:{page.query}")
        for number, label in (
            (page.number - 1, messages.PREVIOUS_PAGE_BUTTON),
            (page.number + 1, messages.NEXT_PAGE_BUTTON),
        )
        if 1 <= number <= page.count
    ]
    return InlineKeyboardMarkup([row]) if row else None


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.LATEST.names, latest, filters=COMMAND_UPDATES),
    words_command(commands.SEARCH, messages.SEARCH_USAGE_HTML, search),
    button_handler(SEARCH_CALLBACK, turn_search_page),
]
