"""Sending HTML replies within Telegram's limits, shared by the handlers."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

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


async def edit_html(
    update: Update,
    context: Context,
    html: str,
    *,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace the pressed button's message with `html`; a message too old to edit (48 h) gets
    a new one instead, and a second tap on the same button changes nothing."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        await send_html(update, context, html, keyboard=keyboard)
        return
    try:
        await query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


ButtonCallback = Callable[[Update, Context, CallbackQuery, re.Match[str]], Awaitable[None]]
"""A button's handler: the update, the context, the pressed query and its data matched."""


def button_handler(
    pattern: re.Pattern[str], callback: ButtonCallback
) -> CallbackQueryHandler[Context, None]:
    """A handler for the buttons whose callback data `pattern` matches; `callback` gets the
    pressed query and the match."""

    async def handle(update: Update, context: Context) -> None:
        query = update.callback_query
        match = pattern.match(query.data or "") if query is not None else None
        if query is not None and match is not None:
            await callback(update, context, query, match)

    return CallbackQueryHandler(handle, pattern=pattern)


def _quote(update: Update) -> ReplyParameters | None:
    """In groups, a reply quotes the user's message so the thread stays readable."""
    chat, incoming = update.effective_chat, update.effective_message
    if chat is None or chat.type == chat.PRIVATE or update.callback_query is not None:
        return None
    if incoming is None:
        return None
    return ReplyParameters(incoming.message_id, allow_sending_without_reply=True)


async def send_photo(
    update: Update,
    context: Context,
    photo: bytes | str,
    caption_html: str,
    *,
    file_name: str = "chart.png",
) -> Message | None:
    """Send a PNG image (or a photo Telegram holds, by file id) to the update's chat with an
    HTML caption (at most 1,024 characters)."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_photo(
        chat.id,
        InputFile(photo, filename=file_name) if isinstance(photo, bytes) else photo,
        caption=caption_html,
        parse_mode=ParseMode.HTML,
        reply_parameters=_quote(update),
    )


async def send_document(
    update: Update,
    context: Context,
    content: bytes,
    file_name: str,
    caption: str,
) -> Message | None:
    """Send a file to the update's chat with a plain-text caption."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_document(
        chat.id,
        InputFile(content, filename=file_name),
        caption=caption,
        reply_parameters=_quote(update),
    )
