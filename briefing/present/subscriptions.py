"""Replies to the digest commands: subscribe, time zone, the list, unsubscribe, usage errors."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from briefing.present import messages
from briefing.schedule import SUBSCRIBE, TIMEZONE, UsageError, UsageProblem
from briefing.subscriptions import SubscriptionView

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
_PROBLEM_WITH_USAGE = {SUBSCRIBE: messages.SUBSCRIBE_PROBLEM, TIMEZONE: messages.TIMEZONE_PROBLEM}


def usage_error_html(error: UsageError) -> str:
    """What was wrong with a command's arguments, then how to use the command."""
    examples = ", ".join(error.known[:KNOWN_TOPICS_SHOWN])
    hint = messages.KNOWN_TOPICS_HINT.format(examples=examples) if examples else ""
    problem = _PROBLEMS[error.problem].format(value=repr(error.value), hint=hint)
    return escape(_PROBLEM_WITH_USAGE[error.command].format(problem=problem))


def subscriptions_html(views: Sequence[SubscriptionView]) -> str:
    """The chat's subscriptions, numbered as their buttons are, paused ones marked."""
    if not views:
        return escape(messages.NO_SUBSCRIPTIONS)
    lines = [f"<b>{escape(messages.YOUR_DIGESTS)}</b>"]
    for number, view in enumerate(views, 1):
        state = "" if view.active else messages.PAUSED_MARK_HTML
        lines.append(f"{number}. {escape(view.summary)}{state}")
    return "\n".join(lines)


def subscribed_html(view: SubscriptionView, *, created: bool) -> str:
    """The reply to a successful subscribe: what, when the first digest comes, what next."""
    done = messages.SUBSCRIBED if created else messages.ALREADY_SUBSCRIBED
    first = messages.FIRST_DIGEST.format(when=view.next_run.astimezone(ZoneInfo(view.timezone)))
    return "\n".join(
        (
            escape(done.format(summary=view.summary)),
            escape(first),
            escape(messages.SUBSCRIBED_FOOTER),
        )
    )


def timezone_html(zone: str) -> str:
    """The chat's time zone, and how to change it."""
    zone_line = messages.YOUR_TIMEZONE.format(zone=zone)
    return f"{escape(zone_line)}\n{escape(messages.TIMEZONE_USAGE)}"


def timezone_set_html(zone: str, *, moved: int) -> str:
    """The reply to a successful time zone change."""
    text = messages.TIMEZONE_SET.format(zone=zone)
    if moved:
        text += messages.SUBSCRIPTIONS_MOVED.format(count=moved)
    return escape(text)


def unsubscribed_html(count: int) -> str:
    """The reply to unsubscribe: how many subscriptions went."""
    if not count:
        return escape(messages.NOTHING_TO_UNSUBSCRIBE)
    return escape(messages.UNSUBSCRIBED.format(count=count))
