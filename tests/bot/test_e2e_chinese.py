"""End to end in Chinese: a user whose Telegram is in Simplified Chinese (`zh-hans`) uses the bot.

The real bot long-polls the Bot API test server, as in `test_e2e.py`; the digest goes through
the real sender (`DigestSender` on the bot's own `ExtBot`) with an injected clock, as the digest
tests send theirs. Every assertion is about what the server received.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.app import command_list
from bot.delivery import DigestSender, Outcome
from bot.scheduling import DigestScheduler
from core.language import Language, has_chinese
from db.engine import new_session
from db.models import Subscription
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.clocks import Clock
from tests.factories import FactFactory, sample_store

USER = 501  # a private chat's id is its user's
GRACE = timedelta(minutes=120)


def next_run(engine: Engine, chat_id: int) -> Subscription:
    with new_session(engine) as session:
        return session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).one()


async def test_a_chinese_user_starts_asks_subscribes_reads_a_digest_and_switches_to_english(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    sample_store(FactFactory(engine))
    botapi.set_user_language(USER, "zh-hans")
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False) as app:
        menu = [(c["command"], c["description"]) for c in botapi.commands_by_language["zh"]]
        assert menu == list(command_list(lang=Language.ZH))
        assert ("language", "查看或设置回复语言：/language en|zh") in menu

        async def say(text: str) -> str:
            count = len(botapi.sent_to(USER)) + 1
            botapi.send_text(text, chat_id=USER)
            return (await botapi.wait_for_messages(USER, count))[-1].text

        start = await say("/start")
        assert start.startswith("User501，您好！我用有出处的数据回答有关数字城市发展的问题。")
        assert "/help — 其他功能" in start

        help_ = await say("/help")
        assert help_.startswith("如何提问\n用平常的话写下问题")
        assert "/subscribe — 每日或每周简报" in help_ and "/language — 查看或设置回复语言" in help_

        refusal = await say("Who won the football world cup?")
        assert refusal.startswith("这个我不知道") and "我可以回答有关青岛、深圳" in refusal
        botapi.send_text("世界杯冠军是谁？", chat_id=USER)
        chinese_refusal = (await botapi.wait_for_messages(USER, 4))[-1]
        assert has_chinese(chinese_refusal.text) and "亿元" not in chinese_refusal.text
        assert chinese_refusal.buttons() == []  # no figure claimed, no "did you mean"

        subscribed = await say("/subscribe")
        assert subscribed.startswith("已订阅：每天08:00（Asia/Shanghai）。\n第一期简报：")
        listing = botapi.sent_to(USER)
        await say("/subscriptions")
        assert [text for text, _ in botapi.sent_to(USER)[len(listing)].buttons()] == [
            "⏰ 时间 1",
            "📅 日期 1",
            "🏷 主题 1",
            "⏸ 暂停 1",
            "✖ 删除 1",
        ]

        slot = next_run(engine, USER).next_run.replace(tzinfo=UTC)
        clock = Clock(slot + timedelta(minutes=1))
        digests = DigestScheduler(
            engine=engine,
            sender=DigestSender(engine=engine, bot=app.bot, clock=clock),
            grace=GRACE,
            clock=clock,
        )
        digests.plan()
        report = await digests.sender.drain()
        assert report[Outcome.SENT] == 1
        digest = botapi.sent_to(USER)[-1].text
        assert digest.startswith("每日简报 · ") and "星期" in digest.splitlines()[0]
        assert "\n• 青岛 · Revenue of software & IT services" in digest
        assert "2021年上半年：452亿元，同比增长25.3% — City News，2021年8月25日\n" in digest
        assert "深圳 · 5G base stations · 2020年：4.6万个" in digest

        switched = await say("/language en")
        assert switched == "This chat's replies are now in English."
        again = await say("/help")
        assert again.startswith("How to ask") and "/language — Show or set" in again

        await botapi.wait_idle()
    assert botapi.client_errors() == []


async def test_a_chinese_question_is_answered_in_chinese(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    sample_store(FactFactory(engine))
    botapi.set_user_language(USER, "zh-hans")
    async with polling_bot(botapi, engine, tmp_path / "test.db", rate_limit=False):
        botapi.send_text("青岛软件和信息技术服务业营业收入是多少？", chat_id=USER)
        (answer,) = await botapi.wait_for_messages(USER)
        await botapi.wait_idle()
    assert has_chinese(answer.text.split("“", 1)[0])  # the reply is worded in Chinese
    assert botapi.client_errors() == []
    headline = answer.text.splitlines()[0]
    assert headline.startswith("青岛 · ") and headline.endswith(
        " · 2021年上半年：452亿元，同比增长25.3%"
    )
