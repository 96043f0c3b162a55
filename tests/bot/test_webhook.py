"""The webhook server: Telegram's posts with the secret are handled once; anything else is
refused early and cheaply (403 before the body, 413 over 1 MB, 400 for what is not an update).
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from telegram.error import Conflict

from bot.health import Readiness
from bot.webhook import (
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    SECRET_HEADER,
    UpdateIntake,
    WebhookRoute,
    WebServer,
    json_depth,
)
from tests.bot.harness import AnyApplication, bot_application
from tests.botapi.server import BotApiServer
from tests.clocks import Clock
from tests.factories import FactFactory, sample_store

SECRET = "s3cret-webhook_token"
PATH = "telegram/hook"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def posts(outcome: str) -> float:
    """How many webhook posts this process counted with `outcome` so far."""
    return REGISTRY.get_sample_value("citybrief_webhook_posts_total", {"outcome": outcome}) or 0.0


def update(update_id: int, chat_id: int, text: str) -> dict[str, object]:
    """A Telegram update carrying a private text message."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "chat": {"id": chat_id, "type": "private", "first_name": "Eve"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Eve"},
            "text": text,
        },
    }


def nested(depth: int) -> object:
    """A value `depth` lists deep."""
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


@dataclass
class Replica:
    """One web replica running in this process."""

    application: AnyApplication
    server: WebServer
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{PATH}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
async def replica(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> AsyncIterator[Replica]:
    """A web replica on 127.0.0.1, with the webhook set at the test server (as `webhook set`)."""
    sample_store(fact_factory)
    application = bot_application(botapi, engine, tmp_path / "test.db", polling=False)
    intake = UpdateIntake(application=application, engine=engine, retention=timedelta(hours=48))
    server = WebServer(readiness=Readiness(engine), webhook=WebhookRoute(PATH, SECRET, intake))
    async with application:
        await application.start()
        port = await server.start("127.0.0.1", 0)
        running = Replica(application, server, port)
        await application.bot.set_webhook(running.url, secret_token=SECRET)
        try:
            yield running
        finally:
            await server.stop()
            await application.stop()


async def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    status, _ = await post_reading(url, body, headers)
    return status


async def post_reading(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


async def raw_exchange(port: int, head: str) -> bytes:
    """Send only a request's head (no body) and read what the server answers before closing."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head.encode())
        await writer.drain()
        async with asyncio.timeout(10):  # a server waiting for the body would hang here
            return await reader.read(4096)
    finally:
        writer.close()
        await writer.wait_closed()


async def test_updates_posted_with_the_secret_are_answered(
    botapi: BotApiServer, replica: Replica
) -> None:
    assert botapi.webhook_url == replica.url and botapi.webhook_secret == SECRET
    botapi.send_text("5G base stations Shenzhen", chat_id=201)  # the server posts it
    (reply,) = await botapi.wait_for_messages(201)
    assert "46,000" in reply.text
    assert botapi.webhook_deliveries == [200]


async def test_an_update_posted_twice_is_handled_once(
    botapi: BotApiServer, replica: Replica
) -> None:
    body = json.dumps(update(9001, 205, "5G base stations Shenzhen")).encode()
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    duplicates = posts("duplicate")
    assert await post(replica.url, body, headers) == 200
    await botapi.wait_for_messages(205)
    assert await post(replica.url, body, headers) == 200  # Telegram re-sending it
    assert posts("duplicate") == duplicates + 1
    assert replica.application.update_queue.qsize() == 0  # it was never queued again
    assert len(botapi.sent_to(205)) == 1


@pytest.mark.parametrize("headers", [{SECRET_HEADER: "wrong"}, {}], ids=["wrong", "missing"])
async def test_posts_without_the_right_secret_are_refused(
    botapi: BotApiServer, replica: Replica, headers: dict[str, str]
) -> None:
    forbidden = posts("forbidden")
    body = json.dumps(update(999, 202, "5G base stations Shenzhen")).encode()
    assert await post(replica.url, body, headers) == 403
    assert posts("forbidden") == forbidden + 1
    assert replica.application.update_queue.qsize() == 0 and botapi.sent_to(202) == []


async def test_a_wrong_secret_is_refused_before_the_body_is_sent(replica: Replica) -> None:
    answer = await raw_exchange(
        replica.port,
        f"POST /{PATH} HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: wrong\r\n"
        "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 403 ")


async def test_a_secret_with_undecodable_bytes_is_just_wrong(replica: Replica) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", replica.port)
    writer.write(
        f"POST /{PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n".encode()
        + SECRET_HEADER.encode()
        + b": \xff\xfe"
        + SECRET.encode()
        + b"\r\n\r\n"
    )
    await writer.drain()
    async with asyncio.timeout(10):
        answer = await reader.read(4096)
    writer.close()
    await writer.wait_closed()
    assert answer.startswith(b"HTTP/1.1 403 ")


async def test_expect_continue_gets_the_403_instead_of_a_100(replica: Replica) -> None:
    answer = await raw_exchange(
        replica.port,
        f"POST /{PATH} HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        "Content-Length: 1000\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 403 ") and b"100 Continue" not in answer


async def test_a_declared_size_over_the_cap_is_refused_before_the_body(replica: Replica) -> None:
    too_large = posts("too_large")
    answer = await raw_exchange(
        replica.port,
        f"POST /{PATH} HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
        f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert posts("too_large") == too_large + 1


async def test_a_chunked_body_over_the_cap_is_refused(replica: Replica) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * 64 * 1024  # 1.25 MB in all, with no Content-Length

    async with (
        aiohttp.ClientSession() as session,
        session.post(replica.url, data=chunks(), headers={SECRET_HEADER: SECRET}) as response,
    ):
        assert response.status == 413


async def test_a_body_at_the_cap_is_read(replica: Replica) -> None:
    padding = MAX_BODY_BYTES - len(json.dumps(update(4, 204, "x"))) - len(', "pad": ""')
    data = update(4, 204, "x") | {"pad": "x" * padding}
    body = json.dumps(data).encode()
    assert len(body) == MAX_BODY_BYTES
    assert await post(replica.url, body, {SECRET_HEADER: SECRET}) == 200


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00", "not JSON"),
        (b"[" * 200_000 + b"]" * 200_000, "not JSON"),  # deeper than the parser's recursion
        (json.dumps({"update_id": 1, "a": nested(MAX_JSON_DEPTH)}).encode(), "nested deeper"),
        (b'"just a string"', "not a JSON object"),
        (b'{"message": {}}', "no integer update_id"),
        (b'{"update_id": "7"}', "no integer update_id"),
        (b'{"update_id": true}', "no integer update_id"),
        (b'{"update_id": 9223372036854775808}', "update_id out of range"),
        (b'{"update_id": -1}', "update_id out of range"),
        (b'{"update_id": 7, "message": 7}', "not a Telegram update"),
        (b'{"update_id": 7, "message": {"text": "no chat"}}', "not a Telegram update"),
        (
            b'{"update_id": 7, "message": {"message_id": 1, "date": 1e20,'
            b' "chat": {"id": 1, "type": "private"}}}',
            "not a Telegram update",
        ),
    ],
    ids=[
        "broken",
        "not-utf8",
        "very-deep",
        "too-deep",
        "string",
        "no-update-id",
        "text-id",
        "bool-id",
        "huge-id",
        "negative-id",
        "bad-message",
        "incomplete-message",
        "date-overflow",
    ],
)
async def test_what_is_not_an_update_gets_400(replica: Replica, body: bytes, reason: str) -> None:
    malformed = posts("malformed")
    status, text = await post_reading(replica.url, body, {SECRET_HEADER: SECRET})
    assert status == 400 and reason in text
    assert posts("malformed") == malformed + 1
    assert replica.application.update_queue.qsize() == 0


def test_json_depth_counts_nesting() -> None:
    assert json_depth(1) == 0 and json_depth({}) == 1 and json_depth({"a": [1, {"b": 2}]}) == 3
    assert json_depth(nested(MAX_JSON_DEPTH)) == MAX_JSON_DEPTH


async def test_health_and_metrics_answer(botapi: BotApiServer, replica: Replica) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{replica.base}/healthz") as response:
            assert response.status == 200 and (await response.json())["status"] == "ok"
        async with session.get(f"{replica.base}/readyz") as response:
            assert response.status == 200
        async with session.get(f"{replica.base}/metrics") as response:
            assert response.status == 200
            text = await response.text()
    assert "citybrief_webhook_posts_total" in text
    assert 'citybrief_outbox_deliveries{status="pending"} 0.0' in text


async def test_an_update_that_cannot_be_recorded_gets_503_for_telegram_to_resend(
    replica: Replica, tmp_path: Path
) -> None:
    gone = create_engine(f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    intake = UpdateIntake(application=replica.application, engine=gone, retention=timedelta(1))
    server = WebServer(readiness=Readiness(gone), webhook=WebhookRoute(PATH, SECRET, intake))
    port = await server.start("127.0.0.1", 0)
    try:
        body = json.dumps(update(31, 206, "hello")).encode()
        status = await post(f"http://127.0.0.1:{port}/{PATH}", body, {SECRET_HEADER: SECRET})
    finally:
        await server.stop()
        gone.dispose()
    assert status == 503 and replica.application.update_queue.qsize() == 0


def test_taken_update_ids_are_forgotten_after_the_retention_window(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    application = bot_application(botapi, engine, tmp_path / "test.db", polling=False)
    clock = Clock(datetime(2026, 6, 1, 8, 0, tzinfo=UTC))
    intake = UpdateIntake(
        application=application, engine=engine, retention=timedelta(hours=48), clock=clock
    )
    assert intake.claim(1) and not intake.claim(1)
    clock.advance(hours=47)
    assert intake.claim(2) and intake.forget_old() == 0
    clock.advance(hours=2)
    assert intake.forget_old() == 1  # update 1, taken 49 hours ago
    assert intake.claim(1) and not intake.claim(2)


async def test_polling_is_refused_while_the_webhook_is_set(replica: Replica) -> None:
    with pytest.raises(Conflict, match="(?i)webhook is active"):
        await replica.application.bot.get_updates()
