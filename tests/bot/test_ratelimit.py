import asyncio
from dataclasses import dataclass

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.ratelimit import PacedRateLimiter, RateLimitArgs
from tests.clocks import FakeMonotonic

LATENCY = 0.01


@dataclass
class Call:
    chat_id: int | str | None
    started: float
    finished: float
    bulk: bool = False


class FakeApi:
    """Stands in for PTB's HTTP callback: records when each request ran on the fake clock; the
    first `failures` requests fail with `error` (default: a 429 asking to retry after
    `retry_after` seconds)."""

    def __init__(
        self,
        clock: FakeMonotonic,
        *,
        failures: int = 0,
        retry_after: int = 3,
        error: Exception | None = None,
    ) -> None:
        self.clock = clock
        self.calls: list[Call] = []
        self.failures = failures
        self.retry_after = retry_after
        self.error = error

    def callback(self, chat_id: int | str | None, bulk: bool = False):
        async def post() -> dict[str, object]:
            started = self.clock()
            await self.clock.sleep(LATENCY)
            self.calls.append(Call(chat_id, started, self.clock(), bulk))
            if self.failures:
                self.failures -= 1
                raise self.error or RetryAfter(self.retry_after)
            return {"ok": True}

        return post


async def send(
    limiter: PacedRateLimiter,
    api: FakeApi,
    chat_id: int | str | None,
    *,
    endpoint: str = "sendMessage",
    bulk: bool = False,
) -> None:
    await limiter.process_request(
        callback=api.callback(chat_id, bulk),
        args=(),
        kwargs={},
        endpoint=endpoint,
        data={"chat_id": chat_id} if chat_id is not None else {},
        rate_limit_args=RateLimitArgs(bulk=bulk),
    )


def make() -> tuple[PacedRateLimiter, FakeApi, FakeMonotonic]:
    clock = FakeMonotonic()
    return PacedRateLimiter(clock=clock, sleep=clock.sleep), FakeApi(clock), clock


async def test_overall_sends_are_paced_evenly_and_never_31_in_a_second() -> None:
    limiter, api, _ = make()
    await asyncio.gather(*(send(limiter, api, chat) for chat in range(1, 301)))
    starts = sorted(call.started for call in api.calls)
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 1 / 30 - 1e-9  # no bursts
    finishes = sorted(call.finished for call in api.calls)
    # Every request arrives between its start and finish, so this bounds any server window.
    assert all(starts[i + 30] >= finishes[i] + 1.0 - 1e-9 for i in range(len(starts) - 30))
    rate = (len(starts) - 1) / (starts[-1] - starts[0])
    assert 29.5 <= rate <= 30.0  # the pace loses only the latency of one request a second


async def test_one_chat_gets_one_message_per_second_after_the_previous_finished() -> None:
    limiter, api, _ = make()
    await asyncio.gather(*(send(limiter, api, 42) for _ in range(4)))
    calls = sorted(api.calls, key=lambda c: c.started)
    assert all(
        b.started >= a.finished + 1.0 - 1e-9 for a, b in zip(calls, calls[1:], strict=False)
    )


async def test_a_slow_chat_does_not_hold_up_other_chats() -> None:
    limiter, api, _ = make()
    await asyncio.gather(*(send(limiter, api, 7) for _ in range(3)), send(limiter, api, 8))
    other = next(c for c in api.calls if c.chat_id == 8)
    assert other.started < 0.5 + min(c.started for c in api.calls)


async def test_group_gets_at_most_twenty_messages_a_minute() -> None:
    limiter, api, _ = make()
    await asyncio.gather(*(send(limiter, api, -100) for _ in range(25)))
    calls = sorted(api.calls, key=lambda c: c.started)
    assert calls[20].started >= calls[0].finished + 60.0 - 1e-9
    assert calls[19].started < calls[0].started + 30.0  # the first 20 go at 1/s


