"""Inline keyboards for answers, pages, examples and subscriptions, and their callback data.

Callback data stays far below Telegram's 64-byte limit: a short prefix and an integer, e.g.
`f:<fact id>` (answer this fact), `src:<fact id>` (full citation), `rel:<fact id>` (related
facts), `pg:<section>:<page>` (a browse page), `ex:<key>` (the example with that `example_key`),
`sub:<action>:<subscription id>[:<value>]` (see `SubscriptionAction`), `dg:<action>:<subscription
id>` (the buttons under a digest, see `DigestAction`), `tz:<n>` (the n-th of `COMMON_ZONES`),
`lang:<code>` (make this the chat's language), `ch:<fact id>` (chart a fact's measure) and
`cb:<g|v>:<ids>` (chart the facts of a comparison or ranking by growth or value; ids in base 36,
dot-separated). Every value is checked when pressed: a forged or stale one is refused. Labels
are in the reader's language, except a language's own name.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from briefing.present import messages
from briefing.present.buttons import (
    button_text,
    cited_fact_label,
    example_label,
    fact_label,
    language_label,
    numbered_label,
    pause_or_resume_label,
    remove_label,
    topic_label,
    weekday_label,
    zone_label,
)
from briefing.subscriptions import SubscriptionView
from briefing.views import Answer, Page
from core.facts import Fact
from core.language import Language

MAX_CALLBACK_BYTES = 64
SECTIONS = ("metrics", "initiatives", "sources", "topics")
SUBSCRIPTION_CALLBACK = re.compile(r"^sub:(?P<action>[a-z]):(?P<id>\d{1,12})(?::(?P<value>.+))?$")
DIGEST_CALLBACK = re.compile(r"^dg:(?P<action>[a-z]):(?P<id>\d{1,12})$")
TIMEZONE_CALLBACK = re.compile(r"^tz:(?P<index>\d{1,2})$")
CHART_CALLBACK = re.compile(r"^ch:(\d{1,12})$")
COMPARISON_CHART_CALLBACK = re.compile(r"^cb:([gv]):([0-9a-z]{1,8}(?:\.[0-9a-z]{1,8}){1,11})$")

COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "UTC",
)
"""The zones /timezone offers as buttons: the briefings' readers, then the financial centres."""

TIME_CHOICES = ("07:00", "08:00", "09:00", "12:00", "18:00", "21:00")
"""The times a subscription's "Time" button offers (any other: /subscribe HH:MM)."""

TOPIC_BUTTONS = 24
"""At most this many topics and regions are offered as buttons."""


class SubscriptionAction(StrEnum):
    """What a `sub:` button does to one subscription (the value it carries, if any)."""

    PAUSE = "p"
    RESUME = "r"
    ASK_REMOVE = "x"
    REMOVE = "y"  # confirmed, or chosen from /unsubscribe
    REMOVE_ALL = "a"  # /unsubscribe's "all of them" (subscription id 0)
    TIME_MENU = "t"
    SET_TIME = "h"  # value: HHMM from TIME_CHOICES
    DAY_MENU = "w"
    SET_DAY = "d"  # value: 0-6 (Monday-Sunday) or "daily"
    TOPIC_MENU = "o"
    SET_TOPIC = "s"  # value: a known topic or region, or "*" for all topics
    BACK = "b"


class DigestAction(StrEnum):
    """What a button under a digest does."""

    PAUSE = "p"
    TIME = "t"
    TOPIC = "o"
    STOP = "x"
    MORE = "m"


_VALUES: dict[SubscriptionAction, re.Pattern[str]] = {
    SubscriptionAction.SET_TIME: re.compile(r"^(?:[01]\d|2[0-3])[0-5]\d$"),
    SubscriptionAction.SET_DAY: re.compile(r"^(?:[0-6]|daily)$"),
    SubscriptionAction.SET_TOPIC: re.compile(r"^[^:\x00-\x1f]{1,40}$"),
}


class SubscriptionPress(NamedTuple):
    """A decoded `sub:` button: the action, the subscription, and its value."""

    action: SubscriptionAction
    subscription_id: int
    value: str | None


