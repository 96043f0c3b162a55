"""Pure rendering of answers, facts and pages: plain text for the console, HTML for Telegram.

Every string that comes from a document or a user is escaped with `html.escape` before it is
put into HTML; the tags used are the ones Telegram's HTML parse mode accepts (b, i, a,
blockquote). `split_message` cuts long HTML into messages Telegram will take.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from briefing.present.refusals import refusal_text
from briefing.views import Answer, Page
from core.facts import Fact, Source

MAX_MESSAGE_CHARS = 4096
MAX_QUOTE_CHARS = 900
SHORT_QUOTE_CHARS = 280
_CLAUSE_RE = re.compile(r"(?<=;)\s+")
_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
# Units a figure already says in its own way ("50%" is percent; "7th" is a rank).
_UNIT_SPELLED_AS = {"percent": "%", "%": "percent", "rank": ""}
_GLUED_SCALE_RE = re.compile(r"(\d)(?=(?:thousand|million|billion|trillion)\b)", re.IGNORECASE)


# -- plain building blocks (no escaping; callers escape for HTML) -----------------------------


def format_number(value: float) -> str:
    """A number as people write it: 700, 11.25, 5,000."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def format_date(day: date) -> str:
    """25 Aug 2021."""
    return f"{day.day} {day:%b %Y}"


def format_change(change: float | None) -> str | None:
    """+22.6% year on year, or None."""
    if change is None:
        return None
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)}% year on year"


def format_figure(fact: Fact) -> str | None:
    """The figure as stated, with qualifier and unit: "over 3 trillion yuan", "7th"."""
    if fact.kind == "ranking" and fact.value is not None and not fact.value_text:
        number = int(fact.value)
        suffix = "th" if 10 <= number % 100 <= 20 else _ORDINAL_SUFFIXES.get(number % 10, "th")
        return f"{number}{suffix}"
    figure = fact.value_text or ""
    if not figure and fact.value is not None:
        figure = format_number(fact.value)
        if fact.scale:
            figure = f"{figure} {fact.scale}"
    if not figure:
        return format_date(fact.event_date) if fact.event_date else None
    figure = _GLUED_SCALE_RE.sub(r"\1 ", figure)  # "20billion yuan" as written reads badly
    lowered = figure.lower()
    unit = (fact.unit or "").lower()
    spelled = _UNIT_SPELLED_AS.get(unit)
    if unit and unit not in lowered and (spelled is None or (spelled and spelled not in lowered)):
        figure = f"{figure}{unit}" if unit == "%" else f"{figure} {fact.unit}"
    if fact.qualifier and not lowered.startswith(fact.qualifier.lower()):
        figure = f"{fact.qualifier} {figure}"
    return figure


def fact_headline(fact: Fact) -> str:
    """One line: "Qingdao, software revenue, 2021-H1: 11.25 billion yuan, +22.6% year on year"."""
    subject = fact.subject.strip()
    label = [subject]
    if fact.kind == "person":  # the figure is the role, which names its own place
        figures = [fact.value_text] if fact.value_text else []
    else:
        if fact.region and fact.region.lower() not in subject.lower():
            label.insert(0, fact.region)
        if fact.period and fact.period.lower() not in subject.lower():
            label.append(fact.period)
        is_planned = (fact.period or "").lower().startswith(("by", "target"))
        if fact.kind == "target" and not is_planned and "target" not in subject.lower():
            label.append("target")
        figure = (
            format_date(fact.event_date)
            if fact.kind == "event" and fact.event_date is not None
            else format_figure(fact)
        )
        figures = [f for f in (figure, format_change(fact.change)) if f]
    text = ", ".join(label)
    return f"{text}: {', '.join(figures)}" if figures else text


def source_line(source: Source) -> str:
    """Title — Outlet, 25 Aug 2021."""
    tail = ", ".join(
        part
        for part in (source.outlet, format_date(source.published) if source.published else None)
        if part
    )
    return f"{source.title} — {tail}" if tail else source.title


def short_cite(source: Source) -> str:
    """Outlet, 25 Aug 2021 (or the title when neither is known)."""
    parts = [p for p in (source.outlet, format_date(source.published) if source.published else "")]
    text = ", ".join(p for p in parts if p)
    return text or source.title


def comparison_headline(facts: tuple[Fact, ...]) -> str:
    """ "A: figure vs B: figure" for the compared facts."""
    return " vs ".join(fact_headline(f) for f in facts)


def ranking_headline(facts: tuple[Fact, ...], *, order_by: str, direction: str) -> str:
    """Names the winner of a superlative question, then the figure it won with."""
    top = facts[0]
    if order_by == "growth":
        word = "Fastest growth" if direction == "max" else "Slowest growth"
    else:
        word = "Largest" if direction == "max" else "Smallest"
    return f"{word} of {len(facts)}: {fact_headline(top)}"


