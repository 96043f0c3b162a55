"""The outbox sender against the Bot API test server over HTTP, with an injected clock."""

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.delivery import DigestSender, Outcome, SendReport
from bot.ratelimit import PacedRateLimiter, RateLimitArgs
from bot.scheduling import DigestScheduler
from briefing.digest import DIGEST_MAX_FACTS
from briefing.service import Briefing
from db import outbox
from db.engine import new_session
from db.models import Chat, Delivery, Subscription
from tests.botapi import BotApiServer
from tests.chats import add_subscriber
from tests.clocks import Clock, FakeMonotonic
from tests.db.rows import delivery_rows
from tests.factories import FactFactory, draft, many_facts, revenue_history

START = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
GRACE = timedelta(minutes=120)
FIRST_SLOT = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
"""The first daily slot of a chat subscribed at START (08:00 UTC the next day)."""


def make_bot(botapi: BotApiServer, *, read_timeout: float = 10.0) -> ExtBot[RateLimitArgs]:
    """A real PTB bot talking HTTP to the test server, paced by our limiter on a fake clock."""
    monotonic = FakeMonotonic()
    return ExtBot(
        token=botapi.token,
        base_url=botapi.base_url,
        base_file_url=botapi.base_file_url,
        request=HTTPXRequest(connection_pool_size=16, read_timeout=read_timeout),
        rate_limiter=PacedRateLimiter(clock=monotonic, sleep=monotonic.sleep),
    )


@pytest.fixture
async def bot(botapi: BotApiServer) -> AsyncIterator[ExtBot[RateLimitArgs]]:
    ext_bot = make_bot(botapi)
    await ext_bot.initialize()
    yield ext_bot
    await ext_bot.shutdown()


def scheduler(engine: Engine, bot: ExtBot[RateLimitArgs], clock: Clock) -> DigestScheduler:
    """What the bot builds at start; a new one is a restart."""
    sender = DigestSender(engine=engine, bot=bot, clock=clock)
    return DigestScheduler(engine=engine, sender=sender, grace=GRACE, clock=clock)


async def tick(engine: Engine, bot: ExtBot[RateLimitArgs], clock: Clock) -> None:
    digests = scheduler(engine, bot, clock)
    digests.plan()
    await digests.sender.drain()


def subscribers_of_a_store(
    engine: Engine,
    fact_factory: FactFactory,
    *chat_ids: int,
    facts: int = 30,
    measure: str = "Metric",
) -> Clock:
    """A store of `facts` metrics named after `measure` and daily subscribers `chat_ids`, all
    from START; returns a clock at START."""
    fact_factory.document("a", *many_facts(measure, facts), ingested_at=START)
    clock = Clock(START)
    for chat_id in chat_ids:
        add_subscriber(engine, chat_id=chat_id, now=clock())
    return clock


def rows(engine: Engine, chat_id: int) -> list[Delivery]:
    return delivery_rows(engine, chat_id)


