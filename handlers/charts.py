"""Charts: `/chart MEASURE` and the "📈 Chart" button under answers, sent as PNG photos."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from weakref import WeakKeyDictionary

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from briefing.charts import Chart, Plotted, chart_for_fact, chart_for_request, comparison_chart
from briefing.present import commands, messages
from briefing.present.answers import answer_html
from briefing.present.charts import chart_caption_html, chart_png
from briefing.present.replies import notice, text_html
from core.facts import Fact
from core.language import Language
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

SendPhoto = Callable[[bytes | str], Awaitable[Message | None]]
"""Sends a photo (PNG bytes to upload, or the file id of one uploaded before) with its caption."""


class ChartPhotos:
    """Charts sent as photos, each uploaded once: the file id Telegram gives a chart (in one
    language) is kept, and sending that chart again, to anyone, sends the id.

    A chart being uploaded is not uploaded again beside it: a fan-out that sends one chart to
    many chats waits for the first upload and sends its file id to the rest. File ids belong
    to the bot that uploaded them: one `ChartPhotos` per bot.
    """

    def __init__(self, *, kept: int = REMEMBERED_PHOTOS) -> None:
        self._kept = kept
        self._ids: dict[tuple[object, ...], str] = {}  # (chart data, language) → id, oldest first
        self._uploading: dict[tuple[object, ...], asyncio.Lock] = {}

    async def send(self, chart: Chart, lang: Language, send: SendPhoto) -> Message | None:
        """Send `chart` by its file id if it has one, else draw it (off the event loop; drawn
        charts are cached) and upload it."""
        key = (chart.key, lang)
        if key not in self._ids:
            upload = self._uploading.setdefault(key, asyncio.Lock())
            async with upload:
                if key not in self._ids:
                    try:
                        return await self._upload(key, chart, lang, send)
                    finally:
                        self._uploading.pop(key, None)
        file_id = self._ids.get(key)
        if file_id is not None:
            try:
                return await send(file_id)
            except BadRequest:  # Telegram no longer knows the file: upload it again
                self._ids.pop(key, None)
        return await self._upload(key, chart, lang, send)

    async def _upload(
        self, key: tuple[object, ...], chart: Chart, lang: Language, send: SendPhoto
    ) -> Message | None:
        png = await asyncio.to_thread(chart_png, chart, lang=lang)
        sent = await send(png)
        if sent is not None and sent.photo:
            self._ids[key] = sent.photo[-1].file_id
            while len(self._ids) > self._kept:
                self._ids.pop(next(iter(self._ids)))
        return sent


_SENT_PHOTOS: WeakKeyDictionary[object, ChartPhotos] = WeakKeyDictionary()  # per Application


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
    """Send `chart` as a photo with its caption to the update's chat (`ChartPhotos`)."""
    lang = reply_language(update, context)
    caption = chart_caption_html(chart, lang=lang)
    photos = _SENT_PHOTOS.setdefault(context.application, ChartPhotos())  # ids are the bot's

    async def send(photo: bytes | str) -> Message | None:
        return await send_photo(update, context, photo, caption)

    await photos.send(chart, lang, send)


def _comparison(facts: list[Fact], *, growth: bool) -> Chart | None:
    return comparison_chart(facts, plotted=Plotted.GROWTH if growth else None)


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    words_command(commands.CHART, messages.CHART_USAGE_HTML, chart_command),
    CallbackQueryHandler(chart_button, pattern=CHART_CALLBACK),
    CallbackQueryHandler(chart_button, pattern=COMPARISON_CHART_CALLBACK),
]
