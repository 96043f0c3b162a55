"""Pytest fixtures for the Bot API test server (re-exported by `tests/conftest.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.botapi.server import BotApiServer


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """A running Bot API test server on 127.0.0.1, one per test."""
    async with BotApiServer() as server:
        yield server
