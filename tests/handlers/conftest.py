"""A real Application with a small fact store, fed real Update objects, replying over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from telegram import Update

from bot.app import build_application
from tests.bot.harness import AnyApplication, test_settings
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, sample_store

Feed = Callable[[dict[str, Any]], Coroutine[Any, Any, None]]


@pytest.fixture
async def app(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> AsyncIterator[AnyApplication]:
    """The bot's Application (no polling, no rate limiter), initialised against the server."""
    sample_store(fact_factory)
    application = build_application(
        test_settings(botapi, tmp_path / "test.db"), engine=engine, rate_limit=False
    )
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def feed(app: AnyApplication) -> Feed:
    """Process one injected update (as the server made it) through the Application."""

    async def process(update: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(update, app.bot))

    return process
