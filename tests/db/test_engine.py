"""The engine factory: SQLite pragmas, PostgreSQL pool and timeouts, transient-error retries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import QueuePool, text
from sqlalchemy.exc import IntegrityError, OperationalError

from core.errors import DatabaseConfigError
from core.settings import DatabaseOptions
from db.engine import create_db_engine, is_transient, retry_transient
from tests.conftest import ON_POSTGRESQL


@pytest.mark.sqlite_only(reason="WAL, foreign keys and the busy timeout are SQLite pragmas")
def test_sqlite_engine_turns_on_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'nested' / 'store.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    assert (tmp_path / "nested" / "store.db").exists()
    engine.dispose()


@pytest.mark.parametrize("url", ["not a url", "nosuchdb://x/y", "sqlite:////proc/nope/x.db"])
def test_bad_database_url_raises_a_config_error(url: str) -> None:
    with pytest.raises(DatabaseConfigError):
        create_db_engine(url)


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pool and timeouts are a server database's")
def test_postgresql_sessions_run_with_timeouts_and_a_checked_pool(database_url: str) -> None:
    options = DatabaseOptions(
        pool_size=3, max_overflow=2, statement_timeout_ms=1234, lock_timeout_ms=567
    )
    engine = create_db_engine(database_url, options=options)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "1234ms"
            assert conn.execute(text("SHOW lock_timeout")).scalar() == "567ms"
            # the test run's schema (the URL's own options) is kept beside the timeouts
            assert conn.execute(text("SELECT current_schema()")).scalar() != "public"
        pool = engine.pool
        assert isinstance(pool, QueuePool)
        assert pool._pre_ping and pool.size() == 3
    finally:
        engine.dispose()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="statement_timeout is PostgreSQL's")
def test_a_statement_past_its_timeout_fails_and_is_not_retried(database_url: str) -> None:
    engine = create_db_engine(database_url, options=DatabaseOptions(statement_timeout_ms=50))
    calls = []

    def slow() -> None:
        calls.append(1)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(5)"))

    try:
        with pytest.raises(OperationalError) as raised:
            retry_transient(slow, what="a slow query", sleep=lambda _: None)
        assert not is_transient(raised.value)
        assert calls == [1]
    finally:
        engine.dispose()


def operational(message: str) -> OperationalError:
    return OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))


def test_a_transient_error_is_retried_with_backoff_until_it_passes() -> None:
    waits: list[float] = []
    failures = [operational("database is locked"), operational("server closed the connection")]

    def flaky() -> str:
        if failures:
            raise failures.pop(0)
        return "done"

    assert retry_transient(flaky, what="a flaky write", sleep=waits.append) == "done"
    assert waits == [0.25, 0.5]


def test_retries_stop_after_the_last_attempt_and_raise() -> None:
    waits: list[float] = []

    def down() -> None:
        raise operational("could not connect to server")

    with pytest.raises(OperationalError):
        retry_transient(down, what="a write", attempts=3, sleep=waits.append)
    assert waits == [0.25, 0.5]


def test_a_constraint_violation_is_not_retried() -> None:
    calls = []

    def duplicate() -> None:
        calls.append(1)
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed"))

    with pytest.raises(IntegrityError):
        retry_transient(duplicate, what="an insert", sleep=lambda _: None)
    assert calls == [1]
