"""Inline buttons: "did you mean" choices, source citations, related facts, pages, examples."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from briefing.charts import chart_for_answer
from briefing.present import messages
from briefing.present.answers import answer_html, related_html
from briefing.present.pages import page_html
from briefing.present.replies import notice
from core.facts import Fact
from core.language import Language
from handlers.browse import send_document
from handlers.context import Context
from handlers.keyboards import (
    Callback,
    answer_keyboard,
    decode,
    example_key,
    facts_keyboard,
    page_keyboard,
)
from handlers.language import reply_language
from handlers.questions import answer_question, picked_answer
from handlers.replying import edit_html, send_html


async def on_button(update: Update, context: Context) -> None:
    """Route a button press by its callback data; expired buttons get a polite notice."""
    query = update.callback_query
    if query is None:
        return
    callback = decode(query.data)
    if callback is None:
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return
    await ACTIONS[callback.kind](update, context, query, callback)


async def show_fact(update: Update, context: Context, fact: Fact, lang: Language) -> None:
    """Answer the fact the user picked."""
    picked = picked_answer(fact)
    chart = chart_for_answer(context.bot_data.briefing.index, picked) is not None
    keyboard = answer_keyboard(picked, lang, chart=chart)
    await send_html(update, context, answer_html(picked, lang=lang), keyboard=keyboard)


async def show_source(
    update: Update, context: Context, query: CallbackQuery, cb: Callback
) -> None:
    """Open the document a fact comes from: its citation and what else it says (the answer
    already shows the fact's own sentence)."""
    fact = context.bot_data.briefing.fact(int(cb.target))
    if fact is None or not await send_document(update, context, fact.source.slug):
        await query.answer(notice(messages.GONE_FACT, lang=reply_language(update, context)))
        return
    await query.answer()


async def show_related(update: Update, context: Context, fact: Fact, lang: Language) -> None:
    """Send facts related to a fact, each with a button to answer it."""
    related = context.bot_data.briefing.related(fact.stored_id, limit=3)
    html = related_html(fact, related, lang=lang)
    await send_html(update, context, html, keyboard=facts_keyboard(related, lang))


FACT_ACTIONS: dict[str, Callable[[Update, Context, Fact, Language], Awaitable[None]]] = {
    "f": show_fact,
    "rel": show_related,
}
"""What a button that names a fact does with it, by the button's kind (the source button
answers its press itself: only once the document is sent)."""


async def on_fact(update: Update, context: Context, query: CallbackQuery, cb: Callback) -> None:
    """Do what a fact's button says; a fact gone from the store gets a notice instead."""
    fact = context.bot_data.briefing.fact(int(cb.target))
    lang = reply_language(update, context)
    if fact is None:
        await query.answer(notice(messages.GONE_FACT, lang=lang))
        return
    await query.answer()
    await FACT_ACTIONS[cb.kind](update, context, fact, lang)


async def turn_page(update: Update, context: Context, query: CallbackQuery, cb: Callback) -> None:
    """Replace a listing message with another of its pages."""
    page = context.bot_data.briefing.browse(str(cb.target), page=cb.page)
    lang = reply_language(update, context)
    if page is None or not page.items:
        await query.answer(notice(messages.STALE_BUTTON, lang=lang))
        return
    await query.answer()
    keyboard = page_keyboard(str(cb.target), page, lang)
    await edit_html(update, context, page_html(page, lang=lang), keyboard=keyboard)


async def ask_example(
    update: Update, context: Context, query: CallbackQuery, cb: Callback
) -> None:
    """Ask one of the /start example questions (one the store still offers)."""
    examples = context.bot_data.briefing.example_questions()
    question = next((q for q in examples if example_key(q) == cb.target), None)
    if question is None:
        await query.answer(notice(messages.STALE_BUTTON, lang=reply_language(update, context)))
        return
    await query.answer()
    await answer_question(update, context, question)


ACTIONS: dict[str, Callable[[Update, Context, CallbackQuery, Callback], Awaitable[None]]] = {
    **dict.fromkeys(FACT_ACTIONS, on_fact),
    "src": show_source,
    "pg": turn_page,
    "ex": ask_example,
}

HANDLERS: list[BaseHandler[Update, Context, None]] = [CallbackQueryHandler(on_button)]
