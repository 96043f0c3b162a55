"""Query functions for chats, subscriptions, the delivery outbox and the per-chat fact cursor.

All datetimes are aware UTC (SQLModel columns require it). Functions never commit: the caller
owns the transaction, so a planner can insert a delivery and advance a schedule atomically.

Outbox states: pending -> sending -> sent | failed | unknown | pending (retry); a slot missed
beyond the grace period, or whose chat blocked the bot, is `skipped`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, insert, update
from sqlmodel import Session, col, select

from core.facts import Fact
from db.mapping import source_of, to_fact
from db.models import Chat, Delivery, Document, FactRow, SentFact, Subscription

PENDING = "pending"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
UNKNOWN = "unknown"
SKIPPED = "skipped"
STATUSES = (PENDING, SENDING, SENT, FAILED, UNKNOWN, SKIPPED)


def _update(model: type[Chat] | type[Subscription] | type[Delivery]) -> Any:
    # Bulk UPDATEs here never need the session's loaded objects refreshed; without this, each
    # one evaluates its WHERE against every object in the session (quadratic in a batch).
    return update(model).execution_options(synchronize_session=False)


def _rowcount(result: Any) -> int:
    return int(cast(CursorResult[Any], result).rowcount)


# --- chats -------------------------------------------------------------------------------


def get_chat(*, session: Session, chat_id: int) -> Chat | None:
    """The chat with Telegram id `chat_id`, or None."""
    return session.get(Chat, chat_id)


def ensure_chat(
    *, session: Session, chat_id: int, chat_type: str, timezone: str, now: datetime
) -> Chat:
    """The chat, created with `timezone` if new; a chat that writes again is unblocked."""
    chat = session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, type=chat_type, timezone=timezone, created_at=now)
        session.add(chat)
    elif chat.blocked:
        chat.blocked = False
    if chat.type != chat_type:
        chat.type = chat_type
    session.flush()
    return chat


def set_chat_timezone(*, session: Session, chat_id: int, timezone: str) -> None:
    """Store the chat's time zone (the caller reschedules its subscriptions)."""
    session.exec(_update(Chat).where(col(Chat.id) == chat_id).values(timezone=timezone))


def block_chat(*, session: Session, chat_id: int, reason: str, now: datetime) -> int:
    """Mark the chat blocked, deactivate its subscriptions and skip its pending deliveries.

    Returns:
        How many subscriptions were deactivated.
    """
    session.exec(_update(Chat).where(col(Chat.id) == chat_id).values(blocked=True))
    deactivated = session.exec(
        _update(Subscription)
        .where(col(Subscription.chat_id) == chat_id, col(Subscription.active).is_(True))
        .values(active=False)
    )
    session.exec(
        _update(Delivery)
        .where(col(Delivery.chat_id) == chat_id, col(Delivery.status) == PENDING)
        .values(status=SKIPPED, last_error=reason, updated_at=now)
    )
    return _rowcount(deactivated)


def mark_digest_sent(*, session: Session, chat_id: int, now: datetime) -> None:
    """Remember when the chat last received a digest."""
    session.exec(_update(Chat).where(col(Chat.id) == chat_id).values(last_digest_at=now))


# --- subscriptions -----------------------------------------------------------------------


def add_subscription(
    *,
    session: Session,
    chat_id: int,
    cadence: str,
    weekday: int | None,
    local_time: str,
    timezone: str,
    topic: str | None,
    next_run: datetime,
    now: datetime,
) -> tuple[Subscription, bool]:
    """Add a subscription, or reactivate the chat's identical one.

    Returns:
        The subscription and whether it is new.
    """
    existing = session.exec(
        select(Subscription).where(
            Subscription.chat_id == chat_id,
            Subscription.cadence == cadence,
            Subscription.weekday == weekday,
            Subscription.local_time == local_time,
            Subscription.topic == topic,
        )
    ).first()
    if existing is not None:
        if not existing.active:
            existing.active = True
            existing.next_run = next_run
        existing.timezone = timezone
        session.flush()
        return existing, False
    subscription = Subscription(
        chat_id=chat_id,
        cadence=cadence,
        weekday=weekday,
        local_time=local_time,
        timezone=timezone,
        topic=topic,
        next_run=next_run,
        created_at=now,
    )
    session.add(subscription)
    session.flush()
    return subscription, True


def get_subscription(*, session: Session, subscription_id: int) -> Subscription | None:
    """The subscription with this id, or None."""
    return session.get(Subscription, subscription_id)


def chat_subscriptions(*, session: Session, chat_id: int) -> list[Subscription]:
    """The chat's subscriptions, oldest first, active or paused."""
    return list(
        session.exec(
            select(Subscription)
            .where(Subscription.chat_id == chat_id)
            .order_by(col(Subscription.id))
        ).all()
    )


