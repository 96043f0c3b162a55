"""Commands that need words after them: without any, the command's usage line is the reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import CommandHandler

from briefing.present.commands import Command
from briefing.present.replies import fixed_html
from handlers.context import Context
from handlers.language import reply_language
from handlers.replying import send_html
from handlers.updates import COMMAND_UPDATES

WordsCallback = Callable[[Update, Context, str], Awaitable[None]]
"""A command's handler given the words after the command, joined by spaces."""


def words_command(
    command: Command, usage_html: str, callback: WordsCallback
) -> CommandHandler[Context, None]:
    """A handler for `command` (new messages and channel posts: `COMMAND_UPDATES`) that passes
    the words after it to `callback`, or replies with `usage_html` (a `messages.X_USAGE_HTML`)
    when there are none."""

    async def handle(update: Update, context: Context) -> None:
        words = " ".join(context.args or ())
        if not words:
            lang = reply_language(update, context)
            await send_html(update, context, fixed_html(usage_html, lang=lang))
            return
        await callback(update, context, words)

    return CommandHandler(command.names, handle, filters=COMMAND_UPDATES)
