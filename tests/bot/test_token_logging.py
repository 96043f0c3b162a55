"""The bot token never reaches log output, at any level, from any logger."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from telegram.error import InvalidToken

from bot.logs import configure_logging
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, sample_store


@pytest.fixture
def all_log_output() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """The bot's DEBUG log stream, and what any other root handler added later would write."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    quieted = {
        name: logging.getLogger(name).level for name in ("httpx", "httpcore", "apscheduler")
    }
    configure_logging("DEBUG")
    configured, raw = io.StringIO(), io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(configured)
    unfiltered = logging.StreamHandler(raw)
    unfiltered.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root.addHandler(unfiltered)
    yield configured, raw
    root.handlers[:], root.level = saved
    for name, level in quieted.items():
        logging.getLogger(name).setLevel(level)


async def test_the_token_is_never_logged(
    botapi: BotApiServer,
    engine: Engine,
    fact_factory: FactFactory,
    tmp_path: Path,
    all_log_output: tuple[io.StringIO, io.StringIO],
) -> None:
    sample_store(fact_factory)
    botapi.fail_next("sendMessage", 500, "Internal Server Error", chat_id=302)
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        botapi.send_text("/start", chat_id=301)
        botapi.send_text("5G base stations Shenzhen", chat_id=302)  # fails, then apologises
        botapi.send_text("revenue Qingdao", chat_id=303)
        await botapi.wait_for_messages(301)
        await botapi.wait_for_messages(302)
        (choices,) = await botapi.wait_for_messages(303)
        botapi.press(choices, choices.buttons()[0][0])
        await botapi.wait_for_messages(303, 2)
    configured, raw = all_log_output
    shown, recorded = configured.getvalue(), raw.getvalue()
    assert "DEBUG" in shown and "Internal Server Error" in shown  # logging really was on
    assert "getUpdates" in recorded
    token_secret = botapi.token.split(":", 1)[1]
    for output in (shown, recorded):
        assert botapi.token not in output
        assert token_secret not in output


def test_tracebacks_quoting_the_token_are_redacted(
    all_log_output: tuple[io.StringIO, io.StringIO],
) -> None:
    token = "123456789:AAE-fake_token_for_tests_only_123456"
    try:
        raise InvalidToken(f"The token `{token}` was rejected by the server.")
    except InvalidToken:
        logging.getLogger("telegram.ext").exception("Invalid token %s", token)
    configured, _ = all_log_output
    shown = configured.getvalue()
    assert "was rejected by the server" in shown and "<redacted-token>" in shown
    assert token not in shown
