"""One subscription per chat and topic, however many requests race (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from briefing.subscriptions import Change, subscribe
from db import subscriptions as chats
from db.engine import create_db_engine, new_session
from db.models import Subscription

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
    errors: list[BaseException] = []

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
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
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
