"""start_scheduling: the real bot rebuilds its digest jobs from the database at start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.app import INDEX_REFRESH_JOB
from bot.scheduling import LEADER_JOB, PLANNER_JOB, RETENTION_JOB, SENDER_JOB
from db import outbox
from db import subscriptions as chats
from db.engine import new_session
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.chats import add_subscriber
from tests.db.rows import delivery_rows
from tests.factories import FactFactory, many_facts


async def test_start_recovers_in_flight_rows_and_sends_a_slot_missed_while_down(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    fact_factory.document("a", *many_facts("Metric", 20), ingested_at=now)
    # Chat 801's slot passed 10 minutes ago while the bot was down: within the grace period.
    # Each local time is its missed slot's, so the next slot is a day later whatever the clock
    # says (a fixed 08:00 made the test send twice when it ran just before 08:00 UTC).
    missed = now - timedelta(minutes=10)
    late = add_subscriber(engine, chat_id=801, now=now, next_run=missed, local_time=missed.time())
    # Chat 802's slot passed 5 hours ago: beyond the 2-hour default grace, so skipped.
    long_missed = now - timedelta(hours=5)
    add_subscriber(
        engine, chat_id=802, now=now, next_run=long_missed, local_time=long_missed.time()
    )
    # Chat 803 had a digest in flight when the previous process died.
    stuck = add_subscriber(engine, chat_id=803, now=now, next_run=now + timedelta(hours=1))
    with new_session(engine) as session:
        row = outbox.add_delivery(
            session=session, subscription_id=stuck, chat_id=803, slot=now, now=now
        )
        died = outbox.Claim(owner="the process that died", lease=timedelta(seconds=30))
        claimed_at = now - timedelta(minutes=1)  # its lease has run out by now
        assert outbox.claim_delivery(
            session=session, delivery_id=row.id or 0, claim=died, now=claimed_at
        )
        session.commit()

    async with polling_bot(botapi, engine, tmp_path / "test.db") as app:
        assert app.job_queue is not None
        names = sorted(job.name or "" for job in app.job_queue.jobs())
        assert names == sorted(
            [INDEX_REFRESH_JOB, LEADER_JOB, PLANNER_JOB, SENDER_JOB, RETENTION_JOB]
        )
        await botapi.wait_for(lambda: len(botapi.sent_to(801)) == 1, within=10)
        await botapi.wait_idle(quiet=0.5)

    with new_session(engine) as session:
        statuses = {
            chat: [d.status for d in delivery_rows(engine, chat)] for chat in (801, 802, 803)
        }
        sub = chats.get_subscription(session=session, subscription_id=late)
        assert sub is not None and sub.next_run > now  # advanced past the missed slot
    assert statuses == {801: ["sent"], 802: ["skipped"], 803: ["unknown"]}
    assert botapi.sent_to(802) == [] and botapi.sent_to(803) == []
    assert botapi.client_errors() == []
