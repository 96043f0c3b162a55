"""Subscription use cases: subscribe, change time zone, list, pause/resume/remove, and planning.

Each function opens one short session, does one thing and commits. `plan_due` turns due
subscriptions into outbox rows: the row for a slot is inserted in the same transaction that moves
the subscription's next run past it, so every slot is planned exactly once, however many
planners run and however often the bot restarts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from briefing.schedule import (
    DAILY,
    WEEKLY,
    ScheduleRequest,
    describe,
    format_local_time,
    from_db,
    match_topic,
    next_slot,
    parse_local_time,
    parse_subscribe_args,
    parse_timezone,
    to_db,
)
from core.changes import Change
from core.errors import DuplicateDeliveryError
from core.language import Language, stored_language
from core.records import from_attributes
from db import facts as stored_facts
from db import outbox
from db import subscriptions as queries
from db.engine import Engine, Session, new_session
from db.models import Subscription

log = logging.getLogger(__name__)

DEFAULT_TIMEZONES: Mapping[Language, str] = {Language.ZH: "Asia/Shanghai"}
"""A chat's time zone until it sets one, by its language (others: the DEFAULT_TIMEZONE setting).

Most Chinese readers of these briefings live on China Standard Time.
"""


@dataclass(frozen=True)
class SubscriptionView:
    """A subscription as callers show it."""

    id: int
    cadence: str
    weekday: int | None
    local_time: str
    timezone: str
    topic: str | None
    active: bool
    next_run: datetime  # aware UTC

    def same_schedule(self, other: SubscriptionView) -> bool:
        """Whether `other` is sent at the same times on the same topic."""
        return (self.cadence, self.weekday, self.local_time, self.timezone, self.topic) == (
            other.cadence,
            other.weekday,
            other.local_time,
            other.timezone,
            other.topic,
        )

    @property
    def summary(self) -> str:
        """E.g. "daily at 08:00 (Europe/London) · broadband"."""
        when = describe(
            cadence=self.cadence,
            weekday=self.weekday,
            local_time=self.local_time,
            timezone=self.timezone,
        )
        return when + (f" · {self.topic}" if self.topic else "")


@dataclass(frozen=True)
class PlanReport:
    """What one planning pass did."""

    planned: int = 0  # pending outbox rows created
    skipped: int = 0  # slots missed beyond the grace period, recorded as skipped


def utc_now() -> datetime:
    """The current instant, aware UTC (the default clock)."""
    return datetime.now(UTC)


def _view(subscription: Subscription) -> SubscriptionView:
    assert subscription.id is not None
    return from_attributes(SubscriptionView, subscription, next_run=from_db(subscription.next_run))


def _next_run(
    subscription: Subscription, *, after: datetime, timezone: str | None = None
) -> datetime:
    """The subscription's first slot after `after`, in `timezone` (default: its own)."""
    return next_slot(
        cadence=subscription.cadence,
        weekday=subscription.weekday,
        local_time=parse_local_time(subscription.local_time),
        timezone=timezone or subscription.timezone,
        after=after,
    )


def default_timezone_for(language: Language, fallback: str) -> str:
    """The time zone of a chat in `language` that has not set one."""
    return DEFAULT_TIMEZONES.get(language, fallback)


def chat_language(*, engine: Engine, chat_id: int) -> Language | None:
    """The language the chat chose (or subscribed in); None if it has none."""
    with new_session(engine) as session:
        chat = queries.get_chat(session=session, chat_id=chat_id)
        return stored_language(chat.language) if chat is not None else None


def set_chat_language(
    *,
    engine: Engine,
    chat_id: int,
    chat_type: str,
    language: Language,
    default_timezone: str,
    now: datetime,
) -> None:
    """Make `language` the chat's language for replies and digests.

    A chat that has not chosen a time zone with /timezone takes that language's default
    (Chinese: Asia/Shanghai), and its subscriptions keep their local times in it.
    """
    zone = default_timezone_for(language, default_timezone)
    with new_session(engine) as session:
        chat = queries.ensure_chat(
            session=session,
            chat_id=chat_id,
            chat_type=chat_type,
            timezone=zone,
            now=to_db(now),
        )
        queries.set_chat_language(session=session, chat_id=chat_id, language=language.value)
        if not chat.timezone_chosen and chat.timezone != zone:
            _move_chat(session=session, chat_id=chat_id, zone=zone, chosen=False, now=now)
        session.commit()