def decode_subscription(data: str | None) -> SubscriptionPress | None:
    """A `sub:` button's data, validated; None for anything malformed (forged or stale)."""
    match = SUBSCRIPTION_CALLBACK.match(data or "")
    if match is None:
        return None
    try:
        action = SubscriptionAction(match["action"])
    except ValueError:
        return None
    value, pattern = match["value"], _VALUES.get(action)
    if (pattern is None) != (value is None) or (pattern and not pattern.match(value or "")):
        return None
    return SubscriptionPress(action, int(match["id"]), value)


def decode_digest(data: str | None) -> tuple[DigestAction, int] | None:
    """A `dg:` button's data, validated; None for anything else."""
    match = DIGEST_CALLBACK.match(data or "")
    if match is None:
        return None
    try:
        return DigestAction(match["action"]), int(match["id"])
    except ValueError:
        return None


def _sub(action: SubscriptionAction, subscription_id: int, value: str | None = None) -> str:
    data = f"sub:{action.value}:{subscription_id}" + (f":{value}" if value is not None else "")
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


LANGUAGE_CALLBACK = re.compile(
    r"^lang:(" + "|".join(language.value for language in Language) + ")$"
)


@dataclass(frozen=True)
class Callback:
    """Decoded callback data: what to do (`kind`), to what (`target`), and a page number."""

    kind: str  # "f", "src", "rel", "pg", "ex"
    target: int | str
    page: int = 1


def encode(kind: str, target: int | str, page: int | None = None) -> str:
    """Callback data for a button; raises ValueError if it would exceed 64 bytes."""
    data = f"{kind}:{target}" if page is None else f"{kind}:{target}:{page}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """Parse callback data made by `encode`; None for anything else (stale or forged)."""
    parts = (data or "").split(":")
    try:
        if parts[0] in ("f", "src", "rel", "ex") and len(parts) == 2:
            return Callback(parts[0], int(parts[1]))
        if parts[0] == "pg" and len(parts) == 3 and parts[1] in SECTIONS:
            return Callback("pg", parts[1], max(1, int(parts[2])))
    except ValueError:
        return None
    return None


def fact_keyboard(fact: Fact, lang: Language, *, chart: str | None = None) -> InlineKeyboardMarkup:
    """Buttons under an answered fact: the full source citation, related facts, and "📈 Chart"
    when `chart` (its callback data) is given."""
    source = button_text(messages.SOURCE_BUTTON, lang)
    related = button_text(messages.RELATED_BUTTON, lang)
    row = [
        InlineKeyboardButton(source, callback_data=encode("src", fact.stored_id)),
        InlineKeyboardButton(related, callback_data=encode("rel", fact.stored_id)),
    ]
    if chart is not None:
        label = button_text(messages.CHART_BUTTON, lang)
        row.append(InlineKeyboardButton(label, callback_data=chart))
    return InlineKeyboardMarkup([row])


def chart_data(answer: Answer) -> str | None:
    """The callback data of an answer's chart button (None when it cannot carry it)."""
    if answer.fact is not None and not answer.facts:
        return encode("ch", answer.fact.stored_id)
    growth = answer.ranking is not None and answer.ranking.order_by == "growth"
    ids = ".".join(_base36(f.stored_id) for f in answer.facts[:12])
    data = f"cb:{'g' if growth else 'v'}:{ids}"
    return data if COMPARISON_CHART_CALLBACK.match(data) and len(data) <= 64 else None


