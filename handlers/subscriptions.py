"""Digest subscriptions: /subscribe, /timezone, /subscriptions, /unsubscribe, /digest, buttons.

A chat's digests, time zone and language are changed by its user in private and by
administrators in groups (`handlers.permissions`); anyone may look at them. Buttons on the
/subscriptions list change a subscription in place (the message is edited); buttons under a
digest open the same choices in a new message. A button for a subscription that is gone, or
whose data was not made by the bot, gets a short answer, not an error.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import time
from html import escape
from typing import Any, NamedTuple, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from briefing import subscriptions as subs
from briefing.digest import compose_for_chat, compose_more, key_chart
from briefing.present import commands, messages
from briefing.present.digests import digest_preview_html, fits
from briefing.present.replies import notice
from briefing.present.subscriptions import (
    admins_only_digests_text,
    changed_note,
    no_such_digest_html,
    stopped_html,
    subscribed_html,
    subscription_prompt_html,
    subscriptions_html,
    timezone_html,
    timezone_set_html,
    unsubscribe_choice_html,
    unsubscribed_html,
    usage_error_html,
)
from briefing.schedule import UsageError
from core.language import Language
from handlers.charts import send_chart
from handlers.context import Context
from handlers.keyboards import (
    COMMON_ZONES,
    TIMEZONE_CALLBACK,
    DigestAction,
    SubscriptionAction,
    SubscriptionPress,
    confirm_remove_keyboard,
    day_keyboard,
    decode_digest,
    decode_subscription,
    digest_keyboard,
    subscriptions_keyboard,
    time_keyboard,
    timezone_keyboard,
    topic_keyboard,
    unsubscribe_keyboard,
)
from handlers.language import default_timezone, reply_language
from handlers.permissions import may_change_chat
from handlers.replying import edit_html, send_html
from handlers.updates import COMMAND_UPDATES

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]
Action = SubscriptionAction


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


async def _allowed(update: Update, context: Context) -> bool:
    """Whether the sender may change the chat's digests; if not, tell them why, briefly."""
    if await may_change_chat(update, context):
        return True
    text = admins_only_digests_text(lang=reply_language(update, context))
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await send_html(update, context, escape(text))
    return False


def _is_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type != chat.PRIVATE


@_answering_usage_errors
async def subscribe(update: Update, context: Context) -> None:
    """Subscribe this chat to a digest: /subscribe [daily|weekly] [HH:MM] [weekday] [topic]."""
    chat = update.effective_chat
    if chat is None or not await _allowed(update, context):
        return
    lang = reply_language(update, context)
    result = subs.subscribe(
        engine=context.bot_data.engine,
        chat_id=chat.id,
        chat_type=chat.type,
        args=context.args or (),
        default_timezone=context.bot_data.settings.default_timezone,
        now=context.bot_data.clock(),
        language=lang,
    )
    await send_html(update, context, subscribed_html(result, lang=lang))


@_answering_usage_errors
async def timezone(update: Update, context: Context) -> None:
    """Show the chat's time zone with buttons, or set it: /timezone Shanghai, UTC+8, Area/City."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    engine, default = context.bot_data.engine, default_timezone(lang, context)
    if not context.args:
        zone = subs.chat_timezone(engine=engine, chat_id=chat.id, default_timezone=default)
        keyboard = timezone_keyboard(zone)
        await send_html(update, context, timezone_html(zone, lang=lang), keyboard=keyboard)
        return
    if not await _allowed(update, context):
        return
    # In a thread: the first city name reads the GeoNames data (about a second).
    zone, moved = await asyncio.to_thread(
        functools.partial(
            subs.set_timezone,
            engine=engine,
            chat_id=chat.id,
            chat_type=chat.type,
            zone=" ".join(context.args),
            default_timezone=default,
            now=context.bot_data.clock(),
        )
    )
    await send_html(update, context, timezone_set_html(zone, moved=moved, lang=lang))


async def on_timezone_button(update: Update, context: Context) -> None:
    """Set the zone a /timezone button names, and tick it."""
    query, chat = update.callback_query, update.effective_chat
    match = TIMEZONE_CALLBACK.match(query.data or "") if query else None
    if query is None or chat is None:
        return
    lang = reply_language(update, context)
    if match is None or int(match["index"]) >= len(COMMON_ZONES):
        await query.answer(notice(messages.STALE_BUTTON, lang=lang))
        return
    if not await _allowed(update, context):
        return
    zone, moved = subs.set_timezone(
        engine=context.bot_data.engine,
        chat_id=chat.id,
        chat_type=chat.type,
        zone=COMMON_ZONES[int(match["index"])],
        default_timezone=default_timezone(lang, context),
        now=context.bot_data.clock(),
    )
    await query.answer()
    html = timezone_set_html(zone, moved=moved, lang=lang)
    await edit_html(update, context, html, keyboard=timezone_keyboard(zone))


async def list_subscriptions(update: Update, context: Context) -> None:
    """List the chat's subscriptions with buttons to change, pause, resume or remove each."""
    chat = update.effective_chat
    if chat is None:
        return
    html, keyboard = _listing(update, context)
    await send_html(update, context, html, keyboard=keyboard)