def _move_chat(*, session: Session, chat_id: int, zone: str, chosen: bool, now: datetime) -> int:
    """Set the chat's zone and move its subscriptions to it (same local times)."""
    queries.set_chat_timezone(session=session, chat_id=chat_id, timezone=zone, chosen=chosen)
    subscriptions = queries.chat_subscriptions(session=session, chat_id=chat_id)
    for subscription in subscriptions:
        queries.reschedule_subscription(
            session=session,
            subscription=subscription,
            next_run=to_db(_next_run(subscription, after=now, timezone=zone)),
            timezone=zone,
        )
    return len(subscriptions)


@dataclass(frozen=True)
class Subscribed:
    """The outcome of a subscribe: the subscription, and how it was before (if it existed)."""

    view: SubscriptionView
    change: Change
    before: SubscriptionView | None = None


def subscribe(
    *,
    engine: Engine,
    chat_id: int,
    chat_type: str,
    args: Sequence[str],
    default_timezone: str,
    now: datetime,
    language: Language | None = None,
) -> Subscribed:
    """Subscribe a chat from `/subscribe` arguments, in the chat's time zone.

    A chat has one subscription per topic or region: subscribing again to the same one
    changes its schedule (and resumes it). A chat that has no language yet keeps `language`
    (the one it subscribed in): digests go out in it, and a new chat starts in its default
    time zone.

    Raises:
        UsageError: the arguments are invalid.
    """
    with new_session(engine) as session:
        request: ScheduleRequest = parse_subscribe_args(
            args, known_topics=stored_facts.known_topics(session=session)
        )
        zone = default_timezone_for(language, default_timezone) if language else default_timezone
        chat = queries.ensure_chat(
            session=session, chat_id=chat_id, chat_type=chat_type, timezone=zone, now=to_db(now)
        )
        if language is not None and chat.language is None:
            queries.set_chat_language(session=session, chat_id=chat_id, language=language.value)
        existing = queries.find_subscription(session=session, chat_id=chat_id, topic=request.topic)
        before = _view(existing) if existing is not None else None
        first = next_slot(
            cadence=request.cadence,
            weekday=request.weekday,
            local_time=request.local_time,
            timezone=chat.timezone,
            after=now,
        )
        subscription, created = queries.add_subscription(
            session=session,
            chat_id=chat_id,
            cadence=request.cadence,
            weekday=request.weekday,
            local_time=format_local_time(request.local_time),
            timezone=chat.timezone,
            topic=request.topic,
            next_run=to_db(first),
            now=to_db(now),
        )
        session.commit()
        view = _view(subscription)
    if created or before is None:
        return Subscribed(view, Change.NEW)
    if before.same_schedule(view) and before.active:
        return Subscribed(view, Change.UNCHANGED, before)
    return Subscribed(view, Change.CHANGED, before)


def set_timezone(
    *,
    engine: Engine,
    chat_id: int,
    chat_type: str,
    zone: str,
    default_timezone: str,
    now: datetime,
) -> tuple[str, int]:
    """Set the chat's time zone and move its subscriptions to it (same local times).

    Returns:
        The canonical zone name and how many subscriptions were rescheduled.

    Raises:
        UsageError: not a known time zone.
    """
    canonical = parse_timezone(zone)
    with new_session(engine) as session:
        queries.ensure_chat(
            session=session,
            chat_id=chat_id,
            chat_type=chat_type,
            timezone=default_timezone,
            now=to_db(now),
        )
        moved = _move_chat(session=session, chat_id=chat_id, zone=canonical, chosen=True, now=now)
        session.commit()
        return canonical, moved


def chat_timezone(*, engine: Engine, chat_id: int, default_timezone: str) -> str:
    """The chat's time zone, or the default for a chat the bot does not know yet."""
    with new_session(engine) as session:
        chat = queries.get_chat(session=session, chat_id=chat_id)
        return chat.timezone if chat is not None else default_timezone


