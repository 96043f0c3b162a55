"""Several instances, as README's "Running several instances" sets them up: two `--role web`
replicas behind a round-robin proxy, two `--role worker` processes, one database, and the
webhook set once with `citybrief webhook set`. Every process is a real `citybrief` child process
talking to the Bot API test server.

Runs on each leg's store: a shared SQLite file, or PostgreSQL on the PostgreSQL leg.
"""

from __future__ import annotations

import asyncio
import io
import json
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from db.engine import create_db_engine
from tests.bot.roundrobin import RoundRobinProxy
from tests.bot.test_e2e_process import CITYBRIEF, bot_env
from tests.bot.test_webhook import free_port
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, sample_store
from tests.processes import run_to_end, stop

SECRET = "shared-secret_of_all_replicas"
HOOK_PATH = "/telegram/hook"
START_WITHIN = 90.0
"""Four processes importing the bot at once on a busy two-core machine."""
USERS = 10


@pytest.fixture
def store_url(database_url: str) -> str:
    """The shared store, holding the sample documents: this leg's (SQLite file or PostgreSQL)."""
    engine = create_db_engine(database_url)
    sample_store(FactFactory(engine))
    engine.dispose()
    return database_url


@dataclass
class Instance:
    """One `citybrief run` child process and where its HTTP server listens."""

    name: str
    port: int
    process: asyncio.subprocess.Process
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@asynccontextmanager
async def instance(
    name: str, env: dict[str, str], tmp_path: Path, *args: str, port: int | None = None
) -> AsyncIterator[Instance]:
    """`citybrief run ARGS --listen 127.0.0.1:PORT` with INSTANCE_ID=name; SIGTERM at the end."""
    port = port or free_port()
    log_path = tmp_path / f"{name}.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            str(CITYBRIEF),
            "run",
            *args,
            "--listen",
            f"127.0.0.1:{port}",
            cwd=tmp_path,
            env=env | {"INSTANCE_ID": name},
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    running = Instance(name, port, process, log_path)
    try:
        yield running
    finally:
        if process.returncode is None:
            await stop(process, within=30, signum=signal.SIGTERM)


async def until_ready(session: aiohttp.ClientSession, node: Instance) -> None:
    """Wait until the instance's /readyz says 200 (it is up, and a worker's jobs have run)."""
    async with asyncio.timeout(START_WITHIN):
        while True:
            if node.process.returncode is not None:
                raise AssertionError(f"{node.name} exited: {node.output()[-3000:]}")
            try:
                async with session.get(f"{node.base}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass  # not listening yet
            await asyncio.sleep(0.2)


async def cli(env: dict[str, str], tmp_path: Path, *args: str) -> str:
    """Run a one-shot `citybrief` command; returns its output, asserting success."""
    code, out = await run_to_end(str(CITYBRIEF), *args, cwd=tmp_path, env=env, within=START_WITHIN)
    assert code == 0, out
    return out


async def metric(
    session: aiohttp.ClientSession, node: Instance, name: str, **labels: str
) -> float:
    """One sample of the instance's /metrics (0 when absent)."""
    async with session.get(f"{node.base}/metrics") as response:
        assert response.status == 200
        text = await response.text()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return 0.0


async def status_of(
    session: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str]
) -> int:
    async with session.post(url, data=io.BytesIO(body), headers=headers) as response:
        return response.status


