"""Fixtures of the Bot API test server's own tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from tests.botapi.server import BotApiServer


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[Bot]:
    """A real PTB Bot pointed at the test server."""
    async with Bot(
        botapi.token, base_url=botapi.base_url, base_file_url=botapi.base_file_url
    ) as bot:
        yield bot