def answer_headline(answer: Answer) -> str | None:
    """The headline of a matched answer: its ranking, its comparison or its one fact."""
    if not answer.matched:
        return None
    if answer.ranking is not None and answer.facts:
        ranking = answer.ranking
        return ranking_headline(
            answer.facts, order_by=ranking.order_by, direction=ranking.direction
        )
    if answer.facts:
        return comparison_headline(answer.facts)
    return fact_headline(answer.fact) if answer.fact is not None else None


def quote_excerpt(fact: Fact, *, limit: int = MAX_QUOTE_CHARS) -> str:
    """The source sentence; of a long one listing several figures, the clause with this one."""
    quote = " ".join(fact.quote.split())
    if len(quote) > SHORT_QUOTE_CHARS and fact.value_text:
        clauses = _CLAUSE_RE.split(quote)
        for i, clause in enumerate(clauses):
            if len(clauses) > 1 and fact.value_text in clause:
                before = "… " if i > 0 else ""
                after = " …" if i < len(clauses) - 1 else ""
                return _clip(before + clause.rstrip(";, ") + after, limit)
    return _clip(quote, limit)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- plain text ----------------------------------------------------------------------------


def answer_text(answer: Answer) -> str:
    """The answer for a console: headline first, then source and quoted sentence."""
    lines: list[str] = []
    if answer.matched and answer.facts:
        lines.append(answer_headline(answer) or fact_headline(answer.facts[0]))
        lines.extend(f"  {i}. {fact_headline(f)}" for i, f in enumerate(answer.facts, 1))
        for source, quote in _sources_and_quotes(answer.facts):
            lines.append(f"Source: {source_line(source)}")
            lines.append(f"  “{_clip(quote, MAX_QUOTE_CHARS)}”")
    elif answer.matched and answer.fact is not None:
        fact = answer.fact
        lines.append(answer_headline(answer) or fact_headline(fact))
        lines.append(f"Source: {source_line(fact.source)}")
        lines.append(f"  “{quote_excerpt(fact)}”")
        if answer.history:
            lines.append("Earlier:")
            lines.extend(
                f"  • {fact_headline(f)} ({short_cite(f.source)})" for f in answer.history
            )
    else:
        lines.append(refusal_text(answer.reason) if answer.reason else "I don't know that.")
        if answer.alternatives:
            lines.append("Did you mean:")
            lines.extend(
                f"  {i}. {fact_headline(f)}" for i, f in enumerate(answer.alternatives, 1)
            )
    return "\n".join(lines)


def page_text(page: Page) -> str:
    """A browse page for a console."""
    lines = [f"{page.title} (page {page.number}/{page.count})"]
    lines.extend(f"  • {item}" for item in page.items) if page.items else lines.append(
        "  (nothing yet)"
    )
    return "\n".join(lines)


# -- JSON ----------------------------------------------------------------------------------


def fact_dict(fact: Fact) -> dict[str, Any]:
    """A fact and its source as JSON-ready values (dates as ISO strings)."""
    data = asdict(fact)
    for internal in ("start", "end", "from_title"):
        del data[internal]
    data["topics"] = list(fact.topics)
    data["event_date"] = fact.event_date.isoformat() if fact.event_date else None
    published = fact.source.published
    data["source"]["published"] = published.isoformat() if published else None
    return data


def answer_dict(answer: Answer) -> dict[str, Any]:
    """The `ask --json` object: question, matched, confidence, headline, answer, ..., text."""
    return {
        "question": answer.question,
        "matched": answer.matched,
        "confidence": round(answer.confidence, 3),
        "headline": answer_headline(answer),
        "answer": fact_dict(answer.fact) if answer.matched and answer.fact else None,
        "alternatives": [fact_dict(f) for f in answer.alternatives],
        "text": answer_text(answer),
    }


# -- Telegram HTML ---------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def citation_html(fact: Fact) -> str:
    """Source line in italics (linked when a URL is known) and the quoted sentence."""
    return f"{_source_html(fact.source)}\n<blockquote>{_e(quote_excerpt(fact))}</blockquote>"


def fact_line_html(fact: Fact) -> str:
    """One line: the fact's headline in bold and a short citation."""
    return f"<b>{_e(fact_headline(fact))}</b> — <i>{_e(short_cite(fact.source))}</i>"


