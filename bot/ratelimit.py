"""The one rate limiter every Bot API request passes through (handler replies and digests).

Telegram allows about 30 messages a second overall, one a second per chat and 20 a minute per
group; beyond that it answers 429 with `retry_after`. PTB's `AIORateLimiter` is a leaky bucket
(aiolimiter) that lets a full bucket out at once: after an idle spell it sends 30 messages
back to back, and a strict sliding window refuses the next ones. This limiter paces instead:

* Overall: requests go out evenly (1/30 s apart), and one goes out at `t` only if fewer than 30
  earlier requests are in flight or *finished* after `t - 1`. Telegram counts a request when it
  arrives, which is between its start and its finish, so counting finishes makes the window
  hold on the server whatever the network latency: zero 429s by construction, not by luck.
* Per chat: a chat's next message starts one second after its previous one finished; groups
  (negative ids, @channel names) also keep 20 finishes a minute. A per-chat lock queues one
  chat's messages without holding up other chats.
* Priority: replies to users go before digests. Bulk sends (`RateLimitArgs(bulk=True)`) wait
  while a reply is waiting for the overall slot.
* Several processes: with `shared` (`bot.sharedbudget.SharedBudget`, the web replicas and
  workers of one token), a request that passed this process's limits is also admitted in the
  token's window in the database, which every process sharing the token consults, and its
  finish is recorded there.
* 429: every message request pauses for `retry_after`, then the request is retried (up to
  `max_retries`); the error propagates after that.
* Transient failures of a reply (a 5xx, a timeout, a dropped connection) are retried with
  backoff (0.5 s doubling, `transient_retries` times), so one 500 or three 502s do not lose
  the user's answer. A timed-out reply may have arrived, so a retry can repeat it: better
  than silence. Bulk sends (digests) are never retried here: the outbox records them as
  `unknown` rather than risk a second digest (see `bot.delivery`).

Only message-producing endpoints are limited (send*, copy*, forward*, edit*); callback answers,
inline answers, getFile and the like go straight through, as Telegram does not count them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

if TYPE_CHECKING:
    from bot.sharedbudget import SharedBudget

log = logging.getLogger(__name__)

OVERALL_PER_SECOND = 30
PER_CHAT_INTERVAL = 1.0
GROUP_PER_MINUTE = 20
MAX_RETRIES = 3
TRANSIENT_RETRIES = 4
FIRST_TRANSIENT_BACKOFF = 0.5  # seconds before the first retry of a failed reply; doubles
LOOKAHEAD = 0.1  # seconds a slot may be granted before the window opens
IN_FLIGHT_POLL = 0.005
CATCH_UP_LIMIT = 1.0  # seconds of lateness the even schedule makes up for
_LIMITED_PREFIXES = ("send", "copy", "forward", "edit")
_UNLIMITED = frozenset({"sendChatAction"})
_PRUNE_AT = 20_000

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass(frozen=True)
class RateLimitArgs:
    """Per-request options, passed as `rate_limit_args=` to any ExtBot method.

    Args:
        bulk: a broadcast (digest) send, which yields to replies.
        on_slot: awaited once, right before the request goes out with its slot granted. The
            outbox claims its row here, so a row is "sending" only while really in flight. If it
            raises, the request is not made and the exception propagates.
    """

    bulk: bool = False
    on_slot: Callable[[], Awaitable[None]] | None = None


@dataclass
class _Send:
    started: float  # when the slot was granted
    not_before: float  # when the request may go out: the overall window opens then
    finished: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class _ChatState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_finished: float | None = None
    group_finishes: deque[float] = field(default_factory=deque)


def is_limited(endpoint: str) -> bool:
    """Whether Telegram's message limits apply to this Bot API method."""
    return endpoint.startswith(_LIMITED_PREFIXES) and endpoint not in _UNLIMITED


