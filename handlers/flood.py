"""The one reply a flooding user gets: the fairness budget (`bot.fairness`) decides when."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from briefing.present import messages
from briefing.present.replies import notice, text_html
from handlers.language import typed_language, user_language


async def ask_to_slow_down(update: Update) -> None:
    """Tell the sender of an update over budget that some of their messages are skipped."""
    lang = typed_language(update) or user_language(update)
    if update.callback_query is not None:
        await update.callback_query.answer(notice(messages.SLOW_DOWN, lang=lang))
        return
    chat = update.effective_chat
    if chat is not None:
        await update.get_bot().send_message(
            chat.id, text_html(messages.SLOW_DOWN, lang=lang), parse_mode=ParseMode.HTML
        )