def chart_fact_ids(data: str) -> tuple[bool, tuple[int, ...]] | None:
    """Whether a comparison chart's button charts growth, and its fact ids; None if malformed."""
    match = COMPARISON_CHART_CALLBACK.match(data)
    if match is None:
        return None
    return match.group(1) == "g", tuple(int(part, 36) for part in match.group(2).split("."))


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def facts_keyboard(
    facts: tuple[Fact, ...], lang: Language, *, limit: int = 3
) -> InlineKeyboardMarkup | None:
    """One button per fact (at most `limit`); pressing one answers that fact."""
    rows = [
        [InlineKeyboardButton(fact_label(f, lang=lang), callback_data=encode("f", f.stored_id))]
        for f in facts[:limit]
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def answer_keyboard(
    answer: Answer, lang: Language, *, chart: bool = False
) -> InlineKeyboardMarkup | None:
    """The buttons an answer carries: citation and related, or "did you mean" choices; and
    "📈 Chart" when `chart` says the answer has one."""
    if answer.matched and answer.fact is not None:
        return fact_keyboard(answer.fact, lang, chart=chart_data(answer) if chart else None)
    if answer.matched and answer.facts:
        rows = [
            [
                InlineKeyboardButton(
                    cited_fact_label(f, lang=lang), callback_data=encode("src", f.stored_id)
                )
            ]
            for f in answer.facts[:3]
        ]
        data = chart_data(answer) if chart else None
        if data is not None:
            label = button_text(messages.CHART_BUTTON, lang)
            rows.append([InlineKeyboardButton(label, callback_data=data)])
        return InlineKeyboardMarkup(rows)
    return facts_keyboard(answer.alternatives, lang)


def page_keyboard(section: str, page: Page, lang: Language) -> InlineKeyboardMarkup | None:
    """Previous/next buttons for a browse page; None when there is only one page."""
    row = []
    if page.number > 1:
        row.append(
            InlineKeyboardButton(
                button_text(messages.PREVIOUS_PAGE_BUTTON, lang),
                callback_data=encode("pg", section, page.number - 1),
            )
        )
    if page.number < page.count:
        row.append(
            InlineKeyboardButton(
                button_text(messages.NEXT_PAGE_BUTTON, lang),
                callback_data=encode("pg", section, page.number + 1),
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


def example_key(question: str) -> int:
    """A short stable number for an example question (its CRC-32): a button names the question,
    not its position, so an ingest that changes the examples cannot make it ask another."""
    return zlib.crc32(question.encode())


def examples_keyboard(examples: tuple[str, ...], *, limit: int = 3) -> InlineKeyboardMarkup | None:
    """One button per example question; pressing one asks it."""
    rows = [
        [
            InlineKeyboardButton(
                example_label(question), callback_data=encode("ex", example_key(question))
            )
        ]
        for question in examples[:limit]
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def subscriptions_keyboard(
    views: tuple[SubscriptionView, ...], lang: Language
) -> InlineKeyboardMarkup | None:
    """Two rows per subscription: change time, day, topic; pause or resume, remove."""
    rows: list[list[InlineKeyboardButton]] = []
    for number, view in enumerate(views, 1):
        label = functools.partial(numbered_label, number=number, lang=lang)
        rows.append(
            [
                _button(label(messages.TIME_BUTTON), _sub(SubscriptionAction.TIME_MENU, view.id)),
                _button(label(messages.DAY_BUTTON), _sub(SubscriptionAction.DAY_MENU, view.id)),
                _button(
                    label(messages.TOPIC_BUTTON), _sub(SubscriptionAction.TOPIC_MENU, view.id)
                ),
            ]
        )
        pause = SubscriptionAction.PAUSE if view.active else SubscriptionAction.RESUME
        rows.append(
            [
                _button(
                    pause_or_resume_label(number, active=view.active, lang=lang),
                    _sub(pause, view.id),
                ),
                _button(
                    remove_label(number, lang=lang), _sub(SubscriptionAction.ASK_REMOVE, view.id)
                ),
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


def time_keyboard(view: SubscriptionView, lang: Language) -> InlineKeyboardMarkup:
    """The times to move a subscription to, and back to the list."""
    times = [
        _button(
            ("✓ " if hhmm == view.local_time else "") + hhmm,
            _sub(SubscriptionAction.SET_TIME, view.id, hhmm.replace(":", "")),
        )
        for hhmm in TIME_CHOICES
    ]
    return InlineKeyboardMarkup([times[:3], times[3:], [_back(view, lang)]])


def day_keyboard(view: SubscriptionView, lang: Language) -> InlineKeyboardMarkup:
    """Every day, or one weekday, and back to the list."""
    days = [
        _button(weekday_label(day, lang=lang), _sub(SubscriptionAction.SET_DAY, view.id, str(day)))
        for day in range(7)
    ]
    daily = _button(
        button_text(messages.EVERY_DAY_BUTTON, lang),
        _sub(SubscriptionAction.SET_DAY, view.id, "daily"),
    )
    return InlineKeyboardMarkup([[daily], days[:4], days[4:], [_back(view, lang)]])


def topic_keyboard(
    view: SubscriptionView, topics: tuple[str, ...], lang: Language
) -> InlineKeyboardMarkup:
    """All topics, then each known topic or region (three a row), and back to the list."""
    buttons = [
        _button(
            button_text(messages.ALL_TOPICS_BUTTON, lang),
            _sub(SubscriptionAction.SET_TOPIC, view.id, "*"),
        )
    ]
    for topic in topics:
        data = f"sub:{SubscriptionAction.SET_TOPIC.value}:{view.id}:{topic}"
        if len(buttons) > TOPIC_BUTTONS or len(data.encode()) > MAX_CALLBACK_BYTES:
            continue
        if decode_subscription(data) is not None:
            buttons.append(_button(topic_label(topic, lang=lang), data))
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return InlineKeyboardMarkup([*rows, [_back(view, lang)]])


def confirm_remove_keyboard(view: SubscriptionView, lang: Language) -> InlineKeyboardMarkup:
    """Stop it for good, or back to the list."""
    confirm = _button(
        button_text(messages.CONFIRM_REMOVE_BUTTON, lang), _sub(SubscriptionAction.REMOVE, view.id)
    )
    return InlineKeyboardMarkup([[confirm, _back(view, lang)]])


def unsubscribe_keyboard(
    views: tuple[SubscriptionView, ...], lang: Language
) -> InlineKeyboardMarkup | None:
    """/unsubscribe alone: one button per digest, and all of them."""
    if not views:
        return None
    rows = [
        [_button(remove_label(number, lang=lang), _sub(SubscriptionAction.REMOVE, view.id))]
        for number, view in enumerate(views, 1)
    ]
    if len(views) > 1:
        rows.append(
            [
                _button(
                    button_text(messages.STOP_ALL_BUTTON, lang),
                    _sub(SubscriptionAction.REMOVE_ALL, 0),
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def digest_keyboard(
    subscription_id: int, lang: Language, *, more: int = 0
) -> InlineKeyboardMarkup:
    """The buttons every digest carries: more (if any), pause, change time or topic, stop."""

    def button(message: str, action: DigestAction) -> InlineKeyboardButton:
        return _button(button_text(message, lang), f"dg:{action.value}:{subscription_id}")

    rows = []
    if more:
        label = button_text(messages.DIGEST_MORE_BUTTON, lang).format(count=more)
        rows.append([_button(label, f"dg:{DigestAction.MORE.value}:{subscription_id}")])
    rows.append(
        [
            button(messages.DIGEST_PAUSE_BUTTON, DigestAction.PAUSE),
            button(messages.DIGEST_TIME_BUTTON, DigestAction.TIME),
        ]
    )
    rows.append(
        [
            button(messages.DIGEST_TOPIC_BUTTON, DigestAction.TOPIC),
            button(messages.DIGEST_STOP_BUTTON, DigestAction.STOP),
        ]
    )
    return InlineKeyboardMarkup(rows)


def timezone_keyboard(current: str) -> InlineKeyboardMarkup:
    """The common zones, three a row, the current one ticked."""
    buttons = [
        _button(("✓ " if zone == current else "") + zone_label(zone), f"tz:{index}")
        for index, zone in enumerate(COMMON_ZONES)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def _back(view: SubscriptionView, lang: Language) -> InlineKeyboardButton:
    return _button(button_text(messages.BACK_BUTTON, lang), _sub(SubscriptionAction.BACK, view.id))


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def language_keyboard(current: Language) -> InlineKeyboardMarkup:
    """One button per language, each named in itself; the current one ticked."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    language_label(language, current=language is current),
                    callback_data=f"lang:{language.value}",
                )
                for language in Language
            ]
        ]
    )
