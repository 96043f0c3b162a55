"""/export [topic or region]: the matching facts as a CSV file, with their sources."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from briefing.export import csv_bytes, export_facts
from briefing.present import commands, messages
from briefing.present.i18n import gettext
from briefing.present.news import export_caption, export_file_name
from handlers.context import Context
from handlers.language import reply_language
from handlers.replying import send_document, send_html
from handlers.updates import COMMAND_UPDATES


async def export(update: Update, context: Context) -> None:
    """Send the facts about the topic or region named (all facts without one) as a CSV file."""
    lang = reply_language(update, context)
    about = " ".join(context.args or ())
    found = await asyncio.to_thread(export_facts, context.bot_data.engine, about)
    if found is None:
        unknown = gettext(messages.EXPORT_UNKNOWN, lang).format(value=f"“{about}”")
        await send_html(update, context, escape(unknown))
        return
    if not found.facts:
        await send_html(update, context, escape(gettext(messages.EXPORT_NOTHING, lang)))
        return
    caption = export_caption(found.focus, len(found.facts), lang=lang)
    content = csv_bytes(found.facts)
    await send_document(update, context, content, export_file_name(found.focus), caption)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.EXPORT.names, export, filters=COMMAND_UPDATES),
]