async def test_two_replicas_behind_a_proxy_take_each_update_once(
    botapi: BotApiServer, store_url: str, tmp_path: Path
) -> None:
    ports = (free_port(), free_port())
    webs = [f"http://127.0.0.1:{port}" for port in ports]
    async with AsyncExitStack() as stack:
        session = await stack.enter_async_context(aiohttp.ClientSession())
        proxy = await stack.enter_async_context(RoundRobinProxy(webs))
        hook = proxy.url + HOOK_PATH
        env = bot_env(
            botapi,
            store_url,
            WEBHOOK_URL=hook,
            WEBHOOK_SECRET=SECRET,
            LOG_LEVEL="INFO",
        )
        web_nodes = [
            await stack.enter_async_context(
                instance(f"web-{index}", env, tmp_path, "--role", "web", port=port)
            )
            for index, port in enumerate(ports, start=1)
        ]
        workers = [
            await stack.enter_async_context(
                instance(f"worker-{index}", env, tmp_path, "--role", "worker")
            )
            for index in (1, 2)
        ]
        for node in (*web_nodes, *workers):
            await until_ready(session, node)

        # The operator sets the webhook once; the replicas never touch it.
        assert "webhook set" in await cli(env, tmp_path, "webhook", "set")
        assert botapi.webhook_url == hook and botapi.webhook_secret == SECRET
        assert hook in await cli(env, tmp_path, "webhook", "info")

        updates = [
            botapi.send_text("5G base stations Shenzhen", chat_id=700 + user)
            for user in range(USERS)
        ]
        for user in range(USERS):
            (answer,) = await botapi.wait_for_messages(700 + user, within=30)
            assert "46,000" in answer.text
        await botapi.wait_for(lambda: len(botapi.webhook_deliveries) == USERS)
        served = {f.update_id: f.upstream for f in proxy.log if f.update_id is not None}
        assert sorted(served) == sorted(u["update_id"] for u in updates)
        assert set(served.values()) == {0, 1}  # round robin: both replicas took updates

        # Telegram re-sends every update, each to the replica that did not take it.
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for sent in updates:
            other = web_nodes[1 - served[sent["update_id"]]]
            body = json.dumps(sent).encode()
            assert await status_of(session, other.base + HOOK_PATH, body, headers) == 200
        accepted = [
            await metric(session, n, "citybrief_webhook_posts_total", outcome="accepted")
            for n in web_nodes
        ]
        duplicates = [
            await metric(session, n, "citybrief_webhook_posts_total", outcome="duplicate")
            for n in web_nodes
        ]
        assert sum(accepted) == USERS and sum(duplicates) == USERS
        assert accepted == duplicates[::-1]  # each replica refused what the other had taken
        handled = [
            await metric(session, n, "citybrief_updates_handled_total", kind="message")
            for n in web_nodes
        ]
        assert handled == accepted  # a duplicate never reached the handlers
        assert all(len(botapi.sent_to(700 + user)) == 1 for user in range(USERS))

        # Hostile posts through the proxy get their answers from whichever replica.
        forged = json.dumps(updates[0]).encode()
        wrong = {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}
        assert await status_of(session, hook, forged, wrong) == 403
        assert await status_of(session, hook, forged, {}) == 403
        huge = b"{" + b" " * (1024 * 1024 + 1) + b"}"
        assert await status_of(session, hook, huge, headers) == 413
        assert await status_of(session, hook, b"{broken", headers) == 400

        for node in (*web_nodes, *workers):
            async with session.get(f"{node.base}/healthz") as response:
                assert response.status == 200
            async with session.get(f"{node.base}/readyz") as response:
                assert response.status == 200
        worker_sends = await metric(
            session, workers[0], "citybrief_job_last_run_timestamp_seconds", job="digest-sender"
        )
        assert worker_sends > 0  # the worker's sender job ran and said so

        for node in (*web_nodes, *workers):
            node.process.send_signal(signal.SIGTERM)
        for node in (*web_nodes, *workers):
            async with asyncio.timeout(30):
                assert await node.process.wait() == 0, node.output()[-3000:]

    assert botapi.webhook_url == hook  # no replica deleted or replaced the webhook
    assert [c.method for c in botapi.requests if c.method in {"setwebhook", "deletewebhook"}] == [
        "setwebhook"
    ]
    for node in (*web_nodes, *workers):
        output = node.output()
        assert f"[{node.name}]" in output
        assert all(f"[{node.name}]" in line for line in output.splitlines() if " INFO " in line)
        assert botapi.token not in output
