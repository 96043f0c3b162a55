"""Telegram's 64-bit ids round-trip through `/subscribe`, the outbox and the fact cursor.

A supergroup id (-100…) and a newer user id (over 2^31) do not fit a 32-bit integer column:
on PostgreSQL that was "integer out of range" before revision 0002. The real Application
processes the commands; the digest goes out through the real sender. Runs on each leg's store:
SQLite, and PostgreSQL on the PostgreSQL leg (TEST_DATABASE_URL).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.delivery import DigestSender, Outcome
from briefing.subscriptions import list_subscriptions, plan_due
from db import outbox
from db import subscriptions as chats
from db.engine import new_session
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.db.rows import delivery_rows
from tests.handlers.conftest import Feed, app, feed

SUPERGROUP = -1001234567890
USER = 6123456789

__all__ = ["app", "feed"]  # the handler fixtures, run here on both databases


@pytest.mark.parametrize(
    ("chat_id", "chat_type"),
    [(SUPERGROUP, "supergroup"), (USER, "private")],
    ids=["group", "user"],
)
async def test_big_telegram_ids_round_trip_through_subscribe_and_a_digest(
    botapi: BotApiServer,
    app: AnyApplication,
    feed: Feed,
    engine: Engine,
    chat_id: int,
    chat_type: str,
) -> None:
    botapi.set_admins(SUPERGROUP, USER)  # a group's digests are its administrators' to change
    await feed(botapi.send_text("/subscribe", chat_id=chat_id, user_id=USER, chat_type=chat_type))
    await feed(botapi.send_text("/subscriptions", chat_id=chat_id, user_id=USER))
    subscribed, listing = (message.text for message in botapi.sent_to(chat_id))
    assert subscribed.startswith("Subscribed: daily at 08:00 (UTC)")
    assert "1. daily at 08:00 (UTC)" in listing
    (view,) = list_subscriptions(engine=engine, chat_id=chat_id)
    with new_session(engine) as session:
        chat = chats.get_chat(session=session, chat_id=chat_id)
        assert chat is not None and (chat.id, chat.type) == (chat_id, chat_type)

    due = view.next_run + timedelta(minutes=1)
    assert plan_due(engine=engine, now=due, grace=timedelta(hours=2)).planned == 1
    report = await DigestSender(engine=engine, bot=app.bot, clock=lambda: due).drain()
    assert report[Outcome.SENT] == 1
    (delivery,) = delivery_rows(engine, chat_id)
    assert (delivery.status, delivery.message_id) == (
        "sent",
        botapi.sent_to(chat_id)[-1].message_id,
    )
    with new_session(engine) as session:
        assert outbox.sent_fact_times(session=session, chat_id=chat_id)  # the cursor advanced
        chat = chats.get_chat(session=session, chat_id=chat_id)
        assert chat is not None and chat.last_digest_at == due
