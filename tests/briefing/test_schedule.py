from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from briefing.schedule import (
    DAILY,
    WEEKLY,
    UsageError,
    UsageProblem,
    from_db,
    match_topic,
    next_slot,
    parse_local_time,
    parse_subscribe_args,
    parse_timezone,
    to_db,
)

TOPICS = {"broadband", "smart city", "Shanghai", "Qingdao"}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def slots(n: int, *, after: datetime, **schedule) -> list[datetime]:
    found = []
    for _ in range(n):
        after = next_slot(after=after, **schedule)
        found.append(after)
    return found


@pytest.mark.parametrize(
    ("zone", "expected_utc_hour"),
    [("Asia/Shanghai", 0), ("Europe/London", 8), ("America/New_York", 13), ("UTC", 8)],
)
def test_daily_slot_is_local_time_in_the_zone(zone: str, expected_utc_hour: int) -> None:
    slot = next_slot(
        cadence=DAILY, weekday=None, local_time=time(8), timezone=zone, after=utc(2026, 1, 10)
    )
    assert slot.astimezone(ZoneInfo(zone)).time() == time(8)
    assert slot.hour == expected_utc_hour


def test_next_slot_is_strictly_after_now() -> None:
    at_slot = utc(2026, 1, 10, 8, 0)
    slot = next_slot(
        cadence=DAILY, weekday=None, local_time=time(8), timezone="UTC", after=at_slot
    )
    assert slot == utc(2026, 1, 11, 8, 0)


def test_weekly_slot_lands_on_the_weekday_in_the_local_zone() -> None:
    # Friday 09:00 in Shanghai is Friday 01:00 UTC; asked on a Friday at 02:00 UTC -> next week.
    slot = next_slot(
        cadence=WEEKLY,
        weekday=4,
        local_time=time(9),
        timezone="Asia/Shanghai",
        after=utc(2026, 1, 9, 2, 0),
    )
    assert slot == utc(2026, 1, 16, 1, 0)
    assert slot.astimezone(ZoneInfo("Asia/Shanghai")).weekday() == 4


def test_daily_local_time_holds_across_spring_forward_in_london() -> None:
    found = slots(
        3,
        after=utc(2026, 3, 28, 12),
        cadence=DAILY,
        weekday=None,
        local_time=time(8),
        timezone="Europe/London",
    )
    local = [s.astimezone(ZoneInfo("Europe/London")) for s in found]
    assert [d.time() for d in local] == [time(8)] * 3
    assert [d.day for d in local] == [29, 30, 31]  # one per day, none lost on the change
    assert [s.hour for s in found] == [7, 7, 7]  # BST: 08:00 local is 07:00 UTC
    assert slots(
        1,
        after=utc(2026, 3, 27, 12),
        cadence=DAILY,
        weekday=None,
        local_time=time(8),
        timezone="Europe/London",
    )[0] == utc(2026, 3, 28, 8)


def test_nonexistent_time_in_spring_forward_gap_runs_shifted_by_the_gap() -> None:
    # New York, 8 March 2026: 02:00 jumps to 03:00, so 02:30 does not exist -> 03:30 EDT.
    found = slots(
        3,
        after=utc(2026, 3, 7, 12),
        cadence=DAILY,
        weekday=None,
        local_time=time(2, 30),
        timezone="America/New_York",
    )
    local = [s.astimezone(ZoneInfo("America/New_York")) for s in found]
    assert [(d.day, d.hour, d.minute) for d in local] == [(8, 3, 30), (9, 2, 30), (10, 2, 30)]
    assert found[0] == utc(2026, 3, 8, 7, 30)


def test_ambiguous_time_on_fall_back_runs_once_at_the_first_occurrence() -> None:
    # New York, 1 November 2026: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 (EST).
    found = slots(
        3,
        after=utc(2026, 10, 31, 12),
        cadence=DAILY,
        weekday=None,
        local_time=time(1, 30),
        timezone="America/New_York",
    )
    assert found == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30), utc(2026, 11, 3, 6, 30)]


def test_weekly_slot_across_dst_change_keeps_local_time() -> None:
    found = slots(
        3,
        after=utc(2026, 10, 20),
        cadence=WEEKLY,
        weekday=0,
        local_time=time(7, 15),
        timezone="America/New_York",
    )
    local = [s.astimezone(ZoneInfo("America/New_York")) for s in found]
    assert all(d.weekday() == 0 and d.time() == time(7, 15) for d in local)
    assert [s.hour for s in found] == [11, 12, 12]  # EDT, then EST after 1 November
    assert (found[1] - found[0]).total_seconds() == 7 * 24 * 3600 + 3600


