"""The reply language: which one an update gets, and /language to choose it for the chat.

A reply is in Chinese when the user wrote Chinese; otherwise in the chat's chosen language
(`/language en|zh`, or the one it subscribed in); otherwise in the user's Telegram language.
In groups only administrators may choose (`handlers.permissions`), since the choice holds
for everyone there.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from briefing import subscriptions as subs
from briefing.present import commands
from briefing.present.languages import (
    admins_only_html,
    admins_only_text,
    language_html,
    language_set_html,
    language_usage_html,
)
from core.language import Language, from_telegram_code, has_chinese, parse_language
from handlers.context import Context
from handlers.keyboards import LANGUAGE_CALLBACK, language_keyboard
from handlers.permissions import may_change_chat
from handlers.replying import send_html
from handlers.updates import COMMAND_UPDATES


def user_language(update: Update) -> Language:
    """The language of the user's Telegram app (English for one the bot does not speak)."""
    user = update.effective_user
    return from_telegram_code(user.language_code if user is not None else None)


def typed_language(update: Update) -> Language | None:
    """Chinese if the user wrote Chinese (a message or channel post, a command's words, an
    inline query)."""
    message = update.message or update.edited_message or update.channel_post
    typed = message.text if message is not None else None
    if typed is None and update.inline_query is not None:
        typed = update.inline_query.query
    return Language.ZH if typed and has_chinese(typed) else None


def reply_language(update: Update, context: Context) -> Language:
    """The language to reply to this update in."""
    typed = typed_language(update)
    if typed is not None:
        return typed
    chat = update.effective_chat
    if chat is not None:
        chosen = subs.chat_language(engine=context.bot_data.engine, chat_id=chat.id)
        if chosen is not None:
            return chosen
    return user_language(update)


def default_timezone(lang: Language, context: Context) -> str:
    """The time zone of a chat in `lang` that has not set one."""
    return subs.default_timezone_for(lang, context.bot_data.settings.default_timezone)


async def language(update: Update, context: Context) -> None:
    """Show the chat's reply language with buttons, or set it: /language en|zh."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    if not context.args:
        chosen = subs.chat_language(engine=context.bot_data.engine, chat_id=chat.id)
        html = language_html(chosen, user_language(update), lang=lang)
        await send_html(update, context, html, keyboard=language_keyboard(chosen or lang))
        return
    wanted = parse_language(" ".join(context.args))
    if wanted is None:
        await send_html(update, context, language_usage_html(" ".join(context.args), lang=lang))
        return
    if not await may_change_chat(update, context):
        await send_html(update, context, admins_only_html(lang=lang))
        return
    _store(update, context, wanted)
    await send_html(update, context, language_set_html(wanted))


async def on_button(update: Update, context: Context) -> None:
    """Set the language a /language button names, and tick it."""
    query, chat = update.callback_query, update.effective_chat
    match = LANGUAGE_CALLBACK.match(query.data or "") if query else None
    if query is None or chat is None or match is None:
        return
    wanted = Language(match.group(1))
    if not await may_change_chat(update, context):
        await query.answer(admins_only_text(lang=reply_language(update, context)), show_alert=True)
        return
    _store(update, context, wanted)
    await query.answer()
    if query.message is None:
        return
    try:
        await context.bot.edit_message_text(
            language_set_html(wanted),
            chat_id=chat.id,
            message_id=query.message.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=language_keyboard(wanted),
        )
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():  # a second tap on the same language
            raise


def _store(update: Update, context: Context, wanted: Language) -> None:
    chat = update.effective_chat
    assert chat is not None
    subs.set_chat_language(
        engine=context.bot_data.engine,
        chat_id=chat.id,
        chat_type=chat.type,
        language=wanted,
        default_timezone=context.bot_data.settings.default_timezone,
        now=context.bot_data.clock(),
    )


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.LANGUAGE.names, language, filters=COMMAND_UPDATES),
    CallbackQueryHandler(on_button, pattern=LANGUAGE_CALLBACK),
]
