"""Rendering: headlines, citations, Telegram-safe HTML, JSON shape and message splitting."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from briefing.render import (
    MAX_MESSAGE_CHARS,
    answer_dict,
    answer_html,
    answer_text,
    citation_html,
    fact_headline,
    fact_line_html,
    page_html,
    page_text,
    split_message,
)
from briefing.views import Answer, Page, Refusal, RefusalCode
from core.facts import Fact, FactKind, Source

SOURCE = Source(
    slug="harbourtown-review",
    title='Harbourtown <Review> & "Outlook"',
    outlet="Harbour Post",
    published=date(2021, 8, 25),
    url="https://example.org/r?a=1&b=<2>",
)
SOFTWARE = Fact(
    id=7,
    kind=FactKind.METRIC,
    subject="software and IT services revenue",
    region="Harbourtown",
    period="2021-H1",
    value=11.25,
    value_text="11.25 billion",
    unit="yuan",
    scale="billion",
    base_value=11.25e9,
    qualifier=None,
    change=22.6,
    event_date=None,
    quote="Software <b>and</b> IT services earned 11.25 billion yuan, up 22.6% & more.",
    start=0,
    end=1,
    topics=("software",),
    source=SOURCE,
)
ALLOWED_TAGS = {"b", "i", "a", "blockquote"}


def tags(text: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"</?([a-zA-Z]+)", text)}


def test_headline_leads_with_region_subject_period_figure_and_change() -> None:
    assert fact_headline(SOFTWARE) == (
        "Harbourtown, software and IT services revenue, 2021-H1: 11.25 billion yuan, "
        "+22.6% year on year"
    )


@pytest.mark.parametrize(
    ("changes", "headline"),
    [
        (
            {
                "kind": "ranking",
                "subject": "Top 100 Digital Cities",
                "period": "2022",
                "value": 9.0,
                "value_text": None,
                "unit": None,
                "change": None,
            },
            "Harbourtown, Top 100 Digital Cities, 2022: 9th",
        ),
        (
            {
                "subject": "digital economy output",
                "region": "Lakeland",
                "period": "2020",
                "value": 3.0,
                "value_text": "3 trillion",
                "qualifier": "over",
                "change": None,
            },
            "Lakeland, digital economy output, 2020: over 3 trillion yuan",
        ),
        (
            {
                "kind": "event",
                "subject": "forum held",
                "period": None,
                "value": None,
                "value_text": "April 28",
                "unit": None,
                "change": None,
                "event_date": date(2021, 4, 28),
            },
            "Harbourtown, forum held: 28 Apr 2021",
        ),
        (
            {
                "kind": "person",
                "subject": "Ada Quill",
                "value": None,
                "value_text": "Mayor of Harbourtown",
                "unit": None,
                "change": None,
            },
            "Ada Quill: Mayor of Harbourtown",
        ),
        (
            {
                "kind": "target",
                "subject": "industrial platforms",
                "period": None,
                "value": 15.0,
                "value_text": "15",
                "unit": "platforms",
                "change": None,
            },
            "Harbourtown, industrial platforms, target: 15 platforms",
        ),
        (
            {"change": -3.5},
            "Harbourtown, software and IT services revenue, 2021-H1: "
            "11.25 billion yuan, -3.5% year on year",
        ),
    ],
)
def test_headline_shapes_per_kind(changes, headline) -> None:
    assert fact_headline(replace(SOFTWARE, **changes)) == headline


def test_text_answer_has_headline_then_source_then_quote() -> None:
    answer = Answer(question="q", matched=True, confidence=0.9, fact=SOFTWARE)
    lines = answer_text(answer).splitlines()
    assert lines[0] == fact_headline(SOFTWARE)
    assert lines[1] == 'Source: Harbourtown <Review> & "Outlook" — Harbour Post, 25 Aug 2021'
    assert "11.25 billion yuan" in lines[2]


def test_html_answer_escapes_document_strings_and_uses_telegram_tags_only() -> None:
    answer = Answer(
        question="<script>",
        matched=True,
        confidence=0.9,
        fact=SOFTWARE,
        history=(replace(SOFTWARE, id=3),),
    )
    rendered = answer_html(answer)
    assert tags(rendered) <= ALLOWED_TAGS
    assert "&lt;Review&gt; &amp; &quot;Outlook&quot;" in rendered
    assert "&lt;b&gt;and&lt;/b&gt;" in rendered
    assert 'href="https://example.org/r?a=1&amp;b=&lt;2&gt;"' in rendered
    assert rendered.startswith("<b>Harbourtown, software")
    assert "<blockquote>" in rendered and "Earlier:" in rendered


def test_unmatched_answer_html_escapes_the_reason_and_lists_choices() -> None:
    answer = Answer(
        question="x",
        matched=False,
        confidence=0.5,
        alternatives=(SOFTWARE,),
        reason=Refusal(RefusalCode.UNKNOWN_WORDS, words=("<that>", "&", "*this*")),
    )
    rendered = answer_html(answer)
    assert rendered.startswith(
        "I don&#x27;t know that: my documents say nothing about “&lt;that&gt;”, “&amp;”, “*this*”."
    )
    assert "Did you mean:" in rendered and tags(rendered) <= ALLOWED_TAGS


def test_citation_and_fact_line_are_escaped() -> None:
    assert citation_html(SOFTWARE).startswith('<i><a href="https://example.org/r?a=1&amp;')
    line = fact_line_html(replace(SOFTWARE, subject="A<B>"))
    assert "A&lt;B&gt;" in line and line.endswith("<i>Harbour Post, 25 Aug 2021</i>")


def test_answer_dict_has_exactly_the_cli_keys() -> None:
    answer = Answer(question="q", matched=True, confidence=0.912345, fact=SOFTWARE)
    data = answer_dict(answer)
    assert list(data) == [
        "question",
        "matched",
        "confidence",
        "headline",
        "answer",
        "alternatives",
        "text",
    ]
    assert data["answer"]["source"]["published"] == "2021-08-25"
    assert data["answer"]["topics"] == ["software"]
    assert data["confidence"] == 0.912
    unmatched = answer_dict(
        Answer(question="q", matched=False, confidence=0.0, reason=Refusal(RefusalCode.NO_MATCH))
    )
    assert unmatched["answer"] is None and unmatched["headline"] is None


def test_pages_render_items_escaped_with_position() -> None:
    page = Page(title="Metrics", items=("a < b", "c & d"), number=2, count=3)
    assert page_html(page) == ("<b>Metrics</b> <i>(page 2/3)</i>\n• a &lt; b\n• c &amp; d")
    assert page_text(page).splitlines() == ["Metrics (page 2/3)", "  • a < b", "  • c & d"]


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-zA-Z]+)[^>]*>", chunk):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_split_message_keeps_chunks_short_balanced_and_complete() -> None:
    paragraph = (
        "<b>Head &amp; line</b>\n<blockquote>" + ("word &lt;x&gt; " * 700) + "</blockquote>"
    )
    text = "\n\n".join([paragraph, "<i>short</i>", paragraph])
    chunks = split_message(text)
    assert len(chunks) >= 3
    assert all(len(c) <= MAX_MESSAGE_CHARS for c in chunks)
    assert all(_balanced(c) for c in chunks)
    assert not any(re.search(r"&[a-z]*$", re.sub(r"<[^>]+>", "", c)) for c in chunks)

    def plain(s: str) -> str:
        return "".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())

    assert plain("".join(chunks)) == plain(text)


def test_split_message_leaves_short_text_alone_and_cuts_overlong_words() -> None:
    assert split_message("<b>hi</b>") == ["<b>hi</b>"]
    assert split_message("   ") == []
    chunks = split_message("<b>" + "x" * 9000 + "</b>", limit=4096)
    assert all(len(c) <= 4096 and _balanced(c) for c in chunks)
    assert "".join(re.sub(r"<[^>]+>", "", c) for c in chunks) == "x" * 9000


@pytest.mark.parametrize(
    ("changes", "figure"),
    [
        ({"value": 50.0, "value_text": "50%", "unit": "percent", "qualifier": "over"}, "over 50%"),
        ({"value": 42.0, "value_text": "42 percent", "unit": "percent"}, "42 percent"),
        ({"kind": "ranking", "value": 7.0, "value_text": "7th", "unit": "rank"}, "7th"),
        ({"value": 20.0, "value_text": "20billion yuan", "unit": "yuan"}, "20 billion yuan"),
    ],
)
def test_headline_states_each_unit_once_and_unglues_scales(
    changes: dict[str, Any], figure: str
) -> None:
    fact = replace(SOFTWARE, change=None, **changes)
    assert fact_headline(fact).endswith(f": {figure}")