async def test_due_digest_is_sent_once_with_cited_facts(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    fact_factory.document("a", *many_facts("Broadband", 3), ingested_at=START)
    clock = Clock(START)
    add_subscriber(engine, chat_id=11, now=clock.advance(minutes=1))
    clock.now = FIRST_SLOT
    await tick(engine, bot, clock)
    clock.advance(seconds=30)
    await tick(engine, bot, clock)  # the same slot again: nothing new
    sent = botapi.sent_to(11)
    assert len(sent) == 1
    assert "Daily digest" in sent[0].text and "Broadband measure 0" in sent[0].text
    assert "City Daily" in sent[0].text  # each line carries its citation
    assert [r.status for r in rows(engine, 11)] == ["sent"]
    assert botapi.client_errors() == []


async def test_next_digest_brings_facts_not_sent_before_and_then_stops(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    fact_factory.document("a", *many_facts("Metric", 12), ingested_at=START)
    clock = Clock(START)
    add_subscriber(engine, chat_id=12, now=clock.advance(minutes=1))
    for day in (6, 7, 8):
        clock.now = datetime(2026, 3, day, 8, 0, tzinfo=UTC)
        await tick(engine, bot, clock)
    texts = [m.text for m in botapi.sent_to(12)]
    assert len(texts) == 2  # 10 facts, then the other 2; the third digest would be empty
    first = {int(n) for n in re.findall(r"Metric measure (\d+)\b", texts[0])}
    second = {int(n) for n in re.findall(r"Metric measure (\d+)\b", texts[1])}
    assert len(first) == DIGEST_MAX_FACTS == 10
    assert first.isdisjoint(second) and first | second == set(range(12))
    assert [r.status for r in rows(engine, 12)] == ["sent", "sent", "skipped"]


async def test_new_documents_reach_subscribers_at_their_next_digest(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    fact_factory.document("old", *many_facts("Old", 20), ingested_at=START)
    clock = Clock(START)
    add_subscriber(engine, chat_id=13, now=clock.advance(minutes=1))
    clock.now = FIRST_SLOT
    await tick(engine, bot, clock)
    fresh = [draft("5G base stations", topics=("telecom",), value=9000.0)]
    fact_factory.document("fresh", *fresh, ingested_at=clock.advance(hours=3))
    clock.now = datetime(2026, 3, 7, 8, 0, tzinfo=UTC)
    await tick(engine, bot, clock)
    second = botapi.sent_to(13)[1].text
    assert "New since your last digest" in second
    items = [line for line in second.splitlines() if line.startswith("• ")]
    assert "5G base stations" in items[0]  # new material comes first, the rest after it
    assert all("Old measure" in item for item in items[1:])


async def test_daily_and_weekly_slots_in_several_zones_across_dst_with_a_restart(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    fact_factory.document("a", *many_facts("Metric", 400), ingested_at=START)
    clock = Clock(datetime(2026, 3, 5, 0, 0, tzinfo=UTC))
    zones = {101: "Asia/Shanghai", 102: "Europe/London", 103: "America/New_York"}
    for chat_id, zone in zones.items():
        add_subscriber(engine, chat_id=chat_id, now=clock(), timezone=zone)
        add_subscriber(
            engine,
            chat_id=chat_id,
            now=clock(),
            timezone=zone,
            cadence="weekly",
            weekday=0,
            local_time=time(9, 30),
            topic="Qingdao",  # a chat has one subscription per topic
        )
    end = datetime(2026, 4, 2, 0, 0, tzinfo=UTC)  # US (8 Mar) and UK (29 Mar) both change
    restarted = False
    digests = scheduler(engine, bot, clock)
    while clock() < end:
        if not restarted and clock() >= datetime(2026, 3, 20, tzinfo=UTC):
            # Down for 90 minutes across Shanghai's slot (00:00 UTC), within the grace period.
            clock.advance(minutes=90)
            digests = scheduler(engine, bot, clock)
            assert digests.recover() == 0
            restarted = True
        digests.plan()
        await digests.sender.drain()
        clock.advance(minutes=30)
    expected_days = {101: 27, 102: 28, 103: 28}  # Shanghai's first 08:00 is 6 March
    for chat_id, zone in zones.items():
        deliveries = rows(engine, chat_id)
        slots = [(d.slot.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)), d) for d in deliveries]
        daily = [local for local, d in slots if local.time() == time(8)]
        weekly = [local for local, d in slots if local.time() == time(9, 30)]
        assert len(daily) + len(weekly) == len(deliveries)  # every slot at its local time
        days = [local.date() for local in daily]
        assert len(days) == len(set(days)) == expected_days[chat_id]  # none twice, none lost
        assert [local.weekday() for local in weekly] == [0] * 4
        assert all(d.status == "sent" for d in deliveries)
        assert len(botapi.sent_to(chat_id)) == len(deliveries)
    assert botapi.client_errors() == []


async def test_slot_missed_beyond_grace_is_recorded_as_skipped_and_within_grace_sent_late(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 21)
    clock.now = FIRST_SLOT + GRACE + timedelta(minutes=1)
    await tick(engine, bot, clock)
    clock.now = datetime(2026, 3, 7, 8, 0, tzinfo=UTC) + GRACE - timedelta(minutes=1)
    await tick(engine, bot, clock)
    statuses = [(d.slot.day, d.status) for d in rows(engine, 21)]
    assert statuses == [(6, "skipped"), (7, "sent")]
    assert len(botapi.sent_to(21)) == 1


async def test_restart_marks_in_flight_rows_unknown_and_never_resends_them(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 31, 32, 33)
    clock.now = FIRST_SLOT
    first = scheduler(engine, bot, clock)
    first.plan()
    with new_session(engine) as session:  # the crash: chat 31's row was claimed, then death
        pending = outbox.due_deliveries(session=session, now=clock())
        row = next(d for d in pending if d.chat_id == 31)
        died = outbox.Claim(owner="the process that died", lease=timedelta(seconds=5))
        assert outbox.claim_delivery(
            session=session, delivery_id=row.id or 0, claim=died, now=clock()
        )
        session.commit()
    clock.advance(seconds=5)
    second = scheduler(engine, bot, clock)
    assert second.recover() == 1
    second.plan()
    await second.sender.drain()
    assert [len(botapi.sent_to(c)) for c in (31, 32, 33)] == [0, 1, 1]
    assert [d.status for d in rows(engine, 31)] == ["unknown"]
    with new_session(engine) as session:
        assert len(session.exec(select(Delivery)).all()) == 3  # no slot planned twice


async def test_429_waits_retry_after_and_sends_once(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 41)
    botapi.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    clock.now = FIRST_SLOT
    await tick(engine, bot, clock)
    statuses = [r.status for r in botapi.calls("sendmessage")]
    assert statuses == [429, 200]
    assert len(botapi.sent_to(41)) == 1 and rows(engine, 41)[0].status == "sent"
    limiter = bot.rate_limiter
    assert isinstance(limiter, PacedRateLimiter) and limiter.retries == 1


async def test_403_blocks_the_chat_and_it_stops_receiving(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 51, 52, facts=60)
    botapi.block_chat(51)
    for day in (6, 7, 8):
        clock.now = datetime(2026, 3, day, 8, 0, tzinfo=UTC)
        await tick(engine, bot, clock)
    assert [r.status for r in rows(engine, 51)] == ["failed"]  # no later slot is even planned
    with new_session(engine) as session:
        chat = session.get(Chat, 51)
        assert chat is not None and chat.blocked
        subs = session.exec(select(Subscription).where(Subscription.chat_id == 51)).all()
        assert [s.active for s in subs] == [False]
    assert sum(1 for r in botapi.calls("sendmessage") if r.params.get("chat_id") == 51) == 1
    assert len(botapi.sent_to(52)) == 3


async def test_500_is_retried_with_backoff_and_sent_once(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 61)
    botapi.fail_next("sendMessage", 500, "Internal Server Error")
    clock.now = FIRST_SLOT
    await tick(engine, bot, clock)
    (row,) = rows(engine, 61)
    assert (row.status, row.attempts, row.due_at) == (
        "pending",
        1,
        datetime(2026, 3, 6, 8, 0, 2, tzinfo=UTC),
    )
    clock.advance(seconds=1)
    await tick(engine, bot, clock)
    assert botapi.sent_to(61) == []  # backoff not over yet
    clock.advance(seconds=1)
    await tick(engine, bot, clock)
    assert len(botapi.sent_to(61)) == 1 and rows(engine, 61)[0].status == "sent"


async def test_network_errors_give_up_after_max_attempts(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 62)
    for _ in range(5):
        botapi.fail_next("sendMessage", 502, "Bad Gateway")
    clock.now = FIRST_SLOT
    for _ in range(6):
        await tick(engine, bot, clock)
        clock.advance(minutes=5)
    (row,) = rows(engine, 62)
    assert (row.status, row.attempts) == ("failed", 5)
    assert botapi.sent_to(62) == []


async def test_timeout_is_recorded_unknown_and_not_resent(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer
) -> None:
    bot = make_bot(botapi, read_timeout=0.5)
    await bot.initialize()
    clock = subscribers_of_a_store(engine, fact_factory, 71)
    botapi.set_delay("sendMessage", 2.0)  # longer than the bot's 0.5 s read timeout
    clock.now = FIRST_SLOT
    await tick(engine, bot, clock)
    botapi.set_delay("sendMessage", 0)
    clock.advance(minutes=5)
    await tick(engine, bot, clock)
    await botapi.wait_for(lambda: len(botapi.sent_to(71)) == 1)  # it did arrive, late
    await bot.shutdown()
    assert [r.status for r in rows(engine, 71)] == ["unknown"]
    assert len(botapi.calls("sendmessage")) == 1  # and was not sent a second time


async def tick_with_charts(
    engine: Engine, bot: ExtBot[RateLimitArgs], clock: Clock, briefing: Briefing
) -> SendReport:
    sender = DigestSender(engine=engine, bot=bot, clock=clock, briefing=briefing)
    digests = DigestScheduler(engine=engine, sender=sender, grace=GRACE, clock=clock)
    digests.plan()
    return await sender.drain()


async def test_a_digest_whose_key_measure_has_history_is_followed_by_its_chart_once(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    revenue_history(fact_factory)
    briefing = Briefing(engine)
    clock = Clock(START)
    for chat_id in (81, 82):
        add_subscriber(engine, chat_id=chat_id, now=clock())
    clock.now = FIRST_SLOT
    report = await tick_with_charts(engine, bot, clock, briefing)
    clock.advance(hours=1)
    await tick_with_charts(engine, bot, clock, briefing)  # nothing due: nothing more sent
    assert report == {Outcome.SENT: 2}
    for chat_id in (81, 82):
        digest, chart = botapi.sent_to(chat_id)
        assert digest.text.startswith("Daily digest") and digest.buttons()
        assert "• Software revenue, Harbourtown, 2021: 11.25 billion yuan" in digest.text
        assert chart.photo is not None and chart.photo.startswith(b"\x89PNG\r\n\x1a\n")
        assert chart.text.startswith("Harbourtown, software revenue\n1. 2019: 92 hundred million")
        assert chart.reply_markup is None
    photos = [r.params["photo"] for r in botapi.calls("sendPhoto")]
    # Drawn and uploaded once, then sent by the file id Telegram gave it.
    assert isinstance(photos[0], bytes) and photos[1] == "photo1"
    assert [r.status for r in rows(engine, 81)] == ["sent"]
    assert botapi.client_errors() == []


async def test_a_digest_without_history_comes_alone(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    clock = subscribers_of_a_store(engine, fact_factory, 83, facts=3, measure="Broadband")
    clock.now = FIRST_SLOT
    await tick_with_charts(engine, bot, clock, Briefing(engine))
    (digest,) = botapi.sent_to(83)
    assert digest.photo is None and botapi.calls("sendPhoto") == []


async def test_a_chart_follows_only_a_digest_that_went_out_and_is_never_sent_twice(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    revenue_history(fact_factory)
    briefing = Briefing(engine)
    clock = Clock(START)
    add_subscriber(engine, chat_id=84, now=clock())
    add_subscriber(engine, chat_id=85, now=clock())
    botapi.fail_next("sendMessage", 500, "Internal Server Error", chat_id=84)
    botapi.fail_next("sendPhoto", 500, "Internal Server Error", chat_id=85)
    clock.now = FIRST_SLOT
    await tick_with_charts(engine, bot, clock, briefing)
    assert botapi.sent_to(84) == []  # the digest waits for its retry; its chart with it
    assert [m.photo is None for m in botapi.sent_to(85)] == [True]  # the chart failed
    for _ in range(3):  # the retry of 84's digest comes due; 85's chart is not tried again
        clock.advance(seconds=2)
        await tick_with_charts(engine, bot, clock, briefing)
    digest, chart = botapi.sent_to(84)
    assert digest.text.startswith("Daily digest") and chart.photo is not None
    assert len(botapi.sent_to(85)) == 1
    assert [r.status for r in rows(engine, 84) + rows(engine, 85)] == ["sent", "sent"]
    assert len(botapi.calls("sendPhoto")) == 2  # 85's failed one and 84's


async def test_a_chart_is_drawn_from_the_store_as_it_is_when_the_digest_goes(
    engine: Engine, fact_factory: FactFactory, botapi: BotApiServer, bot: ExtBot[RateLimitArgs]
) -> None:
    fact_factory.document("a", *many_facts("Broadband", 3), ingested_at=START)
    briefing = Briefing(engine)  # loaded before the history arrives
    clock = Clock(START)
    add_subscriber(engine, chat_id=86, now=clock())
    revenue_history(fact_factory)
    clock.now = FIRST_SLOT
    await tick_with_charts(engine, bot, clock, briefing)
    _, chart = botapi.sent_to(86)
    assert chart.photo is not None and chart.text.startswith("Harbourtown, software revenue")
