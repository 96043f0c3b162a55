"""Inline mode: `@bot question` in any chat offers answer cards to share, 20 to a page.

The first page holds the best 20 cards; Telegram asks for the next with the `next_offset` it
was given. When nothing matches, a button opens a private chat with the bot instead.
"""

from __future__ import annotations

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, InlineQueryHandler

from briefing.inline import inline_answers
from briefing.present import messages
from briefing.present.answers import answer_html
from briefing.present.buttons import button_text
from briefing.present.inline import card_description, card_title
from briefing.present.split import split_message
from briefing.views import Answer
from core.language import Language
from handlers.context import Context
from handlers.language import reply_language
from handlers.questions import MAX_QUESTION_CHARS

CARDS_PER_PAGE = 20
EXAMPLE_CARDS = 5
CACHE_SECONDS = 60
START_PARAMETER = "inline"
"""The /start payload of the "open the bot" button (t.me/<bot>?start=inline)."""


def answer_card(answer: Answer, result_id: str, lang: Language) -> InlineQueryResultArticle:
    """One shareable card: a plain-text title and preview, the HTML answer as the message."""
    message = InputTextMessageContent(
        split_message(answer_html(answer, lang=lang))[0],
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    return InlineQueryResultArticle(
        result_id,
        card_title(answer, lang=lang),
        message,
        description=card_description(answer, lang=lang),
    )


def page_of_cards(
    answers: list[Answer], offset: int, lang: Language
) -> tuple[list[InlineQueryResultArticle], str | None]:
    """The cards from `offset` on (at most CARDS_PER_PAGE), and the next page's offset (None
    on the last page: Telegram then asks for no more)."""
    page = answers[offset : offset + CARDS_PER_PAGE]
    cards = [answer_card(a, f"c{offset + i}", lang) for i, a in enumerate(page)]
    following = offset + CARDS_PER_PAGE
    return cards, str(following) if following < len(answers) else None


async def on_inline_query(update: Update, context: Context) -> None:
    """Answer an inline query with cards (example questions while the query is empty)."""
    query = update.inline_query
    if query is None:
        return
    briefing = context.bot_data.briefing
    lang = reply_language(update, context)
    text = " ".join(query.query.split())[:MAX_QUESTION_CHARS]
    if text:
        answers = inline_answers(briefing, text)
    else:
        examples = briefing.example_questions()[:EXAMPLE_CARDS]
        answers = [a for a in map(briefing.answer, examples) if a.matched]
    offset = int(query.offset) if query.offset.isdigit() else 0
    cards, next_offset = page_of_cards(answers, offset, lang)
    button = None
    if not answers:
        label = button_text(messages.OPEN_BOT_BUTTON, lang)
        button = InlineQueryResultsButton(label, start_parameter=START_PARAMETER)
    # Personal: the cards are in the user's language, so Telegram must not serve them to others.
    await query.answer(
        cards,
        cache_time=CACHE_SECONDS,
        is_personal=True,
        next_offset=next_offset,
        button=button,
    )


HANDLERS: list[BaseHandler[Update, Context, None]] = [InlineQueryHandler(on_inline_query)]
