"""Commands: /start and its deep links, /help (the listings are in `handlers.browse`)."""

from __future__ import annotations

import re
from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from briefing import subscriptions as subs
from briefing.charts import chart_for_answer
from briefing.digest import compose_topic_preview
from briefing.present import commands, messages
from briefing.present.answers import answer_html
from briefing.present.digests import fits, topic_preview_html
from briefing.present.help import help_html, start_html
from briefing.present.i18n import gettext
from handlers import subscriptions
from handlers.context import Context
from handlers.keyboards import answer_keyboard, examples_keyboard
from handlers.language import reply_language
from handlers.questions import picked_answer
from handlers.replying import send_html
from handlers.updates import COMMAND_UPDATES

START_EXAMPLES = 3
"""How many example questions /start offers as buttons."""

DEEP_LINK = re.compile(
    r"^(?:(?P<subscribe>subscribe)|ask_(?P<fact>\d{1,12})|topic_(?P<slug>[\w-]{1,60}))$"
)
"""`t.me/<bot>?start=subscribe`, `start=ask_<fact id>`, `start=topic_<slug>`."""


async def start(update: Update, context: Context) -> None:
    """Greet the user in a few lines with example buttons; follow a deep link's payload.

    A link whose fact or topic is gone says so before the greeting; any other payload (such as
    `inline`, sent by the inline mode's "open the bot" button) is a plain greeting."""
    payload = " ".join(context.args or ())
    link = DEEP_LINK.match(payload) if payload else None
    if link is not None and await _follow(update, context, link):
        return
    lang = reply_language(update, context)
    if link is not None:
        await send_html(update, context, escape(gettext(messages.UNKNOWN_DEEP_LINK, lang)))
    user = update.effective_user
    examples = context.bot_data.briefing.example_questions()[:START_EXAMPLES]
    html = start_html(user.first_name if user else None, lang=lang)
    await send_html(update, context, html, keyboard=examples_keyboard(examples))


async def _follow(update: Update, context: Context, link: re.Match[str]) -> bool:
    """Do what a deep link asks; False if what it names is gone."""
    lang = reply_language(update, context)
    if link["subscribe"]:
        context.args = []
        await subscriptions.subscribe(update, context)
        return True
    if link["fact"]:
        fact = context.bot_data.briefing.fact(int(link["fact"]))
        if fact is None:
            return False
        picked = picked_answer(fact)
        chart = chart_for_answer(context.bot_data.briefing.index, picked) is not None
        keyboard = answer_keyboard(picked, lang, chart=chart)
        await send_html(update, context, answer_html(picked, lang=lang), keyboard=keyboard)
        return True
    engine, chat = context.bot_data.engine, update.effective_chat
    topic = subs.topic_for_slug(engine=engine, slug=link["slug"])
    if topic is None or chat is None:
        return False
    preview = compose_topic_preview(
        engine=engine, chat_id=chat.id, topic=topic, now=context.bot_data.clock(), fits=fits(lang)
    )
    await send_html(update, context, topic_preview_html(preview, topic, lang=lang))
    return True


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask and list the commands."""
    example = next(iter(context.bot_data.briefing.example_questions()), None)
    menu = commands.menu(context.bot_data.commands)
    lang = reply_language(update, context)
    html = help_html(context.bot.username or "", menu, example, lang=lang)
    await send_html(update, context, html)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.START.names, start, filters=COMMAND_UPDATES),
    CommandHandler(commands.HELP.names, help_command, filters=COMMAND_UPDATES),
]
