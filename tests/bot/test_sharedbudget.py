"""The token's budget shared across processes (`bot.sharedbudget.SharedBudget`).

Two limiters, each with its own `SharedBudget` on one store, stand for two web replicas: they
answer the same chats at the same time through the Bot API test server, which enforces
Telegram's limits as strict sliding windows. Each keeps its own limits; only the shared window
keeps their sum under the token's (the server counts 429s). Zero 429s holds by construction,
whatever the speed of the machine; nothing here depends on timing.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.ratelimit import PacedRateLimiter, RateLimitArgs
from bot.sharedbudget import TOKEN_LIMITS, SharedBudget, token_window
from core.errors import StoreError
from db.models import SendSlot
from db.sendwindow import Admission, SendWindow
from tests.botapi.server import BotApiServer

CHATS = range(1, 16)

ROUNDS = 2


def replica_bot(botapi: BotApiServer, budget: SharedBudget) -> ExtBot[Any]:
    return ExtBot(
        token=botapi.token,
        base_url=botapi.base_url,
        request=HTTPXRequest(connection_pool_size=32),
        rate_limiter=PacedRateLimiter(shared=budget),
    )


async def test_two_replicas_answering_the_same_chats_get_no_429(
    botapi: BotApiServer, engine: Engine
) -> None:
    botapi.enforce_rate_limits()
    budgets = [SharedBudget(token_window(engine, holder=f"web-{n}")) for n in (1, 2)]
    bots = [replica_bot(botapi, budget) for budget in budgets]
    for bot in bots:
        await bot.initialize()
    try:
        await asyncio.gather(
            *(
                bot.send_message(chat_id=chat, text=f"answer {n} from replica {index}")
                for index, bot in enumerate(bots)
                for n in range(ROUNDS)
                for chat in CHATS
            )
        )
    finally:
        for bot in bots:
            await bot.shutdown()  # the limiter's shutdown records the last finishes
    sent = len(CHATS) * ROUNDS * len(bots)
    assert botapi.rate_counters.refused == 0
    assert botapi.rate_counters.accepted == sent
    assert all(len(botapi.sent_to(chat)) == ROUNDS * len(bots) for chat in CHATS)
    with engine.connect() as connection:
        rows = connection.execute(select(col(SendSlot.holder), col(SendSlot.finished_at))).all()
    assert len(rows) == sent  # every request was admitted in the shared window
    assert {holder for holder, _ in rows} == {"web-1", "web-2"}
    assert all(finished is not None for _, finished in rows)  # and its finish recorded


class Unreachable(SendWindow):
    """A window whose database is down."""

    def admit(self, *, chat: str, group: bool, bulk: bool) -> Admission:
        raise StoreError("the send window: connection refused")


async def test_a_reply_still_goes_out_when_the_database_cannot_be_asked(
    botapi: BotApiServer, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    window = Unreachable(engine, holder="web-1", limits=TOKEN_LIMITS)
    bot = replica_bot(botapi, SharedBudget(window))
    await bot.initialize()
    try:
        await bot.send_message(chat_id=5, text="first")
        await bot.send_message(chat_id=6, text="second")
    finally:
        await bot.shutdown()
    assert [m.text for m in botapi.sent_to(5) + botapi.sent_to(6)] == ["first", "second"]
    warnings = [r for r in caplog.records if "own limits only" in r.getMessage()]
    assert len(warnings) == 1  # once per outage, not once per message


async def test_the_shared_window_is_asked_after_the_slot_and_before_the_request(
    botapi: BotApiServer, engine: Engine
) -> None:
    seen: list[str] = []

    class Recording(SendWindow):
        def admit(self, *, chat: str, group: bool, bulk: bool) -> Admission:
            seen.append(f"admit {chat} group={group} bulk={bulk}")
            return super().admit(chat=chat, group=group, bulk=bulk)

    window = Recording(engine, holder="worker", limits=TOKEN_LIMITS)
    bot = replica_bot(botapi, SharedBudget(window))

    async def on_slot() -> None:
        seen.append("slot")

    await bot.initialize()
    try:
        await bot.send_message(
            chat_id=-100, text="digest", rate_limit_args=RateLimitArgs(bulk=True, on_slot=on_slot)
        )
        seen.append(f"sent {len(botapi.sent_to(-100))}")
    finally:
        await bot.shutdown()
    assert seen == ["slot", "admit -100 group=True bulk=True", "sent 1"]
