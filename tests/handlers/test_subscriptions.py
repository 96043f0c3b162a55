"""Subscription commands and buttons through the real Application, replying over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.engine import new_session
from db.models import SentFact, Subscription
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed


def subscriptions(engine: Engine, chat_id: int) -> list[Subscription]:
    with new_session(engine) as session:
        return list(
            session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        )


async def test_subscribe_defaults_to_daily_at_eight_in_the_chat_zone(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=301))
    (reply,) = botapi.sent_to(301)
    assert "Subscribed: daily at 08:00 (UTC)" in reply.text
    (sub,) = subscriptions(engine, 301)
    assert (sub.cadence, sub.local_time, sub.timezone, sub.active) == (
        "daily",
        "08:00",
        "UTC",
        True,
    )
    assert sub.next_run.replace(tzinfo=UTC).time() == time(8)
    assert sub.next_run.replace(tzinfo=UTC) > datetime.now(UTC)


async def test_subscribe_with_options_and_a_topic(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/timezone asia/shanghai", chat_id=302))
    await feed(botapi.send_text("/subscribe weekly 18:30 friday software", chat_id=302))
    assert "Time zone set to Asia/Shanghai" in botapi.sent_to(302)[0].text
    assert "weekly on Friday at 18:30 (Asia/Shanghai) · software" in botapi.sent_to(302)[1].text
    (sub,) = subscriptions(engine, 302)
    local = sub.next_run.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.weekday(), local.time(), sub.topic) == (4, time(18, 30), "software")


async def test_invalid_time_weekday_zone_or_topic_get_a_usage_line(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    for text in ("/subscribe 25:00", "/subscribe daily sunday", "/subscribe astrology"):
        await feed(botapi.send_text(text, chat_id=303))
    await feed(botapi.send_text("/timezone Mars/Olympus", chat_id=303))
    replies = [m.text for m in botapi.sent_to(303)]
    assert all("Usage: /subscribe" in r for r in replies[:3])
    assert "'astrology'" in replies[2]
    assert "Usage: /timezone city, country, Area/City or UTC offset" in replies[3]
    assert subscriptions(engine, 303) == []
    assert botapi.client_errors() == []


async def test_timezone_change_moves_existing_subscriptions(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe 07:00", chat_id=304))
    await feed(botapi.send_text("/timezone America/New_York", chat_id=304))
    (sub,) = subscriptions(engine, 304)
    local = sub.next_run.replace(tzinfo=UTC).astimezone(ZoneInfo("America/New_York"))
    assert (sub.timezone, local.time()) == ("America/New_York", time(7))
    assert "1 subscription(s) now follow it" in botapi.sent_to(304)[1].text


async def test_subscriptions_buttons_pause_resume_and_remove(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=305))
    await feed(botapi.send_text("/subscriptions", chat_id=305))
    listing = botapi.sent_to(305)[1]
    (sub,) = subscriptions(engine, 305)
    assert listing.buttons() == [
        ("⏸ Pause 1", f"sub:p:{sub.id}"),
        ("✖ Remove 1", f"sub:x:{sub.id}"),
    ]
    assert all(len((data or "").encode()) <= 64 for _, data in listing.buttons())
    await feed(botapi.press(listing, f"sub:p:{sub.id}"))
    assert [s.active for s in subscriptions(engine, 305)] == [False]
    assert "(paused)" in listing.text and listing.edits == 1
    assert listing.buttons()[0] == ("▶ Resume 1", f"sub:r:{sub.id}")
    await feed(botapi.press(listing, f"sub:r:{sub.id}"))
    assert [s.active for s in subscriptions(engine, 305)] == [True]
    await feed(botapi.press(listing, f"sub:x:{sub.id}"))
    assert subscriptions(engine, 305) == []
    assert "You have no subscriptions" in listing.text
    stale = botapi.press_data(305, listing.message_id, f"sub:p:{sub.id}")  # an old button
    await feed(stale)
    answer = botapi.callback_answers[stale["callback_query"]["id"]]
    assert answer.get("text") == "That subscription no longer exists."
    assert botapi.client_errors() == []


async def test_buttons_of_another_chat_do_nothing(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=306))
    (sub,) = subscriptions(engine, 306)
    await feed(botapi.send_text("/subscriptions", chat_id=307))
    forged = botapi.press_data(307, botapi.sent_to(307)[0].message_id, f"sub:x:{sub.id}")
    await feed(forged)
    assert len(subscriptions(engine, 306)) == 1


async def test_unsubscribe_removes_everything(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=308))
    await feed(botapi.send_text("/subscribe weekly monday", chat_id=308))
    await feed(botapi.send_text("/unsubscribe", chat_id=308))
    assert "2 subscription(s) removed" in botapi.sent_to(308)[2].text
    assert subscriptions(engine, 308) == []


async def test_digest_previews_without_marking_anything_sent(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=309))
    await feed(botapi.send_text("/digest", chat_id=309))
    preview = botapi.sent_to(309)[1]
    assert "Daily digest" in preview.text
    assert "Qingdao" in preview.text
    with new_session(engine) as session:
        assert session.exec(select(SentFact)).all() == []
    await feed(botapi.send_text("/digest", chat_id=309))
    assert botapi.sent_to(309)[2].text == preview.text
