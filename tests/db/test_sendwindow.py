"""The token's shared send window (`db.sendwindow.SendWindow`) on each leg's store.

Two `SendWindow`s with different holders stand for two processes on one database. The clock
is injected (seconds, moved by hand), except in the one test that reads the database's own.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from db.models import SendSlot
from db.sendwindow import (
    IN_FLIGHT_LIMIT,
    KEEP_SECONDS,
    RECHECK,
    SendWindow,
    WindowLimits,
    window_wait,
)


class Seconds:
    """An epoch clock moved by hand."""

    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


def window(engine: Engine, holder: str, clock: Seconds | None) -> SendWindow:
    limits = WindowLimits(overall=30, chat_interval=1.0, group_per_minute=20, reply_reserve=5)
    return SendWindow(engine, holder=holder, limits=limits, clock=clock)


@pytest.fixture
def clock() -> Seconds:
    return Seconds()


@pytest.fixture
def pair(engine: Engine, clock: Seconds) -> tuple[SendWindow, SendWindow]:
    return window(engine, "web-1", clock), window(engine, "web-2", clock)


def send(w: SendWindow, chat: str, *, group: bool = False, bulk: bool = False) -> int:
    admission = w.admit(chat=chat, group=group, bulk=bulk)
    assert admission.ticket is not None, f"refused, wait {admission.wait}"
    return admission.ticket


def test_two_processes_share_thirty_a_second(pair: tuple[SendWindow, SendWindow], clock: Seconds):
    one, two = pair
    tickets = []
    for n in range(30):
        tickets.append(send(one if n % 2 else two, str(n)))
        clock.t += 0.01
    refused = one.admit(chat="99", group=False, bulk=False)
    assert refused.ticket is None and refused.wait == RECHECK  # all 30 still in flight
    first_done = clock.t
    two.finish(tickets[0])
    refused = one.admit(chat="99", group=False, bulk=False)
    assert refused.ticket is None and refused.wait == pytest.approx(1.0)  # first finish + 1 s
    clock.t = first_done + 1.0
    send(one, "99")


def test_a_chat_waits_for_its_message_from_another_process(
    pair: tuple[SendWindow, SendWindow], clock: Seconds
) -> None:
    one, two = pair
    ticket = send(one, "42")
    assert two.admit(chat="42", group=False, bulk=False).wait == RECHECK  # in flight
    send(two, "43")  # other chats are not held up
    clock.t += 0.3
    one.finish(ticket)
    assert two.admit(chat="42", group=False, bulk=False).wait == pytest.approx(1.0)
    clock.t += 1.0
    send(two, "42")


def test_a_group_gets_twenty_a_minute_across_processes(
    pair: tuple[SendWindow, SendWindow], clock: Seconds
) -> None:
    one, two = pair
    first_finish = clock.t + 0.1
    for n in range(20):
        ticket = send(one if n % 2 else two, "-100", group=True)
        clock.t += 0.1
        (two if n % 2 else one).finish(ticket)
        clock.t += 1.0
    refused = one.admit(chat="-100", group=True, bulk=False)
    assert refused.ticket is None
    assert refused.wait == pytest.approx(first_finish + 60.0 - clock.t)
    clock.t = first_finish + 60.0
    send(one, "-100", group=True)


def test_digests_leave_room_for_replies_while_replies_are_sent(
    pair: tuple[SendWindow, SendWindow], clock: Seconds
) -> None:
    worker, web = pair
    for n in range(30):
        send(worker, str(n), bulk=True)  # no replies lately: digests may take the whole second
    clock.t += 2.0
    for ticket in range(1, 31):
        worker.finish(ticket)
    clock.t += 1.5
    send(web, "reply-chat")
    for n in range(24):
        send(worker, str(100 + n), bulk=True)
    assert worker.admit(chat="200", group=False, bulk=True).ticket is None  # 25 in flight
    for n in range(5):
        send(web, str(300 + n))  # replies still find their reserve
    assert web.admit(chat="400", group=False, bulk=False).ticket is None  # 30: full


def test_rows_of_a_dead_process_stop_counting_and_are_pruned(
    engine: Engine, pair: tuple[SendWindow, SendWindow], clock: Seconds
) -> None:
    dead, alive = pair
    for n in range(30):
        send(dead, str(n))  # never finished: its process died
    assert alive.admit(chat="x", group=False, bulk=False).ticket is None
    clock.t += IN_FLIGHT_LIMIT + 0.1
    done = send(alive, "x")
    alive.finish(done)
    clock.t += KEEP_SECONDS + 0.1
    assert alive.prune() == 31
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(SendSlot)).scalar_one() == 0


def test_without_an_injected_clock_the_database_clock_is_used(engine: Engine) -> None:
    w = window(engine, "web-1", None)
    ticket = send(w, "7")
    w.finish(ticket)
    with engine.connect() as connection:
        went, finished = connection.execute(
            select(col(SendSlot.went_at), col(SendSlot.finished_at))
        ).one()
    assert finished is not None and went <= finished
    assert abs(went - time.time()) < 3600  # seconds since the epoch, as the clock says
    assert w.admit(chat="7", group=False, bulk=False).ticket is None  # its second is not over


def test_window_wait_counts_requests_in_flight_and_opens_with_finishes() -> None:
    assert window_wait([None, 5.0], limit=3, period=1.0, now=5.5) == 0.0
    assert window_wait([None, 5.0, 5.2], limit=3, period=1.0, now=5.5) == pytest.approx(0.5)
    assert window_wait([None, None, 5.2], limit=2, period=1.0, now=5.5) == RECHECK
