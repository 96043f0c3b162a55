"""Webhook mode: Telegram's posts carrying the secret are handled; anything else is refused."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy.engine import Engine
from telegram.error import Conflict

from bot.app import build_application
from tests.bot.harness import AnyApplication, test_settings
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, sample_store

SECRET = "s3cret-webhook_token"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def webhook_bot(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> AsyncIterator[tuple[AnyApplication, str]]:
    """The bot serving a webhook on 127.0.0.1, registered with the test server."""
    sample_store(fact_factory)
    application = build_application(test_settings(botapi, tmp_path / "test.db"), engine=engine)
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    await application.initialize()
    assert application.updater is not None
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram/hook",
        webhook_url=url,
        secret_token=SECRET,
    )
    await application.start()
    yield application, url
    await application.updater.stop()
    await application.stop()
    await application.shutdown()


async def test_updates_posted_with_the_secret_are_handled(
    botapi: BotApiServer, webhook_bot: tuple[AnyApplication, str]
) -> None:
    _, url = webhook_bot
    assert botapi.webhook_url == url and botapi.webhook_secret == SECRET
    botapi.send_text("5G base stations Shenzhen", chat_id=201)  # the server posts it
    (reply,) = await botapi.wait_for_messages(201)
    assert "46,000" in reply.text
    assert botapi.webhook_deliveries == [200]


@pytest.mark.parametrize("headers", [{"X-Telegram-Bot-Api-Secret-Token": "wrong"}, {}])
async def test_posts_without_the_right_secret_are_refused(
    botapi: BotApiServer, webhook_bot: tuple[AnyApplication, str], headers: dict[str, str]
) -> None:
    _, url = webhook_bot
    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": {"id": 202, "type": "private", "first_name": "Eve"},
            "from": {"id": 202, "is_bot": False, "first_name": "Eve"},
            "text": "5G base stations Shenzhen",
        },
    }
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=forged, headers=headers) as response,
    ):
        assert response.status == 403
    await botapi.wait_idle(quiet=0.3)
    assert botapi.sent_to(202) == []


async def test_polling_is_refused_while_the_webhook_is_set(
    botapi: BotApiServer, webhook_bot: tuple[AnyApplication, str]
) -> None:
    application, _ = webhook_bot
    with pytest.raises(Conflict, match="(?i)webhook is active"):
        await application.bot.get_updates()
