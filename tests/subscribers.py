"""Test data for digests: documents with facts, chats with subscriptions, and a fake clock."""

from __future__ import annotations

import asyncio
import hashlib
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.engine import Engine

from briefing.schedule import next_slot, to_db
from db.engine import new_session
from db.models import Chat, Document, FactRow, Subscription


@dataclass(frozen=True)
class FactSpec:
    subject: str
    region: str | None = "Qingdao"
    value: float | None = 10.0
    unit: str | None = "billion yuan"
    kind: str = "metric"
    topics: str = "software"
    period: str | None = "2021"


def add_document(
    engine: Engine,
    *,
    slug: str,
    facts: Sequence[FactSpec],
    ingested_at: datetime,
    title: str | None = None,
) -> list[int]:
    """Store a document whose sentences are the facts; returns the fact ids."""
    sentences = [f"{spec.subject} reached {spec.value} {spec.unit}." for spec in facts]
    text = " ".join(sentences)
    with new_session(engine) as session:
        document = Document(
            slug=slug,
            path=f"{slug}.txt",
            title=title or f"Report {slug}",
            outlet="City Daily",
            published=ingested_at.date(),
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            text=text,
            ingested_at=to_db(ingested_at),
        )
        session.add(document)
        session.flush()
        assert document.id is not None
        rows = []
        offset = 0
        for spec, sentence in zip(facts, sentences, strict=True):
            row = FactRow(
                document_id=document.id,
                kind=spec.kind,
                subject=spec.subject,
                region=spec.region,
                period=spec.period,
                value=spec.value,
                value_text=None if spec.value is None else str(spec.value),
                unit=spec.unit,
                quote=sentence,
                start=offset,
                end=offset + len(sentence),
                topics=spec.topics,
            )
            offset += len(sentence) + 1
            rows.append(row)
        session.add_all(rows)
        session.commit()
        return [row.id for row in rows if row.id is not None]


def many_facts(
    prefix: str, count: int, *, topics: Sequence[str] = ("software",)
) -> list[FactSpec]:
    """`count` distinct metric facts spread over `topics`."""
    return [
        FactSpec(subject=f"{prefix} measure {n}", topics=topics[n % len(topics)], value=float(n))
        for n in range(count)
    ]


def add_subscriber(
    engine: Engine,
    *,
    chat_id: int,
    now: datetime,
    timezone: str = "UTC",
    cadence: str = "daily",
    weekday: int | None = None,
    local_time: time = time(8),
    topic: str | None = None,
    next_run: datetime | None = None,
    chat_type: str | None = None,
) -> int:
    """A chat with one subscription; returns the subscription id."""
    first = next_run or next_slot(
        cadence=cadence, weekday=weekday, local_time=local_time, timezone=timezone, after=now
    )
    with new_session(engine) as session:
        if session.get(Chat, chat_id) is None:
            session.add(
                Chat(
                    id=chat_id,
                    type=chat_type or ("private" if chat_id > 0 else "supergroup"),
                    timezone=timezone,
                    created_at=to_db(now),
                )
            )
        subscription = Subscription(
            chat_id=chat_id,
            cadence=cadence,
            weekday=weekday,
            local_time=local_time.strftime("%H:%M"),
            timezone=timezone,
            topic=topic,
            next_run=to_db(first),
            created_at=to_db(now),
        )
        session.add(subscription)
        session.commit()
        assert subscription.id is not None
        return subscription.id


class Clock:
    """An injectable wall clock (aware UTC) that tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


class FakeMonotonic:
    """A virtual monotonic clock for the rate limiter: sleeping jumps time forward.

    Sleepers wake in order of their deadlines; time advances to the next deadline once the
    tasks that can run have run, so concurrent waits overlap as they would in real time.
    """

    def __init__(self) -> None:
        self.t = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0
        self._driver: asyncio.Task[None] | None = None

    def __call__(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.t + seconds, self._seq, future))
        self._seq += 1
        if self._driver is None or self._driver.done():
            self._driver = asyncio.create_task(self._drive())
        await future

    async def _drive(self) -> None:
        while self._sleepers:
            for _ in range(50):  # let every runnable task run before time moves
                await asyncio.sleep(0)
            deadline, _, future = heapq.heappop(self._sleepers)
            self.t = max(self.t, deadline)
            if not future.done():
                future.set_result(None)
