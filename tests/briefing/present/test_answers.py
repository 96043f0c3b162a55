"""Answers and pages as console text, Telegram-safe HTML and the `ask --json` shape."""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.present.answers import (
    answer_dict,
    answer_html,
    answer_text,
    card_preview,
    citation_html,
    fact_line_html,
    related_html,
)
from briefing.present.pages import page_html, page_text
from briefing.present.refusals import refusal_text
from briefing.render import fact_headline
from briefing.views import Answer, Page, Refusal, RefusalCode
from tests.briefing.test_render import SOFTWARE

ALLOWED_TAGS = {"b", "i", "a", "blockquote"}


def tags(text: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"</?([a-zA-Z]+)", text)}


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
    assert rendered.startswith("<b>Software and IT services revenue, Harbourtown")
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
    assert "Closest in my documents:" in rendered and tags(rendered) <= ALLOWED_TAGS


def test_an_answer_without_a_reason_says_it_does_not_know() -> None:
    answer = Answer(question="x", matched=False, confidence=0.0)
    assert answer_text(answer) == "I don't know that."
    assert answer_html(answer) == "I don&#x27;t know that."


def test_citation_and_fact_line_are_escaped() -> None:
    assert citation_html(SOFTWARE).startswith('<i><a href="https://example.org/r?a=1&amp;')
    line = fact_line_html(replace(SOFTWARE, subject="A<B>"))
    assert "A&lt;B&gt;" in line and line.endswith("<i>Harbour Post, 25 Aug 2021</i>")


def test_related_facts_name_the_fact_they_relate_to() -> None:
    fact = replace(SOFTWARE, subject="A<B>")
    assert related_html(fact, ()) == "Nothing related to <i>A&lt;B&gt;</i> in my sources."
    lines = related_html(fact, (SOFTWARE,)).splitlines()
    assert lines[0] == "<b>Related to</b> <i>A&lt;B&gt;</i>"
    assert lines[1] == f"• {fact_line_html(SOFTWARE)}"


def test_card_preview_has_the_headline_as_title_and_the_rest_as_preview() -> None:
    long = replace(SOFTWARE, subject="h" * 300)
    answer = Answer(question="q", matched=True, confidence=0.9, fact=long)
    title, description = card_preview(answer)
    assert len(title) <= 90 and title.startswith("Hhh") and title.endswith("+22.6% y/y")
    assert description is not None and description.startswith("Source: Harbourtown")
    assert len(description) <= 200
    refusal = Refusal(RefusalCode.NO_MATCH)
    unmatched = Answer(question="q", matched=False, confidence=0.0, reason=refusal)
    assert card_preview(unmatched) == (refusal_text(refusal), None)


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
    empty = Page(title="Topics", items=(), number=1, count=1)
    assert page_html(empty) == "<b>Topics</b> <i>(page 1/1)</i>\n(nothing yet)"
    assert page_text(empty) == "Topics (page 1/1)\n  (nothing yet)"
