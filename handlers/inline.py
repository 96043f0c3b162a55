"""Inline mode: `@bot question` in any chat offers answer cards to share."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, InlineQueryHandler

from briefing.present.answers import answer_html, card_preview
from briefing.present.split import split_message
from briefing.views import Answer
from core.language import Language
from handlers.context import Context
from handlers.language import reply_language
from handlers.questions import MAX_QUESTION_CHARS, picked_answer

MAX_CARDS = 3
CACHE_SECONDS = 60


def answer_card(answer: Answer, result_id: str, lang: Language) -> InlineQueryResultArticle:
    """One shareable card: a plain-text title and preview, the HTML answer as the message."""
    title, description = card_preview(answer, lang=lang)
    message = InputTextMessageContent(
        split_message(answer_html(answer, lang=lang))[0],
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    return InlineQueryResultArticle(result_id, title, message, description=description)


def cards_for(answers: list[Answer], lang: Language) -> list[InlineQueryResultArticle]:
    """Cards for answered questions; a "did you mean" becomes one card per candidate."""
    picked: list[Answer] = []
    for answer in answers:
        if answer.matched:
            picked.append(answer)
        else:
            picked += [picked_answer(alt) for alt in answer.alternatives]
    return [answer_card(a, f"c{i}", lang) for i, a in enumerate(picked[:MAX_CARDS])]


async def on_inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with cards (example questions while the query is empty)."""
    query = update.inline_query
    if query is None:
        return
    briefing = context.bot_data.briefing
    text = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    questions = [text] if text else list(briefing.example_questions()[:MAX_CARDS])
    cards = cards_for([briefing.answer(q) for q in questions], reply_language(update, context))
    # Personal: the cards are in the user's language, so Telegram must not serve them to others.
    await query.answer(cards, cache_time=CACHE_SECONDS, is_personal=True)


HANDLERS: list[BaseHandler[Update, Context, None]] = [InlineQueryHandler(on_inline_query)]
