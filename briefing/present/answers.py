"""Answers, citations and related facts: plain text for the console, HTML for Telegram, JSON.

Every string that comes from a document or a user is escaped before it goes into HTML; the tags
used are the ones Telegram's HTML parse mode accepts (b, i, a, blockquote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict
from html import escape
from typing import Any

from briefing.present import messages
from briefing.present.headlines import answer_headline, fact_headline, short_cite, source_line
from briefing.present.i18n import gettext
from briefing.present.refusals import refusal_text
from briefing.views import Answer, Comparison, RefusalCode
from core.facts import Fact, Source
from core.language import DEFAULT_LANGUAGE, Language

MAX_QUOTE_CHARS = 900
SHORT_QUOTE_CHARS = 280
CARD_TITLE_CHARS = 100
CARD_DESCRIPTION_CHARS = 200
_CLAUSE_RE = re.compile(r"(?<=;)\s+")
_FIGURE = re.compile(
    r"\d[\d,.]*\d(?:\s*(?:%|percent|billion|million|trillion|thousand|亿元|亿|万))?|\d(?:\s*%)?"
)
"""A figure in a quoted passage: digits, with the percent sign or scale word that follows."""


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


def refusal(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Why nothing was matched, in plain words."""
    if answer.reason:
        return refusal_text(answer.reason, lang=lang)
    return gettext(messages.DONT_KNOW, lang)


# -- plain text ----------------------------------------------------------------------------


