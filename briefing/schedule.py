"""Digest schedules: read the subscribe and timezone commands' input, find slots DST-safely.

Everything here is pure: no database, no clock. Instants are timezone-aware UTC datetimes
throughout (SQLModel's datetime columns take and return aware values; `to_db` / `from_db`
normalise).

DST rules, chosen deliberately and the same in every zone:

* A local time that does not exist on a spring-forward day (02:30 when clocks jump from 02:00 to
  03:00) is sent that day, shifted forward by the length of the gap (03:30 local): the digest
  still arrives that day, and as close as possible after the time the subscriber asked for.
* A local time that occurs twice on a fall-back day (01:30 when clocks go from 02:00 back to
  01:00) is sent once, at its first occurrence (the earlier, pre-transition offset). The second
  occurrence is never a slot of its own, so a fall-back night cannot send a digest twice.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from difflib import get_close_matches
from enum import StrEnum
from zoneinfo import ZoneInfo

from briefing.focus import name_in
from briefing.timezones import resolve as resolve_zone
from core.errors import CitybriefError

DAILY = "daily"
WEEKLY = "weekly"
CADENCES = (DAILY, WEEKLY)
DEFAULT_CADENCE = DAILY
DEFAULT_TIME = time(8, 0)
DEFAULT_WEEKDAY = 0  # Monday, for a weekly subscription that names no day

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS: dict[str, int] = {}
for _index, _name in enumerate(WEEKDAY_NAMES):
    _lower = _name.lower()
    for _alias in (_lower, _lower[:3], _lower + "s"):
        _WEEKDAYS[_alias] = _index
_WEEKDAYS.update({"tues": 1, "wed": 2, "thur": 3, "thurs": 3})
for _index, _number in enumerate("一二三四五六日"):
    _WEEKDAYS.update({f"周{_number}": _index, f"星期{_number}": _index})
_WEEKDAYS.update({"周天": 6, "星期天": 6})
_CADENCE_WORDS = {DAILY: DAILY, WEEKLY: WEEKLY, "每天": DAILY, "每日": DAILY, "每周": WEEKLY}
"""Words for a cadence, English and Chinese."""

# The commands whose arguments this module reads, as `UsageError.command` names them.
SUBSCRIBE = "subscribe"
TIMEZONE = "timezone"

_TIME_RE = re.compile(r"^(\d{1,2})[:.h](\d{2})$")
_HOUR_RE = re.compile(r"^(\d{1,2})(am|pm)$")
_LOOKS_LIKE_TIME = re.compile(r"^\d{1,2}([:.h]\d*|am|pm)?$")


class UsageProblem(StrEnum):
    """What was wrong with a command's arguments."""

    NOT_A_TIME = "not a time of day"
    TIME_OUT_OF_RANGE = "hour or minute out of range"
    NO_ZONE = "no time zone given"
    UNKNOWN_ZONE = "unknown time zone"
    BOTH_CADENCES = "daily and weekly"
    TWO_TIMES = "two times of day"
    TWO_WEEKDAYS = "two weekdays"
    DAILY_WITH_WEEKDAY = "daily with a weekday"
    UNKNOWN_TOPIC = "unknown topic or region"


class UsageError(CitybriefError):
    """A command's arguments cannot be understood: which command, what was wrong, and the input.

    `known` lists, for an unknown topic, the topics and regions there are (the closest first).
    """

    def __init__(
        self, command: str, problem: UsageProblem, value: str = "", known: tuple[str, ...] = ()
    ) -> None:
        super().__init__(f"{command}: {problem}" + (f": {value!r}" if value else ""))
        self.command = command
        self.problem = problem
        self.value = value
        self.known = known


@dataclass(frozen=True)
class ScheduleRequest:
    """A validated subscribe request."""

    cadence: str
    local_time: time
    weekday: int | None  # 0=Monday; weekly only
    topic: str | None


def describe(*, cadence: str, weekday: int | None, local_time: str, timezone: str) -> str:
    """Say when a schedule fires, e.g. "weekly on Friday at 18:00 (Europe/London)"."""
    when = f"at {local_time} ({timezone})"
    if cadence == WEEKLY and weekday is not None:
        return f"weekly on {WEEKDAY_NAMES[weekday]} {when}"
    return f"daily {when}"


