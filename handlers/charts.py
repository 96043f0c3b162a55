"""Charts: `/chart MEASURE` and the "📈 Chart" button under answers, sent as PNG photos."""

from __future__ import annotations

import asyncio
from weakref import WeakKeyDictionary

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from briefing.charts import Chart, Plotted, chart_for_fact, chart_for_request, comparison_chart
from briefing.present import commands, messages
from briefing.present.answers import answer_html
from briefing.present.charts import chart_caption_html, chart_png
from briefing.present.replies import notice, text_html
from core.facts import Fact
from handlers.context import Context
from handlers.keyboards import (
    CHART_CALLBACK,
    COMPARISON_CHART_CALLBACK,
    answer_keyboard,
    chart_fact_ids,
)
from handlers.language import reply_language
from handlers.replying import send_html, send_photo
from handlers.usage import words_command

REMEMBERED_PHOTOS = 256
"""Charts whose Telegram file id is kept, so sending one again uploads nothing."""
_PhotoIds = dict[tuple[object, ...], str]  # (chart data, language) → file id, oldest first
_SENT_PHOTOS: WeakKeyDictionary[object, _PhotoIds] = WeakKeyDictionary()  # per Application


async def chart_command(update: Update, context: Context, measure: str) -> None:
    """Chart the named measure, or say why there is nothing to chart."""
    lang = reply_language(update, context)
    briefing = context.bot_data.briefing
    answer = briefing.answer(measure)
    chart = chart_for_request(briefing.index, answer)
    if chart is None:
        html = answer_html(answer, lang=lang)
        if answer.matched:
            html = f"{text_html(messages.NO_CHART, lang=lang)}\n\n{html}"
        await send_html(update, context, html, keyboard=answer_keyboard(answer, lang))
        return
    await send_chart(update, context, chart)


async def chart_button(update: Update, context: Context) -> None:
    """Send the chart a "📈 Chart" button names (a fact's measure, or a comparison's facts)."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    index = context.bot_data.briefing.index
    chart: Chart | None = None
    if (single := CHART_CALLBACK.match(query.data)) is not None:
        chart = chart_for_fact(index, int(single.group(1)))
    elif (read := chart_fact_ids(query.data)) is not None:
        growth, ids = read
        facts = [entry.fact for entry in map(index.get, ids) if entry is not None]
        chart = _comparison(facts, growth=growth) if len(facts) == len(ids) else None
    if chart is None:
        await query.answer(notice(messages.GONE_FACT, lang=reply_language(update, context)))
        return
    await query.answer()
    await send_chart(update, context, chart)


async def send_chart(update: Update, context: Context, chart: Chart) -> None:
    """Send `chart` as a photo: by the file id Telegram gave it last time, else drawn (off the
    event loop; drawn charts are cached) and uploaded."""
    lang = reply_language(update, context)
    caption = chart_caption_html(chart, lang=lang)
    key = (chart.key, lang)
    known = _SENT_PHOTOS.setdefault(context.application, {})  # file ids are the bot's own
    file_id = known.get(key)
    if file_id is not None:
        try:
            await send_photo(update, context, file_id, caption)
            return
        except BadRequest:  # Telegram no longer knows the file: upload it again
            known.pop(key, None)
    png = await asyncio.to_thread(chart_png, chart, lang=lang)
    sent = await send_photo(update, context, png, caption)
    if sent is not None and sent.photo:
        known[key] = sent.photo[-1].file_id
        while len(known) > REMEMBERED_PHOTOS:
            known.pop(next(iter(known)))


def _comparison(facts: list[Fact], *, growth: bool) -> Chart | None:
    return comparison_chart(facts, plotted=Plotted.GROWTH if growth else None)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    words_command(commands.CHART, messages.CHART_USAGE_HTML, chart_command),
    CallbackQueryHandler(chart_button, pattern=CHART_CALLBACK),
    CallbackQueryHandler(chart_button, pattern=COMPARISON_CHART_CALLBACK),
]
