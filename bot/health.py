"""Liveness and readiness, as `/healthz` and `/readyz` report them.

* Live (`/healthz`): the process answers HTTP. Nothing else is checked, so a supervisor
  restarts only a process that is really stuck.
* Ready (`/readyz`): the database answers a `SELECT 1` within DATABASE_CHECK_SECONDS, and, in a
  process that runs the worker role, the digest planner and sender jobs each ran within
  JOB_STALE_SECONDS. A load balancer sends updates only to ready web replicas; a worker that is
  not ready has a stuck job queue or no database.

The worker jobs report each run with `heartbeat(name)`; the clock is injected so tests decide
how old a run is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.metrics import JOB_LAST_RUN
from db.engine import Engine, new_session
from db.health import DatabaseError, ping

log = logging.getLogger(__name__)

DATABASE_CHECK_SECONDS = 3.0
"""How long `/readyz` waits for the database before calling it unreachable."""
JOB_STALE_SECONDS = 60.0
"""A worker job that has not run for this long is stuck (the planner runs every 15 s, the
sender every 2 s)."""


class Heartbeats:
    """When each named job last ran, on a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: dict[str, float] = {}

    def beat(self, name: str) -> None:
        """Record that job `name` ran now."""
        self._last[name] = self.clock()
        JOB_LAST_RUN.labels(name).set(time.time())

    def age(self, name: str) -> float | None:
        """Seconds since job `name` last ran, or None if it never ran in this process."""
        last = self._last.get(name)
        return None if last is None else self.clock() - last


HEARTBEATS = Heartbeats()
"""The process's heartbeats: the worker jobs beat here, `/readyz` reads them."""


def heartbeat(name: str) -> None:
    """Record that the worker job `name` ran (called by the job itself)."""
    HEARTBEATS.beat(name)


@dataclass(frozen=True)
class Readiness:
    """What `/readyz` checks in this process.

    Attributes:
        engine: the store; it must answer.
        jobs: the worker jobs that must have run recently (none in a web-only process).
        heartbeats: where those jobs beat.
    """

    engine: Engine
    jobs: tuple[str, ...] = ()
    heartbeats: Heartbeats = HEARTBEATS

    async def problems(self) -> list[str]:
        """Why this process is not ready; empty when it is."""
        found = [] if await self.database_answers() else ["database unreachable"]
        return found + list(self._stale_jobs(self.jobs))

    async def database_answers(self) -> bool:
        """Whether the store answers a trivial query in time."""
        try:
            async with asyncio.timeout(DATABASE_CHECK_SECONDS):
                await asyncio.to_thread(self._ping)
        except TimeoutError:
            log.warning("readiness: no answer from the database in %s s", DATABASE_CHECK_SECONDS)
            return False
        except DatabaseError as exc:
            log.warning("readiness: the database is unreachable: %s", exc)
            return False
        return True

    def _ping(self) -> None:
        with new_session(self.engine) as session:
            ping(session=session)

    def _stale_jobs(self, names: Iterable[str]) -> Iterable[str]:
        for name in names:
            age = self.heartbeats.age(name)
            if age is None:
                yield f"{name} has not run yet"
            elif age > JOB_STALE_SECONDS:
                yield f"{name} last ran {age:.0f} s ago"
