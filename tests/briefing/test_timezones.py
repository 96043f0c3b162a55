"""Time zones as people type them: IANA names, offsets, cities and countries, in two languages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.schedule import UsageError, parse_timezone
from briefing.timezones import Tier, resolve, utc_offset_label

TYPED = [
    ("Asia/Shanghai", "Asia/Shanghai", Tier.IANA),
    ("asia/SHANGHAI", "Asia/Shanghai", Tier.IANA),
    ("america/new york", "America/New_York", Tier.IANA),
    ("UTC", "UTC", Tier.IANA),
    ("UTC+8", "Etc/GMT-8", Tier.OFFSET),
    ("+08:00", "Etc/GMT-8", Tier.OFFSET),
    ("GMT-5", "Etc/GMT+5", Tier.OFFSET),
    ("UTC+05:30", "Asia/Kolkata", Tier.OFFSET),
    ("shanghai", "Asia/Shanghai", Tier.IANA_CITY),
    ("Hong Kong", "Asia/Hong_Kong", Tier.IANA_CITY),
    ("london", "Europe/London", Tier.IANA_CITY),
    ("New York", "America/New_York", Tier.IANA_CITY),
    ("纽约", "America/New_York", Tier.CLDR_CITY),
    ("上海", "Asia/Shanghai", Tier.CLDR_CITY),
    ("china", "Asia/Shanghai", Tier.COUNTRY),
    ("中国", "Asia/Shanghai", Tier.COUNTRY),
    ("United States", "America/New_York", Tier.COUNTRY),
    ("beijing", "Asia/Shanghai", Tier.GEONAMES_CITY),
    ("Qingdao", "Asia/Shanghai", Tier.GEONAMES_CITY),
    ("北京", "Asia/Shanghai", Tier.GEONAMES_CITY),
    ("san francisco", "America/Los_Angeles", Tier.GEONAMES_CITY),
]


@pytest.mark.parametrize(("typed", "zone", "tier"), TYPED, ids=[t[0] for t in TYPED])
def test_a_typed_zone_resolves_to_its_iana_name(typed: str, zone: str, tier: Tier) -> None:
    assert resolve(typed) == (zone, tier)
    assert parse_timezone(typed) == zone


@pytest.mark.parametrize(
    "typed",
    [
        "localtime",
        "Factory",
        "posixrules",
        "Mars/Olympus",
        "UTC+15",
        pytest.param("london " * 9000, id="63000-characters"),
    ],
)
def test_what_is_not_a_place_or_offset_is_refused(typed: str) -> None:
    assert resolve(typed) is None
    with pytest.raises(UsageError):
        parse_timezone(typed)


def test_an_offset_zone_is_shown_as_its_offset() -> None:
    summer = datetime(2026, 7, 1, tzinfo=UTC)
    assert utc_offset_label("Etc/GMT-8", at=summer) == "UTC+08:00"
    assert utc_offset_label("America/New_York", at=summer) == "UTC-04:00"
    assert utc_offset_label("UTC", at=summer) == "UTC"