async def test_replies_go_before_waiting_bulk_sends() -> None:
    limiter, api, _ = make()
    bulk = [asyncio.create_task(send(limiter, api, chat, bulk=True)) for chat in range(1, 61)]
    await asyncio.sleep(0)
    await send(limiter, api, 999)
    await asyncio.gather(*bulk)
    order = [c.chat_id for c in sorted(api.calls, key=lambda c: c.started)]
    assert order.index(999) < 15  # not behind the 60 queued digests


async def test_retry_after_pauses_every_send_then_retries() -> None:
    clock = FakeMonotonic()
    limiter = PacedRateLimiter(clock=clock, sleep=clock.sleep)
    api = FakeApi(clock, failures=1, retry_after=3)
    await asyncio.gather(send(limiter, api, 1), send(limiter, api, 2))
    first, *rest = sorted(api.calls, key=lambda c: c.started)
    assert len(rest) == 2  # the refused request was retried
    assert all(call.started >= first.finished + 3.0 - 1e-9 for call in rest)
    assert limiter.retries == 1


async def test_retry_after_propagates_after_max_retries() -> None:
    clock = FakeMonotonic()
    limiter = PacedRateLimiter(clock=clock, sleep=clock.sleep, max_retries=1)
    api = FakeApi(clock, failures=5, retry_after=1)
    with pytest.raises(RetryAfter):
        await send(limiter, api, 1)
    assert len(api.calls) == 2


async def test_non_message_endpoints_are_not_delayed() -> None:
    limiter, api, clock = make()
    await asyncio.gather(*(send(limiter, api, 5) for _ in range(3)))
    before = clock()
    await send(limiter, api, 5, endpoint="answerCallbackQuery")
    await send(limiter, api, 5, endpoint="sendChatAction")
    assert clock() - before == pytest.approx(2 * LATENCY)


async def test_on_slot_runs_once_just_before_the_request() -> None:
    limiter, api, clock = make()
    claimed: list[float] = []

    async def on_slot() -> None:
        claimed.append(clock())

    api.failures = 1
    await limiter.process_request(
        callback=api.callback(3),
        args=(),
        kwargs={},
        endpoint="sendMessage",
        data={"chat_id": 3},
        rate_limit_args=RateLimitArgs(bulk=True, on_slot=on_slot),
    )
    assert len(claimed) == 1 and len(api.calls) == 2
    assert claimed[0] == api.calls[0].started


@pytest.mark.parametrize(
    "error",
    [NetworkError("Internal Server Error"), NetworkError("Bad Gateway"), TimedOut()],
    ids=["500", "502", "timeout"],
)
async def test_a_reply_failed_by_a_transient_error_is_retried_with_backoff(
    error: Exception,
) -> None:
    clock = FakeMonotonic()
    limiter = PacedRateLimiter(clock=clock, sleep=clock.sleep)
    api = FakeApi(clock, failures=3, error=error)
    await send(limiter, api, 1)
    starts = [call.started for call in api.calls]
    assert len(starts) == 4 and limiter.transient_retries == 3
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[0] >= 1.0  # backoff, on top of the chat's pace


async def test_a_transient_error_propagates_after_the_last_retry() -> None:
    clock = FakeMonotonic()
    limiter = PacedRateLimiter(clock=clock, sleep=clock.sleep, transient_retries=2)
    api = FakeApi(clock, failures=10, error=NetworkError("Bad Gateway"))
    with pytest.raises(NetworkError):
        await send(limiter, api, 1)
    assert len(api.calls) == 3


@pytest.mark.parametrize("bulk", [True, False], ids=["digest", "reply"])
async def test_digests_and_bad_requests_are_never_retried_here(bulk: bool) -> None:
    clock = FakeMonotonic()
    limiter = PacedRateLimiter(clock=clock, sleep=clock.sleep)
    error = NetworkError("Bad Gateway") if bulk else BadRequest("Bad Request: chat not found")
    api = FakeApi(clock, failures=1, error=error)
    with pytest.raises(NetworkError):
        await send(limiter, api, 1, bulk=bulk)
    assert len(api.calls) == 1
