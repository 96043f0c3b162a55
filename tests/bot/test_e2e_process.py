"""The `citybrief run` process itself, against the Bot API test server: polling and webhook."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.bot.test_webhook import free_port
from tests.botapi.server import BotApiServer
from tests.processes import stop

CITYBRIEF = Path(sys.executable).parent / "citybrief"
START_WITHIN = 30.0


def bot_env(botapi: BotApiServer, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a bot process pointed at the test server, logging at DEBUG."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=botapi.token,
        TELEGRAM_API_BASE_URL=botapi.base_url,
        DATABASE_URL=database_url,
        LOG_LEVEL="DEBUG",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def citybrief(
    botapi: BotApiServer, tmp_path: Path, database_url: str, *args: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`citybrief run ARGS` on the store at `database_url`, as a child process in `tmp_path`;
    stopped with SIGINT (Ctrl+C) at the end."""
    process = await asyncio.create_subprocess_exec(
        str(CITYBRIEF),
        "run",
        *args,
        cwd=tmp_path,
        env=bot_env(botapi, database_url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:  # the test failed before finish(): clean up anyway
            await stop(process, within=20)


async def finish(process: asyncio.subprocess.Process) -> str:
    """Stop the process with SIGINT and return everything it printed."""
    process.send_signal(signal.SIGINT)
    async with asyncio.timeout(20):
        out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    return out.decode() + err.decode()


async def test_citybrief_run_polls_answers_and_never_logs_the_token(
    botapi: BotApiServer, sample_database: str, tmp_path: Path
) -> None:
    async with citybrief(botapi, tmp_path, sample_database) as process:
        await botapi.wait_for_polling(within=START_WITHIN)
        botapi.send_text("/start", chat_id=401)
        botapi.send_text("5G base stations Shenzhen", chat_id=402)
        (start,) = await botapi.wait_for_messages(401)
        (answer,) = await botapi.wait_for_messages(402)
        output = await finish(process)
    assert start.text.startswith("Hello") and "46,000" in answer.text
    assert "DEBUG" in output  # the process really logged at DEBUG
    assert botapi.token not in output and botapi.token.split(":")[1] not in output
    assert [c["command"] for c in botapi.commands][:2] == ["start", "help"]
    assert botapi.client_errors() == []


async def test_citybrief_run_serves_a_webhook_with_a_secret(
    botapi: BotApiServer, sample_database: str, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    async with citybrief(
        botapi,
        tmp_path,
        sample_database,
        "--webhook",
        url,
        "--listen",
        f"127.0.0.1:{port}",
        "--secret-token",
        "s3cret",
    ) as process:
        await botapi.wait_for(lambda: botapi.webhook_url == url, within=START_WITHIN)
        assert botapi.webhook_secret == "s3cret"
        botapi.send_text("5G base stations Shenzhen", chat_id=403)
        (answer,) = await botapi.wait_for_messages(403)
        output = await finish(process)
    assert "46,000" in answer.text and botapi.webhook_deliveries == [200]
    assert botapi.token not in output


async def test_a_missing_or_malformed_token_is_one_line_of_error(tmp_path: Path) -> None:
    for token, state in (("", "not set"), ("not-a-token", "malformed")):
        env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
        env["TELEGRAM_BOT_TOKEN"] = token
        process = await asyncio.create_subprocess_exec(
            str(CITYBRIEF), "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )
        _, err = await process.communicate()
        lines = err.decode().strip().splitlines()
        assert process.returncode == 2 and len(lines) == 1, lines
        assert lines[0].startswith(f"citybrief: TELEGRAM_BOT_TOKEN is {state};")


async def test_a_rejected_token_is_one_line_that_does_not_quote_it(
    botapi: BotApiServer, tmp_path: Path
) -> None:
    wrong = "987654321:AAE-wrong_token_but_well_formed_x"
    env = bot_env(botapi, f"sqlite:///{tmp_path / 'test.db'}", TELEGRAM_BOT_TOKEN=wrong)
    process = await asyncio.create_subprocess_exec(
        str(CITYBRIEF), "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    async with asyncio.timeout(30):
        _, err = await process.communicate()
    output = err.decode()
    assert process.returncode == 2
    assert "citybrief: Telegram rejected TELEGRAM_BOT_TOKEN" in output.splitlines()[-1]
    assert wrong not in output and wrong.split(":")[1] not in output  # not even in PTB's log
