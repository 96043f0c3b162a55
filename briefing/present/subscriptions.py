"""Replies to the digest commands: subscribe, time zone, language, the list, usage errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from briefing.present import messages
from briefing.present.formats import zh_moment, zh_topic, zh_weekday
from briefing.present.i18n import gettext
from briefing.schedule import SUBSCRIBE, TIMEZONE, WEEKDAY_NAMES, WEEKLY, UsageError
from briefing.subscriptions import Subscribed, SubscriptionView
from briefing.timezones import is_fixed_offset, utc_offset_label
from core.changes import Change
from core.language import DEFAULT_LANGUAGE, Language

KNOWN_TOPICS_SHOWN = 24
"""How many known topics and regions an "unknown topic" reply names (closest first)."""

# The usage line follows the problem on its own line (subscribe) or in the same one (timezone).
_USAGE = {SUBSCRIBE: (messages.SUBSCRIBE_USAGE, "\n"), TIMEZONE: (messages.TIMEZONE_USAGE, "\n")}


def zone_name(zone: str) -> str:
    """A zone as people read it: "Asia/Shanghai", or "UTC+08:00" for a fixed offset."""
    return utc_offset_label(zone) if is_fixed_offset(zone) else zone


def usage_error_html(error: UsageError, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """What was wrong with a command's arguments, then how to use the command."""
    examples = ", ".join(error.known[:KNOWN_TOPICS_SHOWN])
    hint = gettext(messages.KNOWN_TOPICS_HINT, lang).format(examples=examples) if examples else ""
    problem = gettext(messages.USAGE_PROBLEMS[error.problem], lang).format(
        value=repr(error.value), hint=hint
    )
    usage, gap = _USAGE[error.command]
    return escape(f"{problem}{gap}{gettext(usage, lang)}")


def schedule_summary(view: SubscriptionView, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """E.g. "daily at 08:00 (Europe/London) · broadband" (每天08:00（Asia/Shanghai）)."""
    values = {"time": view.local_time, "zone": zone_name(view.timezone)}
    if view.cadence == WEEKLY and view.weekday is not None:
        weekday = zh_weekday(view.weekday) if lang is Language.ZH else WEEKDAY_NAMES[view.weekday]
        when = gettext(messages.WEEKLY_SCHEDULE, lang).format(weekday=weekday, **values)
    else:
        when = gettext(messages.DAILY_SCHEDULE, lang).format(**values)
    return when + (f" · {_topic_name(view.topic, lang)}" if view.topic else "")


def _topic_name(topic: str, lang: Language) -> str:
    return zh_topic(topic) if lang is Language.ZH else topic


def subscriptions_html(
    views: Sequence[SubscriptionView],
    *,
    group: bool = False,
    note: str | None = None,
    lang: Language = DEFAULT_LANGUAGE,
) -> str:
    """The chat's subscriptions, numbered as their buttons are, paused ones marked.

    In a group the list is the chat's ("This chat's digests"), not the reader's. `note` (plain
    text) says what a button just changed.
    """
    if not views:
        empty = messages.NO_CHAT_SUBSCRIPTIONS if group else messages.NO_SUBSCRIPTIONS
        return escape(gettext(empty, lang))
    title = messages.CHAT_DIGESTS if group else messages.YOUR_DIGESTS
    lines = [f"<b>{escape(gettext(title, lang))}</b>"]
    paused = gettext(messages.PAUSED_MARK_HTML, lang)
    for number, view in enumerate(views, 1):
        state = "" if view.active else paused
        lines.append(f"{number}. {escape(schedule_summary(view, lang=lang))}{state}")
    if note:
        lines += ["", f"<i>{escape(note)}</i>"]
    return "\n".join(lines)


def subscribed_html(result: Subscribed, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The reply to a successful subscribe: what (and what it was), when the next digest comes."""
    view, summary = result.view, schedule_summary(result.view, lang=lang)
    when = _moment(view.next_run.astimezone(ZoneInfo(view.timezone)), lang)
    if result.change is Change.NEW:
        lines = (
            gettext(messages.SUBSCRIBED, lang).format(summary=summary),
            gettext(messages.FIRST_DIGEST, lang).format(when=when),
        )
    elif result.change is Change.CHANGED and result.before is not None:
        before = schedule_summary(result.before, lang=lang)
        lines = (
            gettext(messages.SUBSCRIPTION_CHANGED, lang).format(summary=summary, before=before),
            gettext(messages.NEXT_DIGEST, lang).format(when=when),
        )
    else:
        lines = (
            gettext(messages.ALREADY_SUBSCRIBED, lang).format(summary=summary),
            gettext(messages.NEXT_DIGEST, lang).format(when=when),
        )
    return "\n".join(escape(line) for line in (*lines, gettext(messages.SUBSCRIBED_FOOTER, lang)))


def subscription_prompt_html(
    prompt: str, view: SubscriptionView, *, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """A question about one subscription (`messages.CHOOSE_TIME`, `CONFIRM_REMOVE`, …)."""
    return escape(gettext(prompt, lang).format(summary=schedule_summary(view, lang=lang)))


def changed_note(view: SubscriptionView, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """What a button changed, under the list: "Now: daily at 09:00 (UTC)."."""
    return gettext(messages.SUBSCRIPTION_NOW, lang).format(
        summary=schedule_summary(view, lang=lang)
    )


def unsubscribe_choice_html(
    views: Sequence[SubscriptionView], *, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """/unsubscribe alone: which of the chat's digests to stop (buttons follow)."""
    if not views:
        return escape(gettext(messages.NOTHING_TO_UNSUBSCRIBE, lang))
    lines = [escape(gettext(messages.CHOOSE_UNSUBSCRIBE, lang))]
    lines += [f"{n}. {escape(schedule_summary(v, lang=lang))}" for n, v in enumerate(views, 1)]
    return "\n".join(lines)


def no_such_digest_html(
    value: str, views: Sequence[SubscriptionView], *, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """/unsubscribe TOPIC for a topic the chat has no digest on: say so, list its digests."""
    head = escape(gettext(messages.NO_SUCH_DIGEST, lang).format(value=repr(value)))
    if not views:
        return head
    return head + "\n" + unsubscribe_choice_html(views, lang=lang)


def stopped_html(view: SubscriptionView, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """One digest stopped."""
    summary = schedule_summary(view, lang=lang)
    return escape(gettext(messages.STOPPED, lang).format(summary=summary))


def admins_only_digests_text(*, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Why a group member's change was refused (plain text, for a button's alert)."""
    return gettext(messages.ADMINS_ONLY, lang)


def timezone_html(zone: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The chat's time zone, and how to change it."""
    zone_line = gettext(messages.YOUR_TIMEZONE, lang).format(zone=zone_name(zone))
    return f"{escape(zone_line)}\n{escape(gettext(messages.CHOOSE_TIMEZONE, lang))}"


def timezone_set_html(zone: str, *, moved: int, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The reply to a successful time zone change."""
    text = gettext(messages.TIMEZONE_SET, lang).format(zone=zone_name(zone))
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
