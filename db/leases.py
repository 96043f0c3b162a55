"""Leader election: one holder at a time of a named role across every process on one database.

Workers elect one active digest sender (`SENDER_ROLE`); the others stand by and take over when
it dies. The same `Leadership` code path runs on both stores:

* PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a connection of
  its own, outside the pool. The lock lives exactly as long as that connection: a process that
  dies (even by SIGKILL) closes its socket, the server ends the session and frees the lock, and
  the next standby's try takes it. A leader checks its connection on each heartbeat; a lost
  connection is a lost lock, and it stops sending at once.
* SQLite: a row of the `lease` table with a holder and an expiry, renewed on each heartbeat.
  A leader that died stops renewing and its lease runs out after `ttl`; a leader counts itself
  leader only until its last renewal plus `ttl` less a safety margin (its own monotonic clock),
  so it stops before any standby can take over.

Takeover time: PostgreSQL, one standby heartbeat after the leader's process dies (its socket
closes with it; a vanished host is noticed by TCP keepalives within about 11 s); SQLite, `ttl`
plus one heartbeat.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import NullPool, case, create_engine, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from core.errors import StoreError, first_line
from db.models import Lease
from db.statements import conflict_insert

log = logging.getLogger(__name__)

SENDER_ROLE = "digest-sender"
"""The role whose holder sends every digest of the bot token."""
DEFAULT_TTL = timedelta(seconds=5)
"""How long a lease row holds without renewal (SQLite): a dead leader's standby waits this."""
SAFETY_MARGIN = timedelta(seconds=1.5)
"""A lease holder stops counting itself leader this long before its lease can run out."""

LOCK_CONNECTION_ARGS = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
"""libpq options of the advisory lock's connection: a leader cut off from the server finds its
heartbeat failing within seconds, not after the kernel's default TCP timeouts (minutes)."""
SERVER_KEEPALIVES = (
    "SET tcp_keepalives_idle = 5",
    "SET tcp_keepalives_interval = 2",
    "SET tcp_keepalives_count = 3",
)
"""The server's side of the same: it ends the session of a leader whose host vanished (and so
frees the lock for a standby) within about 11 s instead of its default two hours."""

_LEASES = Lease.__table__  # type: ignore[attr-defined]


def new_instance_id() -> str:
    """An id for this process that no other process, here or on another host, shares."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def advisory_key(role: str, schema: str) -> int:
    """The PostgreSQL advisory lock key of `role` in `schema`: a stable signed 64-bit hash.

    Advisory locks are per database, not per schema: two deployments in two schemas of one
    database (or two test runs) must not elect one sender between them.
    """
    digest = hashlib.blake2b(f"citybrief:{schema}:{role}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Leadership:
    """This process's claim to a role: `hold()` on every heartbeat, `held` before each action.

    Not thread-safe: one heartbeat at a time calls `hold` and `release` (the scheduler's job).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        role: str = SENDER_ROLE,
        owner: str | None = None,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], datetime] = _utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.role = role
        self.owner = owner or new_instance_id()
        self._engine = engine
        self._ttl = ttl
        self._clock = clock
        self._monotonic = monotonic
        self._advisory = engine.dialect.name == "postgresql"
        self._connection: Connection | None = None  # PostgreSQL: the lock's own connection
        self.lock_key: int | None = None  # PostgreSQL: the advisory key, once connected
        self._lock_engine: Engine | None = None
        self._held_until = -float("inf")  # monotonic deadline of our belief that we lead

    @property
    def held(self) -> bool:
        """Whether this process leads now, as far as its last heartbeat could tell."""
        return self._monotonic() < self._held_until

    def hold(self) -> bool:
        """Take the role if it is free, or keep it; returns whether this process leads now.

        A database error is logged and means "not leading" until a later heartbeat succeeds.
        """
        started = self._monotonic()
        try:
            leading = self._hold_advisory() if self._advisory else self._hold_lease()
        except DBAPIError as exc:
            log.warning("%s: leadership check failed: %s", self.role, first_line(exc))
            self._drop_connection()
            leading = False
        if not leading:
            self._held_until = -float("inf")
        elif self._advisory:
            self._held_until = float("inf")  # until a heartbeat finds the connection gone
        else:
            margin = (self._ttl - SAFETY_MARGIN).total_seconds()
            self._held_until = started + max(0.0, margin)
        return leading

    def release(self) -> None:
        """Give the role up (a clean stop), so a standby takes over at its next heartbeat."""
        was_held = self.held
        self._held_until = -float("inf")
        try:
            if self._advisory:
                if self._connection is not None and was_held:
                    self._connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": self.lock_key}
                    )
            else:
                with self._engine.begin() as connection:
                    connection.execute(
                        _LEASES.update()
                        .where(_LEASES.c.name == self.role, _LEASES.c.holder == self.owner)
                        .values(expires_at=self._clock())
                    )
        except (DBAPIError, StoreError) as exc:  # a store gone read-only: the lease expires
            log.warning("%s: releasing leadership failed: %s", self.role, first_line(exc))
        finally:
            self._drop_connection()

    # --- PostgreSQL: an advisory lock on a dedicated connection ---------------------------

    def _hold_advisory(self) -> bool:
        if self._connection is not None and self.held:
            self._connection.execute(text("SELECT 1"))  # raises if the session (and lock) is gone
            return True
        if self._connection is None:
            if self._lock_engine is None:
                # Outside the pool: the pool may recycle or pre-ping-replace its connections,
                # and this one must live exactly as long as the lock.
                self._lock_engine = create_engine(
                    self._engine.url, poolclass=NullPool, connect_args=LOCK_CONNECTION_ARGS
                )
            self._connection = self._lock_engine.connect().execution_options(
                isolation_level="AUTOCOMMIT"
            )
            for setting in SERVER_KEEPALIVES:
                self._connection.execute(text(setting))
            schema = self._connection.execute(text("SELECT current_schema()")).scalar_one()
            self.lock_key = advisory_key(self.role, str(schema))
        acquired = self._connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self.lock_key}
        ).scalar_one()
        return bool(acquired)

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except DBAPIError:
                connection.invalidate()
        if self._lock_engine is not None:
            self._lock_engine.dispose()
            self._lock_engine = None

    # --- SQLite (and any other store): a lease row -----------------------------------------

    def _hold_lease(self) -> bool:
        now = self._clock()
        statement = conflict_insert(self._engine.dialect.name)(_LEASES).values(
            name=self.role, holder=self.owner, acquired_at=now, expires_at=now + self._ttl
        )
        ours_or_free = (_LEASES.c.holder == self.owner) | (_LEASES.c.expires_at <= now)
        statement = statement.on_conflict_do_update(
            index_elements=[_LEASES.c.name],
            set_={
                "holder": statement.excluded.holder,
                "expires_at": statement.excluded.expires_at,
                # A renewal keeps the time the lease was first taken; a takeover restarts it.
                "acquired_at": _keep_if_ours(self.owner, statement.excluded.acquired_at),
            },
            where=ours_or_free,
        )
        with self._engine.begin() as connection:
            connection.execute(statement)
            holder = connection.execute(
                select(_LEASES.c.holder).where(_LEASES.c.name == self.role)
            ).scalar_one()
        return bool(holder == self.owner)


def _keep_if_ours(owner: str, taken_at: Any) -> Any:
    """`acquired_at` as an upsert sets it: unchanged on a renewal, `taken_at` on a takeover."""
    return case((_LEASES.c.holder == owner, _LEASES.c.acquired_at), else_=taken_at)
