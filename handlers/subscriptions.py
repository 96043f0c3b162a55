"""Digest subscriptions: /subscribe, /timezone, /subscriptions (buttons), /unsubscribe, /digest.

A button for a subscription that is gone gets a short answer, not an error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from briefing import subscriptions as subs
from briefing.digest import compose_for_chat
from briefing.present import commands, messages
from briefing.present.digests import digest_preview_html, fits
from briefing.present.replies import notice
from briefing.present.subscriptions import (
    subscribed_html,
    subscriptions_html,
    timezone_html,
    timezone_set_html,
    unsubscribed_html,
    usage_error_html,
)
from briefing.schedule import UsageError
from db.engine import Engine
from handlers.context import Context
from handlers.keyboards import (
    PAUSE,
    REMOVE,
    RESUME,
    SUBSCRIPTION_CALLBACK,
    subscriptions_keyboard,
)
from handlers.language import default_timezone, reply_language
from handlers.replying import send_html

_DONE = {PAUSE: messages.PAUSED, RESUME: messages.RESUMED, REMOVE: messages.REMOVED}

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def _answering_usage_errors(handler: Handler) -> Handler:
    """The handler, answering input it cannot use with the command's usage line."""

    @functools.wraps(handler)
    async def answering(update: Update, context: Context) -> None:
        try:
            await handler(update, context)
        except UsageError as exc:
            lang = reply_language(update, context)
            await send_html(update, context, usage_error_html(exc, lang=lang))

    return answering


@_answering_usage_errors
async def subscribe(update: Update, context: Context) -> None:
    """Subscribe this chat to a digest: /subscribe [daily|weekly] [HH:MM] [weekday] [topic]."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    view, created = subs.subscribe(
        engine=context.bot_data.engine,
        chat_id=chat.id,
        chat_type=chat.type,
        args=context.args or (),
        default_timezone=context.bot_data.settings.default_timezone,
        now=subs.utc_now(),
        language=lang,
    )
    await send_html(update, context, subscribed_html(view, created=created, lang=lang))


@_answering_usage_errors
async def timezone(update: Update, context: Context) -> None:
    """Show or set the chat's time zone: /timezone Area/City."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    engine, default = context.bot_data.engine, default_timezone(lang, context)
    if not context.args:
        zone = subs.chat_timezone(engine=engine, chat_id=chat.id, default_timezone=default)
        await send_html(update, context, timezone_html(zone, lang=lang))
        return
    zone, moved = subs.set_timezone(
        engine=engine,
        chat_id=chat.id,
        chat_type=chat.type,
        zone=" ".join(context.args),
        default_timezone=default,
        now=subs.utc_now(),
    )
    await send_html(update, context, timezone_set_html(zone, moved=moved, lang=lang))


async def list_subscriptions(update: Update, context: Context) -> None:
    """List the chat's subscriptions with pause, resume and remove buttons."""
    chat = update.effective_chat
    if chat is None:
        return
    views = subs.list_subscriptions(engine=context.bot_data.engine, chat_id=chat.id)
    lang = reply_language(update, context)
    html = subscriptions_html(views, lang=lang)
    await send_html(update, context, html, keyboard=subscriptions_keyboard(views, lang))


async def on_button(update: Update, context: Context) -> None:
    """Pause, resume or remove the subscription a button names, then refresh the list."""
    query, chat = update.callback_query, update.effective_chat
    match = SUBSCRIPTION_CALLBACK.match(query.data or "") if query else None
    if query is None or chat is None or match is None:
        return
    engine, action, target = context.bot_data.engine, match.group(1), int(match.group(2))
    done = _apply(engine, chat_id=chat.id, action=action, subscription_id=target)
    lang = reply_language(update, context)
    await query.answer(notice(_DONE[action] if done else messages.SUBSCRIPTION_GONE, lang=lang))
    if not done or query.message is None:
        return  # nothing changed: editing to the same text is a 400 from Telegram
    views = subs.list_subscriptions(engine=engine, chat_id=chat.id)
    await context.bot.edit_message_text(
        subscriptions_html(views, lang=lang),
        chat_id=chat.id,
        message_id=query.message.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=subscriptions_keyboard(views, lang),
    )


def _apply(engine: Engine, *, chat_id: int, action: str, subscription_id: int) -> bool:
    """Pause, resume or remove one of the chat's subscriptions; False if it has no such one."""
    if action == REMOVE:
        return subs.remove(engine=engine, chat_id=chat_id, subscription_id=subscription_id)
    changed = subs.set_active(
        engine=engine,
        chat_id=chat_id,
        subscription_id=subscription_id,
        active=action == RESUME,
        now=subs.utc_now(),
    )
    return changed is not None


async def unsubscribe(update: Update, context: Context) -> None:
    """Remove all of the chat's subscriptions."""
    chat = update.effective_chat
    if chat is None:
        return
    count = subs.unsubscribe_all(engine=context.bot_data.engine, chat_id=chat.id)
    lang = reply_language(update, context)
    await send_html(update, context, unsubscribed_html(count, lang=lang))


async def digest(update: Update, context: Context) -> None:
    """Preview the chat's next digest now (nothing is marked as sent)."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    preview = compose_for_chat(
        engine=context.bot_data.engine, chat_id=chat.id, now=subs.utc_now(), fits=fits(lang)
    )
    await send_html(update, context, digest_preview_html(preview, lang=lang))


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.SUBSCRIBE.names, subscribe),
    CommandHandler(commands.TIMEZONE.names, timezone),
    CommandHandler(commands.SUBSCRIPTIONS.names, list_subscriptions),
    CommandHandler(commands.UNSUBSCRIBE.names, unsubscribe),
    CommandHandler(commands.DIGEST.names, digest),
    CallbackQueryHandler(on_button, pattern=SUBSCRIPTION_CALLBACK),
]
