"""The digest outbox (one delivery row per subscription slot) and each chat's fact cursor.

All datetimes are aware UTC. Functions never commit: the caller owns the transaction, so a
planner can insert a delivery and advance a schedule atomically, and a sender can mark a row
sent and advance the chat's cursor together.

Outbox states: pending -> sending -> sent | failed | unknown | pending (retry); a slot missed
beyond the grace period, or whose chat blocked the bot, is `skipped`. A `sending` row is owned:
it records the sender that claimed it and a lease; only that sender records its outcome, and
only an expired lease lets recovery mark the row `unknown`. Finished rows are pruned after a
retention period (`prune_deliveries`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.errors import DuplicateDeliveryError
from db.models import Delivery, SentFact
from db.statements import bulk_update, rowcount

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
UNKNOWN = "unknown"
SKIPPED = "skipped"
STATUSES = (PENDING, SENDING, SENT, FAILED, UNKNOWN, SKIPPED)
FINISHED = (SENT, FAILED, UNKNOWN, SKIPPED)
"""The states a row never leaves: what the retention job may prune."""


# --- deliveries --------------------------------------------------------------------------


def add_delivery(
    *,
    session: Session,
    subscription_id: int,
    chat_id: int,
    slot: datetime,
    now: datetime,
    status: str = PENDING,
    last_error: str | None = None,
) -> Delivery:
    """Insert the outbox row of one slot.

    Raises:
        DuplicateDeliveryError: the slot has its row already; the transaction must be rolled
            back.
    """
    delivery = Delivery(
        subscription_id=subscription_id,
        chat_id=chat_id,
        slot=slot,
        status=status,
        due_at=slot,
        last_error=last_error,
        created_at=now,
        updated_at=now,
    )
    session.add(delivery)
    try:
        session.flush()
    except IntegrityError as exc:
        raise DuplicateDeliveryError(
            f"subscription {subscription_id} has a delivery for {slot:%Y-%m-%d %H:%M} already"
        ) from exc
    return delivery


def due_deliveries(*, session: Session, now: datetime, limit: int = 200) -> list[Delivery]:
    """Pending deliveries whose due time has come, oldest first (read-only; claim each)."""
    return list(
        session.exec(
            select(Delivery)
            .where(col(Delivery.status) == PENDING, col(Delivery.due_at) <= now)
            .order_by(col(Delivery.due_at), col(Delivery.id))
            .limit(limit)
        ).all()
    )


def next_due_at(*, session: Session) -> datetime | None:
    """When the earliest pending delivery becomes due, or None if none is pending."""
    return session.exec(
        select(func.min(Delivery.due_at)).where(col(Delivery.status) == PENDING)
    ).first()


@dataclass(frozen=True)
class Claim:
    """Who claims outbox rows and for how long: the sender's instance id and its lease."""

    owner: str
    lease: timedelta

    def until(self, now: datetime) -> datetime:
        """When a claim made or renewed at `now` runs out."""
        return now + self.lease


def claim_delivery(
    *, session: Session, delivery_id: int, claim: Claim, now: datetime
) -> int | None:
    """Atomically move a pending delivery to sending, owned by `claim.owner` until its lease.

    One statement is the claim: an UPDATE of the row picked by a subquery with
    `FOR UPDATE SKIP LOCKED` (PostgreSQL: a row another transaction is claiming is passed over,
    not waited for; SQLite serializes writers and leaves the clause out), `RETURNING` the
    attempts counted so far. Two senders (threads, processes or instances on one PostgreSQL
    database) can never both claim the same row.

    Returns:
        The row's attempt number (1 for the first), or None if it was not pending any more.
    """
    pick = (
        select(col(Delivery.id))
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == PENDING)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    result = session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.id) == pick)
        .values(
            status=SENDING,
            attempts=Delivery.attempts + 1,
            claimed_by=claim.owner,
            lease_expires_at=claim.until(now),
            updated_at=now,
        )
        .returning(col(Delivery.attempts))
    )
    attempts = result.scalar_one_or_none()
    return None if attempts is None else int(attempts)


