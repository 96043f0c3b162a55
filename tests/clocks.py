"""Clocks tests inject: a wall clock moved by hand and a virtual monotonic clock."""

from __future__ import annotations

import asyncio
import heapq
from datetime import UTC, datetime, timedelta


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
