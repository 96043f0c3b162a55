"""Inline keyboards for answers, pages, examples and subscriptions, and their callback data.

Callback data stays far below Telegram's 64-byte limit: a short prefix and an integer, e.g.
`f:<fact id>` (answer this fact), `src:<fact id>` (full citation), `rel:<fact id>` (related
facts), `pg:<section>:<page>` (a browse page), `ex:<n>` (the n-th example question) and
`sub:<action>:<subscription id>` (action p=pause, r=resume, x=remove) and `lang:<code>` (make
this the chat's language), `ch:<fact id>` (chart a fact's measure) and `cb:<g|v>:<ids>` (chart
the facts of a comparison or ranking by growth or value; ids in base 36, dot-separated).
Labels are in the reader's language, except a language's own name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from briefing.present import messages
from briefing.present.buttons import (
    button_text,
    cited_fact_label,
    example_label,
    fact_label,
    language_label,
    pause_or_resume_label,
    remove_label,
)
from briefing.subscriptions import SubscriptionView
from briefing.views import Answer, Page
from core.facts import Fact
from core.language import Language

MAX_CALLBACK_BYTES = 64
SECTIONS = ("metrics", "initiatives", "sources", "topics")
SUBSCRIPTION_CALLBACK = re.compile(r"^sub:([prx]):(\d{1,12})$")
PAUSE, RESUME, REMOVE = "p", "r", "x"
CHART_CALLBACK = re.compile(r"^ch:(\d{1,12})$")
COMPARISON_CHART_CALLBACK = re.compile(r"^cb:([gv]):([0-9a-z]{1,8}(?:\.[0-9a-z]{1,8}){1,11})$")
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


def examples_keyboard(examples: tuple[str, ...], *, limit: int = 3) -> InlineKeyboardMarkup | None:
    """One button per example question; pressing one asks it."""
    rows = [
        [InlineKeyboardButton(example_label(question), callback_data=encode("ex", index))]
        for index, question in enumerate(examples[:limit])
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def subscriptions_keyboard(
    views: tuple[SubscriptionView, ...], lang: Language
) -> InlineKeyboardMarkup | None:
    """One row per subscription: pause or resume, and remove."""
    rows = [
        [
            InlineKeyboardButton(
                pause_or_resume_label(number, active=view.active, lang=lang),
                callback_data=f"sub:{PAUSE if view.active else RESUME}:{view.id}",
            ),
            InlineKeyboardButton(
                remove_label(number, lang=lang), callback_data=f"sub:{REMOVE}:{view.id}"
            ),
        ]
        for number, view in enumerate(views, 1)
    ]
    return InlineKeyboardMarkup(rows) if rows else None


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
