"""End to end: a group's digests are its administrators' to change; a digest's time changed
from a button brings exactly one digest at the new time.

The real bot long-polls the Bot API test server (getChatMember answers from the server's
administrators); digests go through the real planner and sender on the bot's own `ExtBot`.
The bot's clock (`BotData.clock`) and the scheduler's are one fake clock, set days ahead of the
wall clock so the bot's own background planner never finds these slots due.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.delivery import DigestSender
from bot.scheduling import DigestScheduler
from db.engine import new_session
from db.models import Delivery, Subscription
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.clocks import Clock
from tests.factories import FactFactory, many_facts, revenue_history, sample_store

GROUP = -1009876
ADMIN, MEMBER = 71, 72
USER = 601
GRACE = timedelta(minutes=120)
REFUSED = "Only this group's administrators can change its digests, time zone or language."


def chat_subscriptions(engine: Engine, chat_id: int) -> list[Subscription]:
    with new_session(engine) as session:
        return list(
            session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        )


def sent_slots(engine: Engine, chat_id: int) -> list[datetime]:
    with new_session(engine) as session:
        rows = session.exec(
            select(Delivery).where(Delivery.chat_id == chat_id, Delivery.status == "sent")
        ).all()
    return sorted(row.slot.replace(tzinfo=UTC) for row in rows)


async def test_in_a_group_a_members_unsubscribe_is_refused_and_an_administrators_works(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    sample_store(FactFactory(engine))
    botapi.set_admins(GROUP, ADMIN)
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False):

        async def say(text: str, user_id: int) -> str:
            count = len(botapi.sent_to(GROUP)) + 1
            botapi.send_text(text, chat_id=GROUP, user_id=user_id)
            return (await botapi.wait_for_messages(GROUP, count))[-1].text

        assert (await say("/subscribe", MEMBER)) == REFUSED
        assert chat_subscriptions(engine, GROUP) == []
        assert (await say("/subscribe", ADMIN)).startswith("Subscribed: daily at 08:00 (UTC).")

        assert (await say("/unsubscribe", MEMBER)) == REFUSED
        assert (await say("/timezone shanghai", MEMBER)) == REFUSED
        assert len(chat_subscriptions(engine, GROUP)) == 1

        listing_text = await say("/subscriptions", MEMBER)  # anyone may look
        assert listing_text.startswith("This chat's digests")
        listing = botapi.sent_to(GROUP)[-1]
        press = botapi.press(listing, "✖ Remove 1", user_id=MEMBER)
        answer = await botapi.wait_for_callback_answer(press)
        assert answer["text"] == REFUSED and answer["show_alert"] is True
        assert len(chat_subscriptions(engine, GROUP)) == 1 and listing.edits == 0

        question = await say("/unsubscribe", ADMIN)
        assert question.startswith("Which digest should I stop?")
        press = botapi.press(botapi.sent_to(GROUP)[-1], "✖ Remove 1", user_id=ADMIN)
        await botapi.wait_for_callback_answer(press)
        await botapi.wait_for(lambda: chat_subscriptions(engine, GROUP) == [])
        await botapi.wait_idle()
    asked = {r.params["user_id"] for r in botapi.calls("getChatMember")}
    assert asked == {ADMIN, MEMBER}
    assert len(botapi.calls("getChatMember")) == 2  # each answer kept, not asked again
    assert botapi.client_errors() == []


async def test_a_digest_time_changed_from_a_button_brings_one_digest_at_the_new_time(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=7, minute=0, second=0)
    start = start.replace(microsecond=0)
    clock = Clock(start)
    sample_store(fact_factory)
    fact_factory.document("more", *many_facts("Broadband", 12), ingested_at=start)
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False) as app:
        app.bot_data.clock = clock
        digests = DigestScheduler(
            engine=engine,
            sender=DigestSender(engine=engine, bot=app.bot, clock=clock),
            grace=GRACE,
            clock=clock,
        )

        async def tick() -> None:
            digests.plan()
            await digests.sender.drain()

        botapi.send_text("/subscribe", chat_id=USER)
        (subscribed,) = await botapi.wait_for_messages(USER)
        assert subscribed.text.startswith("Subscribed: daily at 08:00 (UTC).")

        clock.now = start.replace(hour=8, minute=1)
        await tick()
        first = (await botapi.wait_for_messages(USER, 2))[-1]
        assert first.text.startswith("Daily digest")
        labels = [text for text, _ in first.buttons()]
        assert labels[-4:] == ["⏸ Pause", "⏰ Change time", "🏷 Change topic", "✖ Stop"]

        botapi.press(first, "⏰ Change time")
        picker = (await botapi.wait_for_messages(USER, 3))[-1]
        assert picker.text.startswith("daily at 08:00 (UTC)\nChoose a new time:")
        press = botapi.press(picker, "09:00")
        await botapi.wait_for_callback_answer(press)
        await botapi.wait_for(lambda: "Now: daily at 09:00 (UTC)." in picker.text)
        (changed,) = chat_subscriptions(engine, USER)
        assert changed.local_time == "09:00"

        # Planner and sender runs every 15 minutes, until 08:30 the next day.
        while clock() < start + timedelta(days=1, hours=1, minutes=30):
            clock.advance(minutes=15)
            await tick()
        await botapi.wait_idle()
    eight, nine = start.replace(hour=8), start.replace(hour=9)
    assert sent_slots(engine, USER) == [eight, nine]  # the old time never again
    with new_session(engine) as session:
        slots = [row.slot.replace(tzinfo=UTC) for row in session.exec(select(Delivery)).all()]
    assert eight + timedelta(days=1) not in slots
    digests_sent = [m for m in botapi.sent_to(USER) if m.text.startswith("Daily digest")]
    assert len(digests_sent) == 2
    assert botapi.client_errors() == []


async def test_a_channel_subscribes_by_a_post_and_gets_its_digest_with_a_chart(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    channel, editor, reader = -1005556667, 73, 74
    start = (datetime.now(UTC) + timedelta(days=3)).replace(hour=7, minute=0, second=0)
    clock = Clock(start.replace(microsecond=0))
    revenue_history(fact_factory)
    botapi.set_admins(channel, editor)
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False) as app:
        app.bot_data.clock = clock
        sender = DigestSender(
            engine=engine, bot=app.bot, clock=clock, briefing=app.bot_data.briefing
        )
        digests = DigestScheduler(engine=engine, sender=sender, grace=GRACE, clock=clock)

        botapi.post_in_channel("/subscribe 08:30 青岛", chat_id=channel, signature="Editor")
        (refused,) = await botapi.wait_for_messages(channel)
        assert refused.text.startswith("我没有名为 '青岛' 的主题或地区。")  # not in this store
        botapi.post_in_channel("/subscribe 08:30 software", chat_id=channel)
        _, subscribed = await botapi.wait_for_messages(channel, 2)
        assert subscribed.text.startswith("Subscribed: daily at 08:30 (UTC) · software.")

        clock.now = clock().replace(hour=8, minute=31)
        digests.plan()
        await sender.drain()
        *_, digest, chart = await botapi.wait_for_messages(channel, 4)
        assert digest.text.startswith("Daily digest") and "Harbourtown" in digest.text
        assert chart.photo is not None and chart.text.startswith("Harbourtown, software revenue")

        press = botapi.press(digest, "⏸ Pause", user_id=reader)
        answer = await botapi.wait_for_callback_answer(press)
        assert answer["show_alert"] is True and answer["text"].startswith("Only this channel's")
        assert chat_subscriptions(engine, channel)[0].active
        press = botapi.press(digest, "⏸ Pause", user_id=editor)
        assert (await botapi.wait_for_callback_answer(press))["text"] == "Paused."
        assert not chat_subscriptions(engine, channel)[0].active
        await botapi.wait_idle()
    assert len(botapi.sent_to(channel)) == 4
    assert sent_slots(engine, channel) == [clock().replace(hour=8, minute=30)]
    assert botapi.client_errors() == []
