"""Digest scheduling on PTB's JobQueue (APScheduler): rebuilt from the database at start.

The schedule itself lives in the database (`Subscription.next_run`, the outbox), so jobs hold
no state worth losing. Several workers may run against one database; each registers the same
named repeating jobs, whose first runs follow right after start-up:

* `digest-leader` (every LEADER_INTERVAL s) keeps or takes the active-sender role
  (`db.leases.Leadership`: a PostgreSQL advisory lock, or a lease row on SQLite) and renews the
  leases of the outbox rows this worker has in flight;
* `digest-planner` (every PLANNER_INTERVAL s) turns due subscriptions into outbox rows; every
  worker plans, sharing due subscriptions with `SKIP LOCKED` (see `plan_due`);
* `digest-sender` (every SENDER_INTERVAL s), on the active sender only, marks rows whose
  sender died mid-send (lease expired) unknown and starts draining the outbox unless a drain
  runs;
* `digest-retention` (every RETENTION_INTERVAL s), on the active sender only, prunes finished
  outbox rows older than the retention period.

Only the active sender sends digests, so one bot token has one paced budget
(`bot.ratelimit.PacedRateLimiter`) however many workers run: zero 429s by construction, with no
database round trip per message. A worker that becomes the sender waits HANDOVER_PAUSE first:
Telegram's windows still count the sends its dead predecessor made in the last second, which
the new process's limiter cannot know. A worker that loses the role stops after the sends in
flight (the drain checks `is_active` before each row).

The drain runs as a background task of the Application rather than inside the job, so a long
fan-out never makes APScheduler skip (and warn about) overlapping runs. Database work runs in
threads, each transaction retried after a transient error (`db.engine.retry_transient`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Application

from bot import health, metrics
from bot.delivery import DigestSender, SendReport
from briefing.schedule import to_db
from briefing.subscriptions import PlanReport, plan_due, utc_now
from db import outbox
from db.engine import Engine, new_session, retry_transient
from db.leases import Leadership
from handlers.context import BotData, Context

log = logging.getLogger(__name__)

LEADER_JOB = "digest-leader"
PLANNER_JOB = "digest-planner"
SENDER_JOB = "digest-sender"
RETENTION_JOB = "digest-retention"
LEADER_INTERVAL = 1.0
PLANNER_INTERVAL = 15.0
SENDER_INTERVAL = 2.0
RETENTION_INTERVAL = 3600.0
FIRST_RUN_DELAY = 0.5
HANDOVER_PAUSE = 2.0
"""Seconds a new active sender waits before its first send: Telegram's longest per-second
window (1 s) plus a margin for a request of the dead sender still on its way."""
DEFAULT_RETENTION = timedelta(days=30)

Anything = Application[Any, Any, Any, Any, Any, Any]


@dataclass(kw_only=True, eq=False)
class DigestScheduler:
    """Plans slots and drains the outbox; the clock is injected so tests control time.

    Without `leadership` this worker is always the active sender (one process that drives the
    scheduler itself, as tests do); with it, only while it holds the role.
    """

    engine: Engine
    sender: DigestSender
    grace: timedelta
    clock: Callable[[], datetime] = utc_now
    leadership: Leadership | None = None
    retention: timedelta = DEFAULT_RETENTION
    handover_pause: float = HANDOVER_PAUSE
    monotonic: Callable[[], float] = time.monotonic
    _active_from: float | None = field(default=None, init=False)
    """When this worker may send (by `monotonic`); None while it stands by."""
    heartbeats: int = field(default=0, init=False)
    """Election heartbeats completed: the election's logical clock."""
    _drain: asyncio.Task[SendReport] | None = field(default=None, init=False)

    def is_active(self) -> bool:
        """Whether this worker is the active sender now (after its handover pause)."""
        if self.leadership is None:
            return True
        return (
            self.leadership.held
            and self._active_from is not None
            and self.monotonic() >= self._active_from
        )

    def heartbeat(self) -> bool:
        """Keep or take the sender role, renew the claims in flight; returns whether leading.

        Blocking (database round trips): run it in a thread.
        """
        if self.leadership is None:
            return True
        was_leading = self._active_from is not None
        leading = self.leadership.hold()
        self.heartbeats += 1
        metrics.LEADER_HEARTBEATS.inc()
        if leading and not was_leading:
            self._active_from = self.monotonic() + self.handover_pause
            metrics.LEADER_SINCE_HEARTBEAT.set(self.heartbeats)
            metrics.LEADER_SINCE.set_to_current_time()
            log.info(
                "%s is now the active digest sender at heartbeat %d (sending in %.1f s)",
                self.leadership.owner,
                self.heartbeats,
                self.handover_pause,
            )
        elif was_leading and not leading:
            self._active_from = None
            log.warning("%s lost the digest sender role; standing by", self.leadership.owner)
        metrics.LEADER.set(1 if leading else 0)
        if leading:
            self.sender.renew_claims()
        return leading

    def recover(self) -> int:
        """Mark sending rows whose lease ran out as `unknown`; returns how many."""

        def recover_expired() -> int:
            with new_session(self.engine) as session:
                count = outbox.recover_expired(session=session, now=to_db(self.clock()))
                session.commit()
            return count

        count = retry_transient(recover_expired, what="recovering expired outbox claims")
        if count:
            metrics.OUTBOX_RECOVERED.inc(count)
            log.warning(
                "%d digest(s) were in flight when their sender stopped: outcome unknown", count
            )
        return count

    def plan(self) -> PlanReport:
        """Create outbox rows for every slot that has come."""
        report = retry_transient(
            lambda: plan_due(engine=self.engine, now=self.clock(), grace=self.grace),
            what="planning due digests",
        )
        if report.planned or report.skipped:
            log.info(
                "planned %d digest(s), skipped %d late slot(s)", report.planned, report.skipped
            )
        return report

    def prune(self) -> int:
        """Delete finished outbox rows older than the retention period; returns how many."""

        def prune_old() -> int:
            with new_session(self.engine) as session:
                count = outbox.prune_deliveries(
                    session=session, before=to_db(self.clock() - self.retention)
                )
                session.commit()
            return count

        count = retry_transient(prune_old, what="pruning old outbox rows")
        if count:
            metrics.OUTBOX_PRUNED.inc(count)
            log.info("pruned %d outbox row(s) older than %s", count, self.retention)
        return count

    def kick(self, application: Anything) -> None:
        """Start draining the outbox in the background unless a drain is running or this worker
        is not the active sender."""
        if not self.is_active():
            return
        if self._drain is not None and not self._drain.done():
            return
        self._drain = application.create_task(
            self._drain_outbox(keep_going=lambda: application.running and self.is_active()),
            name="digest-drain",
        )

    async def _drain_outbox(self, *, keep_going: Callable[[], bool]) -> SendReport:
        report = await self.sender.drain(keep_going=keep_going)
        for outcome, count in report.items():
            metrics.DIGEST_OUTCOMES.labels(outcome=outcome.value).inc(count)
        return report

    async def wait_idle(self) -> SendReport | None:
        """Wait for the running drain, if any (tests and shutdown)."""
        if self._drain is None:
            return None
        return await self._drain

    def stop(self) -> None:
        """Give the sender role up (a clean stop): a standby takes over at its next heartbeat."""
        if self.leadership is not None:
            self.leadership.release()
            self._active_from = None
            metrics.LEADER.set(0)

    async def leader_job(self, context: Context) -> None:
        """Job: keep or take the sender role; a new or continuing sender drains."""
        await asyncio.to_thread(self.heartbeat)
        self.kick(context.application)

    async def planner_job(self, context: Context) -> None:
        """Job: plan due slots, then make sure the sender runs."""
        # In a thread: planning thousands of slots must not stall replies to users.
        await asyncio.to_thread(self.plan)
        health.heartbeat(PLANNER_JOB)  # /readyz: the planner runs
        self.kick(context.application)

    async def sender_job(self, context: Context) -> None:
        """Job: recover dead senders' rows, drain the outbox (retries and late rows come due
        between plans).

        It beats on every worker, standbys included: /readyz asks whether the job queue runs,
        not whether this worker is the one elected to send."""
        health.heartbeat(SENDER_JOB)  # /readyz: the sender job runs
        if not self.is_active():
            return
        await asyncio.to_thread(self.recover)
        self.kick(context.application)

    async def retention_job(self, context: Context) -> None:
        """Job: prune old outbox rows (the active sender only, so once per interval)."""
        if self.is_active():
            await asyncio.to_thread(self.prune)