def finish_delivery(
    *,
    session: Session,
    delivery_id: int,
    owner: str,
    status: str,
    now: datetime,
    message_id: int | None = None,
    error: str | None = None,
    due_at: datetime | None = None,
) -> bool:
    """Record the outcome of a delivery `owner` claimed; pending with `due_at` is a retry.

    Returns:
        False if the row is not `owner`'s sending row any more (its lease ran out and recovery
        marked it unknown): the outcome is then not recorded.
    """
    values: dict[str, Any] = {
        "status": status,
        "updated_at": now,
        "last_error": error,
        "lease_expires_at": None,
    }
    if message_id is not None:
        values["message_id"] = message_id
    if due_at is not None:
        values["due_at"] = due_at
    result = session.exec(
        bulk_update(Delivery)
        .where(
            col(Delivery.id) == delivery_id,
            col(Delivery.status) == SENDING,
            col(Delivery.claimed_by) == owner,
        )
        .values(**values)
    )
    return rowcount(result) == 1


def renew_claims(
    *, session: Session, claim: Claim, delivery_ids: Iterable[int], now: datetime
) -> int:
    """Extend the lease of these rows, if `claim.owner` is still sending them; returns how many.

    A live sender renews the rows whose requests are in flight (a 429 wait can outlast a lease),
    so recovery never takes a row from a sender that is still working on it; a row it claimed
    but lost track of is not renewed and recovery gets it when its lease runs out.
    """
    ids = sorted(set(delivery_ids))
    if not ids:
        return 0
    result = session.exec(
        bulk_update(Delivery)
        .where(
            col(Delivery.id).in_(ids),
            col(Delivery.status) == SENDING,
            col(Delivery.claimed_by) == claim.owner,
        )
        .values(lease_expires_at=claim.until(now))
    )
    return rowcount(result)


def recover_expired(*, session: Session, now: datetime) -> int:
    """Mark sending rows whose lease ran out as `unknown`; returns how many.

    Such a row was claimed by a sender that died (or lost the database) before recording the
    outcome: the message may or may not have reached Telegram, so it is not resent. A row whose
    lease still runs belongs to a live sender and is left alone; a row claimed before leases
    existed (no expiry) counts as expired.
    """
    result = session.exec(
        bulk_update(Delivery)
        .where(
            col(Delivery.status) == SENDING,
            or_(col(Delivery.lease_expires_at).is_(None), col(Delivery.lease_expires_at) <= now),
        )
        .values(
            status=UNKNOWN,
            updated_at=now,
            lease_expires_at=None,
            last_error="in flight when its sender stopped; outcome unknown",
        )
    )
    return rowcount(result)


def prune_deliveries(*, session: Session, before: datetime) -> int:
    """Delete finished rows (sent, failed, unknown, skipped) last updated before `before`.

    Pending and sending rows are never pruned. Returns how many rows were deleted.
    """
    result = session.exec(
        delete(Delivery).where(
            col(Delivery.status).in_(FINISHED), col(Delivery.updated_at) < before
        )
    )
    return rowcount(result)


def delivery_counts(*, session: Session) -> dict[str, int]:
    """How many outbox rows are in each status."""
    rows = session.exec(select(Delivery.status, func.count()).group_by(col(Delivery.status)))
    return {status: int(count) for status, count in rows.all()}


# --- the fact cursor ---------------------------------------------------------------------


def sent_fact_times(*, session: Session, chat_id: int) -> dict[int, datetime]:
    """When each fact was last sent to the chat in a digest."""
    rows = session.exec(
        select(SentFact.fact_id, SentFact.sent_at).where(SentFact.chat_id == chat_id)
    ).all()
    return {fact_id: sent_at for fact_id, sent_at in rows}


def record_sent_facts(
    *, session: Session, chat_id: int, fact_ids: Iterable[int], now: datetime
) -> None:
    """Advance the chat's cursor: these facts were sent at `now`."""
    ids = sorted(set(fact_ids))
    if not ids:
        return
    session.exec(
        delete(SentFact).where(col(SentFact.chat_id) == chat_id, col(SentFact.fact_id).in_(ids))
    )
    session.exec(
        insert(SentFact),
        params=[{"chat_id": chat_id, "fact_id": fact_id, "sent_at": now} for fact_id in ids],
    )
