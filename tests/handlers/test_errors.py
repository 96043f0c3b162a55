"""One error handler: logs the failure with its update, apologises, and the bot carries on."""

from __future__ import annotations

import logging

import pytest

from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say


async def test_an_unexpected_error_is_logged_with_context_and_the_user_told(
    botapi: BotApiServer, feed: Feed, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.fail_next("sendMessage", 500, "Internal Server Error: try later", chat_id=51)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await feed(botapi.send_text("5G base stations Shenzhen", chat_id=51))
    (record,) = [r for r in caplog.records if r.name == "handlers.errors"]
    assert record.exc_info is not None and "Internal Server Error" in str(record.exc_info[1])
    assert "chat=51" in record.getMessage() and "(message)" in record.getMessage()
    (apology,) = botapi.sent_to(51)
    assert apology.text.startswith("Sorry, something went wrong")
    await feed(botapi.send_text("5G base stations Shenzhen", chat_id=51))
    assert "46,000" in botapi.sent_to(51)[1].text


async def test_a_failing_button_still_stops_the_spinner(
    botapi: BotApiServer, feed: Feed, caplog: pytest.LogCaptureFixture, say: Say
) -> None:
    (answer,) = await say(52, "5G base stations Shenzhen")
    botapi.fail_next("sendMessage", 500, "Internal Server Error", chat_id=52)
    press = botapi.press(answer, "📄 Source")
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await feed(press)
    assert press["callback_query"]["id"] in botapi.callback_answers
    assert botapi.sent_to(52)[-1].text.startswith("Sorry, something went wrong")
    assert any(r.name == "handlers.errors" and r.exc_info for r in caplog.records)


async def test_a_blocked_chat_is_noted_without_an_alarm_or_an_apology(
    botapi: BotApiServer, feed: Feed, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.block_chat(53)
    with caplog.at_level(logging.INFO):
        await feed(botapi.send_text("5G base stations Shenzhen", chat_id=53))
    assert [r.status for r in botapi.calls("sendMessage")] == [403]  # no apology attempted
    assert any("blocked" in r.getMessage() and "chat=53" in r.getMessage() for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


async def test_the_apology_is_in_the_users_language(
    botapi: BotApiServer, feed: Feed, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.set_user_language(54, "zh-tw")
    botapi.fail_next("sendMessage", 500, "Internal Server Error", chat_id=54)
    with caplog.at_level(logging.ERROR, logger="handlers.errors"):
        await feed(botapi.send_text("5G base stations Shenzhen", chat_id=54))
    (apology,) = botapi.sent_to(54)
    assert apology.text == "抱歉，我这边出了点问题，请稍后再试。"
