"""Leader election (`db.leases.Leadership`) on each leg's store.

PostgreSQL: an advisory lock on a dedicated connection; losing that connection (the process
died, or the server ended the session) frees the role at once. SQLite: a lease row that runs
out `ttl` after its last renewal; the holder stops counting itself leader a safety margin
earlier. Clocks are injected: no test waits for time to pass.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from db.leases import SAFETY_MARGIN, Leadership
from tests.clocks import Clock
from tests.conftest import ON_POSTGRESQL

START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
TTL = timedelta(seconds=6)


class Monotonic:
    """A monotonic clock moved by hand, in step with a `Clock`."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def elect(engine: Engine, owner: str, clock: Clock, monotonic: Monotonic) -> Leadership:
    return Leadership(engine, owner=owner, ttl=TTL, clock=clock, monotonic=monotonic)


def advance(clock: Clock, monotonic: Monotonic, seconds: float) -> None:
    clock.advance(seconds=seconds)
    monotonic.t += seconds


def test_one_worker_leads_and_the_other_stands_by(engine: Engine) -> None:
    clock, monotonic = Clock(START), Monotonic()
    first, second = (elect(engine, name, clock, monotonic) for name in ("a", "b"))
    try:
        assert first.hold() and first.held
        assert not second.hold() and not second.held
        advance(clock, monotonic, 1)
        assert first.hold() and not second.hold()  # heartbeats keep the role where it is
    finally:
        first.release()
        second.release()


def test_a_released_role_is_taken_at_the_next_heartbeat(engine: Engine) -> None:
    clock, monotonic = Clock(START), Monotonic()
    first, second = (elect(engine, name, clock, monotonic) for name in ("a", "b"))
    try:
        assert first.hold()
        first.release()
        assert not first.held
        assert second.hold()
        assert not first.hold()
    finally:
        first.release()
        second.release()


@pytest.mark.sqlite_only(reason="lease rows elect the sender on SQLite; PostgreSQL has locks")
def test_a_dead_leaders_lease_runs_out_and_the_standby_takes_over(engine: Engine) -> None:
    clock, monotonic = Clock(START), Monotonic()
    dead, standby = (elect(engine, name, clock, monotonic) for name in ("dead", "standby"))
    assert dead.hold()
    # The leader stops heartbeating (it died). It would have stopped counting itself leader a
    # safety margin before its lease ends, so the two never lead at once.
    advance(clock, monotonic, (TTL - SAFETY_MARGIN).total_seconds())
    assert not dead.held
    assert not standby.hold()  # the lease still runs
    advance(clock, monotonic, SAFETY_MARGIN.total_seconds())
    assert standby.hold() and standby.held
    assert not dead.hold()  # back from the dead: the role is taken
    standby.release()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="advisory locks are PostgreSQL's")
def test_a_leader_that_loses_its_connection_loses_the_role(engine: Engine) -> None:
    clock, monotonic = Clock(START), Monotonic()
    first, second = (elect(engine, name, clock, monotonic) for name in ("a", "b"))
    try:
        assert first.hold()
        assert not second.hold()
        # The server ends the lock's session, as when the leader's process dies.
        with engine.begin() as conn:
            ended = conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND granted "
                    "AND ((classid::bigint << 32) | objid::bigint) = :key"
                ),
                {"key": first.lock_key},
            ).all()
        assert ended == [(True,)]
        assert first.lock_key is not None
        _until_released(engine, first.lock_key)  # terminating only signals the backend
        assert second.hold()  # the lock was freed with the session
        assert not first.hold()  # the next heartbeat finds the connection gone
        assert not first.held
    finally:
        first.release()
        second.release()


def _until_released(engine: Engine, key: int) -> None:
    """Wait until no session holds the advisory lock `key` (a terminated backend lets go of
    it when its process has ended, not when it is signalled)."""
    statement = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND ((classid::bigint << 32) | objid::bigint) = :key"
    )
    for _ in range(RELEASE_POLLS):
        with engine.connect() as conn:
            if not conn.execute(statement, {"key": key}).scalar_one():
                return
        time.sleep(0.05)
    raise AssertionError(f"advisory lock {key} still held after its session was terminated")


RELEASE_POLLS = 600
"""How often to look for the terminated session's lock (every 50 ms: 30 s at the most)."""
