"""The outbox on a real SQLite file: claims are exclusive, slots are planned once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from briefing.subscriptions import plan_due
from core.errors import DuplicateDeliveryError
from db import outbox
from db import subscriptions as chats
from db.engine import new_session
from db.models import Delivery
from tests.chats import add_subscriber

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def planned(engine: Engine) -> list[Delivery]:
    with new_session(engine) as session:
        return list(session.exec(select(Delivery)).all())


def test_a_slot_has_one_outbox_row(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        outbox.add_delivery(session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW)
        session.commit()
        with pytest.raises(DuplicateDeliveryError):
            outbox.add_delivery(session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW)


def test_claim_is_exclusive_and_only_from_pending(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        row = outbox.add_delivery(
            session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW
        )
        session.commit()
        assert row.id is not None
        assert outbox.claim_delivery(session=session, delivery_id=row.id, now=NOW)
        assert not outbox.claim_delivery(session=session, delivery_id=row.id, now=NOW)
        assert outbox.finish_delivery(
            session=session, delivery_id=row.id, status=outbox.SENT, now=NOW, message_id=5
        )
        assert not outbox.finish_delivery(
            session=session, delivery_id=row.id, status=outbox.SENT, now=NOW
        )
        session.commit()


def test_concurrent_senders_claim_each_row_once(engine: Engine) -> None:
    subs = {
        chat: add_subscriber(engine, chat_id=chat, now=NOW - timedelta(days=1), next_run=NOW)
        for chat in range(1, 61)
    }
    with new_session(engine) as session:
        for chat, sub in subs.items():
            outbox.add_delivery(
                session=session, subscription_id=sub, chat_id=chat, slot=NOW, now=NOW
            )
        session.commit()
        ids = [d.id or 0 for d in outbox.due_deliveries(session=session, now=NOW, limit=500)]
    claims: dict[str, list[int]] = {"a": [], "b": []}

    def sender(name: str) -> None:
        for delivery_id in ids:
            assert delivery_id is not None
            with new_session(engine) as session:
                if outbox.claim_delivery(session=session, delivery_id=delivery_id, now=NOW):
                    claims[name].append(delivery_id)
                session.commit()

    threads = [threading.Thread(target=sender, args=(name,)) for name in claims]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claims["a"] + claims["b"]) == sorted(ids)  # every row once, none twice


def test_concurrent_planners_plan_each_slot_once(engine: Engine) -> None:
    for chat in range(1, 41):
        add_subscriber(engine, chat_id=chat, now=NOW - timedelta(days=1), next_run=NOW)
    results = []

    def planner() -> None:
        results.append(plan_due(engine=engine, now=NOW, grace=timedelta(hours=2)))

    threads = [threading.Thread(target=planner) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.planned for r in results) == 40
    assert len(planned(engine)) == 40
    assert len({(d.subscription_id, d.slot) for d in planned(engine)}) == 40


def test_recover_in_flight_marks_sending_rows_unknown(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        row = outbox.add_delivery(
            session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW
        )
        assert outbox.claim_delivery(session=session, delivery_id=row.id or 0, now=NOW)
        session.commit()
        assert outbox.recover_in_flight(session=session, now=NOW) == 1
        session.commit()
        assert outbox.delivery_counts(session=session) == {"unknown": 1}
        assert outbox.due_deliveries(session=session, now=NOW + timedelta(days=1)) == []


def test_block_chat_pauses_subscriptions_and_skips_pending_rows(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=9, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        outbox.add_delivery(session=session, subscription_id=sub, chat_id=9, slot=NOW, now=NOW)
        assert chats.block_chat(session=session, chat_id=9, reason="403", now=NOW) == 1
        session.commit()
        assert outbox.delivery_counts(session=session) == {"skipped": 1}
        assert chats.due_subscriptions(session=session, now=NOW + timedelta(days=9)) == []


def test_a_slot_that_already_has_a_row_is_not_planned_again(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    add_subscriber(engine, chat_id=2, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:  # e.g. next_run was set back by hand
        outbox.add_delivery(session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW)
        session.commit()
    report = plan_due(engine=engine, now=NOW, grace=timedelta(hours=2))
    assert report.planned == 1  # chat 2's slot; chat 1 keeps its existing row
    assert sorted((d.chat_id, d.slot) for d in planned(engine)) == [(1, NOW), (2, NOW)]
    with new_session(engine) as session:
        assert chats.due_subscriptions(session=session, now=NOW) == []  # both advanced