def list_subscriptions(*, engine: Engine, chat_id: int) -> tuple[SubscriptionView, ...]:
    """The chat's subscriptions, active and paused."""
    with new_session(engine) as session:
        return tuple(
            _view(s) for s in queries.chat_subscriptions(session=session, chat_id=chat_id)
        )


def set_active(
    *, engine: Engine, chat_id: int, subscription_id: int, active: bool, now: datetime
) -> SubscriptionView | None:
    """Pause or resume one of the chat's subscriptions; None if the chat has no such one.

    Resuming schedules the next slot after `now`: slots that passed while paused are not sent.
    """
    with new_session(engine) as session:
        subscription = queries.get_subscription(session=session, subscription_id=subscription_id)
        if subscription is None or subscription.chat_id != chat_id:
            return None
        if active and not subscription.active:
            queries.reschedule_subscription(
                session=session,
                subscription=subscription,
                next_run=to_db(_next_run(subscription, after=now)),
            )
        queries.set_subscription_active(session=session, subscription=subscription, active=active)
        session.commit()
        return _view(subscription)


def remove(*, engine: Engine, chat_id: int, subscription_id: int) -> bool:
    """Delete one of the chat's subscriptions; False if the chat has no such one."""
    with new_session(engine) as session:
        subscription = queries.get_subscription(session=session, subscription_id=subscription_id)
        if subscription is None or subscription.chat_id != chat_id:
            return False
        queries.delete_subscription(session=session, subscription_id=subscription_id)
        session.commit()
        return True


def unsubscribe_all(*, engine: Engine, chat_id: int) -> int:
    """Delete all of the chat's subscriptions; returns how many there were."""
    with new_session(engine) as session:
        count = queries.delete_chat_subscriptions(session=session, chat_id=chat_id)
        session.commit()
        return count


def find_by_topic(views: Sequence[SubscriptionView], words: str) -> SubscriptionView | None:
    """The subscription whose topic or region `words` names (case- and spacing-insensitive)."""
    by_topic = {view.topic: view for view in views if view.topic}
    topic = match_topic(words, by_topic)
    return by_topic[topic] if topic is not None else None


ALL_WORDS = frozenset({"all", "everything", "全部", "所有"})
"""What `/unsubscribe` takes as "every digest of this chat"."""


def change_schedule(
    *,
    engine: Engine,
    chat_id: int,
    subscription_id: int,
    now: datetime,
    local_time: time | None = None,
    weekday: int | None = None,
    daily: bool = False,
    topic: str | None = None,
    all_topics: bool = False,
) -> SubscriptionView | None:
    """Change one of the chat's subscriptions in place: its time, its day, or its topic.

    A weekday makes it weekly on that day, `daily` makes it daily; a topic must be one the
    store knows (see `known_topics`) and not another subscription's of the chat, as must
    `all_topics` (no filter). The next
    run moves to the first new slot after `now`.

    Returns:
        The changed subscription; None if the chat has no such subscription or the topic is
        taken or unknown.
    """
    with new_session(engine) as session:
        subscription = queries.get_subscription(session=session, subscription_id=subscription_id)
        if subscription is None or subscription.chat_id != chat_id:
            return None
        new_topic = subscription.topic
        if topic is not None or all_topics:
            if topic is not None:
                new_topic = match_topic(topic, stored_facts.known_topics(session=session))
                if new_topic is None:
                    return None
            else:
                new_topic = None
            taken = queries.find_subscription(session=session, chat_id=chat_id, topic=new_topic)
            if taken is not None and taken.id != subscription.id:
                return None
        cadence, day = subscription.cadence, subscription.weekday
        if weekday is not None:
            cadence, day = WEEKLY, weekday
        elif daily:
            cadence, day = DAILY, None
        clock = local_time or parse_local_time(subscription.local_time)
        queries.change_subscription(
            session=session,
            subscription=subscription,
            cadence=cadence,
            weekday=day,
            local_time=format_local_time(clock),
            topic=new_topic,
            next_run=to_db(
                next_slot(
                    cadence=cadence,
                    weekday=day,
                    local_time=clock,
                    timezone=subscription.timezone,
                    after=now,
                )
            ),
        )
        session.commit()
        return _view(subscription)


