"""Commands: /start, /help, and the browsable listings /metric, /initiative, /sources, /topics."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, filters

from briefing.render import page_html
from handlers import texts
from handlers.keyboards import examples_keyboard, page_keyboard
from handlers.questions import answer_question
from handlers.replying import COMMANDS_KEY, briefing_of, send_html

START_SOURCES = 5


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the user with what the bot knows and example questions."""
    briefing = briefing_of(context)
    examples = briefing.example_questions()
    sources = briefing.browse("sources", page=1)
    user = update.effective_user
    html = texts.start_html(
        user.first_name if user else None,
        examples,
        sources.items[:START_SOURCES] if sources else (),
    )
    await send_html(update, context, html, keyboard=examples_keyboard(examples))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask and list the commands."""
    commands = context.bot_data.get(COMMANDS_KEY, texts.COMMANDS)
    example = next(iter(briefing_of(context).example_questions()), None)
    html = texts.help_html(context.bot.username or "", commands, example)
    await send_html(update, context, html)


async def show_page(
    update: Update, context: ContextTypes.DEFAULT_TYPE, section: str, page: int = 1
) -> None:
    """Send the first page of a listing with its previous/next buttons."""
    listing = briefing_of(context).browse(section, page=page)
    if listing is None or not listing.items:
        await send_html(update, context, f"Nothing to list under {section} yet.")
        return
    await send_html(update, context, page_html(listing), keyboard=page_keyboard(section, listing))


def listing(section: str, *, asks: bool) -> CommandHandler[ContextTypes.DEFAULT_TYPE, None]:
    """A command that lists `section`, or (if `asks`) answers the question after it."""

    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        question = " ".join(context.args or ())
        if asks and question:
            await answer_question(update, context, question)
        else:
            await show_page(update, context, section)

    callback.__doc__ = f"List {section}, or answer the question after the command."
    # /metric and /initiative, with the plural the answer texts mention as an alias
    names = [section.removesuffix("s"), section] if asks else [section]
    return CommandHandler(names, callback, filters=filters.UpdateType.MESSAGE)


HANDLERS: list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]] = [
    CommandHandler("start", start, filters=filters.UpdateType.MESSAGE),
    CommandHandler("help", help_command, filters=filters.UpdateType.MESSAGE),
    listing("metrics", asks=True),  # /metric
    listing("initiatives", asks=True),  # /initiative
    listing("sources", asks=False),
    listing("topics", asks=False),
]
