"""The bot token's send window, shared through the database by every process that sends.

Telegram's limits hold for the token: web replicas answering users and the active digest
sender must stay under them together, which no process's own limiter can see. Each message
request is admitted here first, one admission at a time across processes (each takes the
`send_budget` row's lock: an upsert, which waits for the row on PostgreSQL and for the write
lock on SQLite), and is recorded in `send_slot` when it goes and when it finishes.

The rule is `bot.ratelimit`'s, on one clock: the database's (`clock_timestamp()` on PostgreSQL;
on SQLite every process is on one machine). A request may go at `t` only if
* fewer than `overall` requests of the token are in flight or finished after `t - 1`;
* its chat has none in flight and its last one finished by `t - chat_interval`;
* for a group, fewer than `group_per_minute` are in flight or finished after `t - 60`.
A request arrives at Telegram after it was admitted and before its finish is recorded, so the
windows hold on Telegram's side whatever the latency or the number of processes.

Replies first: while replies went out in the last `REPLY_ACTIVE_SECONDS`, digests may fill at
most `overall - reply_reserve` of a second, so a reply never waits behind a fan-out running in
another process.

A process that dies with requests in flight leaves their rows unfinished: they count as in
flight for `IN_FLIGHT_LIMIT` (far longer than any Bot API request may take), then no longer.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import (
    ColumnElement,
    Double,
    and_,
    delete,
    literal,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from core.errors import StoreError, first_line
from db.models import SendBudget, SendSlot
from db.statements import conflict_insert, rowcount

BUDGET_NAME = "telegram"
"""The `send_budget` row of the bot token."""
IN_FLIGHT_LIMIT = 60.0
"""Seconds an unfinished request counts as in flight (its process may have died)."""
REPLY_ACTIVE_SECONDS = 10.0
"""How recently a reply must have gone for digests to leave room for replies."""
RECHECK = 0.02
"""Seconds to wait before asking again when the window is full of requests in flight."""
GROUP_PERIOD = 60.0
PRUNE_EVERY = 200
"""A process prunes finished rows once in this many admissions."""
KEEP_SECONDS = GROUP_PERIOD + 1.0
"""How long a finished row still matters (the group window), after which it is pruned."""

_SLOTS = SendSlot.__table__  # type: ignore[attr-defined]
_BUDGET = SendBudget.__table__  # type: ignore[attr-defined]
P = ParamSpec("P")
T = TypeVar("T")


def _loud(operation: Callable[P, T]) -> Callable[P, T]:
    """A database failure of `operation` raised as StoreError (what the bot layer catches)."""

    @functools.wraps(operation)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return operation(*args, **kwargs)
        except DBAPIError as exc:
            raise StoreError(f"the send window: {first_line(exc)}") from exc

    return wrapped


@dataclass(frozen=True)
class WindowLimits:
    """Telegram's limits as the window keeps them.

    Args:
        overall: requests a second for the whole token.
        chat_interval: seconds between a chat's request finishing and its next going.
        group_per_minute: requests a minute to one group.
        reply_reserve: requests a second digests leave for replies while replies are sent.
    """

    overall: int
    chat_interval: float
    group_per_minute: int
    reply_reserve: int


@dataclass(frozen=True)
class Admission:
    """The answer to one request for a send: its `ticket` (the row id) or how long to wait."""

    ticket: int | None
    wait: float = 0.0


class SendWindow:
    """Admits and records one process's message requests in the token's shared window.

    Args:
        engine: the shared store.
        holder: this process's instance id, recorded with each request.
        limits: the limits to keep.
        clock: seconds since the epoch; None for the database's clock (tests inject one).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        holder: str,
        limits: WindowLimits,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._engine = engine
        self.holder = holder
        self.limits = limits
        self._clock = clock
        self._admissions = itertools.count(1)

    @_loud
    def admit(self, *, chat: str, group: bool, bulk: bool) -> Admission:
        """Admit a request to `chat` ("" for none) now, or say how long to wait first."""
        with self._engine.begin() as connection:
            now = self._lock(connection)
            if next(self._admissions) % PRUNE_EVERY == 0:
                self._prune(connection, now)
            wait = self._overall_wait(connection, now, bulk=bulk)
            if chat:
                wait = max(wait, self._chat_wait(connection, now, chat=chat, group=group))
            if wait > 0:
                return Admission(None, wait)
            ticket = connection.execute(
                _SLOTS.insert()
                .values(
                    chat_key=chat,
                    is_group=group,
                    bulk=bulk,
                    holder=self.holder,
                    went_at=now,
                )
                .returning(_SLOTS.c.id)
            ).scalar_one()
        return Admission(int(ticket))

    @_loud
    def finish(self, ticket: int) -> None:
        """Record that the request of `ticket` finished (answered, failed or timed out)."""
        with self._engine.begin() as connection:
            connection.execute(
                update(_SLOTS).where(_SLOTS.c.id == ticket).values(finished_at=self._now())
            )

    @_loud
    def prune(self) -> int:
        """Delete rows that no longer count against any window; returns how many."""
        with self._engine.begin() as connection:
            return self._prune(connection, self._read_now(connection))

    def _lock(self, connection: Connection) -> float:
        """Take the budget row's lock for this transaction; returns the time, read after it."""
        insert = conflict_insert(self._engine.dialect.name)(_BUDGET).values(
            name=BUDGET_NAME, turns=1
        )
        statement = insert.on_conflict_do_update(
            index_elements=[_BUDGET.c.name], set_={"turns": _BUDGET.c.turns + 1}
        ).returning(self._now_column())
        return float(connection.execute(statement).scalar_one())

    def _overall_wait(self, connection: Connection, now: float, *, bulk: bool) -> float:
        finishes = connection.execute(
            select(_SLOTS.c.finished_at).where(_counted(now, period=1.0))
        ).scalars()
        limit = self.limits.overall
        if bulk and self.limits.reply_reserve and self._replies_active(connection, now):
            limit -= self.limits.reply_reserve
        return window_wait(list(finishes), limit=limit, period=1.0, now=now)

    def _replies_active(self, connection: Connection, now: float) -> bool:
        recent = select(_SLOTS.c.id).where(
            _SLOTS.c.bulk.is_(False), _SLOTS.c.went_at > now - REPLY_ACTIVE_SECONDS
        )
        return connection.execute(recent.limit(1)).first() is not None

    def _chat_wait(self, connection: Connection, now: float, *, chat: str, group: bool) -> float:
        interval = self.limits.chat_interval
        period = GROUP_PERIOD if group else interval
        finishes = list(
            connection.execute(
                select(_SLOTS.c.finished_at).where(
                    _SLOTS.c.chat_key == chat, _counted(now, period=period)
                )
            ).scalars()
        )
        if any(finished is None for finished in finishes):
            return RECHECK  # the chat's previous request is still in flight
        last = max(finishes, default=None)
        wait = 0.0 if last is None else last + interval - now
        if group:
            wait = max(
                wait,
                window_wait(
                    finishes, limit=self.limits.group_per_minute, period=GROUP_PERIOD, now=now
                ),
            )
        return wait

    def _prune(self, connection: Connection, now: float) -> int:
        done = _SLOTS.c.finished_at < now - KEEP_SECONDS
        abandoned = and_(_SLOTS.c.finished_at.is_(None), _SLOTS.c.went_at < now - IN_FLIGHT_LIMIT)
        return rowcount(connection.execute(delete(_SLOTS).where(or_(done, abandoned))))

    def _now(self) -> float:
        if self._clock is not None:
            return self._clock()
        with self._engine.connect() as connection:
            return self._read_now(connection)

    def _read_now(self, connection: Connection) -> float:
        if self._clock is not None:
            return self._clock()
        return float(connection.execute(select(self._now_column())).scalar_one())

    def _now_column(self) -> Any:
        """Seconds since the epoch: the injected clock's, or the database's at this moment."""
        if self._clock is not None:
            return literal(self._clock(), Double())
        if self._engine.dialect.name == "postgresql":
            return literal_column("extract(epoch from clock_timestamp())::float8")
        return literal_column("(julianday('now') - 2440587.5) * 86400.0")


def _counted(now: float, *, period: float) -> ColumnElement[bool]:
    """Rows that count against a window of `period` ending now: in flight, or finished in it."""
    in_flight = and_(_SLOTS.c.finished_at.is_(None), _SLOTS.c.went_at > now - IN_FLIGHT_LIMIT)
    return or_(in_flight, _SLOTS.c.finished_at > now - period)


def window_wait(
    finishes: Sequence[float | None], *, limit: int, period: float, now: float
) -> float:
    """Seconds until fewer than `limit` of these requests count in a window of `period`.

    `finishes` are the counted requests' finish times (None: in flight). With too many still
    in flight, the answer is RECHECK: one of them will finish, nobody knows when.
    """
    if len(finishes) < limit:
        return 0.0
    opens = sorted(finished + period for finished in finishes if finished is not None)
    excess = len(finishes) - limit + 1
    if len(opens) < excess:
        return RECHECK
    return max(0.0, opens[excess - 1] - now)
