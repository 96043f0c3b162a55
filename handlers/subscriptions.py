"""Digest subscriptions: /subscribe, /timezone, /subscriptions (buttons), /unsubscribe, /digest.

Buttons carry `sub:<action>:<subscription id>` (action p=pause, r=resume, x=remove), far below
Telegram's 64 bytes. A button for a subscription that is gone gets a short answer, not an error.
"""

from __future__ import annotations

import re
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from briefing import subscriptions as subs
from briefing.digest import compose_for_chat, digest_text
from briefing.schedule import SUBSCRIBE_USAGE, TIMEZONE_USAGE, UsageError
from db.engine import Engine
from handlers.replying import ENGINE_KEY, SETTINGS_KEY, send_html

CALLBACK_PATTERN = re.compile(r"^sub:([prx]):(\d{1,12})$")
_ACTIONS = {"p": "Paused.", "r": "Resumed.", "x": "Removed."}


def _engine(context: ContextTypes.DEFAULT_TYPE) -> Engine:
    engine = context.bot_data[ENGINE_KEY]
    assert isinstance(engine, Engine)
    return engine


def _default_timezone(context: ContextTypes.DEFAULT_TYPE) -> str:
    # Read by attribute: handlers do not import the bot package (bot -> handlers -> briefing).
    zone = getattr(context.bot_data[SETTINGS_KEY], "default_timezone", "UTC")
    assert isinstance(zone, str)
    return zone


def subscriptions_keyboard(
    views: tuple[subs.SubscriptionView, ...],
) -> InlineKeyboardMarkup | None:
    """One row per subscription: pause or resume, and remove."""
    rows = [
        [
            InlineKeyboardButton(
                f"⏸ Pause {n}" if view.active else f"▶ Resume {n}",
                callback_data=f"sub:{'p' if view.active else 'r'}:{view.id}",
            ),
            InlineKeyboardButton(f"✖ Remove {n}", callback_data=f"sub:x:{view.id}"),
        ]
        for n, view in enumerate(views, 1)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe this chat to a digest: /subscribe [daily|weekly] [HH:MM] [weekday] [topic]."""
    chat = update.effective_chat
    if chat is None:
        return
    try:
        view, created = subs.subscribe(
            engine=_engine(context),
            chat_id=chat.id,
            chat_type=chat.type,
            args=context.args or (),
            default_timezone=_default_timezone(context),
            now=subs.utc_now(),
        )
    except UsageError as exc:
        await send_html(update, context, f"{escape(str(exc))}\n{escape(SUBSCRIBE_USAGE)}")
        return
    await send_html(update, context, subs.subscribed_html(view, created=created))


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show or set the chat's time zone: /timezone Area/City."""
    chat = update.effective_chat
    if chat is None:
        return
    engine, default = _engine(context), _default_timezone(context)
    if not context.args:
        zone = subs.chat_timezone(engine=engine, chat_id=chat.id, default_timezone=default)
        await send_html(update, context, f"Your time zone is {escape(zone)}.\n{TIMEZONE_USAGE}")
        return
    try:
        zone, moved = subs.set_timezone(
            engine=engine,
            chat_id=chat.id,
            chat_type=chat.type,
            zone=" ".join(context.args),
            default_timezone=default,
            now=subs.utc_now(),
        )
    except UsageError as exc:
        await send_html(update, context, escape(str(exc)))
        return
    await send_html(update, context, subs.timezone_set_html(zone, moved=moved))


async def list_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's subscriptions with pause, resume and remove buttons."""
    chat = update.effective_chat
    if chat is None:
        return
    views = subs.list_subscriptions(engine=_engine(context), chat_id=chat.id)
    html = subs.subscriptions_html(views)
    await send_html(update, context, html, keyboard=subscriptions_keyboard(views))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Pause, resume or remove the subscription a button names, then refresh the list."""
    query, chat = update.callback_query, update.effective_chat
    match = CALLBACK_PATTERN.match(query.data or "") if query else None
    if query is None or chat is None or match is None:
        return
    engine, action, target = _engine(context), match.group(1), int(match.group(2))
    if action == "x":
        done = subs.remove(engine=engine, chat_id=chat.id, subscription_id=target)
    else:
        done = (
            subs.set_active(
                engine=engine,
                chat_id=chat.id,
                subscription_id=target,
                active=action == "r",
                now=subs.utc_now(),
            )
            is not None
        )
    await query.answer(_ACTIONS[action] if done else "That subscription no longer exists.")
    if not done or query.message is None:
        return  # nothing changed: editing to the same text is a 400 from Telegram
    views = subs.list_subscriptions(engine=engine, chat_id=chat.id)
    await context.bot.edit_message_text(
        subs.subscriptions_html(views),
        chat_id=chat.id,
        message_id=query.message.message_id,
        parse_mode=ParseMode.HTML,
        reply_markup=subscriptions_keyboard(views),
    )


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove all of the chat's subscriptions."""
    chat = update.effective_chat
    if chat is None:
        return
    count = subs.unsubscribe_all(engine=_engine(context), chat_id=chat.id)
    await send_html(update, context, subs.unsubscribed_html(count))


async def digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Preview the chat's next digest now (nothing is marked as sent)."""
    chat = update.effective_chat
    if chat is None:
        return
    preview = compose_for_chat(engine=_engine(context), chat_id=chat.id, now=subs.utc_now())
    await send_html(update, context, preview.html or escape(digest_text(preview)))


COMMANDS: tuple[tuple[str, str], ...] = (
    ("subscribe", "Daily or weekly digest: /subscribe weekly 09:00 monday"),
    ("subscriptions", "Your digests, with pause, resume and remove"),
    ("timezone", "Set your time zone: /timezone Europe/London"),
    ("digest", "Preview your next digest now"),
    ("unsubscribe", "Stop all your digests"),
)

HANDLERS: list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]] = [
    CommandHandler("subscribe", subscribe),
    CommandHandler("timezone", timezone),
    CommandHandler("subscriptions", list_subscriptions),
    CommandHandler("unsubscribe", unsubscribe),
    CommandHandler("digest", digest),
    CallbackQueryHandler(on_button, pattern=CALLBACK_PATTERN),
]