def _listing(
    update: Update, context: Context, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    chat = update.effective_chat
    assert chat is not None
    views = subs.list_subscriptions(engine=context.bot_data.engine, chat_id=chat.id)
    lang = reply_language(update, context)
    html = subscriptions_html(views, group=_is_group(update), note=note, lang=lang)
    return html, subscriptions_keyboard(views, lang)


_Press = TypeVar("_Press")


async def _decoded(
    update: Update, context: Context, decode: Callable[[str | None], _Press | None]
) -> tuple[CallbackQuery, int, _Press] | None:
    """A button press in a chat: its query, the chat's id and its data decoded by `decode`;
    None for no press, or when the data no longer decodes (the user is told it expired)."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return None
    press = decode(query.data)
    if press is None:
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return None
    return query, chat.id, press


async def on_button(update: Update, context: Context) -> None:
    """Act on a button of a /subscriptions or /unsubscribe message, editing it in place."""
    found = await _decoded(update, context, decode_subscription)
    if found is None:
        return
    query, chat_id, press = found
    lang = reply_language(update, context)
    if not await _allowed(update, context):
        return
    engine = context.bot_data.engine
    if press.action is Action.REMOVE_ALL:
        count = subs.unsubscribe_all(engine=engine, chat_id=chat_id)
        await query.answer()
        await edit_html(update, context, unsubscribed_html(count, lang=lang))
        return
    view = subs.get_view(engine=engine, chat_id=chat_id, subscription_id=press.subscription_id)
    if view is None:
        await query.answer(notice(messages.SUBSCRIPTION_GONE, lang=lang))
        return
    if press.action in _MENUS:
        prompt, keyboard = _menu(update, context, _MENUS[press.action], view)
        await query.answer()
        await edit_html(update, context, prompt, keyboard=keyboard)
        return
    changed, done = _change(update, context, press)
    if changed is None:
        taken = press.action is Action.SET_TOPIC
        await query.answer(
            notice(messages.TOPIC_TAKEN if taken else messages.SUBSCRIPTION_GONE, lang=lang)
        )
        return
    await query.answer(notice(done, lang=lang) if done else None)
    note = changed_note(changed, lang=lang) if press.action in _CHANGES else None
    listing, buttons = _listing(update, context, note)
    await edit_html(update, context, listing, keyboard=buttons)


class Menu(NamedTuple):
    """A choice offered for one subscription: its prompt and the keyboard that offers it."""

    prompt: str
    keyboard: Callable[[Context, subs.SubscriptionView, Language], InlineKeyboardMarkup]


def _topics_keyboard(
    context: Context, view: subs.SubscriptionView, lang: Language
) -> InlineKeyboardMarkup:
    return topic_keyboard(view, subs.known_topics(engine=context.bot_data.engine), lang)


TIME_MENU = Menu(messages.CHOOSE_TIME, lambda _, view, lang: time_keyboard(view, lang))
DAY_MENU = Menu(messages.CHOOSE_DAY, lambda _, view, lang: day_keyboard(view, lang))
TOPIC_MENU = Menu(messages.CHOOSE_TOPIC, _topics_keyboard)
REMOVE_MENU = Menu(
    messages.CONFIRM_REMOVE, lambda _, view, lang: confirm_remove_keyboard(view, lang)
)
_MENUS: dict[SubscriptionAction, Menu] = {
    Action.TIME_MENU: TIME_MENU,
    Action.DAY_MENU: DAY_MENU,
    Action.TOPIC_MENU: TOPIC_MENU,
    Action.ASK_REMOVE: REMOVE_MENU,
}


def _menu(
    update: Update, context: Context, menu: Menu, view: subs.SubscriptionView
) -> tuple[str, InlineKeyboardMarkup]:
    """`menu` for the subscription `view`: its prompt's HTML and its keyboard."""
    lang = reply_language(update, context)
    html = subscription_prompt_html(menu.prompt, view, lang=lang)
    return html, menu.keyboard(context, view, lang)


_CHANGES = frozenset({Action.SET_TIME, Action.SET_DAY, Action.SET_TOPIC})


def _change(
    update: Update, context: Context, press: SubscriptionPress
) -> tuple[subs.SubscriptionView | None, str | None]:
    """Apply a pause, resume, remove or change; the subscription after it and what to say."""
    chat = update.effective_chat
    assert chat is not None
    engine, target, now = context.bot_data.engine, press.subscription_id, context.bot_data.clock()
    action, value = press.action, press.value or ""
    if action is Action.BACK:
        return subs.get_view(engine=engine, chat_id=chat.id, subscription_id=target), None
    if action is Action.REMOVE:
        gone = subs.get_view(engine=engine, chat_id=chat.id, subscription_id=target)
        removed = subs.remove(engine=engine, chat_id=chat.id, subscription_id=target)
        return (gone if removed else None), messages.REMOVED
    if action in (Action.PAUSE, Action.RESUME):
        active = action is Action.RESUME
        view = subs.set_active(
            engine=engine, chat_id=chat.id, subscription_id=target, active=active, now=now
        )
        return view, messages.RESUMED if active else messages.PAUSED
    change = functools.partial(
        subs.change_schedule, engine=engine, chat_id=chat.id, subscription_id=target, now=now
    )
    if action is Action.SET_TIME:
        return change(local_time=time(int(value[:2]), int(value[2:]))), messages.CHANGED
    if action is Action.SET_DAY:
        if value == "daily":
            return change(daily=True), messages.CHANGED
        return change(weekday=int(value)), messages.CHANGED
    if value == "*":
        return change(all_topics=True), messages.CHANGED
    return change(topic=value), messages.CHANGED


async def on_digest_button(update: Update, context: Context) -> None:
    """Act on a button under a digest: pause it, or open its time, topic or stop choices."""
    found = await _decoded(update, context, decode_digest)
    if found is None:
        return
    query, chat_id, (action, target) = found
    lang = reply_language(update, context)
    if action is not DigestAction.MORE and not await _allowed(update, context):
        return
    engine = context.bot_data.engine
    view = subs.get_view(engine=engine, chat_id=chat_id, subscription_id=target)
    if view is None:
        await query.answer(notice(messages.SUBSCRIPTION_GONE, lang=lang))
        return
    if action is DigestAction.PAUSE:
        subs.set_active(
            engine=engine,
            chat_id=chat_id,
            subscription_id=target,
            active=False,
            now=context.bot_data.clock(),
        )
        await query.answer(notice(messages.PAUSED, lang=lang))
        return
    await query.answer()
    if action is DigestAction.MORE:
        more = await asyncio.to_thread(
            functools.partial(
                compose_more,
                engine=engine,
                chat_id=chat_id,
                subscription_id=target,
                fits=fits(lang),
                now=context.bot_data.clock(),
            )
        )
        keyboard = digest_keyboard(target, lang, more=more.more)
        await send_html(update, context, digest_preview_html(more, lang=lang), keyboard=keyboard)
        return
    menu = {
        DigestAction.TIME: TIME_MENU,
        DigestAction.TOPIC: TOPIC_MENU,
        DigestAction.STOP: REMOVE_MENU,
    }[action]
    html, keyboard = _menu(update, context, menu, view)
    await send_html(update, context, html, keyboard=keyboard)


async def unsubscribe(update: Update, context: Context) -> None:
    """Stop one digest: /unsubscribe TOPIC, /unsubscribe all; alone, ask which with buttons."""
    chat = update.effective_chat
    if chat is None or not await _allowed(update, context):
        return
    engine, lang = context.bot_data.engine, reply_language(update, context)
    views = subs.list_subscriptions(engine=engine, chat_id=chat.id)
    words = " ".join(context.args or ()).strip()
    if words.lower() in subs.ALL_WORDS:
        count = subs.unsubscribe_all(engine=engine, chat_id=chat.id)
        await send_html(update, context, unsubscribed_html(count, lang=lang))
        return
    keyboard = unsubscribe_keyboard(views, lang)
    if not words or len(views) == 0:
        await send_html(
            update, context, unsubscribe_choice_html(views, lang=lang), keyboard=keyboard
        )
        return
    found = subs.find_by_topic(views, words)
    if found is None:
        html = no_such_digest_html(words, views, lang=lang)
        await send_html(update, context, html, keyboard=keyboard)
        return
    subs.remove(engine=engine, chat_id=chat.id, subscription_id=found.id)
    await send_html(update, context, stopped_html(found, lang=lang))


async def digest(update: Update, context: Context) -> None:
    """Preview the chat's next digest now, with its chart (nothing is marked as sent)."""
    chat = update.effective_chat
    if chat is None:
        return
    lang = reply_language(update, context)
    preview = compose_for_chat(
        engine=context.bot_data.engine,
        chat_id=chat.id,
        now=context.bot_data.clock(),
        fits=fits(lang),
    )
    await send_html(update, context, digest_preview_html(preview, lang=lang))
    chart = key_chart(context.bot_data.briefing.index, preview) if not preview.empty else None
    if chart is not None:
        await send_chart(update, context, chart)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.SUBSCRIBE.names, subscribe, filters=COMMAND_UPDATES),
    CommandHandler(commands.TIMEZONE.names, timezone, filters=COMMAND_UPDATES),
    CommandHandler(commands.SUBSCRIPTIONS.names, list_subscriptions, filters=COMMAND_UPDATES),
    CommandHandler(commands.UNSUBSCRIBE.names, unsubscribe, filters=COMMAND_UPDATES),
    CommandHandler(commands.DIGEST.names, digest, filters=COMMAND_UPDATES),
    # Every sub:/dg:/tz: button comes here, forged ones included, to be refused by name.
    CallbackQueryHandler(on_button, pattern=r"^sub:"),
    CallbackQueryHandler(on_digest_button, pattern=r"^dg:"),
    CallbackQueryHandler(on_timezone_button, pattern=r"^tz:"),
]