def get_view(*, engine: Engine, chat_id: int, subscription_id: int) -> SubscriptionView | None:
    """One of the chat's subscriptions; None if the chat has no such one."""
    with new_session(engine) as session:
        subscription = queries.get_subscription(session=session, subscription_id=subscription_id)
        if subscription is None or subscription.chat_id != chat_id:
            return None
        return _view(subscription)


def topic_slug(topic: str) -> str:
    """A topic or region as a deep link carries it: "smart-city", "qingdao", "hong-kong"."""
    return "-".join(topic.lower().replace("_", " ").split())


def topic_for_slug(*, engine: Engine, slug: str) -> str | None:
    """The known topic or region a deep link's slug names; None if none."""
    wanted = topic_slug(slug)
    return next((t for t in known_topics(engine=engine) if topic_slug(t) == wanted), None)


def known_topics(*, engine: Engine) -> tuple[str, ...]:
    """The topics and regions a subscription may follow, sorted."""
    with new_session(engine) as session:
        return tuple(sorted(stored_facts.known_topics(session=session), key=str.lower))


def plan_due(*, engine: Engine, now: datetime, grace: timedelta, batch: int = 500) -> PlanReport:
    """Turn every slot that has come into an outbox row and advance its subscription.

    A slot no older than `grace` becomes a pending delivery (late, after downtime, is fine); an
    older one is recorded as skipped. Each slot's row is inserted with a conditional update of
    `next_run` in the same transaction (a batch of slots per transaction), so a concurrent
    planner loses the race cleanly instead of planning a slot twice. On PostgreSQL a batch is
    locked with `SKIP LOCKED`: concurrent planners take different batches instead of queueing.
    """
    planned = skipped = 0
    while True:
        with new_session(engine) as session:
            due = queries.lock_due_subscriptions(session=session, now=to_db(now), limit=batch)
            if not due:
                return PlanReport(planned=planned, skipped=skipped)
            try:
                outcomes = [
                    _plan_slot(session=session, subscription=sub, now=now, grace=grace)
                    for sub in due
                ]
                session.commit()
            except DuplicateDeliveryError:
                session.rollback()
                outcomes = [
                    _plan_alone(engine=engine, subscription=sub, now=now, grace=grace)
                    for sub in due
                ]
        planned += outcomes.count("planned")
        skipped += outcomes.count("skipped")


def _plan_alone(
    *, engine: Engine, subscription: Subscription, now: datetime, grace: timedelta
) -> str | None:
    """Plan one slot in its own transaction (the fallback when a batch hit a conflict)."""
    stored_slot = subscription.next_run
    with new_session(engine) as session:
        try:
            outcome = _plan_slot(session=session, subscription=subscription, now=now, grace=grace)
            session.commit()
            return outcome
        except DuplicateDeliveryError:
            session.rollback()
            # The slot has a row already (e.g. next_run was set back by hand): keep that row.
            queries.advance_subscription(
                session=session,
                subscription_id=subscription.id or 0,
                expected=stored_slot,
                next_run=to_db(_next_run(subscription, after=from_db(stored_slot))),
            )
            session.commit()
            return None


def _plan_slot(
    *, session: Session, subscription: Subscription, now: datetime, grace: timedelta
) -> str | None:
    assert subscription.id is not None
    # Read before the update: an ORM UPDATE also refreshes this object's next_run.
    stored_slot = subscription.next_run
    slot = from_db(stored_slot)
    late = now - slot
    status = outbox.PENDING if late <= grace else outbox.SKIPPED
    reason = None
    if status == outbox.SKIPPED:
        minutes, allowed = int(late.total_seconds() // 60), int(grace.total_seconds() // 60)
        reason = f"missed by {minutes} min, beyond the {allowed} min grace"
    if not queries.advance_subscription(
        session=session,
        subscription_id=subscription.id,
        expected=stored_slot,
        next_run=to_db(_next_run(subscription, after=slot)),
    ):
        return None  # another planner took this slot
    outbox.add_delivery(
        session=session,
        subscription_id=subscription.id,
        chat_id=subscription.chat_id,
        slot=stored_slot,
        now=to_db(now),
        status=status,
        last_error=reason,
    )
    if status == outbox.SKIPPED:
        log.info("skipped slot %s of subscription %s: %s", slot, subscription.id, reason)
    return "planned" if status == outbox.PENDING else "skipped"
