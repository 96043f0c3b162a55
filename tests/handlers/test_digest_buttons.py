"""The buttons every digest carries, and who may press them; group administrators, cached."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.engine import new_session
from db.models import SentFact, Subscription
from handlers.permissions import ChatAdmins
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer, SentMessage
from tests.clocks import Clock
from tests.factories import FactFactory, many_facts
from tests.handlers.conftest import Feed, send_due_digests

START = datetime(2031, 3, 5, 7, 0, tzinfo=UTC)
GROUP, ADMIN, MEMBER = -100777, 81, 82
REFUSED = "Only this group's administrators can change its digests, time zone or language."


def chat_subscriptions(engine: Engine, chat_id: int) -> list[Subscription]:
    with new_session(engine) as session:
        return list(
            session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        )


async def send_digest(
    app: AnyApplication, engine: Engine, botapi: BotApiServer, clock: Clock, chat_id: int
) -> SentMessage:
    clock.now = START.replace(hour=8, minute=1)
    await send_due_digests(app, engine, clock)
    return botapi.sent_to(chat_id)[-1]


async def test_a_digest_carries_more_pause_time_topic_and_stop(
    botapi: BotApiServer,
    feed: Feed,
    app: AnyApplication,
    engine: Engine,
    fact_factory: FactFactory,
) -> None:
    fact_factory.document("more", *many_facts("Broadband", 15), ingested_at=START)
    clock = Clock(START)
    app.bot_data.clock = clock
    await feed(botapi.send_text("/subscribe", chat_id=401))
    digest = await send_digest(app, engine, botapi, clock, 401)
    labels = [text for text, _ in digest.buttons()]
    assert labels[0].startswith("… and ") and labels[0].endswith(" more")
    assert labels[1:] == ["⏸ Pause", "⏰ Change time", "🏷 Change topic", "✖ Stop"]
    waiting = int(labels[0].split()[2])

    await feed(botapi.press(digest, labels[0]))
    more = botapi.sent_to(401)[-1]
    assert more.text.startswith("Daily digest")
    shown = sum(line.startswith("• ") for line in more.text.splitlines())
    assert shown == min(waiting, 10)
    still = [text for text, _ in more.buttons() if text.startswith("… and ")]
    assert still == ([f"… and {waiting - shown} more"] if waiting > shown else [])
    with new_session(engine) as session:
        assert len(session.exec(select(SentFact)).all()) >= 10 + shown  # not sent again

    await feed(botapi.press(digest, "🏷 Change topic"))
    topics = botapi.sent_to(401)[-1]
    assert topics.text.endswith("Choose a topic or region:")
    await feed(botapi.press(topics, "Qingdao"))
    assert [s.topic for s in chat_subscriptions(engine, 401)] == ["Qingdao"]

    await feed(botapi.press(digest, "⏸ Pause"))
    assert [s.active for s in chat_subscriptions(engine, 401)] == [False]

    await feed(botapi.press(digest, "✖ Stop"))
    confirm = botapi.sent_to(401)[-1]
    assert confirm.text.startswith("Stop this digest for good?")
    await feed(botapi.press(confirm, "✖ Yes, stop it"))
    assert chat_subscriptions(engine, 401) == []
    assert botapi.client_errors() == []


async def test_a_group_members_digest_button_is_refused(
    botapi: BotApiServer,
    feed: Feed,
    app: AnyApplication,
    engine: Engine,
) -> None:
    clock = Clock(START)
    app.bot_data.clock = clock
    botapi.set_admins(GROUP, ADMIN)
    await feed(botapi.send_text("/subscribe", chat_id=GROUP, user_id=ADMIN))
    digest = await send_digest(app, engine, botapi, clock, GROUP)
    press = botapi.press(digest, "⏸ Pause", user_id=MEMBER)
    await feed(press)
    answer = botapi.callback_answers[press["callback_query"]["id"]]
    assert (answer["text"], answer["show_alert"]) == (REFUSED, True)
    assert [s.active for s in chat_subscriptions(engine, GROUP)] == [True]
    await feed(botapi.press(digest, "⏸ Pause", user_id=ADMIN))
    assert [s.active for s in chat_subscriptions(engine, GROUP)] == [False]


async def test_an_administrators_rights_are_asked_again_after_a_minute(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, engine: Engine
) -> None:
    seconds = [0.0]
    app.bot_data.chat_admins = ChatAdmins(clock=lambda: seconds[0])
    botapi.set_admins(GROUP, ADMIN)
    await feed(botapi.send_text("/subscribe", chat_id=GROUP, user_id=MEMBER))
    botapi.set_admins(GROUP, ADMIN, MEMBER)  # promoted
    seconds[0] = 59.0
    await feed(botapi.send_text("/subscribe", chat_id=GROUP, user_id=MEMBER))
    assert chat_subscriptions(engine, GROUP) == []  # the answer of a minute ago still holds
    seconds[0] = 61.0
    await feed(botapi.send_text("/subscribe", chat_id=GROUP, user_id=MEMBER))
    assert len(chat_subscriptions(engine, GROUP)) == 1
    replies = [m.text for m in botapi.sent_to(GROUP)]
    assert replies[:2] == [REFUSED, REFUSED] and replies[2].startswith("Subscribed:")
    assert len(botapi.calls("getChatMember")) == 2


async def test_configured_admins_may_change_a_groups_digests(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, engine: Engine
) -> None:
    app.bot_data.settings = app.bot_data.settings.model_copy(
        update={"admin_chat_ids": frozenset({MEMBER})}
    )
    await feed(botapi.send_text("/subscribe", chat_id=GROUP, user_id=MEMBER))
    assert len(chat_subscriptions(engine, GROUP)) == 1
    assert botapi.calls("getChatMember") == []
