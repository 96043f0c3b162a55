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
from tests.factories import FactFactory, billion_yuan
from tests.handlers.conftest import Feed, Say


def subscriptions(engine: Engine, chat_id: int) -> list[Subscription]:
    with new_session(engine) as session:
        return list(
            session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        )


async def test_subscribe_defaults_to_daily_at_eight_in_the_chat_zone(
    engine: Engine, say: Say
) -> None:
    (reply,) = await say(301, "/subscribe")
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
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    await say(302, "/timezone asia/shanghai", "/subscribe weekly 18:30 friday software")
    assert "Time zone set to Asia/Shanghai" in botapi.sent_to(302)[0].text
    assert "weekly on Friday at 18:30 (Asia/Shanghai) · software" in botapi.sent_to(302)[1].text
    (sub,) = subscriptions(engine, 302)
    local = sub.next_run.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    assert (local.weekday(), local.time(), sub.topic) == (4, time(18, 30), "software")


async def test_invalid_time_weekday_zone_or_topic_get_a_usage_line(
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    await say(
        303,
        "/subscribe 25:00",
        "/subscribe daily sunday",
        "/subscribe astrology",
        "/timezone Mars/Olympus",
    )
    replies = [m.text for m in botapi.sent_to(303)]
    assert all("Usage: /subscribe" in r for r in replies[:3])
    assert "'astrology'" in replies[2]
    assert "Usage: /timezone [city|country|Area/City|UTC offset]" in replies[3]
    assert subscriptions(engine, 303) == []
    assert botapi.client_errors() == []


async def test_timezone_change_moves_existing_subscriptions(
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    await say(304, "/subscribe 07:00", "/timezone America/New_York")
    (sub,) = subscriptions(engine, 304)
    local = sub.next_run.replace(tzinfo=UTC).astimezone(ZoneInfo("America/New_York"))
    assert (sub.timezone, local.time()) == ("America/New_York", time(7))
    assert "1 subscription(s) now follow it" in botapi.sent_to(304)[1].text


async def test_subscriptions_buttons_pause_resume_and_remove_with_confirmation(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    _, listing = await say(305, "/subscribe", "/subscriptions")
    (sub,) = subscriptions(engine, 305)
    assert listing.text.startswith("Your digests")
    assert listing.buttons() == [
        ("⏰ Time 1", f"sub:t:{sub.id}"),
        ("📅 Day 1", f"sub:w:{sub.id}"),
        ("🏷 Topic 1", f"sub:o:{sub.id}"),
        ("⏸ Pause 1", f"sub:p:{sub.id}"),
        ("✖ Remove 1", f"sub:x:{sub.id}"),
    ]
    assert all(len((data or "").encode()) <= 64 for _, data in listing.buttons())
    await feed(botapi.press(listing, f"sub:p:{sub.id}"))
    assert [s.active for s in subscriptions(engine, 305)] == [False]
    assert "(paused)" in listing.text and listing.edits == 1
    assert listing.buttons()[3] == ("▶ Resume 1", f"sub:r:{sub.id}")
    await feed(botapi.press(listing, f"sub:r:{sub.id}"))
    assert [s.active for s in subscriptions(engine, 305)] == [True]
    await feed(botapi.press(listing, f"sub:x:{sub.id}"))
    assert len(subscriptions(engine, 305)) == 1  # asked first
    assert listing.text.startswith("Stop this digest for good?")
    await feed(botapi.press(listing, "‹ Back"))
    assert listing.text.startswith("Your digests")
    await feed(botapi.press(listing, f"sub:x:{sub.id}"))
    await feed(botapi.press(listing, "✖ Yes, stop it"))
    assert subscriptions(engine, 305) == []
    assert "You have no subscriptions" in listing.text
    stale = botapi.press_data(305, listing.message_id, f"sub:p:{sub.id}")  # an old button
    await feed(stale)
    answer = botapi.callback_answers[stale["callback_query"]["id"]]
    assert answer.get("text") == "That subscription no longer exists."
    assert len(botapi.sent_to(305)) == 2  # every change edited the list in place
    assert botapi.client_errors() == []


async def test_time_day_and_topic_buttons_change_the_subscription_in_place(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    _, listing = await say(310, "/subscribe", "/subscriptions")
    (before,) = subscriptions(engine, 310)
    await feed(botapi.press(listing, "⏰ Time 1"))
    assert listing.text.startswith("daily at 08:00 (UTC)\nChoose a new time:")
    await feed(botapi.press(listing, "09:00"))
    (after,) = subscriptions(engine, 310)
    assert (after.id, after.local_time) == (before.id, "09:00")
    assert after.next_run.replace(tzinfo=UTC).time() == time(9)
    assert "Now: daily at 09:00 (UTC)." in listing.text
    await feed(botapi.press(listing, "📅 Day 1"))
    await feed(botapi.press(listing, "Fri"))
    await feed(botapi.press(listing, "🏷 Topic 1"))
    await feed(botapi.press(listing, "Qingdao"))
    (changed,) = subscriptions(engine, 310)
    assert (changed.id, changed.cadence, changed.weekday, changed.topic) == (
        before.id,
        "weekly",
        4,
        "Qingdao",
    )
    assert "weekly on Friday at 09:00 (UTC) · Qingdao" in listing.text
    assert len(botapi.sent_to(310)) == 2 and botapi.client_errors() == []


async def test_forged_subscription_buttons_are_refused(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    _, listing = await say(311, "/subscribe", "/subscriptions")
    (sub,) = subscriptions(engine, 311)
    for data in (
        f"sub:h:{sub.id}:2561",  # not a time
        f"sub:h:{sub.id}",  # no time
        f"sub:d:{sub.id}:9",  # not a weekday
        f"sub:z:{sub.id}",  # no such action
        f"sub:s:{sub.id}:astrology",  # no such topic
        f"dg:q:{sub.id}",
        "tz:99",
    ):
        await feed(botapi.press_data(311, listing.message_id, data))
    answers = [a.get("text") for a in botapi.callback_answers.values()]
    assert answers.count("That button has expired. Please ask again.") == 6
    assert "That topic is unknown or has its own digest already." in answers
    (unchanged,) = subscriptions(engine, 311)
    assert (unchanged.local_time, unchanged.cadence, unchanged.topic) == ("08:00", "daily", None)


async def test_subscribing_again_changes_the_subscription_and_says_so(
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    await say(312, "/subscribe daily", "/subscribe daily 09:00", "/subscribe daily 09:00")
    (sub,) = subscriptions(engine, 312)
    assert sub.local_time == "09:00"
    replies = [m.text for m in botapi.sent_to(312)]
    assert replies[1].startswith(
        "Changed your digest: daily at 09:00 (UTC) (was daily at 08:00 (UTC))."
    )
    assert replies[2].startswith("You already have this digest")


async def test_buttons_of_another_chat_do_nothing(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.send_text("/subscribe", chat_id=306))
    (sub,) = subscriptions(engine, 306)
    await feed(botapi.send_text("/subscriptions", chat_id=307))
    forged = botapi.press_data(307, botapi.sent_to(307)[0].message_id, f"sub:x:{sub.id}")
    await feed(forged)
    assert len(subscriptions(engine, 306)) == 1


async def test_unsubscribe_a_topic_removes_only_that_one(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    await say(
        308,
        "/subscribe",
        "/subscribe weekly software",
        "/subscribe Qingdao",
        "/unsubscribe software",
    )
    assert botapi.sent_to(308)[3].text.startswith("Stopped: weekly on Monday at 08:00 (UTC)")
    assert sorted(s.topic or "" for s in subscriptions(engine, 308)) == ["", "Qingdao"]
    await feed(botapi.send_text("/unsubscribe astrology", chat_id=308))
    assert botapi.sent_to(308)[4].text.startswith("This chat has no digest on 'astrology'.")
    assert len(subscriptions(engine, 308)) == 2


async def test_a_topic_or_region_is_found_by_any_name_subscribe_takes(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    chat = 314
    for text in ("/subscribe Qingdao", "/subscribe industrial_internet", "/subscribe 电信"):
        await feed(botapi.send_text(text, chat_id=chat))
    topics = sorted(s.topic or "" for s in subscriptions(engine, chat))
    assert topics == ["Qingdao", "industrial internet", "telecommunications"]
    assert botapi.sent_to(chat)[2].text.startswith("已订阅：每天08:00（UTC） · 电信。")

    await feed(botapi.send_text("/unsubscribe 青岛", chat_id=chat))
    assert botapi.sent_to(chat)[3].text == "已停止：每天08:00（UTC） · 青岛。"
    await feed(botapi.send_text("/unsubscribe Industrial-Internet", chat_id=chat))
    assert botapi.sent_to(chat)[4].text.startswith("Stopped: daily at 08:00 (UTC) · industrial")
    assert [s.topic for s in subscriptions(engine, chat)] == ["telecommunications"]

    # Subscribing again by another name changes that subscription; it makes no second one.
    await feed(botapi.send_text("/subscribe 每周 周五 09:00 电信业", chat_id=chat))
    assert botapi.sent_to(chat)[5].text.startswith(
        "已更改简报：每周星期五09:00（UTC） · 电信（原为每天08:00（UTC） · 电信）。"
    )
    (changed,) = subscriptions(engine, chat)
    assert (changed.topic, changed.cadence, changed.weekday) == ("telecommunications", "weekly", 4)
    await feed(botapi.send_text("/unsubscribe telecommunications", chat_id=chat))
    assert subscriptions(engine, chat) == []
    assert botapi.client_errors() == []


async def test_unsubscribe_alone_asks_which(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    _, _, question = await say(
        313, "/subscribe", "/subscribe weekly monday Qingdao", "/unsubscribe"
    )
    assert question.text.startswith("Which digest should I stop?")
    assert len(subscriptions(engine, 313)) == 2
    assert [text for text, _ in question.buttons()] == [
        "✖ Remove 1",
        "✖ Remove 2",
        "✖ All of them",
    ]
    await feed(botapi.press(question, "✖ Remove 2"))
    assert [s.topic for s in subscriptions(engine, 313)] == [None]
    await feed(botapi.send_text("/unsubscribe all", chat_id=313))
    assert "1 subscription(s) removed" in botapi.sent_to(313)[3].text
    assert subscriptions(engine, 313) == []


async def test_time_zones_people_type_are_understood(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    for typed, zone in (
        ("shanghai", "Asia/Shanghai"),
        ("beijing", "Asia/Shanghai"),
        ("UTC+8", "UTC+08:00"),
        ("new york", "America/New_York"),
    ):
        await feed(botapi.send_text(f"/timezone {typed}", chat_id=314))
        assert botapi.sent_to(314)[-1].text == f"Time zone set to {zone}."
    await feed(botapi.send_text("/timezone", chat_id=314))
    shown = botapi.sent_to(314)[-1]
    assert "Your time zone is America/New_York." in shown.text
    await feed(botapi.press(shown, "Shanghai"))
    assert shown.text == "Time zone set to Asia/Shanghai."
    assert ("✓ Shanghai", "tz:0") in shown.buttons()


async def test_a_chat_follows_its_language_zone_until_it_chooses_one(
    engine: Engine, say: Say
) -> None:
    await say(315, "/subscribe 07:30", "/language zh")
    (sub,) = subscriptions(engine, 315)
    assert sub.timezone == "Asia/Shanghai"
    local = sub.next_run.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Shanghai"))
    assert local.time() == time(7, 30)
    await say(315, "/timezone london", "/language en", "/language zh")
    assert subscriptions(engine, 315)[0].timezone == "Europe/London"


async def test_digest_previews_without_marking_anything_sent(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication, say: Say
) -> None:
    _, preview = await say(309, "/subscribe", "/digest")
    assert "Daily digest" in preview.text
    assert "Qingdao" in preview.text
    with new_session(engine) as session:
        assert session.exec(select(SentFact)).all() == []
    await feed(botapi.send_text("/digest", chat_id=309))
    assert botapi.sent_to(309)[2].text == preview.text
    assert all(m.photo is None for m in botapi.sent_to(309))  # no measure with history here


async def test_digest_previews_the_chart_that_follows_a_digest_with_history(
    engine: Engine, app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    fact_factory.document(
        "earlier",
        billion_yuan(
            "operating revenue of software and information technology services",
            region="Qingdao",
            period="2020-H1",
            value=36.1,
        ),
    )
    app.bot_data.briefing.refresh()
    _, preview, chart = await say(315, "/subscribe Qingdao", "/digest")
    assert preview.text.startswith("Daily digest")
    assert chart.photo is not None and chart.photo.startswith(b"\x89PNG\r\n\x1a\n")
    assert chart.text.startswith(
        "Qingdao, operating revenue of software and information technology services\n"
        "1. 2020-H1: 36.1 billion yuan\n2. 2021-H1: 45.2 billion yuan"
    )
