"""Hostile chats and a faulty Bot API, end to end against the Bot API test server.

Floods, button mashing, 5xx and dropped connections on replies, a revoked token, a webhook
set by someone else, a group that becomes a supergroup: each case asserts what the user or
the operator is told and that nobody else's answer was lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select
from telegram.ext import ExtBot

from bot.delivery import DigestSender
from bot.fairness import USER_BURST, FairUpdateProcessor, UpdateBudget
from bot.instrumentation import MeasuredUpdateProcessor
from bot.polling import BotFatalError, serve_polling
from bot.ratelimit import RateLimitArgs
from bot.scheduling import DigestScheduler
from briefing.present import messages
from db.engine import new_session
from db.models import Delivery, Subscription
from tests.bot.harness import AnyApplication, bot_application, polling_bot
from tests.bot.test_delivery import make_bot
from tests.bot.test_e2e_process import START_WITHIN, citybrief
from tests.botapi.server import BotApiServer
from tests.chats import add_subscriber
from tests.clocks import Clock
from tests.factories import FactFactory, many_facts, sample_store

QUESTION = "5G base stations Shenzhen"
SLOW_DOWN = messages.SLOW_DOWN.split(",")[0]  # "You are sending messages faster than I can answer"


class Frozen:
    """A monotonic clock that does not move: the budget cannot refill during the test."""

    def __call__(self) -> float:
        return 500.0


def freeze_budget(application: object) -> UpdateBudget:
    processor = application.update_processor  # type: ignore[attr-defined]
    if isinstance(processor, MeasuredUpdateProcessor):
        processor = processor.inner
    assert isinstance(processor, FairUpdateProcessor)
    processor.budget = UpdateBudget(clock=Frozen())
    return processor.budget


@asynccontextmanager
async def frozen_budget_bot(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> AsyncIterator[UpdateBudget]:
    """The sample store's bot polling `botapi` with no rate limiter and a budget that never
    refills; yields that budget."""
    sample_store(fact_factory)
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False) as app:
        budget = freeze_budget(app)
        await botapi.wait_for_polling()
        yield budget


async def test_a_flooder_gets_one_slow_down_and_everyone_else_their_answer(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    async with frozen_budget_bot(botapi, engine, fact_factory, tmp_path) as budget:
        for _ in range(60):
            botapi.send_text("/help", chat_id=666)
        for user in range(700, 705):
            botapi.send_text(QUESTION, chat_id=user)
        for user in range(700, 705):
            (answer,) = await botapi.wait_for_messages(user, within=30)
            assert "46,000" in answer.text
        await botapi.wait_for_messages(666, USER_BURST + 1, within=30)
        await botapi.wait_idle()
    to_flooder = botapi.sent_to(666)
    assert len(to_flooder) == USER_BURST + 1  # its budget, then one polite reply; no more
    assert sum(SLOW_DOWN in m.text for m in to_flooder) == 1
    assert budget.dropped == 60 - USER_BURST
    assert botapi.client_errors() == []


async def test_a_group_member_flooding_mentions_does_not_hold_up_a_private_user(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    async with frozen_budget_bot(botapi, engine, fact_factory, tmp_path):
        for _ in range(40):
            botapi.send_text(f"/help@{botapi.bot_username}", chat_id=-500, user_id=42)
        botapi.send_text(QUESTION, chat_id=43)
        (answer,) = await botapi.wait_for_messages(43, within=30)
        await botapi.wait_idle()
    assert "46,000" in answer.text
    assert len(botapi.sent_to(-500)) == USER_BURST + 1


async def test_button_mashing_is_answered_once_with_slow_down(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    async with frozen_budget_bot(botapi, engine, fact_factory, tmp_path):
        botapi.send_text("/help", chat_id=77)
        (menu,) = await botapi.wait_for_messages(77, within=10)
        assert menu.message_id
        for _ in range(30):
            botapi.press_data(77, menu.message_id, "forged:data")
        await botapi.wait_idle()
    answers = list(botapi.callback_answers.values())
    assert len(answers) == USER_BURST  # the /help took one token: 7 presses and one notice
    assert sum(SLOW_DOWN in (a.get("text") or "") for a in answers) == 1


@pytest.mark.parametrize(
    "fault",
    [
        ("fail", 500, "Internal Server Error", 1),
        ("fail", 502, "Bad Gateway", 3),
        ("drop", 0, "", 2),
    ],
    ids=["one 500", "three 502s", "two dropped connections"],
)
async def test_a_reply_survives_transient_api_faults(
    botapi: BotApiServer,
    engine: Engine,
    fact_factory: FactFactory,
    tmp_path: Path,
    fault: tuple[str, int, str, int],
) -> None:
    sample_store(fact_factory)
    kind, status, description, times = fault
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        await botapi.wait_for_polling()
        if kind == "fail":
            botapi.fail_next("sendMessage", status, description, chat_id=88, times=times)
        else:
            botapi.drop_next("sendMessage", chat_id=88, times=times)
        botapi.send_text(QUESTION, chat_id=88)
        botapi.send_text(QUESTION, chat_id=89)
        (answer,) = await botapi.wait_for_messages(88, within=30)
        (other,) = await botapi.wait_for_messages(89, within=30)
    assert "46,000" in answer.text and "46,000" in other.text
    failed = [r for r in botapi.calls("sendmessage") if r.injected]
    assert len(failed) == times


def start_polling(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> tuple[AnyApplication, asyncio.Event, asyncio.Task[None]]:
    """The bot polling `botapi` in a task, as `citybrief run` serves it: its application, the
    event that stops it, and the task."""
    application = bot_application(botapi, engine, tmp_path / "test.db")
    stop = asyncio.Event()
    return application, stop, asyncio.create_task(serve_polling(application, stop, poll_seconds=1))


async def test_a_revoked_token_ends_polling_with_a_clear_error(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    application, stop, serving = start_polling(botapi, engine, tmp_path)
    await botapi.wait_for_polling()
    botapi.revoke_token()
    with pytest.raises(BotFatalError, match="TELEGRAM_BOT_TOKEN"):
        await asyncio.wait_for(serving, timeout=30)
    assert not application.running


async def test_a_webhook_set_by_another_instance_ends_polling(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    application, stop, serving = start_polling(botapi, engine, tmp_path)
    await botapi.wait_for_polling()
    botapi.webhook_url = (
        "https://other-instance.invalid/hook"  # its setWebhook, as Telegram sees it
    )
    with pytest.raises(BotFatalError, match="webhook"):
        await asyncio.wait_for(serving, timeout=30)


async def test_polling_rides_out_5xx_and_a_rate_limit_on_get_updates(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    botapi.fail_next("getUpdates", 502, "Bad Gateway")
    botapi.fail_next("getUpdates", 429, "Too Many Requests: retry after 1", retry_after=1)
    _, stop, serving = start_polling(botapi, engine, tmp_path)
    botapi.send_text(QUESTION, chat_id=91)
    (answer,) = await botapi.wait_for_messages(91, within=30)
    stop.set()
    await asyncio.wait_for(serving, timeout=30)
    assert "46,000" in answer.text


async def test_citybrief_run_exits_non_zero_when_the_token_is_revoked(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    async with citybrief(botapi, tmp_path, str(engine.url)) as process:
        await botapi.wait_for_polling(within=START_WITHIN)
        botapi.revoke_token()
        botapi.send_text("/start", chat_id=5)  # ends the long poll now
        async with asyncio.timeout(60):
            _, err = await process.communicate()
    assert process.returncode == 2
    last = err.decode().strip().splitlines()[-1]
    assert last.startswith("citybrief: Telegram rejected TELEGRAM_BOT_TOKEN")
    assert botapi.token.split(":")[1] not in err.decode()


def subscriptions_of(engine: Engine, chat_id: int) -> list[Subscription]:
    with new_session(engine) as session:
        statement = select(Subscription).where(Subscription.chat_id == chat_id)
        return list(session.exec(statement))


async def test_a_group_that_becomes_a_supergroup_takes_its_subscriptions_along(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    add_subscriber(engine, chat_id=-300, now=datetime.now(UTC), chat_type="group")
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        await botapi.wait_for_polling()
        botapi.migrate_group(-300, -1_000_000_300)
        await botapi.wait_idle()
        botapi.send_text("/subscriptions", chat_id=-1_000_000_300)
        (listing,) = await botapi.wait_for_messages(-1_000_000_300, within=10)
    assert subscriptions_of(engine, -300) == []
    assert len(subscriptions_of(engine, -1_000_000_300)) == 1
    assert "daily" in listing.text.lower()


async def test_a_reply_to_a_migrated_group_moves_it_and_reaches_the_supergroup(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    add_subscriber(engine, chat_id=-301, now=datetime.now(UTC), chat_type="group")
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        await botapi.wait_for_polling()
        botapi.send_text(f"/help@{botapi.bot_username}", chat_id=-301, chat_type="group")
        botapi.migrate_group(-301, -1_000_000_301, announce=False)  # the bot missed the notice
        (notice,) = await botapi.wait_for_messages(-1_000_000_301, within=30)
    assert notice.text  # told where the group now is
    assert len(subscriptions_of(engine, -1_000_000_301)) == 1


async def test_a_digest_to_a_migrated_group_is_sent_to_the_supergroup(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory
) -> None:
    start = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    fact_factory.document("a", *many_facts("Broadband", 3), ingested_at=start)
    clock = Clock(start)
    add_subscriber(engine, chat_id=-302, now=clock.advance(minutes=1), chat_type="group")
    botapi.migrate_group(-302, -1_000_000_302, announce=False)
    bot: ExtBot[RateLimitArgs] = make_bot(botapi)
    await bot.initialize()
    try:
        clock.now = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
        for _ in range(2):  # the first send moves the chat, the retry reaches it
            sender = DigestSender(engine=engine, bot=bot, clock=clock)
            planner = DigestScheduler(
                engine=engine, sender=sender, grace=timedelta(hours=2), clock=clock
            )
            planner.plan()
            await sender.drain()
    finally:
        await bot.shutdown()
    (digest,) = botapi.sent_to(-1_000_000_302)
    assert "Daily digest" in digest.text
    with new_session(engine) as session:
        (row,) = session.exec(select(Delivery))
    assert row.chat_id == -1_000_000_302 and row.status == "sent"


async def test_a_read_only_store_still_answers_and_says_a_change_was_not_made(
    botapi: BotApiServer,
    engine: Engine,
    fact_factory: FactFactory,
    tmp_path: Path,
    read_only: Callable[[Path], None],
) -> None:
    sample_store(fact_factory)
    read_only(tmp_path / "test.db")
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        await botapi.wait_for_polling()
        botapi.send_text("/subscribe daily 08:00", chat_id=120)
        botapi.send_text(QUESTION, chat_id=121)
        (refused,) = await botapi.wait_for_messages(120, within=30)
        (answer,) = await botapi.wait_for_messages(121, within=30)
    assert "cannot save anything right now" in refused.text
    assert "46,000" in answer.text
    assert subscriptions_of(engine, 120) == []


HOSTILE_MESSAGES = [
    "<b>unclosed & <script>alert(1)</script> 5G base stations",
    "\x1b[2J\x07\x00 5G base stations Shenzhen",
    "\u202egnp.exe Shenzhen \u200b\u200b 5G",
    "A" * 4096,
    "/start " + "x" * 4000,
    "/subscribe daily 25:99",
    "/timezone ../../../etc/passwd",
    "\N{SLIGHTLY SMILING FACE}" * 1000,
    "/ask" + "\n" * 500 + "?",
    "&amp;&lt;&#0;&#x110000; <a href='javascript:x'>x</a>",
]


async def test_hostile_messages_get_valid_replies_and_nobody_else_waits(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False):
        await botapi.wait_for_polling()
        chats = range(2000, 2000 + len(HOSTILE_MESSAGES))
        for chat_id, text in zip(chats, HOSTILE_MESSAGES, strict=True):
            botapi.send_text(text, chat_id=chat_id)
        inline = botapi.inline_query("<i>" * 80 + "\x1b", user_id=2100)
        botapi.send_text(QUESTION, chat_id=2101)
        (answer,) = await botapi.wait_for_messages(2101, within=30)
        for chat_id in chats:
            await botapi.wait_for_messages(chat_id, within=30)
        await botapi.wait_for_inline_answer(inline, within=30)
        await botapi.wait_idle()
    assert "46,000" in answer.text
    assert botapi.client_errors() == []  # every reply was valid Telegram HTML, under 4,096
    for chat_id in chats:
        for message in botapi.sent_to(chat_id):
            assert "\x1b" not in message.text and "Sorry, something went wrong" not in message.text


@pytest.mark.sqlite_only(reason="a SQLite store file deleted or replaced under the process")
async def test_a_store_deleted_under_the_bot_refuses_changes_and_still_answers(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        await botapi.wait_for_polling()
        (tmp_path / "test.db").unlink()
        botapi.send_text("/subscribe daily 08:00", chat_id=130)
        botapi.send_text(QUESTION, chat_id=131)
        (refused,) = await botapi.wait_for_messages(130, within=30)
        (answer,) = await botapi.wait_for_messages(131, within=30)
    assert "cannot save anything right now" in refused.text
    assert "46,000" in answer.text
    assert not (tmp_path / "test.db").exists()  # no empty store was made in its place
