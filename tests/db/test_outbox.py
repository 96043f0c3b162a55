"""The outbox on a real store: claims are exclusive and owned, leases decide recovery, slots
are planned once, old rows are pruned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from briefing.schedule import from_db
from briefing.subscriptions import plan_due
from core.errors import DuplicateDeliveryError
from db import outbox
from db import subscriptions as chats
from db.engine import Session, new_session
from db.models import Delivery
from tests.chats import add_subscriber
from tests.threads import run_at_once

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
A = outbox.Claim(owner="worker-a", lease=timedelta(seconds=30))
B = outbox.Claim(owner="worker-b", lease=timedelta(seconds=30))


def status_of(session: Session, delivery_id: int) -> str:
    row = session.get(Delivery, delivery_id, populate_existing=True)
    assert row is not None
    return row.status


def planned(engine: Engine) -> list[Delivery]:
    with new_session(engine) as session:
        return list(session.exec(select(Delivery)).all())


def claimed_by_a(engine: Engine, session: Session) -> int:
    """A delivery of chat 1's digest, added and claimed by sender A; its id."""
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    row = outbox.add_delivery(session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW)
    assert row.id is not None
    assert outbox.claim_delivery(session=session, delivery_id=row.id, claim=A, now=NOW) == 1
    return row.id


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
        assert outbox.claim_delivery(session=session, delivery_id=row.id, claim=A, now=NOW) == 1
        assert outbox.claim_delivery(session=session, delivery_id=row.id, claim=B, now=NOW) is None
        assert outbox.finish_delivery(
            session=session,
            delivery_id=row.id,
            owner=A.owner,
            status=outbox.SENT,
            now=NOW,
            message_id=5,
        )
        assert not outbox.finish_delivery(
            session=session, delivery_id=row.id, owner=A.owner, status=outbox.SENT, now=NOW
        )
        session.commit()


def test_a_claim_stamps_its_owner_and_lease_and_only_the_owner_finishes(engine: Engine) -> None:
    with new_session(engine) as session:
        row_id = claimed_by_a(engine, session)
        session.commit()
        claimed = session.get(Delivery, row_id, populate_existing=True)
        assert claimed is not None
        assert (claimed.status, claimed.claimed_by) == (outbox.SENDING, A.owner)
        assert from_db(claimed.lease_expires_at or NOW) == NOW + A.lease
        assert not outbox.finish_delivery(
            session=session, delivery_id=row_id, owner=B.owner, status=outbox.SENT, now=NOW
        )
        assert outbox.finish_delivery(
            session=session, delivery_id=row_id, owner=A.owner, status=outbox.SENT, now=NOW
        )
        session.commit()
        assert outbox.delivery_counts(session=session) == {"sent": 1}


def test_a_retried_row_is_claimed_again_with_its_attempts_counted(engine: Engine) -> None:
    with new_session(engine) as session:
        row_id = claimed_by_a(engine, session)
        assert outbox.finish_delivery(
            session=session, delivery_id=row_id, owner=A.owner, status=outbox.PENDING, now=NOW
        )
        assert outbox.claim_delivery(session=session, delivery_id=row_id, claim=B, now=NOW) == 2
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
        claim = outbox.Claim(owner=name, lease=timedelta(seconds=30))
        for delivery_id in ids:
            assert delivery_id is not None
            with new_session(engine) as session:
                if outbox.claim_delivery(
                    session=session, delivery_id=delivery_id, claim=claim, now=NOW
                ):
                    claims[name].append(delivery_id)
                session.commit()

    run_at_once(sender, [(name,) for name in claims])
    assert sorted(claims["a"] + claims["b"]) == sorted(ids)  # every row once, none twice


def test_concurrent_planners_plan_each_slot_once(engine: Engine) -> None:
    for chat in range(1, 41):
        add_subscriber(engine, chat_id=chat, now=NOW - timedelta(days=1), next_run=NOW)
    results = []

    def planner() -> None:
        results.append(plan_due(engine=engine, now=NOW, grace=timedelta(hours=2)))

    run_at_once(planner, [()] * 3)
    assert sum(r.planned for r in results) == 40
    assert len(planned(engine)) == 40
    assert len({(d.subscription_id, d.slot) for d in planned(engine)}) == 40


