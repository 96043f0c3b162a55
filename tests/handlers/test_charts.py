"""/chart and the "📈 Chart" button: a PNG photo with its caption, or why there is none."""

from __future__ import annotations

import struct

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer, SentMessage
from tests.factories import FactFactory, city_store, revenue_history
from tests.handlers.conftest import Feed, Say


def png_size(sent: SentMessage) -> tuple[int, int]:
    assert sent.photo is not None and sent.photo.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", sent.photo[16:24])
    return width, height


async def test_chart_sends_a_photo_of_the_measure_over_time(
    botapi: BotApiServer, app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    revenue_history(fact_factory)
    app.bot_data.briefing.refresh()
    (photo,) = await say(40, "/chart Harbourtown software revenue")
    assert png_size(photo) == (960, 540)
    assert photo.text.splitlines()[0] == "Harbourtown, software revenue"
    assert "3. 2021: 11.25 billion yuan" in photo.text
    assert botapi.client_errors() == []


async def test_an_answer_with_history_carries_a_chart_button_that_sends_the_chart(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    revenue_history(fact_factory)
    app.bot_data.briefing.refresh()
    (answer,) = await say(41, "Harbourtown software revenue 2021")
    assert [text for text, _ in answer.buttons()] == ["📄 Source", "🔗 Related", "📈 Chart"]
    press = botapi.press(answer, "📈 Chart")
    await feed(press)
    photo = botapi.sent_to(41)[-1]
    assert png_size(photo) == (960, 540) and "Harbourtown, software revenue" in photo.text
    assert press["callback_query"]["id"] in botapi.callback_answers


async def test_a_ranking_charts_its_facts_and_a_lone_figure_has_no_chart_button(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    city_store(fact_factory)
    app.bot_data.briefing.refresh()
    ranking, lone = await say(
        42, "Which industry in Harbourtown grew fastest?", "5G base stations Shenzhen"
    )
    assert "📈 Chart" not in [text for text, _ in lone.buttons()]
    press = botapi.press(ranking, "📈 Chart")
    await feed(press)
    photo = botapi.sent_to(42)[-1]
    assert photo.photo is not None
    assert photo.text.startswith("Year-on-year growth — Harbourtown, 2021-H1\n1. Internet")


async def test_chart_without_a_series_says_so_and_without_words_shows_usage(say: Say) -> None:
    lone, usage = await say(43, "/chart 5G base stations Shenzhen", "/chart")
    assert lone.text.startswith("Nothing to chart") and "46,000" in lone.text
    assert lone.photo is None
    assert usage.text.startswith("Usage: /chart <measure>")


async def test_a_chart_button_for_facts_gone_from_the_store_is_answered_politely(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    (help_,) = await say(44, "/help")
    press = botapi.press_data(44, help_.message_id, "ch:99999")
    await feed(press)
    answered = await botapi.wait_for_callback_answer(press)
    assert answered["text"].startswith("That fact is no longer")
    assert len(botapi.sent_to(44)) == 1


async def test_a_chart_sent_before_is_sent_again_by_its_file_id(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory
) -> None:
    revenue_history(fact_factory)
    app.bot_data.briefing.refresh()
    for chat_id in (45, 46):
        await feed(botapi.send_text("/chart Harbourtown software revenue", chat_id=chat_id))
    first, again = (call.params["photo"] for call in botapi.calls("sendPhoto"))
    assert isinstance(first, bytes) and isinstance(again, str)  # uploaded once, then by id
    assert botapi.sent_to(46)[0].photo == first
    botapi.fail_next("sendPhoto", 400, "Bad Request: wrong file identifier/HTTP URL specified")
    await feed(botapi.send_text("/chart Harbourtown software revenue", chat_id=47))
    refused, uploaded = (call.params["photo"] for call in botapi.calls("sendPhoto")[2:])
    assert isinstance(refused, str) and isinstance(uploaded, bytes)  # forgotten: upload again
    assert botapi.sent_to(47)[0].photo == first
