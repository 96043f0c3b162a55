"""Query functions for chats and their subscriptions (the outbox is db/outbox.py).

All datetimes are aware UTC (SQLModel columns require it). Functions never commit: the caller
owns the transaction, so a planner can insert a delivery and advance a schedule atomically.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from core.errors import StoreError
from db.models import Chat, Delivery, SentFact, Subscription
from db.outbox import PENDING, SKIPPED
from db.statements import bulk_update, conflict_insert, rowcount

# --- chats -------------------------------------------------------------------------------


def get_chat(*, session: Session, chat_id: int) -> Chat | None:
    """The chat with Telegram id `chat_id`, or None."""
    return session.get(Chat, chat_id)


def ensure_chat(
    *, session: Session, chat_id: int, chat_type: str, timezone: str, now: datetime
) -> Chat:
    """The chat, created with `timezone` if new; a chat that writes again is unblocked.

    The row is created with `INSERT … ON CONFLICT DO NOTHING`: two first messages of a new chat
    handled at once (two handlers, two instances) both find it, neither fails on its key.
    """
    chat = session.get(Chat, chat_id)
    if chat is None:
        insert_chat(
            session=session, chat_id=chat_id, chat_type=chat_type, timezone=timezone, now=now
        )
        chat = session.get(Chat, chat_id, populate_existing=True)
        assert chat is not None, "the chat row was just inserted or found"
    if chat.blocked:
        chat.blocked = False
    if chat.type != chat_type:
        chat.type = chat_type
    session.flush()
    return chat


def insert_chat(
    *, session: Session, chat_id: int, chat_type: str, timezone: str, now: datetime
) -> bool:
    """Insert the chat's row unless it exists (an upsert that keeps a stored row as it is).

    Returns:
        Whether this call created the row.
    """
    result = session.exec(
        conflict_insert(session.get_bind().dialect.name)(Chat)
        .values(id=chat_id, type=chat_type, timezone=timezone, blocked=False, created_at=now)
        .on_conflict_do_nothing(index_elements=[Chat.__table__.c.id])  # type: ignore[attr-defined]
    )
    return rowcount(result) == 1


def set_chat_timezone(
    *, session: Session, chat_id: int, timezone: str, chosen: bool = True
) -> None:
    """Store the chat's time zone, `chosen` with /timezone or the language's default.

    The caller reschedules the chat's subscriptions.
    """
    session.exec(
        bulk_update(Chat)
        .where(col(Chat.id) == chat_id)
        .values(timezone=timezone, timezone_chosen=chosen)
    )


def set_chat_language(*, session: Session, chat_id: int, language: str | None) -> None:
    """Store the language the chat chose for replies and digests (None: no choice)."""
    session.exec(bulk_update(Chat).where(col(Chat.id) == chat_id).values(language=language))


def block_chat(*, session: Session, chat_id: int, reason: str, now: datetime) -> int:
    """Mark the chat blocked, deactivate its subscriptions and skip its pending deliveries.

    Returns:
        How many subscriptions were deactivated.
    """
    session.exec(bulk_update(Chat).where(col(Chat.id) == chat_id).values(blocked=True))
    deactivated = session.exec(
        bulk_update(Subscription)
        .where(col(Subscription.chat_id) == chat_id, col(Subscription.active).is_(True))
        .values(active=False)
    )
    session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.chat_id) == chat_id, col(Delivery.status) == PENDING)
        .values(status=SKIPPED, last_error=reason, updated_at=now)
    )
    return rowcount(deactivated)


def mark_digest_sent(*, session: Session, chat_id: int, now: datetime) -> None:
    """Remember when the chat last received a digest."""
    session.exec(bulk_update(Chat).where(col(Chat.id) == chat_id).values(last_digest_at=now))


# --- subscriptions -----------------------------------------------------------------------


def topic_key(topic: str | None) -> str:
    """What makes two topics one subscription's: the topic lower-cased, "" for all topics."""
    return (topic or "").strip().lower()


def find_subscription(*, session: Session, chat_id: int, topic: str | None) -> Subscription | None:
    """The chat's subscription to `topic` (None: to all topics), or None."""
    return session.exec(
        select(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.topic_key == topic_key(topic))
        .execution_options(populate_existing=True)
    ).first()


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
    """Add the chat's subscription to `topic`, or change (and resume) the one it has.

    One `INSERT … ON CONFLICT (chat_id, topic_key) DO UPDATE`: two requests racing for the
    same chat and topic end with one row, whichever commits last setting its schedule. An
    unchanged active subscription keeps its next run.

    Returns:
        The subscription and whether it is new.
    """
    existing = find_subscription(session=session, chat_id=chat_id, topic=topic)
    schedule: dict[str, Any] = {
        "cadence": cadence,
        "weekday": weekday,
        "local_time": local_time,
        "timezone": timezone,
    }
    if existing is not None and existing.active and _same(existing, schedule, topic):
        return existing, False
    values = {
        "chat_id": chat_id,
        "topic_key": topic_key(topic),
        "topic": topic,
        **schedule,
        "active": True,
        "next_run": next_run,
        "created_at": now,
    }
    changes = {**schedule, "topic": topic, "next_run": next_run, "active": True}
    session.exec(
        conflict_insert(session.get_bind().dialect.name)(Subscription)
        .values(**values)
        .on_conflict_do_update(index_elements=["chat_id", "topic_key"], set_=changes)
    )
    stored = find_subscription(session=session, chat_id=chat_id, topic=topic)
    assert stored is not None
    return stored, existing is None


