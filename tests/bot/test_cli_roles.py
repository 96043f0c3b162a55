"""`citybrief run --role …` and `citybrief webhook …` as an operator meets them: one-line
errors for what cannot work, and a polling start that will not end webhook mode by accident."""

from __future__ import annotations

import os
from pathlib import Path

import aiohttp

from tests.bot.test_e2e_process import CITYBRIEF, bot_env, finish
from tests.bot.test_e2e_process import citybrief as citybrief_run
from tests.bot.test_e2e_replicas import Instance, until_ready
from tests.bot.test_webhook import free_port
from tests.botapi.server import BotApiServer
from tests.processes import run_to_end

WITHIN = 60.0


async def citybrief(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, str]:
    """Run `citybrief ARGS` to the end; returns its exit code and everything it printed."""
    return await run_to_end(str(CITYBRIEF), *args, cwd=cwd, env=env, within=WITHIN)


async def test_a_web_replica_needs_the_shared_secret_and_the_url(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env["TELEGRAM_BOT_TOKEN"] = "123456789:AAE-fake_token_for_tests_only_123456"
    code, out = await citybrief(
        env | {"WEBHOOK_URL": "https://bot.example/hook"}, tmp_path, "run", "--role", "web"
    )
    assert code == 2 and out.strip() == (
        "citybrief: --role web needs WEBHOOK_SECRET: every replica must check the one secret "
        "`citybrief webhook set` gave Telegram"
    )
    code, out = await citybrief(env | {"WEBHOOK_SECRET": "s"}, tmp_path, "run", "--role", "web")
    assert code == 2 and "set WEBHOOK_URL (or --webhook URL)" in out
    code, out = await citybrief(env | {"WEBHOOK_SECRET": "bad secret!"}, tmp_path, "run")
    assert code == 2 and out.startswith("citybrief: invalid settings: WEBHOOK_SECRET:")
    assert "bad secret" not in out


async def test_polling_refuses_to_start_while_a_webhook_is_set(
    botapi: BotApiServer, sample_database: str, tmp_path: Path
) -> None:
    env = bot_env(botapi, sample_database, LOG_LEVEL="WARNING")
    url = "https://bot.example/hook"
    code, out = await citybrief(
        env | {"WEBHOOK_URL": url, "WEBHOOK_SECRET": "shared"}, tmp_path, "webhook", "set"
    )
    assert code == 0 and f"url: {url}" in out
    assert botapi.webhook_url == url and botapi.webhook_secret == "shared"
    code, out = await citybrief(env, tmp_path, "run")
    assert code == 2 and "Traceback" not in out, out
    assert out.strip().splitlines()[-1].startswith(f"citybrief: a webhook is set ({url})")
    assert botapi.webhook_url == url and botapi.calls("deleteWebhook") == []
    code, out = await citybrief(env, tmp_path, "webhook", "info")
    assert code == 0 and f"url: {url}" in out and "pending updates: 0" in out
    code, out = await citybrief(env, tmp_path, "webhook", "delete")
    assert code == 0 and "no webhook set" in out and botapi.webhook_url is None


async def test_a_polling_instance_serves_health_and_metrics_when_asked(
    botapi: BotApiServer, sample_database: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    listen = ("--listen", f"127.0.0.1:{port}")
    async with citybrief_run(botapi, tmp_path, sample_database, *listen) as process:
        await botapi.wait_for_polling(within=WITHIN)
        botapi.send_text("5G base stations Shenzhen", chat_id=808)
        await botapi.wait_for_messages(808, within=30)
        async with aiohttp.ClientSession() as session:
            node = Instance("all", port, process, tmp_path / "unused.log")
            await until_ready(session, node)  # the planner and sender ran too
            async with session.get(f"{base}/metrics") as response:
                text = await response.text()
        output = await finish(process)
    assert 'citybrief_updates_handled_total{kind="message"} 1.0' in text
    assert 'citybrief_messages_sent_total{method="sendMessage"} 1.0' in text
    assert botapi.token not in output
