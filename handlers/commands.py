"""Commands: /start and /help (the listings are in `handlers.browse`)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from briefing.present import commands
from briefing.present.help import help_html, start_html
from briefing.present.pages import page_items
from handlers.context import Context
from handlers.keyboards import examples_keyboard
from handlers.language import reply_language
from handlers.replying import send_html

START_SOURCES = 5


async def start(update: Update, context: Context) -> None:
    """Greet the user with what the bot knows and example questions."""
    briefing = context.bot_data.briefing
    examples = briefing.example_questions()
    sources = briefing.browse("sources", page=1)
    user = update.effective_user
    lang = reply_language(update, context)
    html = start_html(
        user.first_name if user else None,
        examples,
        page_items(sources, lang=lang)[:START_SOURCES] if sources else (),
        lang=lang,
    )
    await send_html(update, context, html, keyboard=examples_keyboard(examples))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask and list the commands."""
    example = next(iter(context.bot_data.briefing.example_questions()), None)
    menu = commands.menu(context.bot_data.commands)
    lang = reply_language(update, context)
    html = help_html(context.bot.username or "", menu, example, lang=lang)
    await send_html(update, context, html)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    CommandHandler(commands.START.names, start, filters=filters.UpdateType.MESSAGE),
    CommandHandler(commands.HELP.names, help_command, filters=filters.UpdateType.MESSAGE),
]