def test_recovery_marks_only_rows_whose_lease_ran_out_unknown(engine: Engine) -> None:
    subs = [
        add_subscriber(engine, chat_id=chat, now=NOW - timedelta(days=1), next_run=NOW)
        for chat in (1, 2)
    ]
    with new_session(engine) as session:
        rows = [
            outbox.add_delivery(
                session=session, subscription_id=sub, chat_id=chat, slot=NOW, now=NOW
            )
            for chat, sub in zip((1, 2), subs, strict=True)
        ]
        dead, live = (row.id or 0 for row in rows)
        assert outbox.claim_delivery(session=session, delivery_id=dead, claim=A, now=NOW)
        assert outbox.claim_delivery(session=session, delivery_id=live, claim=B, now=NOW)
        session.commit()
        # A lease runs 30 s: before it ends, recovery leaves both senders' rows alone.
        assert outbox.recover_expired(session=session, now=NOW + timedelta(seconds=29)) == 0
        # B is alive and renews its row's lease; A died and does not.
        renewed_at = NOW + timedelta(seconds=20)
        assert outbox.renew_claims(session=session, claim=B, delivery_ids=[live], now=renewed_at)
        assert outbox.recover_expired(session=session, now=NOW + timedelta(seconds=30)) == 1
        session.commit()
        assert status_of(session, dead) == outbox.UNKNOWN
        assert status_of(session, live) == outbox.SENDING
        assert outbox.finish_delivery(
            session=session, delivery_id=live, owner=B.owner, status=outbox.SENT, now=NOW
        )
        session.commit()
        assert outbox.delivery_counts(session=session) == {"unknown": 1, "sent": 1}
        assert outbox.due_deliveries(session=session, now=NOW + timedelta(days=1)) == []


def test_a_sender_renews_only_its_own_rows(engine: Engine) -> None:
    sub = add_subscriber(engine, chat_id=1, now=NOW - timedelta(days=1), next_run=NOW)
    with new_session(engine) as session:
        row = outbox.add_delivery(
            session=session, subscription_id=sub, chat_id=1, slot=NOW, now=NOW
        )
        assert outbox.claim_delivery(session=session, delivery_id=row.id or 0, claim=A, now=NOW)
        later = NOW + timedelta(seconds=20)
        ids = [row.id or 0]
        assert outbox.renew_claims(session=session, claim=B, delivery_ids=ids, now=later) == 0
        assert outbox.renew_claims(session=session, claim=A, delivery_ids=ids, now=later) == 1
        session.commit()


def test_retention_prunes_only_old_finished_rows(engine: Engine) -> None:
    old = NOW - timedelta(days=40)
    subs = [
        add_subscriber(engine, chat_id=chat, now=old - timedelta(days=1), next_run=old)
        for chat in (1, 2, 3)
    ]
    with new_session(engine) as session:
        sent_long_ago, pending_long_ago, sent_lately = (
            outbox.add_delivery(
                session=session, subscription_id=sub, chat_id=chat, slot=when, now=when
            ).id
            or 0
            for chat, sub, when in zip((1, 2, 3), subs, (old, old, NOW), strict=True)
        )
        for delivery_id, when in ((sent_long_ago, old), (sent_lately, NOW)):
            outbox.claim_delivery(session=session, delivery_id=delivery_id, claim=A, now=when)
            outbox.finish_delivery(
                session=session,
                delivery_id=delivery_id,
                owner=A.owner,
                status=outbox.SENT,
                now=when,
            )
        session.commit()
        pruned = outbox.prune_deliveries(session=session, before=NOW - timedelta(days=30))
        session.commit()
        assert pruned == 1
        left = {d.id for d in session.exec(select(Delivery)).all()}
        assert left == {pending_long_ago, sent_lately}


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
