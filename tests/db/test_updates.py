"""Processed webhook updates: one claim per update_id, however many replicas race for it.

Runs on each leg's store: SQLite, or PostgreSQL on the PostgreSQL leg.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from db.engine import create_db_engine, new_session
from db.updates import claim_update, forget_updates_before, is_claimed
from tests.threads import run_at_once

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
BIG_UPDATE_ID = 2**40 + 7


@pytest.fixture
def store(engine: Engine) -> Engine:
    """This leg's store (a SQLite file, or PostgreSQL on that leg) at the newest revision."""
    return engine


def claim(engine: Engine, update_id: int, now: datetime = NOW) -> bool:
    with new_session(engine) as session:
        took = claim_update(session=session, update_id=update_id, now=now)
        session.commit()
    return took


def test_an_update_is_claimed_once(store: Engine) -> None:
    assert claim(store, BIG_UPDATE_ID) is True
    assert claim(store, BIG_UPDATE_ID) is False
    assert claim(store, BIG_UPDATE_ID + 1) is True


def test_replicas_racing_for_the_same_updates_each_take_a_disjoint_share(
    database_url: str,
) -> None:
    """Four replicas (own engines, own threads) claim the same 50 update ids at once."""
    replicas = [create_db_engine(database_url) for _ in range(4)]
    taken: list[list[int]] = [[] for _ in replicas]
    start = threading.Barrier(len(replicas))

    def run(index: int) -> None:
        start.wait()
        for update_id in range(1, 51):
            if claim(replicas[index], update_id):
                taken[index].append(update_id)

    run_at_once(run, [(i,) for i in range(len(replicas))])
    for engine in replicas:
        engine.dispose()
    every_claim = sorted(update_id for share in taken for update_id in share)
    assert every_claim == list(range(1, 51))  # each id taken exactly once


def test_records_older_than_the_window_are_forgotten(store: Engine) -> None:
    claim(store, 1, NOW - timedelta(hours=30))
    claim(store, 2, NOW - timedelta(hours=1))
    with new_session(store) as session:
        assert forget_updates_before(session=session, before=NOW - timedelta(hours=24)) == 1
        session.commit()
    with new_session(store) as session:
        assert not is_claimed(session=session, update_id=1)
        assert is_claimed(session=session, update_id=2)