def answer_text(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The answer for a console: headline first, then source and quoted sentence."""

    def headline(fact: Fact) -> str:
        return fact_headline(fact, lang=lang)

    def cite(source: Source) -> str:
        return gettext(messages.SOURCE, lang).format(source=source_line(source, lang=lang))

    lines: list[str] = []
    if answer.matched and answer.comparison is not None:
        lines.append(answer_headline(answer, lang=lang) or "")
        for source, quote in _compared_sources(answer.comparison):
            lines.append(cite(source))
            lines.append(f"  “{_clip(quote, SHORT_QUOTE_CHARS)}”")
    elif answer.matched and answer.passage is not None:
        passage = answer.passage.passage
        lines.append(answer_headline(answer, lang=lang) or answer.passage.clause)
        lines.append(cite(passage.source))
        lines.append(f"  “{_clip(passage.text, MAX_QUOTE_CHARS)}”")
    elif answer.matched and answer.facts:
        lines.append(answer_headline(answer, lang=lang) or headline(answer.facts[0]))
        lines.extend(f"  {i}. {headline(f)}" for i, f in enumerate(answer.facts, 1))
        for source, quote in _sources_and_quotes(answer.facts):
            lines.append(cite(source))
            lines.append(f"  “{_clip(quote, MAX_QUOTE_CHARS)}”")
    elif answer.matched and answer.fact is not None:
        fact = answer.fact
        lines.append(answer_headline(answer, lang=lang) or headline(fact))
        lines.append(cite(fact.source))
        lines.append(f"  “{quote_excerpt(fact)}”")
        if answer.history:
            lines.append(gettext(messages.EARLIER, lang))
            lines.extend(
                f"  • {headline(f)} ({short_cite(f.source, lang=lang)})" for f in answer.history
            )
    else:
        lines.append(refusal(answer, lang=lang))
        if answer.alternatives:
            lines.append(gettext(_offer_heading(answer), lang))
            lines.extend(f"  {i}. {headline(f)}" for i, f in enumerate(answer.alternatives, 1))
    return "\n".join(lines)


def card_preview(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> tuple[str, str | None]:
    """A shareable card's plain title and preview line (inline mode), from the answer's text."""
    lines = [line.strip() for line in answer_text(answer, lang=lang).splitlines() if line.strip()]
    title = (lines[0] if lines else answer.question)[:CARD_TITLE_CHARS]
    return title, " ".join(lines[1:])[:CARD_DESCRIPTION_CHARS] or None


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


def answer_dict(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The `ask --json` object: question, matched, confidence, headline, answer, ..., text."""
    return {
        "question": answer.question,
        "matched": answer.matched,
        "confidence": round(answer.confidence, 3),
        "headline": answer_headline(answer, lang=lang),
        "answer": fact_dict(answer.fact) if answer.matched and answer.fact else None,
        "alternatives": [fact_dict(f) for f in answer.alternatives],
        "text": answer_text(answer, lang=lang),
    }


# -- Telegram HTML ---------------------------------------------------------------------------


def citation_html(fact: Fact, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Source line in italics (linked when a URL is known) and the quoted sentence."""
    source = _source_html(fact.source, lang=lang)
    return f"{source}\n<blockquote>{escape(quote_excerpt(fact))}</blockquote>"


def fact_line_html(fact: Fact, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """One line: the fact's headline in bold and a short citation."""
    headline = escape(fact_headline(fact, lang=lang))
    return f"<b>{headline}</b> — <i>{escape(short_cite(fact.source, lang=lang))}</i>"


def answer_html(answer: Answer, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The answer for Telegram (HTML parse mode): headline, source, quoted sentence."""

    def headline(fact: Fact) -> str:
        return escape(fact_headline(fact, lang=lang))

    def first_line(fact: Fact) -> str:
        text = answer_headline(answer, lang=lang) or fact_headline(fact, lang=lang)
        return f"<b>{escape(text)}</b>"

    parts: list[str] = []
    if answer.matched and answer.comparison is not None:
        parts.append(f"<b>{escape(answer_headline(answer, lang=lang) or '')}</b>")
        for source, quote in _compared_sources(answer.comparison):
            parts.append(
                f"{_source_html(source, lang=lang)}\n"
                f"<blockquote>{bold_figures(_clip(quote, SHORT_QUOTE_CHARS))}</blockquote>"
            )
    elif answer.matched and answer.passage is not None:
        passage = answer.passage.passage
        parts.append(bold_figures(answer_headline(answer, lang=lang) or answer.passage.clause))
        parts.append(
            f"{_source_html(passage.source, lang=lang)}\n"
            f"<blockquote>{bold_figures(_clip(passage.text, MAX_QUOTE_CHARS))}</blockquote>"
        )
    elif answer.matched and answer.facts:
        parts.append(first_line(answer.facts[0]))
        parts.append("\n".join(f"{i}. {headline(f)}" for i, f in enumerate(answer.facts, 1)))
        for source, quote in _sources_and_quotes(answer.facts):
            parts.append(
                f"{_source_html(source, lang=lang)}\n"
                f"<blockquote>{escape(_clip(quote, MAX_QUOTE_CHARS))}</blockquote>"
            )
    elif answer.matched and answer.fact is not None:
        parts.append(first_line(answer.fact))
        parts.append(citation_html(answer.fact, lang=lang))
        if answer.history:
            parts.append(
                f"{escape(gettext(messages.EARLIER, lang))}\n"
                + "\n".join(
                    f"• {headline(f)} <i>({escape(short_cite(f.source, lang=lang))})</i>"
                    for f in answer.history
                )
            )
    else:
        parts.append(escape(refusal(answer, lang=lang)))
        if answer.alternatives:
            parts.append(
                f"{escape(gettext(_offer_heading(answer), lang))}\n"
                + "\n".join(f"{i}. {headline(f)}" for i, f in enumerate(answer.alternatives, 1))
            )
    return "\n\n".join(parts)


def _offer_heading(answer: Answer) -> str:
    """ "Did you mean" over close candidates; "Closest in my documents" over what a refusal
    offers instead."""
    reason = answer.reason.code if answer.reason is not None else None
    return messages.DID_YOU_MEAN if reason is RefusalCode.AMBIGUOUS else messages.CLOSEST


def bold_figures(text: str) -> str:
    """`text` escaped for Telegram HTML with its numbers (and their % or scale) in bold."""
    return bold_matches(text, _FIGURE)


def bold_matches(text: str, pattern: re.Pattern[str]) -> str:
    """`text` escaped for Telegram HTML with what `pattern` matches in bold."""
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<b>{escape(match.group())}</b>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def related_html(
    fact: Fact, related: tuple[Fact, ...], *, lang: Language = DEFAULT_LANGUAGE
) -> str:
    """Related facts under a heading naming the fact they relate to."""
    subject = escape(fact.subject)
    if not related:
        return gettext(messages.NOTHING_RELATED_HTML, lang).format(subject=subject)
    lines = [gettext(messages.RELATED_TO_HTML, lang).format(subject=subject)]
    lines += [f"• {fact_line_html(f, lang=lang)}" for f in related]
    return "\n".join(lines)


def _source_html(source: Source, *, lang: Language) -> str:
    text = escape(source_line(source, lang=lang))
    if source.url:
        return f'<i><a href="{escape(source.url)}">{text}</a></i>'
    return f"<i>{text}</i>"


def _compared_sources(comparison: Comparison) -> list[tuple[Source, str]]:
    """Each compared side's source and sentence, a sentence quoted once."""
    out: list[tuple[Source, str]] = []
    for side in comparison.sides:
        if side.fact is not None:
            pair = (side.fact.source, quote_excerpt(side.fact))
        elif side.passage is not None:
            pair = (side.passage.source, side.passage.text)
        else:
            continue
        if all(pair[1] != quote for _, quote in out):
            out.append(pair)
    return out


def _sources_and_quotes(facts: Iterable[Fact]) -> list[tuple[Source, str]]:
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Source, str]] = []
    for fact in facts:
        key = (fact.source.slug, fact.quote)
        if key not in seen:
            seen.add(key)
            out.append((fact.source, fact.quote))
    return out


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
