"""The polling loop against the Bot API test server: which getUpdates failures end the bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from bot.polling import CONFLICTS_BEFORE_FATAL, MAX_BACKOFF, BotFatalError, Poller
from tests.bot.harness import bot_application
from tests.botapi.server import BotApiServer

OTHER_POLLER = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


class Waits:
    """An injected sleep that records the waits and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
async def application(botapi: BotApiServer, engine: Engine, tmp_path: Path) -> AsyncIterator[Any]:
    app = bot_application(botapi, engine, tmp_path / "test.db")
    await app.initialize()
    yield app
    await app.shutdown()


async def test_transient_failures_back_off_doubling_then_polling_goes_on(
    botapi: BotApiServer, application: Any
) -> None:
    botapi.fail_next("getUpdates", 502, "Bad Gateway", times=7)
    botapi.send_text("hello", chat_id=5)
    waits = Waits()
    poller = Poller(application, timeout=0, sleep=waits)
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    update = await asyncio.wait_for(application.update_queue.get(), timeout=30)
    stop.set()
    await asyncio.wait_for(running, timeout=30)
    assert update.message.text == "hello"
    assert waits.waits == [1.0, 2.0, 4.0, 8.0, 16.0, MAX_BACKOFF, MAX_BACKOFF]
    assert poller.failures == 7


async def test_a_second_poller_is_fatal_only_when_it_persists(
    botapi: BotApiServer, application: Any
) -> None:
    botapi.fail_next("getUpdates", 409, OTHER_POLLER, times=CONFLICTS_BEFORE_FATAL - 1)
    botapi.send_text("hello", chat_id=5)
    poller = Poller(application, timeout=0, sleep=Waits())
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    await asyncio.wait_for(application.update_queue.get(), timeout=30)
    stop.set()
    await asyncio.wait_for(running, timeout=30)  # a restart's overlap: ridden out

    botapi.fail_next("getUpdates", 409, OTHER_POLLER, times=CONFLICTS_BEFORE_FATAL)
    with pytest.raises(BotFatalError, match="another process is polling"):
        await asyncio.wait_for(Poller(application, sleep=Waits()).run(asyncio.Event()), 30)


@pytest.mark.parametrize(
    ("status", "description", "says"),
    [
        (401, "Unauthorized", "TELEGRAM_BOT_TOKEN"),
        (404, "Not Found", "TELEGRAM_BOT_TOKEN"),
        (409, "Conflict: can't use getUpdates method while webhook is active", "webhook"),
    ],
)
async def test_a_refusal_no_retry_can_cure_is_fatal_at_once(
    botapi: BotApiServer, application: Any, status: int, description: str, says: str
) -> None:
    botapi.fail_next("getUpdates", status, description)
    waits = Waits()
    with pytest.raises(BotFatalError, match=says):
        await asyncio.wait_for(Poller(application, sleep=waits).run(asyncio.Event()), 30)
    assert waits.waits == []
