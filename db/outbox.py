"""The digest outbox (one delivery row per subscription slot) and each chat's fact cursor.

All datetimes are aware UTC. Functions never commit: the caller owns the transaction, so a
planner can insert a delivery and advance a schedule atomically, and a sender can mark a row
sent and advance the chat's cursor together.

Outbox states: pending -> sending -> sent | failed | unknown | pending (retry); a slot missed
beyond the grace period, or whose chat blocked the bot, is `skipped`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert
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


def claim_delivery(*, session: Session, delivery_id: int, now: datetime) -> bool:
    """Atomically move a pending delivery to sending; False if someone else claimed it.

    A conditional UPDATE is the claim, so two senders (threads, processes, or bot instances on
    one PostgreSQL database) can never both send the same row.
    """
    result = session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == PENDING)
        .values(status=SENDING, attempts=Delivery.attempts + 1, updated_at=now)
    )
    return rowcount(result) == 1


def finish_delivery(
    *,
    session: Session,
    delivery_id: int,
    status: str,
    now: datetime,
    message_id: int | None = None,
    error: str | None = None,
    due_at: datetime | None = None,
) -> bool:
    """Record the outcome of a claimed (sending) delivery; pending with `due_at` is a retry."""
    values: dict[str, Any] = {"status": status, "updated_at": now, "last_error": error}
    if message_id is not None:
        values["message_id"] = message_id
    if due_at is not None:
        values["due_at"] = due_at
    result = session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == SENDING)
        .values(**values)
    )
    return rowcount(result) == 1


def recover_in_flight(*, session: Session, now: datetime) -> int:
    """Mark deliveries left in `sending` by a crash as `unknown`; returns how many.

    A row still `sending` at start-up was claimed by a process that died before recording the
    outcome: the message may or may not have reached Telegram, so it is not resent.
    """
    result = session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.status) == SENDING)
        .values(
            status=UNKNOWN,
            updated_at=now,
            last_error="in flight when the bot stopped; outcome unknown",
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
