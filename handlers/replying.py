"""Shared by handlers: the Briefing from bot_data, and sending HTML within Telegram limits."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from briefing.render import split_message
from briefing.service import Briefing

BRIEFING_KEY = "briefing"
ENGINE_KEY = "engine"
SETTINGS_KEY = "settings"
COMMANDS_KEY = "commands"  # (command, description) pairs registered with Telegram


def briefing_of(context: ContextTypes.DEFAULT_TYPE) -> Briefing:
    """The answering facade `build_application` put into bot_data."""
    briefing = context.bot_data[BRIEFING_KEY]
    assert isinstance(briefing, Briefing)
    return briefing


async def send_html(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    html: str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
    reply: bool = True,
) -> Message | None:
    """Send `html` to the update's chat, split at 4,096 characters; buttons go on the last part.

    In groups the first part replies to the user's message so the thread stays readable.
    """
    chat = update.effective_chat
    if chat is None:
        return None
    incoming = update.effective_message if reply and update.callback_query is None else None
    quote = None
    if incoming is not None and chat.type != chat.PRIVATE:
        quote = ReplyParameters(incoming.message_id, allow_sending_without_reply=True)
    parts = split_message(html)
    last: Message | None = None
    for index, part in enumerate(parts):
        last = await context.bot.send_message(
            chat.id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard if index == len(parts) - 1 else None,
            reply_parameters=quote if index == 0 else None,
        )
    return last
