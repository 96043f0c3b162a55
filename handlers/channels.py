"""In a channel, the buttons are its administrators': what a press does, every reader sees.

Commands in a channel come as channel posts, which only its administrators can make
(`handlers.updates`). Everything the bot posts there, buttons included, every reader sees, and
any reader can press those buttons. What a press would do (post a page, a chart, "… and N
more"; edit a listing; change a digest) reaches every reader, so in a channel only
administrators' presses are acted on: `only_administrators_press` runs before every other
handler and answers a reader's press with a short alert.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, CallbackQueryHandler

from briefing.present import messages
from briefing.present.replies import notice
from handlers.context import Context
from handlers.language import reply_language
from handlers.permissions import may_change_chat


async def only_administrators_press(update: Update, context: Context) -> None:
    """Stop a channel reader's button press here, with an alert; let every other one through."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None or chat.type != chat.CHANNEL:
        return
    if await may_change_chat(update, context):
        return
    text = notice(messages.CHANNEL_BUTTONS_ADMINS_ONLY, lang=reply_language(update, context))
    await query.answer(text, show_alert=True)
    raise ApplicationHandlerStop


GATE: list[BaseHandler[Update, Context, None]] = [CallbackQueryHandler(only_administrators_press)]
"""Handlers of the group tried before all others (`bot.app.build_application`)."""
