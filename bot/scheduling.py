"""Digest scheduling on PTB's JobQueue (APScheduler): rebuilt from the database at start.

The schedule itself lives in the database (`Subscription.next_run`, the outbox), so jobs hold
no state worth losing: at start the bot marks deliveries a crash left in flight as unknown,
plans the slots that came due while it was down (late within the grace period, else skipped),
and registers two named repeating jobs, whose first runs follow right after start-up:

* `digest-planner` (every PLANNER_INTERVAL s) turns due subscriptions into outbox rows;
* `digest-sender` (every SENDER_INTERVAL s) starts draining the outbox unless a drain runs.

The drain runs as a background task of the Application rather than inside the job, so a long
fan-out never makes APScheduler skip (and warn about) overlapping runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application

from bot.delivery import DigestSender, SendReport
from bot.health import heartbeat
from briefing.schedule import to_db
from briefing.subscriptions import PlanReport, plan_due, utc_now
from db import outbox
from db.engine import Engine, new_session
from handlers.context import BotData, Context

log = logging.getLogger(__name__)

PLANNER_JOB = "digest-planner"
SENDER_JOB = "digest-sender"
PLANNER_INTERVAL = 15.0
SENDER_INTERVAL = 2.0
FIRST_RUN_DELAY = 0.5


class DigestScheduler:
    """Plans slots and drains the outbox; the clock is injected so tests control time."""

    def __init__(
        self,
        *,
        engine: Engine,
        sender: DigestSender,
        grace: timedelta,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.sender = sender
        self.grace = grace
        self.clock = clock
        self._drain: asyncio.Task[SendReport] | None = None

    def recover(self) -> int:
        """Mark deliveries left `sending` by a crash as `unknown`; returns how many."""
        with new_session(self.engine) as session:
            count = outbox.recover_in_flight(session=session, now=to_db(self.clock()))
            session.commit()
        if count:
            log.warning("%d digest(s) were in flight when the bot stopped: outcome unknown", count)
        return count

    def plan(self) -> PlanReport:
        """Create outbox rows for every slot that has come."""
        report = plan_due(engine=self.engine, now=self.clock(), grace=self.grace)
        if report.planned or report.skipped:
            log.info(
                "planned %d digest(s), skipped %d late slot(s)", report.planned, report.skipped
            )
        return report

    def kick(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Start draining the outbox in the background unless a drain is already running."""
        if self._drain is not None and not self._drain.done():
            return
        self._drain = application.create_task(
            self.sender.drain(keep_going=lambda: application.running), name="digest-drain"
        )

    async def wait_idle(self) -> SendReport | None:
        """Wait for the running drain, if any (tests and shutdown)."""
        if self._drain is None:
            return None
        return await self._drain

    async def planner_job(self, context: Context) -> None:
        """Job: plan due slots, then make sure the sender runs."""
        # In a thread: planning thousands of slots must not stall replies to users.
        await asyncio.to_thread(self.plan)
        heartbeat(PLANNER_JOB)  # /readyz: the planner runs
        self.kick(context.application)

    async def sender_job(self, context: Context) -> None:
        """Job: drain the outbox (retries and late rows come due between plans)."""
        heartbeat(SENDER_JOB)  # /readyz: the sender runs
        self.kick(context.application)


async def start_scheduling(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Rebuild digest scheduling from the database; called from the Application's post_init."""
    services: BotData = application.bot_data
    engine, settings = services.engine, services.settings
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("digests need PTB's job queue: install python-telegram-bot[job-queue]")
    scheduler = DigestScheduler(
        engine=engine,
        sender=DigestSender(engine=engine, bot=application.bot),
        grace=timedelta(minutes=settings.digest_grace_minutes),
    )
    scheduler.recover()
    await asyncio.to_thread(scheduler.plan)  # slots that came due while the bot was down
    for name, callback, interval in (
        (PLANNER_JOB, scheduler.planner_job, PLANNER_INTERVAL),
        (SENDER_JOB, scheduler.sender_job, SENDER_INTERVAL),
    ):
        for stale in job_queue.get_jobs_by_name(name):
            stale.schedule_removal()
        job_queue.run_repeating(
            callback,
            interval=interval,
            first=FIRST_RUN_DELAY,
            name=name,
            # The queue starts after post_init: a first run "missed" by start-up still runs.
            job_kwargs={"misfire_grace_time": None, "coalesce": True},
        )