async def start_scheduling(application: Anything) -> DigestScheduler:
    """Rebuild digest scheduling from the database; called from the Application's post_init.

    The worker takes the sender role at once if it is free, and gives it up when the
    Application stops (`post_stop`).
    """
    services: BotData = application.bot_data
    engine, settings = services.engine, services.settings
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("digests need PTB's job queue: install python-telegram-bot[job-queue]")
    sender = DigestSender(
        engine=engine,
        bot=application.bot,
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        briefing=services.briefing,  # digests are followed by the chart of their key measure
    )
    scheduler = DigestScheduler(
        engine=engine,
        sender=sender,
        grace=timedelta(minutes=settings.digest_grace_minutes),
        leadership=Leadership(engine, owner=sender.claim.owner),
        retention=timedelta(days=settings.delivery_retention_days),
    )
    _stop_with(application, scheduler)
    await asyncio.to_thread(scheduler.heartbeat)
    await asyncio.to_thread(scheduler.recover)  # rows of senders that died, leases run out
    await asyncio.to_thread(scheduler.plan)  # slots that came due while the bot was down
    for name, callback, interval in (
        (LEADER_JOB, scheduler.leader_job, LEADER_INTERVAL),
        (PLANNER_JOB, scheduler.planner_job, PLANNER_INTERVAL),
        (SENDER_JOB, scheduler.sender_job, SENDER_INTERVAL),
        (RETENTION_JOB, scheduler.retention_job, RETENTION_INTERVAL),
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
    return scheduler


def _stop_with(application: Anything, scheduler: DigestScheduler) -> None:
    """Release the sender role after the Application stops (before any post_stop set before)."""
    previous = application.post_stop

    async def stop_scheduling(app: Anything) -> None:
        await asyncio.to_thread(scheduler.stop)
        if previous is not None:
            await previous(app)

    application.post_stop = stop_scheduling
