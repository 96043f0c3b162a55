"""Long replies are split under 4,096 characters with the buttons on the last part."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackContext

from handlers.replying import send_html
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer


async def test_a_long_reply_is_split_and_keeps_its_buttons_last(
    botapi: BotApiServer, app: AnyApplication
) -> None:
    update = Update.de_json(botapi.send_text("hi", chat_id=61), app.bot)
    paragraph = "<b>Figure</b> &amp; " + "words " * 150 + "\n\n"
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Source", callback_data="src:1")]])
    context = CallbackContext.from_update(update, app)
    await send_html(update, context, paragraph * 10, keyboard=keyboard)
    parts = botapi.sent_to(61)
    assert len(parts) >= 3 and all(len(p.text) <= 4096 for p in parts)
    assert [bool(p.buttons()) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert sum(p.text.count("Figure") for p in parts) == 10
    assert botapi.client_errors() == []
