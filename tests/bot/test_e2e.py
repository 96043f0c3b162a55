"""End to end: the real bot long-polls the Bot API test server over HTTP, as `citybrief run` does.

The Application is built by `build_application` with its production rate limiter and started
the way `run_polling` starts it; users act only through the server, and every assertion is
about what the server received.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bot.app import command_list
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer
from tests.botapi.telegram_html import parse_html
from tests.factories import FactFactory, sample_store

GROUP = -1001234


async def test_a_user_walks_through_the_bot(
    botapi: BotApiServer, engine: Engine, fact_factory: FactFactory, tmp_path: Path
) -> None:
    sample_store(fact_factory)
    async with polling_bot(botapi, engine, tmp_path / "test.db"):
        assert [c["command"] for c in botapi.commands] == [name for name, _ in command_list()]

        botapi.send_text("/start", chat_id=101)
        (start,) = await botapi.wait_for_messages(101)
        assert start.text.startswith("Hello, User101!") and len(start.buttons()) == 3

        botapi.send_text("/help", chat_id=102)
        (help_,) = await botapi.wait_for_messages(102)
        assert "/topics" in help_.text and f"@{botapi.bot_username}" in help_.text

        botapi.send_text("How many 5G base stations did Shenzhen have in 2020?", chat_id=103)
        (clean,) = await botapi.wait_for_messages(103)
        assert "5G base stations, Shenzhen, 2020: 46,000" in clean.text
        assert "Tech Daily" in clean.text

        botapi.send_text("elektronic equipmnt revenu in Qingdao", chat_id=104)
        (misspelled,) = await botapi.wait_for_messages(104)
        assert "32.99 billion yuan" in misspelled.text

        botapi.send_text("revenue Qingdao", chat_id=105)
        (choices,) = await botapi.wait_for_messages(105)
        assert "Did you mean" in choices.text and 2 <= len(choices.buttons()) <= 3
        label = next(text for text, _ in choices.buttons() if "software" in text)
        press = botapi.press(choices, label)
        _, picked = await botapi.wait_for_messages(105, 2)
        assert "45.2 billion yuan" in picked.text
        assert await botapi.wait_for_callback_answer(press) is not None

        botapi.send_text("Who won the football world cup?", chat_id=106)
        (unknown,) = await botapi.wait_for_messages(106)
        assert "don't know" in unknown.text and not unknown.buttons()

        query = botapi.inline_query("5G base stations Shenzhen", user_id=107)
        cards = (await botapi.wait_for_inline_answer(query))["results"]
        message = cards[0]["input_message_content"]["message_text"]
        assert "46,000" in parse_html(message).text

        botapi.send_text("anyone seen the 5G base stations in Shenzhen?", chat_id=GROUP, user_id=7)
        botapi.send_text(
            f"@{botapi.bot_username} 5G base stations Shenzhen", chat_id=GROUP, user_id=8
        )
        (group_answer,) = await botapi.wait_for_messages(GROUP)
        assert "46,000" in group_answer.text

        botapi.send_sticker(chat_id=108)
        (sticker,) = await botapi.wait_for_messages(108)
        assert sticker.text.startswith("I can only read text")

        botapi.send_text("Qingdao broadband " * 295, chat_id=109)  # 5,015 characters
        (too_long,) = await botapi.wait_for_messages(109)
        assert "too long for a question" in too_long.text

        botapi.send_text("<b>&" * 100, chat_id=110)
        (markup,) = await botapi.wait_for_messages(110)
        assert markup.text

        await botapi.wait_idle()
        assert len(botapi.sent_to(GROUP)) == 1  # the chatter without a mention got nothing
    failures = [(r.method, r.status, r.description) for r in botapi.requests if r.status >= 400]
    assert failures == []
