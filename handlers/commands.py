"""Commands: /start and its deep links, /help, and the listings (metrics, sources, topics)."""

from __future__ import annotations

import re
from html import escape

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from briefing import subscriptions as subs
from briefing.digest import compose_topic_preview
from briefing.present import commands, messages
from briefing.present.answers import answer_html
from briefing.present.commands import Command
from briefing.present.digests import fits, topic_preview_html
from briefing.present.help import help_html, start_html
from briefing.present.i18n import gettext
from briefing.present.pages import nothing_to_list_html, page_html
from handlers import subscriptions
from handlers.context import Context
from handlers.keyboards import examples_keyboard, fact_keyboard, page_keyboard
from handlers.language import reply_language
from handlers.questions import answer_question, picked_answer
from handlers.replying import send_html

START_EXAMPLES = 3
"""How many example questions /start offers as buttons."""

DEEP_LINK = re.compile(
    r"^(?:(?P<subscribe>subscribe)|ask_(?P<fact>\d{1,12})|topic_(?P<slug>[\w-]{1,60}))$"
)
"""`t.me/<bot>?start=subscribe`, `start=ask_<fact id>`, `start=topic_<slug>`."""


async def start(update: Update, context: Context) -> None:
    """Greet the user in a few lines with example buttons; follow a deep link's payload."""
    payload = " ".join(context.args or ())
    link = DEEP_LINK.match(payload) if payload else None
    if link is not None and await _follow(update, context, link):
        return
    lang = reply_language(update, context)
    if payload:
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
        html = answer_html(picked_answer(fact), lang=lang)
        await send_html(update, context, html, keyboard=fact_keyboard(fact, lang))
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


async def show_page(update: Update, context: Context, section: str, page: int = 1) -> None:
    """Send a page of a listing with its previous/next buttons."""
    listing = context.bot_data.briefing.browse(section, page=page)
    lang = reply_language(update, context)
    if listing is None or not listing.items:
        await send_html(update, context, nothing_to_list_html(section, lang=lang))
        return
    keyboard = page_keyboard(section, listing, lang)
    await send_html(update, context, page_html(listing, lang=lang), keyboard=keyboard)


def listing(command: Command, *, asks: bool) -> CommandHandler[Context, None]:
    """A command that lists its section, or (if `asks`) answers the question after it."""
    section = command.lists
    assert section is not None, f"/{command.name} lists nothing"

    async def callback(update: Update, context: Context) -> None:
        question = " ".join(context.args or ())
        if asks and question:
            await answer_question(update, context, question)
        else:
            await show_page(update, context, section)

    callback.__doc__ = f"List {section}, or answer the question after the command."
    return CommandHandler(command.names, callback, filters=filters.UpdateType.MESSAGE)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.START.names, start, filters=filters.UpdateType.MESSAGE),
    CommandHandler(commands.HELP.names, help_command, filters=filters.UpdateType.MESSAGE),
    listing(commands.METRIC, asks=True),
    listing(commands.INITIATIVE, asks=True),
    listing(commands.SOURCES, asks=False),
    listing(commands.TOPICS, asks=False),
]
