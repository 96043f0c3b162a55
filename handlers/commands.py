"""Commands: /start, /help, and the browsable listings /metric, /initiative, /sources, /topics."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from briefing.present import commands
from briefing.present.commands import Command
from briefing.present.help import help_html, start_html
from briefing.present.pages import nothing_to_list_html, page_html, page_items
from handlers.context import Context
from handlers.keyboards import examples_keyboard, page_keyboard
from handlers.language import reply_language
from handlers.questions import answer_question
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
