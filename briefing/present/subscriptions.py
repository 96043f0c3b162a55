"""Replies to the digest commands: subscribe, time zone, language, the list, usage errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from briefing.present import messages
from briefing.present.formats import zh_moment, zh_weekday
from briefing.present.i18n import gettext
from briefing.schedule import SUBSCRIBE, TIMEZONE, WEEKDAY_NAMES, WEEKLY, UsageError, UsageProblem
from briefing.subscriptions import SubscriptionView
from core.language import DEFAULT_LANGUAGE, Language

KNOWN_TOPICS_SHOWN = 8
"""How many known topics and regions an "unknown topic" reply suggests."""

_PROBLEMS = {
    UsageProblem.NOT_A_TIME: messages.NOT_A_TIME,
    UsageProblem.TIME_OUT_OF_RANGE: messages.TIME_OUT_OF_RANGE,
    UsageProblem.NO_ZONE: messages.NO_ZONE,
    UsageProblem.UNKNOWN_ZONE: messages.UNKNOWN_ZONE,
    UsageProblem.BOTH_CADENCES: messages.BOTH_CADENCES,
    UsageProblem.TWO_TIMES: messages.TWO_TIMES,
    UsageProblem.TWO_WEEKDAYS: messages.TWO_WEEKDAYS,
    UsageProblem.DAILY_WITH_WEEKDAY: messages.DAILY_WITH_WEEKDAY,
    UsageProblem.UNKNOWN_TOPIC: messages.UNKNOWN_TOPIC,
}
# The usage line follows the problem on its own line (subscribe) or in the same one (timezone).
_USAGE = {SUBSCRIBE: (messages.SUBSCRIBE_USAGE, "\n"), TIMEZONE: (messages.TIMEZONE_USAGE, " ")}


def usage_error_html(error: UsageError, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """What was wrong with a command's arguments, then how to use the command."""
    examples = ", ".join(error.known[:KNOWN_TOPICS_SHOWN])
    hint = gettext(messages.KNOWN_TOPICS_HINT, lang).format(examples=examples) if examples else ""
    problem = gettext(_PROBLEMS[error.problem], lang).format(value=repr(error.value), hint=hint)
    usage, gap = _USAGE[error.command]
    return escape(f"{problem}{gap}{gettext(usage, lang)}")


def schedule_summary(view: SubscriptionView, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """E.g. "daily at 08:00 (Europe/London) · broadband" (每天08:00（Asia/Shanghai）)."""
    values = {"time": view.local_time, "zone": view.timezone}
    if view.cadence == WEEKLY and view.weekday is not None:
        weekday = zh_weekday(view.weekday) if lang is Language.ZH else WEEKDAY_NAMES[view.weekday]
        when = gettext(messages.WEEKLY_SCHEDULE, lang).format(weekday=weekday, **values)
    else:
        when = gettext(messages.DAILY_SCHEDULE, lang).format(**values)
    return when + (f" · {view.topic}" if view.topic else "")


def subscriptions_html(
    views: Sequence[SubscriptionView], *, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """The chat's subscriptions, numbered as their buttons are, paused ones marked."""
    if not views:
        return escape(gettext(messages.NO_SUBSCRIPTIONS, lang))
    lines = [f"<b>{escape(gettext(messages.YOUR_DIGESTS, lang))}</b>"]
    paused = gettext(messages.PAUSED_MARK_HTML, lang)
    for number, view in enumerate(views, 1):
        state = "" if view.active else paused
        lines.append(f"{number}. {escape(schedule_summary(view, lang=lang))}{state}")
    return "\n".join(lines)


def subscribed_html(
    view: SubscriptionView, *, created: bool, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """The reply to a successful subscribe: what, when the first digest comes, what next."""
    done = messages.SUBSCRIBED if created else messages.ALREADY_SUBSCRIBED
    when = _moment(view.next_run.astimezone(ZoneInfo(view.timezone)), lang)
    return "\n".join(
        (
            escape(gettext(done, lang).format(summary=schedule_summary(view, lang=lang))),
            escape(gettext(messages.FIRST_DIGEST, lang).format(when=when)),
            escape(gettext(messages.SUBSCRIBED_FOOTER, lang)),
        )
    )


def timezone_html(zone: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The chat's time zone, and how to change it."""
    zone_line = gettext(messages.YOUR_TIMEZONE, lang).format(zone=zone)
    return f"{escape(zone_line)}\n{escape(gettext(messages.TIMEZONE_USAGE, lang))}"


def timezone_set_html(zone: str, *, moved: int, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The reply to a successful time zone change."""
    text = gettext(messages.TIMEZONE_SET, lang).format(zone=zone)
    if moved:
        text += gettext(messages.SUBSCRIPTIONS_MOVED, lang).format(count=moved)
    return escape(text)


def unsubscribed_html(count: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The reply to unsubscribe: how many subscriptions went."""
    if not count:
        return escape(gettext(messages.NOTHING_TO_UNSUBSCRIBE, lang))
    return escape(gettext(messages.UNSUBSCRIBED, lang).format(count=count))


def _moment(when: datetime, lang: Language) -> str:
    """When the first digest comes: "Fri 16 Jan at 18:30", "1月16日（周五）18:30"."""
    if lang is Language.ZH:
        return zh_moment(when)
    return f"{when:%a} {when.day} {when:%b} at {when:%H:%M}"
