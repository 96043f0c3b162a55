"""The bot token's budget shared with every other process that sends (web replicas, the worker).

Each process's `PacedRateLimiter` keeps Telegram's limits for its own requests; with several
processes on one token (`citybrief run --role web` replicas and a worker) their sums could
exceed them: two replicas replying at 30 msg/s each, or two replicas answering one chat's two
updates in the same second. `SharedBudget` admits each request in the database's window
(`db.sendwindow`) right before it goes out and records its finish after, so the token's limits
hold across every process: the same rule as the limiter's, on the database's one clock.

Database work runs in two threads of its own, off the event loop. Admissions are serial in the
database, a few milliseconds each, so a process can still send far faster than 30 a second.
If the database cannot be reached, requests go out under the process's own limits (logged
once per outage): an answer is worth more than a strict window while the store is down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from bot.ratelimit import GROUP_PER_MINUTE, OVERALL_PER_SECOND, PER_CHAT_INTERVAL
from core.errors import StoreError
from db.engine import Engine
from db.sendwindow import SendWindow, WindowLimits

log = logging.getLogger(__name__)

REPLY_RESERVE = 5
"""Requests a second that digests leave to replies while replies are being sent."""
MAX_WAIT = 1.0
"""The longest a refused request sleeps before asking again (a window may open early)."""

TOKEN_LIMITS = WindowLimits(
    overall=OVERALL_PER_SECOND,
    chat_interval=PER_CHAT_INTERVAL,
    group_per_minute=GROUP_PER_MINUTE,
    reply_reserve=REPLY_RESERVE,
)
"""Telegram's limits for one bot token, as every process sharing it keeps them."""

P = ParamSpec("P")
T = TypeVar("T")


def token_window(engine: Engine, *, holder: str) -> SendWindow:
    """The shared window of Telegram's limits for one process (`holder`) on `engine`."""
    return SendWindow(engine, holder=holder, limits=TOKEN_LIMITS)


class SharedBudget:
    """Admits requests in the shared window; `PacedRateLimiter(shared=...)` calls it."""

    def __init__(
        self, window: SendWindow, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        self._window = window
        self._sleep = sleep
        self._threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="send-window")
        self._failing = False
        self.refusals = 0  # admissions told to wait, for logs and benchmarks

    async def admit(self, chat: int | str | None, *, group: bool, bulk: bool) -> int | None:
        """Wait until the token's window admits a request to `chat`; returns its ticket, or
        None when the database could not be asked (the request goes under local limits)."""
        key = "" if chat is None else str(chat)
        while True:
            try:
                admission = await self._run(self._window.admit, chat=key, group=group, bulk=bulk)
            except StoreError as exc:
                self._failed(exc)
                return None
            self._failing = False
            if admission.ticket is not None:
                return admission.ticket
            self.refusals += 1
            await self._sleep(min(admission.wait, MAX_WAIT))

    def finished(self, ticket: int) -> None:
        """Record, in the background, that the request of `ticket` finished."""
        self._threads.submit(self._finish, ticket)

    async def close(self) -> None:
        """Wait for the finishes still being recorded, then stop the threads."""
        await asyncio.to_thread(self._threads.shutdown, wait=True)

    def _finish(self, ticket: int) -> None:
        try:
            self._window.finish(ticket)
        except StoreError as exc:  # the row counts as in flight until it expires
            self._failed(exc)

    def _failed(self, exc: StoreError) -> None:
        if not self._failing:
            log.warning("sending under this process's own limits only: %s", exc)
        self._failing = True

    async def _run(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, lambda: call(*args, **kwargs))