def is_transient(exc: Exception) -> bool:
    """Whether a failed request may succeed if made again: a 5xx, a timeout, a lost
    connection (PTB raises NetworkError for those), not a 400 (BadRequest is a NetworkError)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def retry_after_seconds(exc: RetryAfter) -> float:
    """The wait a 429 asks for, in seconds."""
    # The public `retry_after` warns during PTB's int-to-timedelta migration; PTB's own
    # AIORateLimiter reads the private timedelta the same way.
    return exc._retry_after.total_seconds()


class PacedRateLimiter(BaseRateLimiter[RateLimitArgs]):
    """Telegram's send limits as an even pace with sliding windows over finished requests."""

    def __init__(
        self,
        *,
        overall_per_second: int = OVERALL_PER_SECOND,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        group_per_minute: int = GROUP_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
        transient_retries: int = TRANSIENT_RETRIES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        shared: SharedBudget | None = None,
    ) -> None:
        self._shared = shared
        self._rate = overall_per_second
        self._spacing = 1.0 / overall_per_second
        self._chat_interval = per_chat_interval
        self._group_rate = group_per_minute
        self._max_retries = max_retries
        self._transient_retries = transient_retries
        self._clock = clock
        self._sleep = sleep
        self._window: deque[_Send] = deque(maxlen=overall_per_second)
        self._next_grant = -float("inf")
        self._next_go = -float("inf")
        self._recent: list[_Send] = []  # gone out, and in flight or finished within a period
        self._paused_until = -float("inf")
        self._global = asyncio.Lock()
        self._chats: dict[int | str, _ChatState] = {}
        self._replies_waiting = 0
        self._no_replies_waiting = asyncio.Event()
        self._no_replies_waiting.set()
        self.retries = 0  # 429s absorbed, for logs and benchmarks
        self.transient_retries = 0  # failed replies made again

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Finish recording the shared window's finishes."""
        if self._shared is not None:
            await self._shared.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: RateLimitArgs | None,
    ) -> JSONResult:
        """Run `callback` when the limits allow; on 429 pause everything and retry."""
        options = rate_limit_args or RateLimitArgs()
        if not is_limited(endpoint):
            if options.on_slot is not None:
                await options.on_slot()
            return await callback(*args, **kwargs)
        chat_key = _chat_key(data.get("chat_id"))
        asked_to_wait = failed = 0
        while True:
            try:
                return await self._paced(
                    callback, args, kwargs, chat_key, options, first=not asked_to_wait + failed
                )
            except RetryAfter as exc:
                if asked_to_wait == self._max_retries:
                    raise
                asked_to_wait += 1
                wait = retry_after_seconds(exc)
                self.retries += 1
                self._paused_until = max(self._paused_until, self._clock() + wait)
                log.warning("Telegram asked to slow down: pausing sends for %.1f s", wait)
            except NetworkError as exc:
                if options.bulk or not is_transient(exc) or failed == self._transient_retries:
                    raise
                wait = FIRST_TRANSIENT_BACKOFF * 2**failed
                failed += 1
                self.transient_retries += 1
                log.warning("%s failed (%s); trying again in %.1f s", endpoint, exc.message, wait)
                await self._sleep(wait)

    async def _paced(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        chat_key: int | str | None,
        options: RateLimitArgs,
        *,
        first: bool,
    ) -> JSONResult:
        state = self._chat_state(chat_key)
        group = _is_group(chat_key)
        async with state.lock:
            await self._wait_for_chat(state, group=group)
            send = await self._acquire(bulk=options.bulk)
            ticket: int | None = None
            try:
                if first and options.on_slot is not None:
                    await options.on_slot()
                await self._go(send)
                if self._shared is not None:
                    ticket = await self._shared.admit(chat_key, group=group, bulk=options.bulk)
                return await callback(*args, **kwargs)
            finally:
                if ticket is not None and self._shared is not None:
                    self._shared.finished(ticket)
                finished = self._clock()
                send.finished = finished
                send.done.set()
                state.last_finished = finished
                if group:
                    state.group_finishes.append(finished)
                    while len(state.group_finishes) > self._group_rate:
                        state.group_finishes.popleft()

    async def _go(self, send: _Send) -> None:
        """Wait until the request may go out, then count it as gone.

        The rule that makes the server's window hold: a request goes at `t` only if fewer than
        30 earlier requests are still in flight or finished after `t - 1`. Each of those may
        arrive inside the window that ends at this request's arrival; nothing else can, since a
        request arrives before it finishes. Going out is also spaced evenly (`_following`).
        """
        while True:
            now = self._clock()
            self._recent = [
                s for s in self._recent if s.finished is None or s.finished + 1.0 > now
            ]
            wait = max(send.not_before, self._next_go, self._paused_until) - now
            if len(self._recent) >= self._rate:
                opens = sorted(s.finished + 1.0 for s in self._recent if s.finished is not None)
                excess = len(self._recent) - self._rate + 1
                # With too many still in flight, look again shortly (one will finish).
                reopen = opens[excess - 1] if len(opens) >= excess else now + IN_FLIGHT_POLL
                wait = max(wait, reopen - now)
            if wait <= 0:
                self._recent.append(send)
                self._next_go = self._following(self._next_go, now)
                return
            await self._sleep(wait)

    async def _wait_for_chat(self, state: _ChatState, *, group: bool) -> None:
        while True:
            now = self._clock()
            wait = 0.0
            if state.last_finished is not None:
                wait = state.last_finished + self._chat_interval - now
            if group and len(state.group_finishes) >= self._group_rate:
                wait = max(wait, state.group_finishes[0] + 60.0 - now)
            if wait <= 0:
                return
            await self._sleep(wait)

    async def _acquire(self, *, bulk: bool) -> _Send:
        if not bulk:
            self._replies_waiting += 1
            self._no_replies_waiting.clear()
        try:
            while True:
                if bulk:
                    await self._no_replies_waiting.wait()
                async with self._global:
                    # A bulk send queued on the lock before a reply arrived steps back for it.
                    if bulk and self._replies_waiting:
                        continue
                    return await self._grant()
        finally:
            if not bulk:
                self._replies_waiting -= 1
                if not self._replies_waiting:
                    self._no_replies_waiting.set()

    async def _grant(self) -> _Send:
        """Wait (holding the overall lock) for a slot: pace, pause, and the expected window.

        The window is expected to open one period after the 30th-last granted request
        finished. A slot is granted up to LOOKAHEAD before that, so the caller's `on_slot` work
        (the outbox claim) overlaps the wait instead of adding to every request's time; `_go`
        then enforces the exact rule before the request goes out.
        """
        while True:
            now = self._clock()
            wait = max(self._paused_until - now, self._next_grant - now)
            not_before = now
            if len(self._window) == self._rate:
                oldest = self._window[0]
                if oldest.finished is None:
                    await oldest.done.wait()
                    continue
                not_before = oldest.finished + 1.0
                wait = max(wait, not_before - LOOKAHEAD - now)
            if wait <= 0:
                break
            await self._sleep(wait)
        send = _Send(started=now, not_before=max(now, not_before, self._paused_until))
        self._window.append(send)
        self._next_grant = self._following(self._next_grant, now)
        return send

    def _following(self, scheduled: float, now: float) -> float:
        """The next even slot after one taken at `now` that was due at `scheduled`.

        A slot taken late (the event loop or the network was slow) does not push every later
        slot back: the schedule is kept and caught up, though never faster than two slots per
        spacing; the exact window rule in `_go` still bounds every second. After an idle
        spell the schedule restarts from now.
        """
        if now - scheduled > CATCH_UP_LIMIT:
            return now + self._spacing
        return max(scheduled + self._spacing, now + self._spacing / 2)

    def _chat_state(self, chat_key: int | str | None) -> _ChatState:
        key: int | str = chat_key if chat_key is not None else ""
        state = self._chats.get(key)
        if state is None:
            if len(self._chats) >= _PRUNE_AT:
                self._prune()
            state = self._chats[key] = _ChatState()
        return state

    def _prune(self) -> None:
        # Forget chats idle for longer than any window; their state no longer constrains.
        horizon = self._clock() - 60.0
        for key, state in list(self._chats.items()):
            idle = state.last_finished is None or state.last_finished < horizon
            if idle and not state.lock.locked():
                del self._chats[key]


def _chat_key(raw: object) -> int | str | None:
    if raw is None:
        return None
    try:
        return int(str(raw))
    except ValueError:
        return str(raw)


def _is_group(chat_key: int | str | None) -> bool:
    # Negative ids are groups, supergroups and channels; "@name" is a channel or supergroup.
    return (isinstance(chat_key, int) and chat_key < 0) or isinstance(chat_key, str)
