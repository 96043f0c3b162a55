"""Several workers on one store: one elected sender, a handover pause, leases kept while in
flight. Real schedulers, senders and the Bot API test server; clocks are injected."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import cast

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import select
from telegram.ext import ExtBot

from bot import health
from bot.app import WORKER_JOBS
from bot.delivery import DigestSender, Outcome
from bot.health import JOB_STALE_SECONDS, Heartbeats, Readiness
from bot.ratelimit import RateLimitArgs
from bot.scheduling import DigestScheduler
from briefing.schedule import from_db
from db.engine import create_db_engine, new_session
from db.leases import Leadership
from db.models import Delivery
from handlers.context import Context
from tests.bot.test_delivery import GRACE, bot, make_bot
from tests.botapi import BotApiServer
from tests.chats import add_subscriber
from tests.clocks import Clock
from tests.conftest import ON_POSTGRESQL
from tests.factories import FactFactory, many_facts

START = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
PAUSE = 2.0

__all__ = ["bot"]


class Monotonic:
    def __init__(self) -> None:
        self.t = 500.0

    def __call__(self) -> float:
        return self.t


def leader_gauge() -> float | None:
    return REGISTRY.get_sample_value("citybrief_digest_sender_leader")


def worker(
    engine: Engine, bot: ExtBot[RateLimitArgs], name: str, clock: Clock, monotonic: Monotonic
) -> DigestScheduler:
    sender = DigestSender(engine=engine, bot=bot, clock=clock, owner=name)
    return DigestScheduler(
        engine=engine,
        sender=sender,
        grace=GRACE,
        clock=clock,
        leadership=Leadership(engine, owner=name, clock=clock, monotonic=monotonic),
        handover_pause=PAUSE,
        monotonic=monotonic,
    )


def test_one_worker_sends_after_its_handover_pause_and_a_standby_takes_over(
    engine: Engine, bot: ExtBot[RateLimitArgs]
) -> None:
    clock, monotonic = Clock(START), Monotonic()
    first, second = (worker(engine, bot, name, clock, monotonic) for name in ("a", "b"))
    try:
        assert first.heartbeat() and leader_gauge() == 1
        assert not first.is_active()  # the dead predecessor's last second may still count
        assert not second.heartbeat() and not second.is_active()
        assert leader_gauge() == 0  # (one gauge per process; b set it last)
        monotonic.t += PAUSE
        assert first.is_active() and not second.is_active()
        first.stop()  # a clean stop gives the role up
        assert not first.is_active()
        assert second.heartbeat() and not second.is_active()
        monotonic.t += PAUSE
        assert second.is_active()
        assert not first.heartbeat()
    finally:
        first.stop()
        second.stop()


async def test_a_standby_worker_is_ready_its_jobs_run_without_sending(
    engine: Engine, bot: ExtBot[RateLimitArgs], monkeypatch: pytest.MonkeyPatch
) -> None:
    """/readyz asks whether a worker's jobs run, not whether it is the elected sender."""
    clock, monotonic = Clock(START), Monotonic()
    beats = Heartbeats(clock=monotonic)
    monkeypatch.setattr(health, "HEARTBEATS", beats)
    leader, standby = (worker(engine, bot, name, clock, monotonic) for name in ("a", "b"))
    readiness = Readiness(engine, jobs=WORKER_JOBS, heartbeats=beats)
    context = cast(Context, SimpleNamespace(application=None))  # a standby never starts a drain
    try:
        assert leader.heartbeat() and not standby.heartbeat()
        assert await readiness.problems() == [f"{job} has not run yet" for job in WORKER_JOBS]
        await standby.planner_job(context)
        await standby.sender_job(context)
        assert not standby.is_active()
        assert await readiness.problems() == []
        monotonic.t += JOB_STALE_SECONDS + 1
        assert len(await readiness.problems()) == len(WORKER_JOBS)  # stuck jobs still show
    finally:
        leader.stop()
        standby.stop()


async def test_a_sender_renews_the_lease_of_a_digest_in_flight(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document("a", *many_facts("Metric", 5), ingested_at=START)
    add_subscriber(engine, chat_id=41, now=START)
    clock = Clock(datetime(2026, 3, 6, 8, 0, tzinfo=UTC))
    ext_bot = make_bot(botapi)
    await ext_bot.initialize()
    sender = DigestSender(
        engine=engine, bot=ext_bot, clock=clock, owner="a", lease=timedelta(seconds=30)
    )
    scheduler = DigestScheduler(engine=engine, sender=sender, grace=GRACE, clock=clock)
    try:
        assert scheduler.plan().planned == 1
        botapi.hold("sendMessage")
        drain = asyncio.create_task(sender.drain())
        await botapi.wait_for(lambda: bool(botapi.held("sendMessage")), within=10)
        claimed_at = clock()
        clock.advance(seconds=25)  # the request is still in flight: the lease is renewed
        assert await asyncio.to_thread(sender.renew_claims) == 1
        clock.advance(seconds=10)  # past the first lease, within the renewed one
        assert await asyncio.to_thread(scheduler.recover) == 0
        with new_session(engine) as session:
            (row,) = session.exec(select(Delivery)).all()
        assert row.status == "sending" and row.claimed_by == "a"
        assert from_db(row.lease_expires_at or START) == claimed_at + timedelta(seconds=55)
        botapi.release("sendMessage")
        assert await drain == {Outcome.SENT: 1}
        assert await asyncio.to_thread(sender.renew_claims) == 0  # nothing in flight
    finally:
        await ext_bot.shutdown()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="ends the sender's PostgreSQL sessions")
async def test_the_sender_rides_out_the_server_ending_its_sessions_mid_fanout(
    botapi: BotApiServer, database_url: str, engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document("a", *many_facts("Metric", 5), ingested_at=START)
    for chat_id in range(51, 56):
        add_subscriber(engine, chat_id=chat_id, now=START)
    name = f"citybrief-test-{uuid.uuid4().hex[:8]}"
    url = make_url(database_url).update_query_dict({"application_name": name})
    own = create_db_engine(url.render_as_string(hide_password=False))
    clock = Clock(datetime(2026, 3, 6, 8, 0, tzinfo=UTC))
    ext_bot = make_bot(botapi)
    await ext_bot.initialize()
    sender = DigestSender(engine=own, bot=ext_bot, clock=clock, owner="a")
    try:
        assert DigestScheduler(engine=own, sender=sender, grace=GRACE, clock=clock).plan().planned
        botapi.hold("sendMessage", after=2)
        drain = asyncio.create_task(sender.drain())
        await botapi.wait_for(lambda: bool(botapi.held("sendMessage")), within=10)
        # As a server restart does: every session of the sender's engine ends.
        with engine.begin() as conn:
            ended = conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name"
                ),
                {"name": name},
            ).all()
        assert ended and all(ok for (ok,) in ended)
        botapi.release("sendMessage")
        assert await drain == {Outcome.SENT: 5}
        assert [len(botapi.sent_to(chat)) for chat in range(51, 56)] == [1] * 5
    finally:
        await ext_bot.shutdown()
        own.dispose()
