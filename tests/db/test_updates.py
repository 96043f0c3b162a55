"""Processed webhook updates: one claim per update_id, however many replicas race for it.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db.engine import create_db_engine, new_session
from db.updates import claim_update, forget_updates_before, is_claimed

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
BIG_UPDATE_ID = 2**40 + 7


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, schema_template: Path, tmp_path: Path) -> str:
    """A store at the newest revision: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        shutil.copyfile(schema_template, tmp_path / "test.db")
        return f"sqlite:///{tmp_path / 'test.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    engine = create_db_engine(store_url)
    yield engine
    engine.dispose()


def claim(engine: Engine, update_id: int, now: datetime = NOW) -> bool:
    with new_session(engine) as session:
        took = claim_update(session=session, update_id=update_id, now=now)
        session.commit()
    return took


def test_an_update_is_claimed_once(store: Engine) -> None:
    assert claim(store, BIG_UPDATE_ID) is True
    assert claim(store, BIG_UPDATE_ID) is False
    assert claim(store, BIG_UPDATE_ID + 1) is True


def test_replicas_racing_for_the_same_updates_each_take_a_disjoint_share(store_url: str) -> None:
    """Four replicas (own engines, own threads) claim the same 50 update ids at once."""
    replicas = [create_db_engine(store_url) for _ in range(4)]
    taken: list[list[int]] = [[] for _ in replicas]
    start = threading.Barrier(len(replicas))

    def run(index: int) -> None:
        start.wait()
        for update_id in range(1, 51):
            if claim(replicas[index], update_id):
                taken[index].append(update_id)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(replicas))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
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