def _same(subscription: Subscription, schedule: dict[str, Any], topic: str | None) -> bool:
    return subscription.topic == topic and all(
        getattr(subscription, name) == value for name, value in schedule.items()
    )


def change_subscription(
    *,
    session: Session,
    subscription: Subscription,
    cadence: str,
    weekday: int | None,
    local_time: str,
    topic: str | None,
    next_run: datetime,
) -> None:
    """Change a schedule and topic in place (the caller checks the topic is free)."""
    subscription.cadence = cadence
    subscription.weekday = weekday
    subscription.local_time = local_time
    subscription.topic = topic
    subscription.topic_key = topic_key(topic)
    subscription.next_run = next_run
    session.flush()


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


def reschedule_subscription(
    *,
    session: Session,
    subscription: Subscription,
    next_run: datetime,
    timezone: str | None = None,
) -> None:
    """Set the subscription's next run (and time zone, when given)."""
    if timezone is not None:
        subscription.timezone = timezone
    subscription.next_run = next_run
    session.flush()


def set_subscription_active(*, session: Session, subscription: Subscription, active: bool) -> None:
    """Pause or resume the subscription (the caller reschedules a resumed one first)."""
    subscription.active = active
    session.flush()


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


def _due(*, now: datetime, limit: int) -> SelectOfScalar[Subscription]:
    """Active subscriptions of unblocked chats whose next run is at or before `now`, the
    earliest `limit` of them."""
    return (
        select(Subscription)
        .join(Chat, col(Chat.id) == col(Subscription.chat_id))
        .where(
            col(Subscription.active).is_(True),
            col(Chat.blocked).is_(False),
            col(Subscription.next_run) <= now,
        )
        .order_by(col(Subscription.next_run), col(Subscription.id))
        .limit(limit)
    )


def due_subscriptions(*, session: Session, now: datetime, limit: int = 500) -> list[Subscription]:
    """Active subscriptions of unblocked chats whose next run is at or before `now`."""
    return list(session.exec(_due(now=now, limit=limit)).all())


def advance_subscription(
    *, session: Session, subscription_id: int, expected: datetime, next_run: datetime
) -> bool:
    """Move next_run from `expected` to `next_run`; False if another planner moved it first."""
    result = session.exec(
        bulk_update(Subscription)
        .where(col(Subscription.id) == subscription_id, col(Subscription.next_run) == expected)
        .values(next_run=next_run)
    )
    return rowcount(result) == 1


def lock_due_subscriptions(
    *, session: Session, now: datetime, limit: int = 500
) -> list[Subscription]:
    """Due subscriptions (as `due_subscriptions`), locked for this transaction, skipping locked.

    Planners share the due subscriptions instead of queueing behind each other: on PostgreSQL
    each takes a batch `FOR UPDATE SKIP LOCKED`, so a second planner plans the next batch while
    the first is busy with its own. SQLite takes one writer at a time and leaves the clause out.
    """
    locked = _due(now=now, limit=limit).with_for_update(skip_locked=True, of=Subscription)
    return list(session.exec(locked).all())


# --- group migration -----------------------------------------------------------------------


class ChatCreatedConcurrently(StoreError):
    """Another transaction created the chat first; roll back and move it again."""


def move_chat(*, session: Session, old_chat_id: int, new_chat_id: int, now: datetime) -> int:
    """Move a chat that Telegram migrated (group -> supergroup) to its new id.

    The new chat gets the old one's settings (time zone, language, last digest) unless it is
    known already; subscriptions, outbox rows and the fact cursor follow it. The old chat is
    left blocked (Telegram refuses every send to it now) with nothing attached.

    Returns:
        How many subscriptions moved.

    Raises:
        ChatCreatedConcurrently: another transaction made the new chat meanwhile (both service
            messages of one migration arrive together); the caller rolls back and repeats.
    """
    old = session.get(Chat, old_chat_id)
    if old is None or old_chat_id == new_chat_id:
        return 0
    if session.get(Chat, new_chat_id) is None:
        session.add(
            Chat(
                id=new_chat_id,
                type="supergroup",
                language=old.language,
                timezone=old.timezone,
                created_at=now,
                last_digest_at=old.last_digest_at,
            )
        )
        try:
            session.flush()
        except IntegrityError as exc:
            raise ChatCreatedConcurrently(f"chat {new_chat_id} was created meanwhile") from exc
    moved = session.exec(
        bulk_update(Subscription)
        .where(col(Subscription.chat_id) == old_chat_id)
        .values(chat_id=new_chat_id)
    )
    session.exec(
        bulk_update(Delivery)
        .where(col(Delivery.chat_id) == old_chat_id)
        .values(chat_id=new_chat_id)
    )
    known = select(SentFact.fact_id).where(col(SentFact.chat_id) == new_chat_id)
    session.exec(
        update(SentFact)
        .where(col(SentFact.chat_id) == old_chat_id, col(SentFact.fact_id).not_in(known))
        .values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )
    session.exec(delete(SentFact).where(col(SentFact.chat_id) == old_chat_id))
    session.exec(bulk_update(Chat).where(col(Chat.id) == old_chat_id).values(blocked=True))
    return rowcount(moved)