def delete_subscription(*, session: Session, subscription_id: int) -> bool:
    """Remove one subscription (its outbox rows go with it); False if it did not exist."""
    subscription = session.get(Subscription, subscription_id)
    if subscription is None:
        return False
    session.exec(delete(Delivery).where(col(Delivery.subscription_id) == subscription_id))
    session.delete(subscription)
    session.flush()
    return True


def delete_chat_subscriptions(*, session: Session, chat_id: int) -> int:
    """Remove all of a chat's subscriptions; returns how many there were."""
    ids = [s.id for s in chat_subscriptions(session=session, chat_id=chat_id)]
    for subscription_id in ids:
        if subscription_id is not None:
            delete_subscription(session=session, subscription_id=subscription_id)
    return len(ids)


def due_subscriptions(*, session: Session, now: datetime, limit: int = 500) -> list[Subscription]:
    """Active subscriptions of unblocked chats whose next run is at or before `now`."""
    return list(
        session.exec(
            select(Subscription)
            .join(Chat, col(Chat.id) == col(Subscription.chat_id))
            .where(
                col(Subscription.active).is_(True),
                col(Chat.blocked).is_(False),
                col(Subscription.next_run) <= now,
            )
            .order_by(col(Subscription.next_run), col(Subscription.id))
            .limit(limit)
        ).all()
    )


def advance_subscription(
    *, session: Session, subscription_id: int, expected: datetime, next_run: datetime
) -> bool:
    """Move next_run from `expected` to `next_run`; False if another planner moved it first."""
    result = session.exec(
        _update(Subscription)
        .where(col(Subscription.id) == subscription_id, col(Subscription.next_run) == expected)
        .values(next_run=next_run)
    )
    return _rowcount(result) == 1


def earliest_next_run(*, session: Session) -> datetime | None:
    """The soonest next run of any active subscription of an unblocked chat."""
    return session.exec(
        select(func.min(Subscription.next_run))
        .join(Chat, col(Chat.id) == col(Subscription.chat_id))
        .where(col(Subscription.active).is_(True), col(Chat.blocked).is_(False))
    ).first()


# --- deliveries (outbox) -----------------------------------------------------------------


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
    """Insert the outbox row of one slot (unique per subscription and slot)."""
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
    session.flush()
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
        _update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == PENDING)
        .values(status=SENDING, attempts=Delivery.attempts + 1, updated_at=now)
    )
    return _rowcount(result) == 1


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
        _update(Delivery)
        .where(col(Delivery.id) == delivery_id, col(Delivery.status) == SENDING)
        .values(**values)
    )
    return _rowcount(result) == 1


def recover_in_flight(*, session: Session, now: datetime) -> int:
    """Mark deliveries left in `sending` by a crash as `unknown`; returns how many.

    A row still `sending` at start-up was claimed by a process that died before recording the
    outcome: the message may or may not have reached Telegram, so it is not resent.
    """
    result = session.exec(
        _update(Delivery)
        .where(col(Delivery.status) == SENDING)
        .values(
            status=UNKNOWN,
            updated_at=now,
            last_error="in flight when the bot stopped; outcome unknown",
        )
    )
    return _rowcount(result)


def delivery_counts(*, session: Session) -> dict[str, int]:
    """How many outbox rows are in each status."""
    rows = session.exec(select(Delivery.status, func.count()).group_by(col(Delivery.status)))
    return {status: int(count) for status, count in rows.all()}


def chat_deliveries(*, session: Session, chat_id: int) -> list[Delivery]:
    """The chat's outbox rows, oldest slot first."""
    return list(
        session.exec(
            select(Delivery)
            .where(Delivery.chat_id == chat_id)
            .order_by(col(Delivery.slot), col(Delivery.id))
        ).all()
    )


# --- the fact cursor and digest material -------------------------------------------------


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


def facts_with_ingest_times(*, session: Session) -> list[tuple[Fact, datetime]]:
    """Every fact with its source and when its document was ingested, for composing digests."""
    documents = {d.id: d for d in session.exec(select(Document)).all()}
    sources = {key: source_of(d) for key, d in documents.items()}
    rows = session.exec(select(FactRow).order_by(col(FactRow.id))).all()
    return [
        (to_fact(row, sources[row.document_id]), documents[row.document_id].ingested_at)
        for row in rows
    ]


def known_topics(*, session: Session) -> set[str]:
    """Every topic tag and region that facts carry."""
    names: set[str] = set()
    for topics, region in session.exec(select(FactRow.topics, FactRow.region).distinct()).all():
        names.update(tag.strip() for tag in topics.split(",") if tag.strip())
        if region:
            names.add(region)
    return names