def answer_html(answer: Answer) -> str:
    """The answer for Telegram (HTML parse mode): headline, source, quoted sentence."""
    parts: list[str] = []
    if answer.matched and answer.facts:
        parts.append(f"<b>{_e(answer_headline(answer) or fact_headline(answer.facts[0]))}</b>")
        parts.append(
            "\n".join(f"{i}. {_e(fact_headline(f))}" for i, f in enumerate(answer.facts, 1))
        )
        for source, quote in _sources_and_quotes(answer.facts):
            parts.append(
                f"{_source_html(source)}\n<blockquote>{_e(_clip(quote, MAX_QUOTE_CHARS))}"
                "</blockquote>"
            )
    elif answer.matched and answer.fact is not None:
        parts.append(f"<b>{_e(answer_headline(answer) or fact_headline(answer.fact))}</b>")
        parts.append(citation_html(answer.fact))
        if answer.history:
            parts.append(
                "Earlier:\n"
                + "\n".join(
                    f"• {_e(fact_headline(f))} <i>({_e(short_cite(f.source))})</i>"
                    for f in answer.history
                )
            )
    else:
        parts.append(_e(refusal_text(answer.reason) if answer.reason else "I don't know that."))
        if answer.alternatives:
            parts.append(
                "Did you mean:\n"
                + "\n".join(
                    f"{i}. {_e(fact_headline(f))}" for i, f in enumerate(answer.alternatives, 1)
                )
            )
    return "\n\n".join(parts)


def page_html(page: Page) -> str:
    """A browse page for Telegram."""
    head = f"<b>{_e(page.title)}</b> <i>(page {page.number}/{page.count})</i>"
    if not page.items:
        return f"{head}\n(nothing yet)"
    return head + "\n" + "\n".join(f"• {_e(item)}" for item in page.items)


def _source_html(source: Source) -> str:
    text = _e(source_line(source))
    if source.url:
        return f'<i><a href="{_e(source.url)}">{text}</a></i>'
    return f"<i>{text}</i>"


def _sources_and_quotes(facts: Iterable[Fact]) -> list[tuple[Source, str]]:
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Source, str]] = []
    for fact in facts:
        key = (fact.source.slug, fact.quote)
        if key not in seen:
            seen.add(key)
            out.append((fact.source, fact.quote))
    return out


# -- splitting -----------------------------------------------------------------------------

_TAG_OR_ENTITY_RE = re.compile(r"<(/?)([a-zA-Z]+)[^>]*>|&[#a-zA-Z0-9]+;")
_PARAGRAPH_RE = re.compile(r"(?<=\n\n)")


def split_message(text: str, *, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut HTML into chunks of at most `limit` characters.

    Cuts between paragraphs where it can, else between words; never inside a tag or an
    entity. Tags open at a cut are closed at the end of one chunk and reopened in the next.
    """
    if limit < 64:
        raise ValueError("limit too small to hold a chunk with its tags")
    if len(text) <= limit:
        return [text] if text.strip() else []
    chunks: list[str] = []
    current = ""
    stack: list[tuple[str, str]] = []  # open tags: (name, opening tag as written)
    for unit in _units(text, limit):
        after = _apply_tags(stack, unit)
        if current.strip() and len(current) + len(unit) + len(_closing(after)) > limit:
            chunks.append(current.rstrip() + _closing(stack))
            current = "".join(opening for _, opening in stack)
            unit = unit.lstrip()
        while len(current) + len(unit) + len(_closing(after)) > limit:  # one overlong word
            room = max(1, limit - len(current) - len(_closing(stack)))
            chunks.append(current + unit[:room] + _closing(stack))
            current = "".join(opening for _, opening in stack)
            unit = unit[room:]
        current += unit
        stack = after
    if current.strip():
        chunks.append(current.rstrip())
    return chunks


def _units(text: str, limit: int) -> list[str]:
    """Paragraphs that fit comfortably; longer ones broken into words, tags and entities."""
    units: list[str] = []
    for paragraph in _PARAGRAPH_RE.split(text):
        if len(paragraph) <= limit // 2:
            units.append(paragraph)
            continue
        position = 0
        for match in _TAG_OR_ENTITY_RE.finditer(paragraph):
            units.extend(re.findall(r"\s*[^\s]+|\s+", paragraph[position : match.start()]))
            units.append(match.group(0))
            position = match.end()
        units.extend(re.findall(r"\s*[^\s]+|\s+", paragraph[position:]))
    return [u for u in units if u]


def _apply_tags(stack: list[tuple[str, str]], unit: str) -> list[tuple[str, str]]:
    after = list(stack)
    for match in _TAG_OR_ENTITY_RE.finditer(unit):
        name = (match.group(2) or "").lower()
        if not name:
            continue
        if match.group(1):
            if after and after[-1][0] == name:
                after.pop()
        else:
            after.append((name, match.group(0)))
    return after


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))
