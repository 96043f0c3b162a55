"""Sending HTML replies within Telegram's limits, shared by the handlers."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, ReplyParameters, Update
from telegram.constants import ParseMode

from briefing.present.split import split_message
from handlers.context import Context


async def send_html(
    update: Update,
    context: Context,
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
