"""Several processes on one store: what one does while another holds rows must not collide.

Each race is staged, not hoped for: the first party's transaction is left open at the point
that matters, the second acts, and the outcome is checked. The lock-based cases are
PostgreSQL's (SQLite takes one writer at a time, so those races cannot happen there).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from briefing.subscriptions import plan_due
from core.changes import Change
from db import documents, outbox
from db import subscriptions as chats
from db.engine import new_session
from db.models import Document
from tests.chats import add_subscriber
from tests.conftest import ON_POSTGRESQL
from tests.db.test_documents import SOURCE, STATIONS

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
CLAIM = outbox.Claim(owner="worker-a", lease=timedelta(seconds=30))
OTHER = outbox.Claim(owner="worker-b", lease=timedelta(seconds=30))
SUPERGROUP = -1001234567890
USER = 6123456789

postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="row locks and SKIP LOCKED are PostgreSQL's; SQLite has one writer at a time",
)


def test_a_chat_row_another_process_just_created_is_found_not_duplicated(
    engine: Engine,
) -> None:
    for chat_id in (SUPERGROUP, USER):
        with new_session(engine) as mine, new_session(engine) as theirs:
            assert chats.get_chat(session=mine, chat_id=chat_id) is None  # not there yet
            chats.ensure_chat(
                session=theirs, chat_id=chat_id, chat_type="supergroup", timezone="UTC", now=NOW
            )
            theirs.commit()
            # Both handle a first message of the new chat: the second insert finds the row.
            assert not chats.insert_chat(
                session=mine, chat_id=chat_id, chat_type="supergroup", timezone="UTC", now=NOW
            )
            chat = chats.ensure_chat(
                session=mine, chat_id=chat_id, chat_type="supergroup", timezone="UTC", now=NOW
            )
            mine.commit()
        assert chat.id == chat_id


@postgresql_only
def test_a_row_being_claimed_elsewhere_is_skipped_not_waited_for(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=USER, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        row = outbox.add_delivery(
            session=session, subscription_id=sub, chat_id=USER, slot=NOW, now=NOW
        )
        session.commit()
    assert row.id is not None
    with new_session(engine) as first, new_session(engine) as second:
        assert outbox.claim_delivery(session=first, delivery_id=row.id, claim=CLAIM, now=NOW)
        # `first` has not committed: its claim holds the row's lock, which `second` skips
        # (without SKIP LOCKED it would wait here until the lock timeout).
        second.execute(text("SET LOCAL lock_timeout = '60s'"))
        assert (
            outbox.claim_delivery(session=second, delivery_id=row.id, claim=OTHER, now=NOW) is None
        )
        first.commit()


@postgresql_only
def test_planners_share_due_subscriptions_instead_of_queueing(engine: Engine) -> None:
    for chat in range(1, 41):
        add_subscriber(engine, chat_id=chat, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as busy:
        locked = chats.lock_due_subscriptions(session=busy, now=NOW, limit=10)
        assert len(locked) == 10
        # Another planner runs while the first holds its batch: it plans the other 30 at once.
        assert plan_due(engine=engine, now=NOW, grace=timedelta(hours=2)).planned == 30
        busy.rollback()
    assert plan_due(engine=engine, now=NOW, grace=timedelta(hours=2)).planned == 10
    with new_session(engine) as session:
        assert outbox.delivery_counts(session=session) == {"pending": 40}


@postgresql_only
def test_a_document_another_process_stores_meanwhile_is_reported_unchanged(
    engine: Engine,
) -> None:
    values = {
        "slug": SOURCE.slug,
        "path": "wuhan.txt",
        "title": SOURCE.title,
        "content_hash": "h1",
        "text": STATIONS.quote,
        "ingested_at": NOW,
    }
    outcome: list[documents.StoredDocument] = []

    def ingest() -> None:
        with engine.connect() as connection:
            outcome.append(
                documents.store_document(
                    connection=connection,
                    source=SOURCE,
                    path="wuhan.txt",
                    content_hash="h1",
                    text=STATIONS.quote,
                    facts=[STATIONS],
                    now=NOW,
                )
            )

    with engine.connect() as other:
        # The other process has inserted the document and not committed yet.
        other.execute(Document.__table__.insert().values(**values))  # type: ignore[attr-defined]
        ours = threading.Thread(target=ingest)
        ours.start()
        waiting_on_lock(engine)  # our insert waits for theirs to commit or roll back
        other.commit()
        ours.join(timeout=60)
    assert outcome == [documents.StoredDocument(Change.UNCHANGED)]


def waiting_on_lock(engine: Engine) -> None:
    """Return once a session of this database waits for a lock to insert a document."""
    with engine.connect() as conn:
        for _ in range(600):
            waiting = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    "AND starts_with(query, 'INSERT INTO document')"
                )
            ).scalar_one()
            # A transaction reads pg_stat_activity once: end it to look again.
            conn.rollback()
            if waiting:
                return
            time.sleep(0.05)
    raise AssertionError("no session came to wait for the lock")


def test_ids_past_32_bits_are_stored_and_read_back(engine: Engine) -> None:
    for chat_id in (SUPERGROUP, USER, 2**40):
        add_subscriber(engine, chat_id=chat_id, now=NOW - timedelta(days=1), next_run=NOW)
    assert plan_due(engine=engine, now=NOW, grace=timedelta(hours=2)).planned == 3
    with new_session(engine) as session:
        rows = outbox.due_deliveries(session=session, now=NOW)
        assert sorted(row.chat_id for row in rows) == sorted([SUPERGROUP, USER, 2**40])
        for row in rows:
            assert outbox.claim_delivery(
                session=session, delivery_id=row.id or 0, claim=CLAIM, now=NOW
            )
            assert outbox.finish_delivery(
                session=session,
                delivery_id=row.id or 0,
                owner=CLAIM.owner,
                status=outbox.SENT,
                now=NOW,
                message_id=2**33,
            )
        session.commit()
        assert outbox.delivery_counts(session=session) == {"sent": 3}
