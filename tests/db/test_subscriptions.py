"""One subscription per chat and topic, however many requests race, and after migration 0004.

Each test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from briefing.subscriptions import subscribe
from core.changes import Change
from db import subscriptions as chats
from db.engine import create_db_engine, new_session
from db.migrate import alembic_config, upgrade
from db.models import Chat, Delivery, Subscription

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
CHATS = 40


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    """The test's SQLite store, or a fresh PostgreSQL schema when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield engine
        return
    url = request.getfixturevalue("postgres_url")
    postgres = create_db_engine(url)
    yield postgres
    postgres.dispose()


def count(engine: Engine, chat_id: int | None = None) -> int:
    with new_session(engine) as session:
        query = select(func.count()).select_from(Subscription)
        if chat_id is not None:
            query = query.where(Subscription.chat_id == chat_id)
        return int(session.exec(query).one())


def test_forty_chats_double_tapping_subscribe_end_with_one_each(store: Engine) -> None:
    start = threading.Barrier(CHATS * 2)
    errors: list[Exception] = []

    def tap(chat_id: int, hour: str) -> None:
        start.wait()
        try:
            subscribe(
                engine=store,
                chat_id=chat_id,
                chat_type="private",
                args=["daily", hour],
                default_timezone="UTC",
                now=NOW,
            )
        except Exception as exc:  # collected, and asserted empty below
            errors.append(exc)

    threads = [
        threading.Thread(target=tap, args=(chat_id, hour))
        for chat_id in range(1, CHATS + 1)
        for hour in ("08:00", "09:00")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert count(store) == CHATS
    assert all(count(store, chat_id) == 1 for chat_id in range(1, CHATS + 1))


def test_a_second_subscribe_to_the_same_topic_moves_the_first(store: Engine) -> None:
    first = subscribe(
        engine=store, chat_id=5, chat_type="private", args=[], default_timezone="UTC", now=NOW
    )
    moved = subscribe(
        engine=store,
        chat_id=5,
        chat_type="private",
        args=["09:00"],
        default_timezone="UTC",
        now=NOW + timedelta(minutes=1),
    )
    assert first.change is Change.NEW and moved.change is Change.CHANGED
    assert moved.view.id == first.view.id and moved.view.local_time == "09:00"
    assert moved.before is not None and moved.before.local_time == "08:00"
    with new_session(store) as session:
        (stored,) = chats.chat_subscriptions(session=session, chat_id=5)
    assert stored.next_run.replace(tzinfo=UTC) == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


DUPLICATES = """
INSERT INTO chat (id, type, language, timezone, blocked, created_at)
    VALUES (1, 'private', NULL, 'UTC', false, '2026-05-01 06:30:00'),
           (2, 'private', NULL, 'Asia/Shanghai', false, '2026-05-01 06:30:00');
INSERT INTO subscription (id, chat_id, cadence, weekday, local_time, timezone, topic, active,
                          next_run, created_at)
    VALUES (1, 1, 'daily', NULL, '08:00', 'UTC', NULL, true, '2026-06-02 08:00:00',
            '2026-05-01 06:30:00'),
           (2, 1, 'daily', NULL, '09:00', 'UTC', NULL, true, '2026-06-02 09:00:00',
            '2026-05-02 06:30:00'),
           (3, 1, 'weekly', 4, '18:00', 'UTC', 'smart-city', true, '2026-06-05 18:00:00',
            '2026-05-01 06:30:00'),
           (4, 1, 'daily', NULL, '07:00', 'UTC', 'Smart-City', true, '2026-06-02 07:00:00',
            '2026-05-03 06:30:00'),
           (5, 2, 'daily', NULL, '08:00', 'Asia/Shanghai', NULL, true, '2026-06-02 00:00:00',
            '2026-05-01 06:30:00');
INSERT INTO delivery (id, subscription_id, chat_id, slot, status, due_at, attempts,
                      created_at, updated_at)
    VALUES (1, 1, 1, '2026-06-01 08:00:00', 'sent', '2026-06-01 08:00:00', 1,
            '2026-06-01 08:00:00', '2026-06-01 08:00:00');
"""
"""Three subscriptions where the newest of each (chat, topic) should stay: ids 2, 4 and 5."""


@pytest.fixture
def unmigrated(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A store at revision 0003 (before one subscription per topic), by dialect."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    store = create_db_engine(url, upgrade=False)
    with store.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    yield store
    store.dispose()


@pytest.mark.parametrize("unmigrated", ["sqlite", "postgresql"], indirect=True)
def test_migration_0004_keeps_the_newest_subscription_of_each_chat_and_topic(
    unmigrated: Engine,
) -> None:
    with unmigrated.begin() as conn:
        for statement in DUPLICATES.split(";"):
            if statement.strip():
                conn.execute(text(statement))
    upgrade(unmigrated)
    with new_session(unmigrated) as session:
        kept = session.exec(select(Subscription).order_by(col(Subscription.id))).all()
        chat_zones = {c.id: c.timezone_chosen for c in session.exec(select(Chat)).all()}
        deliveries = session.exec(select(Delivery)).all()
    assert [(s.id, s.local_time, s.topic_key) for s in kept] == [
        (2, "09:00", ""),
        (4, "07:00", "smart-city"),
        (5, "08:00", ""),
    ]
    assert deliveries == []  # the dropped subscription's outbox row went with it
    assert chat_zones == {1: False, 2: True}  # a zone other than UTC was chosen
