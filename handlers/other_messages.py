"""Everything that is not a question: stickers, media, files, edits and unknown commands.

Private chats get a short pointer to what works; in groups these are ignored, so the bot never
chats over people.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from briefing.present import messages
from briefing.present.replies import fixed_html, text_html, unknown_command_html
from handlers.context import Context
from handlers.language import reply_language
from handlers.replying import send_html

PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE


async def on_non_text(update: Update, context: Context) -> None:
    """Say that only text questions are understood."""
    html = fixed_html(messages.NON_TEXT_HTML, lang=reply_language(update, context))
    await send_html(update, context, html)


async def on_document(update: Update, context: Context) -> None:
    """Say that files are not read here."""
    html = text_html(messages.DOCUMENT, lang=reply_language(update, context))
    await send_html(update, context, html)


async def on_edited(update: Update, context: Context) -> None:
    """Ask for the corrected question as a new message."""
    html = text_html(messages.EDITED, lang=reply_language(update, context))
    await send_html(update, context, html)


async def on_unknown_command(update: Update, context: Context) -> None:
    """Point to /help for a command the bot does not have."""
    message = update.effective_message
    command = (message.text or "/").split()[0] if message else "/"
    html = unknown_command_html(command, lang=reply_language(update, context))
    await send_html(update, context, html)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    MessageHandler(NEW & PRIVATE & filters.COMMAND, on_unknown_command),
    MessageHandler(NEW & PRIVATE & filters.Document.ALL, on_document),
    MessageHandler(NEW & PRIVATE & ~filters.TEXT, on_non_text),
    MessageHandler(filters.UpdateType.EDITED_MESSAGE & PRIVATE, on_edited),
]
