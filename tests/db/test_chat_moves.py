"""Moving a migrated group's rows to its new chat id, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from briefing.chat_moves import follow_migration
from db import outbox, subscriptions
from db.engine import create_db_engine, new_session
from db.models import Chat, Delivery, SentFact, Subscription
from tests.chats import add_subscriber
from tests.factories import FactFactory, many_facts

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
OLD, NEW = -4_001, -1_000_000_004_001


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The leg's store (SQLite, or PostgreSQL on the PostgreSQL leg)."""
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


def test_a_migrated_group_keeps_its_subscriptions_outbox_and_cursor(engine: Engine) -> None:
    ids = FactFactory(engine).document("a", *many_facts("Broadband", 3), ingested_at=NOW)
    subscription_id = add_subscriber(engine, chat_id=OLD, now=NOW, chat_type="group")
    with new_session(engine) as session:
        subscriptions.set_chat_timezone(session=session, chat_id=OLD, timezone="Asia/Shanghai")
        outbox.add_delivery(
            session=session, subscription_id=subscription_id, chat_id=OLD, slot=NOW, now=NOW
        )
        outbox.record_sent_facts(session=session, chat_id=OLD, fact_ids=ids[:2], now=NOW)
        session.commit()

    assert follow_migration(engine=engine, old_chat_id=OLD, new_chat_id=NEW, now=NOW) == 1
    assert follow_migration(engine=engine, old_chat_id=OLD, new_chat_id=NEW, now=NOW) == 0

    with new_session(engine) as session:
        new = session.get(Chat, NEW)
        old = session.get(Chat, OLD)
        assert new is not None and new.timezone == "Asia/Shanghai"
        assert old is not None and old.blocked
        (moved,) = session.exec(select(Subscription))
        assert moved.id == subscription_id and moved.chat_id == NEW
        (row,) = session.exec(select(Delivery))
        assert row.chat_id == NEW
        cursor = session.exec(select(SentFact)).all()
        assert sorted(f.fact_id for f in cursor) == sorted(ids[:2])
        assert {f.chat_id for f in cursor} == {NEW}
