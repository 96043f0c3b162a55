"""Where the bot's metrics are measured: every Bot API answer, and every update's handling.

Both hook into python-telegram-bot's public extension points, so handlers and the sender stay
unaware of metrics:

* `CountingRequest` is the bot's HTTP transport (`ApplicationBuilder.request`): it sees the
  status of every Bot API call, replies and digests alike, and counts sends, 429s and 403s.
* `MeasuredUpdateProcessor` wraps the update processor (`ApplicationBuilder.concurrent_updates`)
  and times each update from the start of its processing to the end of its handlers.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor, SimpleUpdateProcessor
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.metrics import ANSWER_SECONDS, FORBIDDEN, MESSAGES_SENT, RATE_LIMITED, UPDATES_HANDLED

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput  # PTB's type of its timeout arguments

CONNECTION_POOL_SIZE = 256
"""PTB's own default for the bot's (non-getUpdates) connection pool."""
NOT_A_MESSAGE = frozenset({"sendchataction"})
"""send* methods that put no message in the chat."""


def api_method(url: str) -> str:
    """The Bot API method of a request URL (".../bot<token>/sendMessage" -> "sendMessage")."""
    return url.rstrip("/").rsplit("/", 1)[-1]


def count_answer(method: str, status: int) -> None:
    """Count one Bot API answer in the metrics it belongs to."""
    if status == 200 and method.lower().startswith("send") and method.lower() not in NOT_A_MESSAGE:
        MESSAGES_SENT.labels(method).inc()
    elif status == 429:
        RATE_LIMITED.labels(method).inc()
    elif status == 403:
        FORBIDDEN.labels(method).inc()


class CountingRequest(HTTPXRequest):
    """PTB's HTTPX transport, counting what each Bot API call was answered."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("connection_pool_size", CONNECTION_POOL_SIZE)
        super().__init__(**options)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        count_answer(api_method(url), status)
        return status, payload


def update_kind(update: object) -> str:
    """Which field of a Telegram update is set ("message", "callback_query", ...)."""
    if isinstance(update, Update):
        for kind in Update.ALL_TYPES:
            if getattr(update, kind, None) is not None:
                return str(kind)
    return "other"


class MeasuredUpdateProcessor(BaseUpdateProcessor):
    """Run updates through `inner` (same concurrency), counting and timing each one."""

    __slots__ = ("_clock", "_inner")

    def __init__(
        self, inner: BaseUpdateProcessor, *, clock: Callable[[], float] = time.perf_counter
    ) -> None:
        super().__init__(inner.max_concurrent_updates)
        self._inner = inner
        self._clock = clock

    @property
    def inner(self) -> BaseUpdateProcessor:
        """The processor whose updates are measured."""
        return self._inner

    @classmethod
    def simple(cls, max_concurrent_updates: int) -> MeasuredUpdateProcessor:
        """PTB's default processor for `max_concurrent_updates`, measured."""
        return cls(SimpleUpdateProcessor(max_concurrent_updates))

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        started = self._clock()
        try:
            await self._inner.do_process_update(update, coroutine)
        finally:
            ANSWER_SECONDS.observe(self._clock() - started)
            UPDATES_HANDLED.labels(update_kind(update)).inc()

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()
