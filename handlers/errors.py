"""The one error handler: log what broke with its context, tell the user, keep running."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import ChatMigrated, Forbidden, TelegramError

from briefing.chat_moves import follow_migration
from briefing.present import messages
from briefing.present.replies import notice
from core.errors import StoreError
from handlers.context import Context
from handlers.language import typed_language, user_language

log = logging.getLogger(__name__)


def describe(update: object) -> str:
    """A short, token-free description of the update that failed."""
    if not isinstance(update, Update):
        return repr(update)[:200]
    chat = update.effective_chat
    user = update.effective_user
    message = update.effective_message
    parts = {
        "callback_query": update.callback_query,
        "inline_query": update.inline_query,
        "edited_message": update.edited_message,
        "message": update.message,
    }
    kind = next((name for name, part in parts.items() if part is not None), "update")
    text = (message.text or "")[:80] if message else ""
    return (
        f"update {update.update_id} ({kind}) chat={chat.id if chat else None} "
        f"user={user.id if user else None} text={text!r}"
    )


async def on_error(update: object, context: Context) -> None:
    """Log the exception with the update it came from and apologise to the user."""
    if isinstance(context.error, Forbidden):  # the user blocked the bot: nobody to tell
        log.info("not delivered, %s: %s", context.error.message, describe(update))
        return
    if isinstance(context.error, ChatMigrated) and isinstance(update, Update):
        await _follow(update, context, context.error.new_chat_id)
        return
    log.error("error handling %s", describe(update), exc_info=context.error)
    if not isinstance(update, Update):
        return
    # Not the chat's stored choice: the store may be what failed.
    wording = messages.CANNOT_STORE if isinstance(context.error, StoreError) else messages.ERROR
    sorry = notice(wording, lang=typed_language(update) or user_language(update))
    if update.callback_query is not None:
        await _quietly(update.callback_query.answer(sorry))
    if update.effective_chat is not None and update.inline_query is None:
        chat_id = update.effective_chat.id
        await _quietly(context.bot.send_message(chat_id, sorry, parse_mode=ParseMode.HTML))


async def _follow(update: Update, context: Context, new_chat_id: int) -> None:
    """A reply went to a group that became a supergroup: move the chat, ask there again."""
    chat = update.effective_chat
    if chat is None:
        return
    log.info("chat %s migrated to %s while replying", chat.id, new_chat_id)
    await asyncio.to_thread(
        follow_migration,
        engine=context.bot_data.engine,
        old_chat_id=chat.id,
        new_chat_id=new_chat_id,
    )
    sorry = notice(messages.ERROR, lang=typed_language(update) or user_language(update))
    await _quietly(context.bot.send_message(new_chat_id, sorry, parse_mode=ParseMode.HTML))


async def _quietly(request: Awaitable[object]) -> None:
    """Make a best-effort request; its failure is logged, never raised (the original is)."""
    try:
        await request
    except Forbidden:
        log.info("cannot apologise: the bot was blocked in this chat")
    except TelegramError as exc:
        log.warning("could not tell the user about the error: %s", exc)
