"""A group's migration to a supergroup: its digests follow it to the new chat id."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from briefing.chat_moves import follow_migration
from handlers.context import Context


async def on_migration(update: Update, context: Context) -> None:
    """Move the chat's subscriptions from the group's old id to the supergroup's."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await asyncio.to_thread(
        follow_migration, engine=context.bot_data.engine, old_chat_id=old, new_chat_id=new
    )


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    MessageHandler(filters.StatusUpdate.MIGRATE, on_migration),
]