def test_db_round_trip_keeps_the_instant() -> None:
    instant = datetime(2026, 5, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    stored = to_db(instant)
    assert stored.tzinfo is UTC and stored.hour == 2
    assert from_db(stored) == instant
    assert from_db(stored.replace(tzinfo=None)) == instant


def test_subscribe_defaults_to_daily_at_eight() -> None:
    request = parse_subscribe_args([], known_topics=TOPICS)
    assert (request.cadence, request.local_time, request.weekday, request.topic) == (
        DAILY,
        time(8),
        None,
        None,
    )


def test_subscribe_reads_cadence_time_weekday_and_topic_in_any_order() -> None:
    request = parse_subscribe_args(
        ["18:30", "Friday", "weekly", "smart", "city"], known_topics=TOPICS
    )
    assert request == parse_subscribe_args(
        ["weekly", "18:30", "fri", "Smart", "City"], known_topics=TOPICS
    )
    assert (request.cadence, request.local_time, request.weekday, request.topic) == (
        WEEKLY,
        time(18, 30),
        4,
        "smart city",
    )


def test_weekday_implies_weekly_and_weekly_defaults_to_monday() -> None:
    assert parse_subscribe_args(["tuesday"], known_topics=TOPICS).cadence == WEEKLY
    assert parse_subscribe_args(["weekly"], known_topics=TOPICS).weekday == 0


def test_region_filter_is_matched_case_insensitively() -> None:
    assert parse_subscribe_args(["shanghai"], known_topics=TOPICS).topic == "Shanghai"


@pytest.mark.parametrize(
    ("words", "topic"),
    [
        (["青岛"], "Qingdao"),
        (["青岛市"], "Qingdao"),
        (["smart-city"], "smart city"),
        (["smart_city"], "smart city"),
        (["智慧城市"], "smart city"),
        (["宽带"], "broadband"),
    ],
)
def test_a_topic_or_region_is_named_as_listings_and_exports_name_it(
    words: list[str], topic: str
) -> None:
    assert parse_subscribe_args(words, known_topics=TOPICS).topic == topic
    assert match_topic(" ".join(words), TOPICS) == topic


def test_cadence_and_weekday_in_chinese() -> None:
    weekly = parse_subscribe_args(["每周", "星期五", "18:30", "青岛"], known_topics=TOPICS)
    assert weekly == parse_subscribe_args(
        ["weekly", "friday", "18:30", "Qingdao"], known_topics=TOPICS
    )
    assert parse_subscribe_args(["周日"], known_topics=TOPICS).weekday == 6
    assert parse_subscribe_args(["每天", "7:00"], known_topics=TOPICS).cadence == DAILY
    with pytest.raises(UsageError) as raised:
        parse_subscribe_args(["每天", "每周"], known_topics=TOPICS)
    assert raised.value.problem is UsageProblem.BOTH_CADENCES


@pytest.mark.parametrize(
    ("args", "problem", "value"),
    [
        (["25:00"], UsageProblem.TIME_OUT_OF_RANGE, "25:00"),
        (["8:75"], UsageProblem.TIME_OUT_OF_RANGE, "8:75"),
        (["8"], UsageProblem.NOT_A_TIME, "8"),
        (["daily", "monday"], UsageProblem.DAILY_WITH_WEEKDAY, ""),
        (["monday", "friday"], UsageProblem.TWO_WEEKDAYS, "friday"),
        (["astrology"], UsageProblem.UNKNOWN_TOPIC, "astrology"),
        (["daily", "weekly"], UsageProblem.BOTH_CADENCES, "weekly"),
    ],
)
def test_invalid_subscribe_arguments_raise_a_usage_error(
    args: list[str], problem: UsageProblem, value: str
) -> None:
    with pytest.raises(UsageError) as raised:
        parse_subscribe_args(args, known_topics=TOPICS)
    assert (raised.value.command, raised.value.problem, raised.value.value) == (
        "subscribe",
        problem,
        value,
    )


def test_an_unknown_topic_carries_the_known_ones_places_first() -> None:
    with pytest.raises(UsageError) as raised:
        parse_subscribe_args(["astrology"], known_topics=TOPICS)
    assert raised.value.known == ("Qingdao", "Shanghai", "broadband", "smart city")


def test_time_formats() -> None:
    assert parse_local_time("7.30") == time(7, 30)
    assert parse_local_time("7pm") == time(19)
    assert parse_local_time("12am") == time(0)


def test_timezone_is_canonicalised_and_unknown_zones_refused() -> None:
    assert parse_timezone("asia/shanghai") == "Asia/Shanghai"
    assert parse_timezone("America/New York") == "America/New_York"
    assert parse_timezone("utc") == "UTC"
    with pytest.raises(UsageError) as raised:
        parse_timezone("Mars/Olympus_Mons")
    assert (raised.value.command, raised.value.problem) == ("timezone", UsageProblem.UNKNOWN_ZONE)
