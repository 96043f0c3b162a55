"""Replies to the digest commands, and usage errors worded from their data."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

import pytest

from briefing.present.subscriptions import (
    subscribed_html,
    subscriptions_html,
    timezone_html,
    timezone_set_html,
    unsubscribed_html,
    usage_error_html,
)
from briefing.schedule import UsageError, parse_subscribe_args, parse_timezone
from briefing.subscriptions import Subscribed, SubscriptionView
from core.changes import Change

SUBSCRIBE_USAGE = (
    "Usage: /subscribe [daily|weekly] [HH:MM] [weekday] [topic or region]\n"
    "e.g. /subscribe · /subscribe 07:30 · /subscribe weekly friday 18:00 Qingdao"
)
TIMEZONE_USAGE = (
    "Usage: /timezone [city|country|Area/City|UTC offset], "
    "e.g. /timezone Shanghai, /timezone UTC+8 or /timezone Europe/London"
)
TOPICS = {f"topic{n}" for n in range(10)} | {"<b>&"}


def view(
    *, active: bool = True, topic: str | None = "broadband", local_time: str = "18:30"
) -> SubscriptionView:
    return SubscriptionView(
        id=1,
        cadence="weekly",
        weekday=4,
        local_time=local_time,
        timezone="Asia/Shanghai",
        topic=topic,
        active=active,
        next_run=datetime(2026, 1, 16, 10, 30, tzinfo=UTC),
    )


def test_an_unknown_topic_names_the_closest_then_every_region_and_topic() -> None:
    known = {"digital-economy", "events", "finance", "smart-city", "Qingdao", "Shandong"}
    with pytest.raises(UsageError) as raised:
        parse_subscribe_args(["smart", "cities"], known_topics=known)
    assert raised.value.known == (
        "smart-city",
        "Qingdao",
        "Shandong",
        "digital-economy",
        "events",
        "finance",
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["25:00"], "'25:00' is not a valid time: hours run 00-23, minutes 00-59."),
        (["8"], "'8' is not a time of day (HH:MM, 24-hour)."),
        (["daily", "monday"], "A daily digest runs every day; drop the weekday or say weekly."),
        (["monday", "friday"], "Give one weekday; a weekly digest runs once a week."),
        (["daily", "weekly"], "Choose daily or weekly, not both."),
        (["7:00", "8:00"], "Give one time of day."),
        (
            ["astrology"],
            "I have no topic or region called 'astrology'. Known topics and regions include: "
            "<b>&, topic0, topic1, topic2, topic3, topic4, topic5, topic6, topic7, topic8, "
            "topic9.",
        ),
    ],
)
def test_a_subscribe_usage_error_says_what_was_wrong_then_the_usage(
    args: list[str], problem: str
) -> None:
    with pytest.raises(UsageError) as raised:
        parse_subscribe_args(args, known_topics=TOPICS)
    assert usage_error_html(raised.value) == escape(f"{problem}\n{SUBSCRIBE_USAGE}")


def test_a_timezone_usage_error_says_what_was_wrong_then_the_usage() -> None:
    for zone, problem in (
        ("Mars/Olympus", "'Mars/Olympus' is not a time zone I know."),
        ("", "Which time zone?"),
    ):
        with pytest.raises(UsageError) as raised:
            parse_timezone(zone)
        assert usage_error_html(raised.value) == escape(f"{problem}\n{TIMEZONE_USAGE}")


def test_subscription_replies() -> None:
    assert subscribed_html(Subscribed(view(), Change.NEW)) == (
        "Subscribed: weekly on Friday at 18:30 (Asia/Shanghai) · broadband.\n"
        "First digest: Fri 16 Jan at 18:30.\n"
        "Change the time zone with /timezone Area/City; manage with /subscriptions."
    )
    assert subscribed_html(Subscribed(view(), Change.UNCHANGED, view())).startswith(
        "You already have this digest; it is on: weekly on Friday"
    )
    earlier = view(local_time="08:00")
    assert subscribed_html(Subscribed(view(), Change.CHANGED, earlier)).splitlines()[0] == (
        "Changed your digest: weekly on Friday at 18:30 (Asia/Shanghai) · broadband "
        "(was weekly on Friday at 08:00 (Asia/Shanghai) · broadband)."
    )
    assert subscriptions_html([view(), view(active=False, topic=None)]) == (
        "<b>Your digests</b>\n"
        "1. weekly on Friday at 18:30 (Asia/Shanghai) · broadband\n"
        "2. weekly on Friday at 18:30 (Asia/Shanghai) <i>(paused)</i>"
    )
    assert subscriptions_html([view()], group=True).startswith("<b>This chat&#x27;s digests</b>")
    assert subscriptions_html([]).startswith("You have no subscriptions. Start one with")
    assert timezone_html("UTC") == (
        "Your time zone is UTC.\nTap a zone, or type /timezone with a city, country or UTC offset."
    )
    assert timezone_set_html("Etc/GMT-8", moved=0) == "Time zone set to UTC+08:00."
    assert timezone_set_html("UTC", moved=0) == "Time zone set to UTC."
    assert timezone_set_html("UTC", moved=2) == (
        "Time zone set to UTC. 2 subscription(s) now follow it."
    )
    assert unsubscribed_html(0) == "You had no subscriptions."
    assert unsubscribed_html(3) == (
        "Unsubscribed: 3 subscription(s) removed. /subscribe starts a new one."
    )
