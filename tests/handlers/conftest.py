"""A real Application with a small fact store, fed real Update objects, replying over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from telegram import Update

from bot.delivery import DigestSender
from bot.scheduling import DigestScheduler
from tests.bot.harness import AnyApplication, bot_application
from tests.botapi.server import BotApiServer, SentMessage
from tests.clocks import Clock
from tests.factories import FactFactory, sample_store

Feed = Callable[[dict[str, Any]], Coroutine[Any, Any, None]]
Say = Callable[..., Coroutine[Any, Any, list[SentMessage]]]


@pytest.fixture
async def app(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> AsyncIterator[AnyApplication]:
    """The bot's Application (no polling, no rate limiter), initialised against the server."""
    sample_store(fact_factory)
    application = bot_application(botapi, engine, tmp_path / "test.db", rate_limit=False)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def feed(app: AnyApplication) -> Feed:
    """Process one injected update (as the server made it) through the Application."""

    async def process(update: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(update, app.bot))

    return process


@pytest.fixture
def say(botapi: BotApiServer, feed: Feed) -> Say:
    """Send texts from chat `chat_id`, each handled before the next (`await say(chat_id, *texts)`);
    returns every message the bot has sent to that chat, oldest first."""

    async def send(chat_id: int, *texts: str) -> list[SentMessage]:
        for text in texts:
            await feed(botapi.send_text(text, chat_id=chat_id))
        return botapi.sent_to(chat_id)

    return send


async def send_due_digests(app: AnyApplication, engine: Engine, clock: Clock) -> None:
    """Plan the digests due at `clock`'s time and send them with the application's bot."""
    digests = DigestScheduler(
        engine=engine,
        sender=DigestSender(engine=engine, bot=app.bot, clock=clock),
        grace=timedelta(hours=2),
        clock=clock,
    )
    digests.plan()
    await digests.sender.drain()
