"""Running the real Application against the Bot API test server, as `citybrief run` does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from core.settings import Settings
from tests.botapi.server import BotApiServer

TOKEN = "123456789:AAE-fake_token_for_tests_only_123456"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def test_settings(botapi: BotApiServer, database: Path | str) -> Settings:
    """Settings pointing the bot at the test server and a test database."""
    return Settings(
        _env_file=None,
        telegram_bot_token=SecretStr(botapi.token),
        telegram_api_base_url=botapi.base_url,
        database_url=f"sqlite:///{database}",
    )


test_settings.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def bot_application(
    botapi: BotApiServer, engine: Engine, database: Path, **options: Any
) -> AnyApplication:
    """The real bot's Application, configured against the test server (not yet initialised)."""
    return build_application(test_settings(botapi, database), engine=engine, **options)


@asynccontextmanager
async def running(application: AnyApplication) -> AsyncIterator[AnyApplication]:
    """Start `application` the way `run_polling` does (post_init included), then stop it the
    same way (post_stop included)."""
    await application.initialize()
    if application.post_init is not None:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=5, allowed_updates=Update.ALL_TYPES
    )
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()


@asynccontextmanager
async def polling_bot(
    botapi: BotApiServer, engine: Engine, database: Path, **options: Any
) -> AsyncIterator[AnyApplication]:
    """The real bot, long polling the test server."""
    async with running(bot_application(botapi, engine, database, **options)) as app:
        yield app
