"""Health, readiness and metrics: what an operator's probes and Prometheus read.

Readiness of a worker depends on how long ago its jobs ran: the heartbeats take a fake clock,
and the outbox's oldest-pending age is computed against an injected wall clock.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from telegram import Bot

from bot.app import WORKER_JOBS, WebhookIsSet, build_application, ensure_no_webhook
from bot.health import JOB_STALE_SECONDS, Heartbeats, Readiness
from bot.instrumentation import CountingRequest, api_method, update_kind
from bot.logs import configure_logging
from bot.scheduling import PLANNER_JOB, SENDER_JOB
from bot.webhook import ListenError, WebServer
from db import outbox
from db.engine import new_session
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.chats import add_subscriber
from tests.clocks import Clock
from tests.factories import FactFactory, sample_store

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def get(server_port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{server_port}{path}") as response,
    ):
        return response.status, await response.text()


async def test_a_worker_is_ready_only_while_its_jobs_run(engine: Engine) -> None:
    ticks = Ticks()
    beats = Heartbeats(clock=ticks)
    readiness = Readiness(engine, jobs=WORKER_JOBS, heartbeats=beats)
    assert await readiness.problems() == [
        f"{PLANNER_JOB} has not run yet",
        f"{SENDER_JOB} has not run yet",
    ]
    beats.beat(PLANNER_JOB)
    beats.beat(SENDER_JOB)
    assert await readiness.problems() == []
    ticks.t += JOB_STALE_SECONDS - 1
    beats.beat(SENDER_JOB)
    ticks.t += 2
    assert await readiness.problems() == [
        f"{PLANNER_JOB} last ran {JOB_STALE_SECONDS + 1:.0f} s ago"
    ]


async def test_readyz_says_why_it_is_not_ready(engine: Engine, tmp_path: Path) -> None:
    gone = create_engine(f"sqlite:///{tmp_path / 'missing' / 'nothing.db'}")
    server = WebServer(readiness=Readiness(gone, jobs=(PLANNER_JOB,), heartbeats=Heartbeats()))
    port = await server.start("127.0.0.1", 0)
    try:
        status, text = await get(port, "/readyz")
        live, _ = await get(port, "/healthz")
    finally:
        await server.stop()
        gone.dispose()
    assert status == 503 and "database unreachable" in text and "has not run yet" in text
    assert live == 200  # alive all the same: a restart would not bring the database back


async def test_metrics_report_the_outbox_as_it_stands(engine: Engine) -> None:
    subscription_id = add_subscriber(engine, chat_id=77, now=NOW)
    with new_session(engine) as session:
        outbox.add_delivery(
            session=session, subscription_id=subscription_id, chat_id=77, slot=NOW, now=NOW
        )
        session.commit()
    clock = Clock(NOW + timedelta(minutes=5))
    server = WebServer(readiness=Readiness(engine), clock=clock)
    port = await server.start("127.0.0.1", 0)
    try:
        status, text = await get(port, "/metrics")
    finally:
        await server.stop()
    assert status == 200
    assert 'citybrief_outbox_deliveries{status="pending"} 1.0' in text
    assert 'citybrief_outbox_deliveries{status="sent"} 0.0' in text
    assert "citybrief_outbox_oldest_pending_age_seconds 300.0" in text


async def test_sends_429s_403s_and_answers_are_counted(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    sent = sample("citybrief_messages_sent_total", method="sendMessage")
    limited = sample("citybrief_bot_api_429_total", method="sendMessage")
    forbidden = sample("citybrief_bot_api_403_total", method="sendMessage")
    handled = sample("citybrief_updates_handled_total", kind="message")
    answers = sample("citybrief_answer_seconds_count")
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False):
        botapi.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        botapi.block_chat(502)
        botapi.send_text("/help", chat_id=501)  # answered 429 (no limiter to retry it)
        await botapi.wait_for(lambda: len(botapi.calls("sendMessage")) >= 1)
        botapi.send_text("/help", chat_id=502)  # blocked: 403
        botapi.send_text("/help", chat_id=503)  # sent
        await botapi.wait_for_messages(503)
        await botapi.wait_for(lambda: len(botapi.calls("sendMessage")) >= 3)
    answered = [r.status for r in botapi.calls("sendMessage")]
    assert answered.count(429) == 1 and answered.count(403) == 1
    assert sample("citybrief_messages_sent_total", method="sendMessage") == sent + answered.count(
        200
    )
    assert sample("citybrief_bot_api_429_total", method="sendMessage") == limited + 1
    assert sample("citybrief_bot_api_403_total", method="sendMessage") == forbidden + 1
    assert sample("citybrief_updates_handled_total", kind="message") == handled + 3
    assert sample("citybrief_answer_seconds_count") == answers + 3


def test_the_bot_counts_through_its_own_transport(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    from tests.bot.harness import test_settings

    application = build_application(test_settings(botapi, tmp_path / "t.db"), engine=engine)
    assert isinstance(application.bot.request, CountingRequest)
    assert api_method("http://h/bot123:abc/sendMessage") == "sendMessage"
    assert update_kind(object()) == "other"


async def test_polling_refuses_to_end_webhook_mode_unless_told(botapi: BotApiServer) -> None:
    bot = Bot(botapi.token, base_url=botapi.base_url)
    async with bot:
        await ensure_no_webhook(bot, drop=False)  # none set: nothing to do
        await bot.set_webhook("https://bot.example/hook", secret_token="s")
        with pytest.raises(WebhookIsSet, match=r"citybrief webhook delete.*--drop-webhook"):
            await ensure_no_webhook(bot, drop=False)
        assert botapi.webhook_url == "https://bot.example/hook"  # left as it was
        await ensure_no_webhook(bot, drop=True)
    assert botapi.webhook_url is None


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging("INFO", instance_id="web-2")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    root.handlers[:], root.level = saved


def test_every_log_line_names_the_instance(log_stream: io.StringIO) -> None:
    logging.getLogger("citybrief.test").info("one")
    logging.getLogger("telegram.ext").warning("two")
    lines = log_stream.getvalue().splitlines()
    assert len(lines) == 2 and all(" [web-2] " in line for line in lines)


async def test_a_port_in_use_is_one_clear_error(engine: Engine) -> None:
    first = WebServer(readiness=Readiness(engine))
    port = await first.start("127.0.0.1", 0)
    try:
        with pytest.raises(ListenError, match=f"cannot listen on 127.0.0.1:{port}"):
            await WebServer(readiness=Readiness(engine)).start("127.0.0.1", port)
    finally:
        await first.stop()
