"""Inline keyboards for answers, pages and examples, and the callback data they carry.

Callback data stays far below Telegram's 64-byte limit: a short prefix and an integer, e.g.
`f:<fact id>` (answer this fact), `src:<fact id>` (full citation), `rel:<fact id>` (related
facts), `pg:<section>:<page>` (a browse page) and `ex:<n>` (the n-th example question).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from briefing.views import Answer, Page
from core.facts import Fact

MAX_CALLBACK_BYTES = 64
MAX_BUTTON_LABEL = 48
SECTIONS = ("metrics", "initiatives", "sources", "topics")


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


def button_label(fact: Fact) -> str:
    """A short plain-text label naming a fact: subject, region and period."""
    parts = [fact.subject]
    if fact.region and fact.region.lower() not in fact.subject.lower():
        parts.append(fact.region)
    if fact.period:
        parts.append(fact.period)
    label = ", ".join(p.strip() for p in parts if p and p.strip())
    if len(label) > MAX_BUTTON_LABEL:
        label = label[: MAX_BUTTON_LABEL - 1].rstrip() + "…"
    return label or f"Fact {fact.id}"


def fact_keyboard(fact: Fact) -> InlineKeyboardMarkup:
    """Buttons under an answered fact: the full source citation and related facts."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("📄 Source", callback_data=encode("src", fact.stored_id)),
                InlineKeyboardButton("🔗 Related", callback_data=encode("rel", fact.stored_id)),
            ]
        ]
    )


def facts_keyboard(facts: tuple[Fact, ...], *, limit: int = 3) -> InlineKeyboardMarkup | None:
    """One button per fact (at most `limit`); pressing one answers that fact."""
    rows = [
        [InlineKeyboardButton(button_label(f), callback_data=encode("f", f.stored_id))]
        for f in facts[:limit]
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def answer_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    """The buttons an answer carries: citation and related, or "did you mean" choices."""
    if answer.matched and answer.fact is not None:
        return fact_keyboard(answer.fact)
    if answer.matched and answer.facts:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        f"📄 {button_label(f)}", callback_data=encode("src", f.stored_id)
                    )
                ]
                for f in answer.facts[:3]
            ]
        )
    return facts_keyboard(answer.alternatives)


def page_keyboard(section: str, page: Page) -> InlineKeyboardMarkup | None:
    """Previous/next buttons for a browse page; None when there is only one page."""
    row = []
    if page.number > 1:
        row.append(
            InlineKeyboardButton("‹ Prev", callback_data=encode("pg", section, page.number - 1))
        )
    if page.number < page.count:
        row.append(
            InlineKeyboardButton("Next ›", callback_data=encode("pg", section, page.number + 1))
        )
    return InlineKeyboardMarkup([row]) if row else None


def examples_keyboard(examples: tuple[str, ...], *, limit: int = 3) -> InlineKeyboardMarkup | None:
    """One button per example question; pressing one asks it."""
    rows = []
    for index, question in enumerate(examples[:limit]):
        label = question if len(question) <= MAX_BUTTON_LABEL else question[:47].rstrip() + "…"
        rows.append([InlineKeyboardButton(label, callback_data=encode("ex", index))])
    return InlineKeyboardMarkup(rows) if rows else None
