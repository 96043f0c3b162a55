"""Chats with digest subscriptions, stored through the bot's repository (db.subscriptions)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from briefing.schedule import next_slot, to_db
from db import subscriptions
from db.engine import Engine, Session, new_session


def add_subscriber(
    engine: Engine,
    *,
    chat_id: int,
    now: datetime,
    timezone: str = "UTC",
    cadence: str = "daily",
    weekday: int | None = None,
    local_time: time = time(8),
    topic: str | None = None,
    next_run: datetime | None = None,
    chat_type: str | None = None,
) -> int:
    """A chat with one subscription, first due at its next slot after `now`; returns its id."""
    first = next_run or next_slot(
        cadence=cadence, weekday=weekday, local_time=local_time, timezone=timezone, after=now
    )
    with new_session(engine) as session:
        subscription_id = _subscribe(
            session,
            chat_id=chat_id,
            chat_type=chat_type or ("private" if chat_id > 0 else "supergroup"),
            timezone=timezone,
            cadence=cadence,
            weekday=weekday,
            local_time=local_time,
            topic=topic,
            next_run=first,
            now=now,
        )
        session.commit()
    return subscription_id


def add_due_subscribers(engine: Engine, chat_ids: Iterable[int], *, slot: datetime) -> None:
    """Private chats, each with a daily digest (UTC) whose slot is `slot`, made a day before."""
    slot = slot.replace(second=0, microsecond=0)
    with new_session(engine) as session:
        for chat_id in chat_ids:
            _subscribe(
                session,
                chat_id=chat_id,
                chat_type="private",
                timezone="UTC",
                cadence="daily",
                weekday=None,
                local_time=slot.time(),
                topic=None,
                next_run=slot,
                now=slot - timedelta(days=1),
            )
        session.commit()


def _subscribe(
    session: Session,
    *,
    chat_id: int,
    chat_type: str,
    timezone: str,
    cadence: str,
    weekday: int | None,
    local_time: time,
    topic: str | None,
    next_run: datetime,
    now: datetime,
) -> int:
    subscriptions.ensure_chat(
        session=session, chat_id=chat_id, chat_type=chat_type, timezone=timezone, now=to_db(now)
    )
    subscription, _ = subscriptions.add_subscription(
        session=session,
        chat_id=chat_id,
        cadence=cadence,
        weekday=weekday,
        local_time=local_time.strftime("%H:%M"),
        timezone=timezone,
        topic=topic,
        next_run=to_db(next_run),
        now=to_db(now),
    )
    assert subscription.id is not None
    return subscription.id