def parse_local_time(text: str) -> time:
    """Read "8:00", "08:00", "7.30", "18h15" or "7am" as a local time of day.

    Raises:
        UsageError: not a time, or an hour/minute out of range.
    """
    raw = text.strip().lower()
    match = _TIME_RE.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
    else:
        ampm = _HOUR_RE.match(raw)
        if not ampm:
            raise UsageError(SUBSCRIBE, UsageProblem.NOT_A_TIME, text)
        hour, minute = int(ampm.group(1)), 0
        if not 1 <= hour <= 12:
            raise UsageError(SUBSCRIBE, UsageProblem.NOT_A_TIME, text)
        hour = hour % 12 + (12 if ampm.group(2) == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise UsageError(SUBSCRIBE, UsageProblem.TIME_OUT_OF_RANGE, text)
    return time(hour, minute)


def parse_weekday(text: str) -> int | None:
    """Monday=0 … Sunday=6 for a weekday name or abbreviation (周五, 星期五 too); None if it is
    not one."""
    return _WEEKDAYS.get(text.strip().lower().rstrip(","))


def parse_timezone(text: str) -> str:
    """The IANA zone `text` names: a zone in any case ("asia/shanghai"), a UTC offset
    ("UTC+8", "+08:00", "GMT-5"), a city or a country ("beijing", "new york", "中国");
    see `briefing.timezones`.

    Raises:
        UsageError: nothing given, or no zone by that name.
    """
    raw = text.strip()
    if not raw:
        raise UsageError(TIMEZONE, UsageProblem.NO_ZONE)
    found = resolve_zone(raw)
    if found is None:
        raise UsageError(TIMEZONE, UsageProblem.UNKNOWN_ZONE, raw)
    return found.zone


def match_topic(text: str, known: Collection[str]) -> str | None:
    """The known topic or region `text` names, as listings and exports read names (any case
    or separator, Chinese place and topic names: `briefing.focus.name_in`), or None."""
    return name_in(text, known)


def suggested_topics(wanted: str, known: Collection[str]) -> tuple[str, ...]:
    """Every known topic and region, the ones closest to `wanted` first, then places (named
    with a capital, as the store names regions), then topics, each alphabetically."""
    by_lower = {name.lower(): name for name in known}
    close = [by_lower[c] for c in get_close_matches(wanted.lower(), by_lower, n=3, cutoff=0.6)]
    rest = sorted((name for name in known if name not in close), key=lambda n: n.lower())
    places = [name for name in rest if name[:1].isupper()]
    return (*close, *places, *(name for name in rest if name not in places))


def parse_subscribe_args(args: Sequence[str], *, known_topics: Collection[str]) -> ScheduleRequest:
    """Read the subscribe command's words (cadence, time, weekday, topic or region) in any order.

    Naming a weekday implies weekly; a weekly subscription without one runs on Monday.
    Words that are not a cadence, a time or a weekday form the topic, which must name a
    topic or region of the briefing (`known_topics`).

    Raises:
        UsageError: an invalid time, weekday, topic or contradictory options.
    """
    cadence: str | None = None
    local_time: time | None = None
    weekday: int | None = None
    topic_words: list[str] = []
    for arg in args:
        word = arg.strip()
        lower = word.lower()
        if not word:
            continue
        if (named := _CADENCE_WORDS.get(lower)) is not None:
            if cadence is not None and cadence != named:
                raise UsageError(SUBSCRIBE, UsageProblem.BOTH_CADENCES, word)
            cadence = named
        elif _LOOKS_LIKE_TIME.match(lower) and not topic_words:
            if local_time is not None:
                raise UsageError(SUBSCRIBE, UsageProblem.TWO_TIMES, word)
            local_time = parse_local_time(word)
        elif (day := parse_weekday(word)) is not None and not topic_words:
            if weekday is not None and weekday != day:
                raise UsageError(SUBSCRIBE, UsageProblem.TWO_WEEKDAYS, word)
            weekday = day
        else:
            topic_words.append(word)
    if weekday is not None and cadence == DAILY:
        raise UsageError(SUBSCRIBE, UsageProblem.DAILY_WITH_WEEKDAY)
    cadence = cadence or (WEEKLY if weekday is not None else DEFAULT_CADENCE)
    if cadence == WEEKLY and weekday is None:
        weekday = DEFAULT_WEEKDAY
    topic: str | None = None
    if topic_words:
        wanted = " ".join(topic_words)
        topic = match_topic(wanted, known_topics)
        if topic is None:
            known = suggested_topics(wanted, known_topics)
            raise UsageError(SUBSCRIBE, UsageProblem.UNKNOWN_TOPIC, wanted, known)
    return ScheduleRequest(
        cadence=cadence,
        local_time=local_time or DEFAULT_TIME,
        weekday=weekday if cadence == WEEKLY else None,
        topic=topic,
    )


def next_slot(
    *,
    cadence: str,
    weekday: int | None,
    local_time: time,
    timezone: str,
    after: datetime,
) -> datetime:
    """The first slot strictly after `after`, as an aware UTC datetime.

    Args:
        cadence: "daily" or "weekly".
        weekday: 0=Monday … 6=Sunday; required for weekly.
        local_time: the wall-clock time in `timezone`.
        timezone: an IANA zone name.
        after: an aware instant (a naive one is read as UTC).

    See the module docstring for the spring-forward and fall-back rules.
    """
    if cadence not in CADENCES:
        raise ValueError(f"unknown cadence {cadence!r}")
    if cadence == WEEKLY and weekday is None:
        raise ValueError("a weekly schedule needs a weekday")
    zone = ZoneInfo(timezone)
    after_utc = after.replace(tzinfo=UTC) if after.tzinfo is None else after.astimezone(UTC)
    start: date = after_utc.astimezone(zone).date()
    # Start a day early: a slot shifted across midnight by a DST gap can belong to "yesterday".
    for offset in range(-1, 9):
        day = start + timedelta(days=offset)
        if cadence == WEEKLY and day.weekday() != weekday:
            continue
        candidate = _local_instant(day, local_time, zone)
        if candidate > after_utc:
            return candidate
    raise AssertionError("unreachable: a slot exists within eight days")  # pragma: no cover


def _local_instant(day: date, local_time: time, zone: ZoneInfo) -> datetime:
    # fold=0 picks the first of two ambiguous instants, and for a nonexistent time uses the
    # offset from before the gap, which lands the gap's length later on the wall clock.
    local = datetime.combine(day, local_time, tzinfo=zone).replace(fold=0)
    return local.astimezone(UTC)


def to_db(instant: datetime) -> datetime:
    """An instant as the database takes it: aware UTC (a naive value is read as UTC)."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=UTC)
    return instant.astimezone(UTC)


def from_db(stored: datetime) -> datetime:
    """A datetime from the database as an aware UTC instant (SQLite may return it naive)."""
    return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


def format_local_time(value: time) -> str:
    """HH:MM."""
    return value.strftime("%H:%M")
